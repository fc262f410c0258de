/**
 * The example examples/crm-sync-hubspot-dynamics.json end to end through the
 * light runner: its CRM Sync node syncs HubSpot contacts (sandbox /hubspot,
 * private app) with Dynamics 365 contacts (sandbox /dynamics, client
 * credentials: the first call gets its token from the sandbox's Entra ID) both
 * ways, with memory of the last run in static data.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { dynamicsClientCredentials, hubspotPrivateApp } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow, onlyNode } from './helpers/harness';
import { forgetSavedState } from './helpers/stateStore';

jest.setTimeout(60_000);

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let dv: any;
let staticData: IDataObject | undefined;

const h = new Harness({
	seed: 7,
	node: NODE,
	credentials: (s) => ({ ...hubspotPrivateApp(s, { id: 'crmPackSbxPrivateApp', plan: 'pro' }), ...dynamicsClientCredentials(s, { id: 'crmPackSbxDynamics' }) }),
	setup: (x) => {
		sb = x.sb;
		dv = sb.dynamics;
	},
});

/** One run of the example's CRM Sync node alone, from the previous run's static data; `parameters` change the example's. */
async function sync(parameters: IDataObject = {}, credentials = h.store) {
	const wf = onlyNode(loadWorkflow('examples/crm-sync-hubspot-dynamics.json'), NODE);
	Object.assign(wf.nodes[0].parameters as IDataObject, parameters);
	const run = await runCrmSync(wf, { credentials, staticData });
	staticData = run.staticData;
	return run;
}

const hubspotCreate = async (properties: IDataObject): Promise<string> => String((await h.hubspot('POST', '/crm/v3/objects/contacts', { properties })).id);
const hsByEmail = (email: string) => sb.hubspot.store.list('contacts').filter((c) => c.properties.email === email);
const dvByEmail = (email: string) => dv.list('contact').filter((c: IDataObject) => c.emailaddress1 === email);
const API = '/dynamics/api/data/v9.2';

test('HubSpot ↔ Dynamics 365 contacts: first run links and copies both ways, a change is carried on the next run, nothing is created twice', async () => {
	await hubspotCreate({ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', phone: '+14155550101', jobtitle: 'Countess' });
	dv.insert('contact', { firstname: 'Grace', lastname: 'Hopper', emailaddress1: 'grace@example.com', telephone1: '+14155550102', jobtitle: 'Rear Admiral' });

	let run = await sync();
	expect(run.errors).toEqual([]);
	expect(run.summary).toEqual(expect.objectContaining({ a: expect.objectContaining({ created: 1 }), b: expect.objectContaining({ created: 1 }) }));
	expect(dvByEmail('ada@example.com')).toEqual([expect.objectContaining({ firstname: 'Ada', lastname: 'Lovelace', telephone1: '+14155550101', jobtitle: 'Countess' })]);
	expect(hsByEmail('grace@example.com')).toEqual([
		expect.objectContaining({ properties: expect.objectContaining({ firstname: 'Grace', lastname: 'Hopper', phone: '+14155550102', jobtitle: 'Rear Admiral' }) }),
	]);
	// The Dynamics row was written by the app registration's application user (client credentials token from Entra ID).
	expect(dvByEmail('ada@example.com')[0].createdby.id).toBe(dv.applicationUserId);
	expect(sb.log.all().some((e) => e.path.startsWith('/dynamics/login/') && e.path.endsWith('/oauth2/v2.0/token'))).toBe(true);

	// A change in Dynamics reaches HubSpot on the next run (listed by modifiedon), and one in HubSpot reaches Dynamics.
	sb.log.reset();
	const grace = dvByEmail('grace@example.com')[0];
	dv.advanceTime(2000);
	dv.update('contact', grace.contactid, { jobtitle: 'Commodore' });
	const ada = hsByEmail('ada@example.com')[0];
	await new Promise((r) => setTimeout(r, 5));
	await h.hubspot('PATCH', `/crm/v3/objects/contacts/${String(ada.id)}`, { properties: { phone: '+14155550199' } });
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(run.summary).toEqual(expect.objectContaining({ a: expect.objectContaining({ created: 0, updated: 1 }), b: expect.objectContaining({ created: 0, updated: 1 }) }));
	expect(hsByEmail('grace@example.com')[0].properties.jobtitle).toBe('Commodore');
	expect(dvByEmail('ada@example.com')[0].telephone1).toBe('+14155550199');
	// The incremental read of Dynamics asked for rows modified since the saved cursor.
	const reads = sb.log.all().filter((e) => e.method === 'GET' && e.path === `${API}/contacts` && e.query.$orderby === 'modifiedon asc,versionnumber asc');
	expect(reads).toHaveLength(1);
	expect(String(reads[0].query.$filter)).toMatch(/^modifiedon ge \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

	// A third run with nothing changed writes nothing; each person exists once on each side.
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(run.summary).toEqual(expect.objectContaining({ a: expect.objectContaining({ created: 0, updated: 0 }), b: expect.objectContaining({ created: 0, updated: 0 }) }));
	for (const email of ['ada@example.com', 'grace@example.com']) {
		expect(hsByEmail(email)).toHaveLength(1);
		expect(dvByEmail(email)).toHaveLength(1);
	}
});

test('Dynamics deletions found by change tracking reach HubSpot on an incremental run (no full reconcile)', async () => {
	staticData = undefined;
	forgetSavedState(sb);
	await hubspotCreate({ email: 'alan@example.com', firstname: 'Alan', lastname: 'Turing' });
	await hubspotCreate({ email: 'edsger@example.com', firstname: 'Edsger', lastname: 'Dijkstra' });
	const propagate = { deleteMode: 'propagate', maxDeletePercent: 100 };
	let run = await sync(propagate);
	expect(run.errors).toEqual([]);
	expect(dvByEmail('alan@example.com')).toHaveLength(1);

	// The deletion in Dynamics is reported by the deltaLink saved last run; the run is incremental on both sides.
	sb.log.reset();
	expect(dv.remove('contact', dvByEmail('alan@example.com')[0].contactid)).toBe(true);
	run = await sync(propagate);
	expect(run.errors).toEqual([]);
	expect(run.summary.fullReconcile).toEqual({ a: false, b: false });
	expect(run.summary.trackedDeletions).toEqual({ a: null, b: 1 });
	expect(hsByEmail('alan@example.com').filter((c) => !c.archived)).toHaveLength(0);
	expect(hsByEmail('edsger@example.com').filter((c) => !c.archived)).toHaveLength(1);
	const delta = sb.log.all().filter((e) => e.method === 'GET' && e.path === `${API}/contacts` && e.query.$deltatoken !== undefined);
	expect(delta).toHaveLength(1);
	expect(delta[0].query.$select).toBe('contactid');

	// The next run reports nothing again.
	run = await sync(propagate);
	expect(run.summary.trackedDeletions).toEqual({ a: null, b: 0 });
	expect(run.summary.b).toEqual(expect.objectContaining({ created: 0, updated: 0, deleted: 0 }));
});

test('with an alternate key named in the credential, CRM Sync creates Dynamics contacts as upserts on the key', async () => {
	staticData = undefined;
	forgetSavedState(sb);
	dv.addKey('contact', ['emailaddress1']);
	const store = JSON.parse(JSON.stringify(h.store));
	store.crmPackDynamicsClientCredentialsApi.crmPackSbxDynamics.syncAlternateKeys = 'contacts:emailaddress1';
	await hubspotCreate({ email: 'barbara@example.com', firstname: 'Barbara', lastname: 'Liskov' });
	sb.log.reset();
	const run = await sync({}, store);
	expect(run.errors).toEqual([]);
	expect(dvByEmail('barbara@example.com')).toEqual([expect.objectContaining({ firstname: 'Barbara', lastname: 'Liskov' })]);
	// No create: one PATCH on the key (a single record goes as a single request; from 3, UpsertMultiple).
	const writes = sb.log.all().filter((e) => e.path.startsWith(API) && e.method !== 'GET');
	expect(writes.map((e) => `${e.method} ${e.path}`)).toEqual([`PATCH ${API}/contacts(emailaddress1='barbara@example.com')`]);
	expect(writes[0].body).toEqual(expect.objectContaining({ emailaddress1: 'barbara@example.com', firstname: 'Barbara', lastname: 'Liskov' }));
});
