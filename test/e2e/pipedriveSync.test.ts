/**
 * The example examples/crm-sync-hubspot-pipedrive.json end to end through the
 * light runner: its CRM Sync node syncs HubSpot contacts (sandbox /hubspot) with
 * Pipedrive persons (sandbox /pipedrive, API token) both ways, with memory of
 * the last run in static data.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { hubspotPrivateApp, pipedriveApiToken } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow, onlyNode } from './helpers/harness';

jest.setTimeout(60_000);

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;
let staticData: IDataObject | undefined;

/** The example's credentials (ids crmPackSbx*) pointed at the sandbox. */
const h = new Harness({
	seed: 3,
	node: NODE,
	credentials: (s) => ({ ...hubspotPrivateApp(s, { id: 'crmPackSbxPrivateApp', plan: 'pro' }), ...pipedriveApiToken(s, { id: 'crmPackSbxPipedrive', plan: 'growth' }) }),
	setup: (x) => {
		sb = x.sb;
		pd = sb.pipedrive;
	},
});

/** One run of the example's CRM Sync node alone (the light runner has no schedule trigger or No Op), from the previous run's static data. */
async function sync() {
	const run = await runCrmSync(onlyNode(loadWorkflow('examples/crm-sync-hubspot-pipedrive.json'), NODE), { credentials: h.store, staticData });
	staticData = run.staticData;
	return run;
}

const hubspotCreate = async (properties: IDataObject): Promise<string> => String((await h.hubspot('POST', '/crm/v3/objects/contacts', { properties })).id);

const pdByEmail = (email: string) => pd.list('persons').filter((p: IDataObject) => (p.emails as IDataObject[]).some((e) => e.value === email));
const hsByEmail = (email: string) => sb.hubspot.store.list('contacts').filter((c) => c.properties.email === email);

test('HubSpot ↔ Pipedrive: first run links and copies both ways, later runs carry changes', async () => {
	// Phones, not job titles: Pipedrive's API v2 cannot write a person's job title (nodes/Pipedrive/connector/objectTypes.ts).
	await hubspotCreate({ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', phone: '+14155550101' });
	pd.write('persons', { name: 'Grace Hopper', emails: [{ value: 'grace@example.com', primary: true, label: 'work' }], phones: [{ value: '+14155550102', primary: true, label: 'work' }] });

	let run = await sync();
	expect(run.errors).toEqual([]);
	expect(pdByEmail('ada@example.com')).toEqual([expect.objectContaining({ name: 'Ada Lovelace', phones: [expect.objectContaining({ value: '+14155550101' })] })]);
	expect(hsByEmail('grace@example.com')).toEqual([
		expect.objectContaining({ properties: expect.objectContaining({ firstname: 'Grace', lastname: 'Hopper', phone: '+14155550102' }) }),
	]);

	// A change in Pipedrive reaches HubSpot on the next run, and nothing is duplicated.
	const grace = pdByEmail('grace@example.com')[0];
	pd.write('persons', { phones: [{ value: '+14155550199', primary: true, label: 'work' }] }, grace.id);
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(hsByEmail('grace@example.com')[0].properties.phone).toBe('+14155550199');
	expect(pdByEmail('ada@example.com')).toHaveLength(1);
	expect(hsByEmail('ada@example.com')).toHaveLength(1);
});
