/**
 * The example examples/crm-sync-zoho-hubspot.json end to end through the light
 * runner: its CRM Sync node syncs Zoho CRM leads (sandbox /zoho, US data
 * centre, OAuth2) with HubSpot contacts (sandbox /hubspot; HubSpot keeps a
 * neutral lead as a contact) both ways, with memory of the last run in static
 * data.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { hubspotPrivateApp, zohoOAuth2 } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow, onlyNode } from './helpers/harness';

jest.setTimeout(60_000);

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let zo: any;
let staticData: IDataObject | undefined;

/** The example's credentials (ids crmPackSbx*) pointed at the sandbox. */
const h = new Harness({
	seed: 11,
	node: NODE,
	credentials: (s) => ({ ...zohoOAuth2(s, { id: 'crmPackSbxZoho', edition: 'professional' }), ...hubspotPrivateApp(s, { id: 'crmPackSbxPrivateApp', plan: 'pro' }) }),
	setup: (x) => {
		sb = x.sb;
		zo = sb.zoho;
	},
});

/** One run of the example's CRM Sync node alone (the light runner has no schedule trigger or No Op), from the previous run's static data. */
async function sync() {
	const run = await runCrmSync(onlyNode(loadWorkflow('examples/crm-sync-zoho-hubspot.json'), NODE), { credentials: h.store, staticData });
	staticData = run.staticData;
	return run;
}

const API = '/zoho/us/crm/v8';
const zohoWrites = () => sb.log.all().filter((e) => e.path.startsWith(API) && e.method !== 'GET' && e.path !== `${API}/coql`);
const hsByEmail = (email: string) => sb.hubspot.store.list('contacts').filter((c) => c.properties.email === email);
const leadsByEmail = (email: string) => zo.list('Leads').filter((l: IDataObject) => l.Email === email);

test('Zoho leads ↔ HubSpot contacts: the first run copies both ways (Zoho creates are upserts by Email) and reports Zoho\'s credits left, a change on either side is carried on the next run, nothing is created twice', async () => {
	zo.write('Leads', { First_Name: 'Ada', Last_Name: 'Lovelace', Email: 'ada@example.com', Phone: '+14155550101', Company: 'Analytical Engines', Lead_Status: 'Not Contacted' });
	const graceId = String((await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'grace@example.com', firstname: 'Grace', lastname: 'Hopper', phone: '+14155550102', company: 'Navy' } })).id);

	const before = sb.log.all().filter((e) => e.path.startsWith(API)).length;
	let run = await sync();
	expect(run.errors).toEqual([]);
	// The Summary reports the credits Zoho said were left after the run's last Zoho call, and the calls made.
	const zohoCalls = sb.log.all().filter((e) => e.path.startsWith(API)).length - before;
	expect(run.summary.rateBudget).toEqual({
		a: expect.objectContaining({ remaining: 60_000 - zo.limits.stats().creditsUsed, calls: zohoCalls, limit: 50_000, windowMs: 86_400_000, waitedMs: 0 }),
	});
	expect(run.summary).toEqual(expect.objectContaining({ a: expect.objectContaining({ created: 1 }), b: expect.objectContaining({ created: 1 }) }));
	expect(hsByEmail('ada@example.com')).toEqual([
		expect.objectContaining({ properties: expect.objectContaining({ firstname: 'Ada', lastname: 'Lovelace', phone: '+14155550101', company: 'Analytical Engines' }) }),
	]);
	expect(leadsByEmail('grace@example.com')).toEqual([expect.objectContaining({ First_Name: 'Grace', Last_Name: 'Hopper', Phone: '+14155550102', Company: 'Navy' })]);
	// Zoho got the lead through its upsert by Email (duplicate_check_fields), never a blind insert.
	expect(zohoWrites().map((e) => [e.method, e.path, e.body])).toEqual([
		[
			'POST',
			`${API}/Leads/upsert`,
			{ data: [expect.objectContaining({ Email: 'grace@example.com', First_Name: 'Grace', Last_Name: 'Hopper', Phone: '+14155550102', Company: 'Navy' })], duplicate_check_fields: ['Email'] },
		],
	]);

	// A change in Zoho (a later second: Modified_Time has whole seconds) and one in HubSpot, each carried to the other side.
	const ada = leadsByEmail('ada@example.com')[0];
	zo.advanceTime(2000);
	zo.write('Leads', { Phone: '+14155550199' }, ada.id);
	await h.hubspot('PATCH', `/crm/v3/objects/contacts/${graceId}`, { properties: { company: 'Yale' } });
	const mark = zohoWrites().length;
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(hsByEmail('ada@example.com')[0].properties.phone).toBe('+14155550199');
	expect(leadsByEmail('grace@example.com')[0].Company).toBe('Yale');
	// The HubSpot change went to the lead Zoho made on the first run, by its id.
	const grace = leadsByEmail('grace@example.com')[0];
	expect(zohoWrites().slice(mark).map((e) => [e.method, e.path, e.body])).toEqual([['PUT', `${API}/Leads`, { data: [{ id: grace.id, Company: 'Yale' }] }]]);

	// A third run with nothing changed writes nothing; each person exists once on each side.
	const quiet = zohoWrites().length;
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(zohoWrites()).toHaveLength(quiet);
	for (const email of ['ada@example.com', 'grace@example.com']) {
		expect(hsByEmail(email)).toHaveLength(1);
		expect(leadsByEmail(email)).toHaveLength(1);
	}
});
