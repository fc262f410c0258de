/**
 * The example examples/crm-sync-hubspot-salesforce.json end to end through the
 * light runner: its CRM Sync node syncs HubSpot contacts (sandbox /hubspot)
 * with Salesforce contacts (sandbox /salesforce, OAuth2 credential) both ways,
 * with memory of the last run in static data.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { hubspotPrivateApp, salesforceOAuth2 } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow, onlyNode } from './helpers/harness';

jest.setTimeout(60_000);

let sb: Sandbox;
let staticData: IDataObject | undefined;

/** The example's credentials (ids crmPackSbx*) pointed at the sandbox. */
const h = new Harness({
	seed: 3,
	node: NODE,
	credentials: (s) => ({ ...hubspotPrivateApp(s, { id: 'crmPackSbxPrivateApp', plan: 'pro' }), ...salesforceOAuth2(s, { id: 'crmPackSbxSalesforce' }) }),
	setup: (x) => void (sb = x.sb),
});
const { salesforce } = h;

/** One run of the example's CRM Sync node alone (the light runner has no schedule trigger or No Op), from the previous run's static data. */
async function sync() {
	const run = await runCrmSync(onlyNode(loadWorkflow('examples/crm-sync-hubspot-salesforce.json'), NODE), { credentials: h.store, staticData });
	staticData = run.staticData;
	return run;
}

const hubspotCreate = async (properties: IDataObject): Promise<string> => String((await h.hubspot('POST', '/crm/v3/objects/contacts', { properties })).id);

const sfByEmail = (email: string) => sb.salesforce!.store.list('Contact').filter((c: IDataObject) => c.Email === email);
const hsByEmail = (email: string) => sb.hubspot.store.list('contacts').filter((c) => c.properties.email === email);

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
