/**
 * CRM Sync in slices (issue 18): one sync run as three executions (Slices 3, Slice 1..3), each
 * keeping only its share of the records, sharing one set of links in the Data Table store. Across
 * runs, emails edited on HubSpot move records' keys into other slices: their links hold (the edit
 * reaches the linked Pipedrive person, nobody is created twice), a new Pipedrive person taking a
 * moved email is reported as a duplicate once, and a quiet round writes nothing. Light runner,
 * sandbox HubSpot <-> Pipedrive and n8n Data Tables API.
 */
import type { IDataObject } from 'n8n-workflow';

import { keySlice } from '../../shared/sync';
import { LINKS_TABLE, STATE_TABLE } from '../../shared/store/syncStateTable';
import { CrmSyncHarness, hubspotCredentials, pipedriveCredentials } from './helpers/crmSyncHarness';
import { dataTableCredentials } from './helpers/stateStore';
import { runWorkflow } from './lightRunner';

jest.setTimeout(120_000);

const h = new CrmSyncHarness({
	seed: 18,
	workflow: 'crm-sync-strategies-hubspot-pipedrive.json',
	credentials: (sb) => ({ ...hubspotCredentials(sb), ...pipedriveCredentials(sb), ...dataTableCredentials(sb) }),
	defaults: {
		dryRun: false,
		stateStore: 'dataTable',
		slices: 3,
	},
});

const phones = (value: string) => [{ value, primary: true, label: 'work' }];
const pdPeople = () => (h.sb.pipedrive!.list('persons') as IDataObject[]).map((p) => ({ id: String(p.id), email: String((p.emails as IDataObject[])[0].value), name: String(p.name) }));
const hsEmails = () => h.sb.hubspot.store.list('contacts').map((r) => String(r.properties.email)).sort();
const pdEmails = () => pdPeople().map((p) => p.email).sort();

/** One round: each slice an execution of its own, in `order`; their Summaries and error items. */
async function round(order: number[]) {
	const out: Array<{ summary: IDataObject; errors: IDataObject[] }> = [];
	for (const slice of order) {
		const run = await h.run({ slice }, { input: undefined });
		// The run is found by the node with the data table credential; the workflow file names only the CRMs'.
		out.push({ summary: run.summary, errors: run.errors });
	}
	const sum = (side: 'a' | 'b', what: string) => out.reduce((n, r) => n + Number((r.summary[side] as IDataObject)[what]), 0);
	return { runs: out, created: { a: sum('a', 'created'), b: sum('b', 'created') }, updated: { a: sum('a', 'updated'), b: sum('b', 'updated') }, errors: out.flatMap((r) => r.errors) };
}

beforeEach(() => {
	// The workflow file names the CRMs' credentials; the n8n API credential goes on the node here.
	const workflow = h.workflow.bind(h);
	h.workflow = (parameters, file) => {
		const json = workflow(parameters, file);
		const node = json.nodes.find((n) => n.name === 'CRM Sync')!;
		node.credentials = { ...(node.credentials ?? {}), crmPackN8nApi: { id: 'crmPackSbxN8nApi', name: 'n8n (sandbox)' } };
		// A duplicate key is an error item, not a failed run.
		node.onError = 'continueRegularOutput';
		return json;
	};
});

it('three slices end as one sync would: keys moving across slices keep their links, nothing is created twice', async () => {
	for (let i = 1; i <= 9; i++) {
		await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: `p${i}@example.com`, firstname: `P${i}`, lastname: 'Hs', phone: `+1415555010${i}` } });
	}
	for (const i of [1, 2, 3, 4, 20, 21]) {
		h.sb.pipedrive!.write('persons', { name: `P${i} Hs`, emails: [{ value: `p${i}@example.com`, primary: true, label: 'work' }], phones: phones(`+1415555010${i}`) });
	}

	// Round 1: the first sync, in three executions.
	const r1 = await round([1, 2, 3]);
	expect(r1.runs.map((r) => (r.summary.slice as IDataObject).slice)).toEqual([1, 2, 3]);
	expect(r1.errors).toEqual([]);
	// Each slice kept only its share (a pair made in one slice may belong to another, which reads it too).
	const fetched = (r: typeof r1, side: 'a' | 'b') => r.runs.map((x) => Number((x.summary.fetched as IDataObject)[side]));
	expect(Math.max(...fetched(r1, 'a'))).toBeLessThan(11);
	expect(Math.max(...fetched(r1, 'b'))).toBeLessThan(11);
	expect(r1.created).toEqual({ a: 2, b: 5 });
	const all = [...[1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 21].map((i) => `p${i}@example.com`)].sort();
	expect(hsEmails()).toEqual(all);
	expect(pdEmails()).toEqual(all);
	expect(h.sb.n8n.rows(LINKS_TABLE)).toHaveLength(11);
	// One state row per slice (its run counter, cursors, lease), the links shared.
	expect((h.sb.n8n.rows(STATE_TABLE) ?? []).map((r) => String(r.syncId).replace(/^.*#/, '#')).sort()).toEqual(['#slice 1/3', '#slice 2/3', '#slice 3/3']);

	// Between rounds: HubSpot emails edited (at least one key moves into another slice), and a new Pipedrive
	// person with an email a linked HubSpot contact just took.
	const moved = [2, 5, 7, 9];
	expect(moved.some((i) => keySlice(`moved${i}@example.com`, 3) !== keySlice(`p${i}@example.com`, 3))).toBe(true);
	h.sb.hubspot.unfreezeClock();
	for (const i of moved) await h.editHubSpot(`p${i}@example.com`, { email: `moved${i}@example.com` }, new Date().toISOString());
	h.sb.pipedrive!.write('persons', { name: 'Taker Pd', emails: [{ value: 'moved5@example.com', primary: true, label: 'work' }], phones: phones('+14155550199') });
	const taker = pdPeople().find((p) => p.name === 'Taker Pd')!.id;

	// Round 2, slices in reverse order: each moved email reaches its linked person; the taker is reported, not linked.
	const r2 = await round([3, 2, 1]);
	expect(r2.created).toEqual({ a: 0, b: 0 });
	expect(r2.updated).toEqual({ a: 0, b: 4 });
	expect(r2.errors).toHaveLength(1);
	expect(r2.errors[0]).toMatchObject({ operation: 'match', key: 'moved5@example.com' });
	expect(r2.errors[0].ids).toContain(taker);
	const after = all.map((e) => e.replace(/^p(2|5|7|9)@/, 'moved$1@')).sort();
	expect(hsEmails()).toEqual(after);
	expect(pdEmails()).toEqual([...after, 'moved5@example.com'].sort());
	expect(h.sb.n8n.rows(LINKS_TABLE)).toHaveLength(11);
	// Every link belongs to one slice.
	expect(r2.runs.map((r) => Number((r.summary.slice as IDataObject).linkedHere)).reduce((x, y) => x + y)).toBe(11);

	// Round 3: nothing changed but the taker, still a duplicate: nothing written.
	const r3 = await round([2, 1, 3]);
	expect(r3.created).toEqual({ a: 0, b: 0 });
	expect(r3.updated).toEqual({ a: 0, b: 0 });
	expect(r3.errors).toHaveLength(1);
	expect(h.sb.n8n.rows(LINKS_TABLE)).toHaveLength(11);
});

// Slices are shown (and read) only with State Store: Data Table: with static data n8n hands the node the default, 1.
it('refuses a slice outside 1..Slices, before reading or writing anything', async () => {
	const run = (parameters: IDataObject) => {
		const json = h.workflow(parameters);
		delete json.nodes.find((n) => n.name === 'CRM Sync')!.onError;
		return runWorkflow(json, { credentials: h.credentials(), startNode: 'CRM Sync', mode: 'trigger' });
	};
	expect((await run({ slice: 4 })).error?.message).toBe('Slice must be a whole number from 1 to 3 (got 4)');
	expect(h.sb.hubspot.store.count('contacts')).toBe(0);
});
