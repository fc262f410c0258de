/**
 * The example examples/crm-sync-hubspot-pipedrive.json end to end through the
 * light runner: its CRM Sync node syncs HubSpot contacts (sandbox /hubspot) with
 * Pipedrive persons (sandbox /pipedrive, API token) both ways, with memory of
 * the last run in static data.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { runWorkflow, type CredentialStore, type WorkflowJson } from './lightRunner';

jest.setTimeout(60_000);

const NODE = 'CRM Sync';
let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;
let staticData: IDataObject | undefined;

function workflow(): WorkflowJson {
	const json = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'crm-sync-hubspot-pipedrive.json'), 'utf8')) as WorkflowJson;
	const node = json.nodes.find((n) => n.name === NODE)!;
	return { ...json, nodes: [node], connections: {} };
}

function credentials(): CredentialStore {
	return {
		crmPackHubSpotPrivateAppApi: { crmPackSbxPrivateApp: { accessToken: sb.hubspot.tokens[0], plan: 'pro', baseUrl: sb.hubspot.baseUrl } },
		crmPackPipedriveApi: { crmPackSbxPipedrive: { apiToken: pd.tokens[0], companyDomain: pd.baseUrl, plan: 'growth' } },
	};
}

async function sync() {
	const result = await runWorkflow(workflow(), { credentials: credentials(), startNode: NODE, staticData, mode: 'trigger' });
	expect(result.error).toBeUndefined();
	staticData = result.staticData;
	const [summary, , , conflicts, errors] = result.data[NODE];
	return { summary: summary[0].json, conflicts: conflicts.map((i) => i.json), errors: errors.map((i) => i.json) };
}

async function hubspotCreate(properties: IDataObject): Promise<string> {
	sb.hubspot.resetRateLimits();
	const res = await fetch(`${sb.hubspot.baseUrl}/crm/v3/objects/contacts`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sb.hubspot.tokens[0]}`, 'content-type': 'application/json' },
		body: JSON.stringify({ properties }),
	});
	return String(((await res.json()) as IDataObject).id);
}

const pdByEmail = (email: string) => pd.list('persons').filter((p: IDataObject) => (p.emails as IDataObject[]).some((e) => e.value === email));
const hsByEmail = (email: string) => sb.hubspot.store.list('contacts').filter((c) => c.properties.email === email);

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 3 });
	pd = sb.pipedrive;
});

afterAll(async () => {
	await sb.close();
});

test('HubSpot ↔ Pipedrive: first run links and copies both ways, later runs carry changes', async () => {
	await hubspotCreate({ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', jobtitle: 'Countess' });
	pd.write('persons', { name: 'Grace Hopper', emails: [{ value: 'grace@example.com', primary: true, label: 'work' }], job_title: 'Rear Admiral' });

	let run = await sync();
	expect(run.errors).toEqual([]);
	expect(pdByEmail('ada@example.com')).toEqual([expect.objectContaining({ name: 'Ada Lovelace', job_title: 'Countess' })]);
	expect(hsByEmail('grace@example.com')).toEqual([
		expect.objectContaining({ properties: expect.objectContaining({ firstname: 'Grace', lastname: 'Hopper', jobtitle: 'Rear Admiral' }) }),
	]);

	// A change in Pipedrive reaches HubSpot on the next run, and nothing is duplicated.
	const grace = pdByEmail('grace@example.com')[0];
	pd.write('persons', { job_title: 'Commodore' }, grace.id);
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(hsByEmail('grace@example.com')[0].properties.jobtitle).toBe('Commodore');
	expect(pdByEmail('ada@example.com')).toHaveLength(1);
	expect(hsByEmail('ada@example.com')).toHaveLength(1);
});
