/**
 * The example examples/crm-sync-freshsales-pipedrive.json end to end through
 * the light runner: its CRM Sync node syncs Freshsales contacts (sandbox
 * /freshsales, API key) with Pipedrive persons (sandbox /pipedrive) both ways,
 * with memory of the last run in static data.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { freshsalesApiKey, pipedriveApiToken } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow, onlyNode } from './helpers/harness';

jest.setTimeout(60_000);

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let fs: any;
let staticData: IDataObject | undefined;

const h = new Harness({
	seed: 5,
	node: NODE,
	credentials: (s) => ({ ...freshsalesApiKey(s, { id: 'crmPackSbxFreshsales', plan: 'growth' }), ...pipedriveApiToken(s, { id: 'crmPackSbxPipedrive', plan: 'growth' }) }),
	setup: (x) => {
		sb = x.sb;
		pd = sb.pipedrive;
		fs = sb.freshsales;
	},
});

async function sync() {
	const run = await runCrmSync(onlyNode(loadWorkflow('examples/crm-sync-freshsales-pipedrive.json'), NODE), { credentials: h.store, staticData });
	staticData = run.staticData;
	return run;
}

const pdByEmail = (email: string) => pd.list('persons').filter((p: IDataObject) => (p.emails as IDataObject[]).some((e) => e.value === email));
const fsByEmail = (email: string) => fs.list('contacts').filter((c: IDataObject) => c.email === email);
const API = '/freshsales/crm/sales/api';

test('Freshsales ↔ Pipedrive: first run links and copies both ways (Freshsales creates are upserts by email), later runs carry changes', async () => {
	fs.write('contacts', { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', work_number: '+14155550101' });
	pd.write('persons', { name: 'Grace Hopper', emails: [{ value: 'grace@example.com', primary: true, label: 'work' }], phones: [{ value: '+14155550102', primary: true, label: 'work' }] });

	let run = await sync();
	expect(run.errors).toEqual([]);
	expect(pdByEmail('ada@example.com')).toEqual([expect.objectContaining({ name: 'Ada Lovelace', phones: [expect.objectContaining({ value: '+14155550101' })] })]);
	expect(fsByEmail('grace@example.com')).toEqual([expect.objectContaining({ first_name: 'Grace', last_name: 'Hopper', work_number: '+14155550102' })]);
	// The contact reached Freshsales through its upsert by email, never a blind create.
	const writes = sb.log.all().filter((e) => e.path.startsWith(API) && e.method === 'POST' && !e.path.includes('filtered_search'));
	expect(writes.map((e) => [e.path, e.body])).toEqual([
		[`${API}/contacts/upsert`, { unique_identifier: { emails: 'grace@example.com' }, contact: expect.objectContaining({ email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper' }) }],
	]);

	// A change in Freshsales reaches Pipedrive on the next run; nothing is duplicated.
	const ada = fsByEmail('ada@example.com')[0];
	fs.advanceTime(2000);
	fs.write('contacts', { work_number: '+14155550199' }, ada.id);
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(pdByEmail('ada@example.com')[0].phones[0].value).toBe('+14155550199');
	expect(pdByEmail('ada@example.com')).toHaveLength(1);
	expect(fsByEmail('ada@example.com')).toHaveLength(1);
	expect(fsByEmail('grace@example.com')).toHaveLength(1);
});
