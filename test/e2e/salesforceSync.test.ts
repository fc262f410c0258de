/**
 * The example examples/crm-sync-hubspot-salesforce.json end to end through the
 * light runner: its CRM Sync node syncs HubSpot contacts (sandbox /hubspot)
 * with Salesforce contacts (sandbox /salesforce, OAuth2 credential) both ways,
 * with memory of the last run in static data.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { runWorkflow, type CredentialStore, type WorkflowJson } from './lightRunner';

jest.setTimeout(60_000);

const NODE = 'CRM Sync';
let sb: Sandbox;
let staticData: IDataObject | undefined;

/** The example's CRM Sync node alone (the light runner has no schedule trigger or No Op). */
function workflow(): WorkflowJson {
	const json = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'crm-sync-hubspot-salesforce.json'), 'utf8')) as WorkflowJson;
	const node = json.nodes.find((n) => n.name === NODE)!;
	return { ...json, nodes: [node], connections: {} };
}

function credentials(): CredentialStore {
	return {
		crmPackHubSpotPrivateAppApi: { crmPackSbxPrivateApp: { accessToken: sb.hubspot.tokens[0], plan: 'pro', baseUrl: sb.hubspot.baseUrl } },
		crmPackSalesforceOAuth2Api: {
			crmPackSbxSalesforce: {
				environment: 'custom',
				customLoginUrl: sb.salesforce!.baseUrl,
				clientId: sb.salesforce!.oauth.clientId,
				clientSecret: sb.salesforce!.oauth.clientSecret,
				apiVersion: 'v62.0',
				oauthTokenData: { access_token: sb.salesforce!.tokens[0], instance_url: sb.salesforce!.baseUrl, token_type: 'Bearer' },
			},
		},
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

async function salesforce(method: string, p: string, body?: unknown): Promise<IDataObject | undefined> {
	const res = await fetch(`${sb.salesforce!.baseUrl}/services/data/v62.0${p}`, {
		method,
		headers: { authorization: `Bearer ${sb.salesforce!.tokens[0]}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	expect(res.status).toBeLessThan(300);
	return res.status === 204 ? undefined : ((await res.json()) as IDataObject);
}

const sfByEmail = (email: string) => sb.salesforce!.store.list('Contact').filter((c: IDataObject) => c.Email === email);
const hsByEmail = (email: string) => sb.hubspot.store.list('contacts').filter((c) => c.properties.email === email);

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 3 });
});

afterAll(async () => {
	await sb.close();
});

test('HubSpot ↔ Salesforce contacts: first run links and copies both ways, later runs carry changes', async () => {
	await hubspotCreate({ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', jobtitle: 'Countess' });
	await salesforce('POST', '/sobjects/Contact', { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com', Title: 'Rear Admiral' });

	let run = await sync();
	expect(run.errors).toEqual([]);
	expect(sfByEmail('ada@example.com')).toEqual([expect.objectContaining({ FirstName: 'Ada', LastName: 'Lovelace', Title: 'Countess' })]);
	expect(hsByEmail('grace@example.com')).toEqual([
		expect.objectContaining({ properties: expect.objectContaining({ firstname: 'Grace', lastname: 'Hopper', jobtitle: 'Rear Admiral' }) }),
	]);
	// Salesforce writes made by the sync carry the pack's client id.
	expect(sb.salesforce!.changes.all().filter((c: IDataObject) => c.changeType === 'created' && c.client === 'n8nCrmPack')).toHaveLength(1);

	// A change in Salesforce reaches HubSpot on the next run, and nothing is duplicated.
	const grace = sfByEmail('grace@example.com')[0];
	await new Promise((r) => setTimeout(r, 5));
	await salesforce('PATCH', `/sobjects/Contact/${String(grace.Id)}`, { Title: 'Commodore' });
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(hsByEmail('grace@example.com')[0].properties.jobtitle).toBe('Commodore');
	expect(sfByEmail('ada@example.com')).toHaveLength(1);
	expect(hsByEmail('ada@example.com')).toHaveLength(1);
});
