/**
 * Sync within seconds (issue 17): CRM Sync's "Sync Named Records" runs on the
 * records a CRM trigger names (here HubSpot webhook events, `objectId`), sharing
 * one saved state (State Key, Data Table store) with a Sync node run on a schedule,
 * HubSpot contacts <-> Salesforce contacts as in examples/crm-sync-live-hubspot-salesforce.json.
 * Light runner (n8n-core's WorkflowExecute) against the sandbox's HubSpot,
 * Salesforce and n8n Data Tables API. Checked on the sandboxes' records and the
 * links table, never on the run's own counts alone:
 * - a named run reads only the named record and its partner (by id) and updates
 *   only that pair's link row;
 * - echo: the event of a write the sync made itself writes nothing (state hashes);
 * - rows named by a database trigger (Postgres Trigger shape: the row's own columns)
 *   update only their HubSpot contacts;
 * - 20 event-driven executions at once with a scheduled run: every change arrives,
 *   no link lost, no record created twice, the state ends consistent.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { PENDING_TABLE } from '../../shared/store/syncPending';
import { LINKS_TABLE, STATE_TABLE } from '../../shared/store/syncStateTable';
import { hubspotPrivateApp, salesforceOAuth2 } from './helpers/credentials';
import { Harness } from './helpers/harness';
import { dataTableCredentials } from './helpers/stateStore';
import { runWorkflow, type WorkflowJson } from './lightRunner';

jest.setTimeout(120_000);

const NODE = 'CRM Sync';
const h = new Harness({
	seed: 41,
	node: NODE,
	perTest: true,
	credentials: (sb) => ({ ...hubspotPrivateApp(sb, { plan: 'pro' }), ...salesforceOAuth2(sb), ...dataTableCredentials(sb) }),
});

function workflow(operation: 'sync' | 'syncNamed', leaseWaitSeconds?: number): WorkflowJson {
	return {
		id: 'liveSyncWf',
		name: 'live sync',
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: operation === 'sync' ? 'node-scheduled' : 'node-live',
				name: NODE,
				type: 'n8n-nodes-crm-pack.crmPackCrmSync',
				typeVersion: 2,
				position: [0, 0],
				onError: 'continueRegularOutput',
				parameters: {
					operation,
					sides: 'hubspot:salesforce',
					recordKind: 'contact',
					direction: 'both',
					fields: 'email, firstName, lastName',
					conflictStrategy: 'mostRecent',
					deleteMode: 'ignore',
					stateStore: 'dataTable',
					stateKey: 'contacts',
					...(operation === 'sync' ? { leaseWaitSeconds: 120 } : {}),
					...(leaseWaitSeconds !== undefined ? { leaseWaitSeconds } : {}),
					options: { maxAttempts: 8 },
				},
				credentials: {
					crmPackHubSpotPrivateAppApi: { id: 'hubspot-sandbox', name: 'HubSpot sandbox' },
					crmPackSalesforceOAuth2Api: { id: 'salesforce-sandbox', name: 'Salesforce sandbox' },
					crmPackN8nApi: { id: 'crmPackSbxN8nApi', name: 'n8n (sandbox)' },
				},
			},
		],
	} as unknown as WorkflowJson;
}

interface Summary extends IDataObject {
	run: number;
	fetched: { a: number; b: number };
	a: { created: number; updated: number };
	b: { created: number; updated: number };
	errors: number;
}

async function run(operation: 'sync' | 'syncNamed', input: INodeExecutionData[] = [{ json: {} }], leaseWaitSeconds?: number): Promise<Summary> {
	const r = await runWorkflow(workflow(operation, leaseWaitSeconds), { credentials: h.store, startNode: NODE, input, mode: 'webhook' });
	if (r.error) throw r.error;
	const errors = r.data[NODE][4] ?? [];
	if (errors.length) throw new Error(`Errors output: ${JSON.stringify(errors.map((e) => e.json))}`);
	return r.data[NODE][0][0].json as Summary;
}

/** A HubSpot webhook event as the HubSpot (CRM Pack) Trigger emits it. */
const event = (id: string): INodeExecutionData => ({ json: { subscriptionType: 'contact.propertyChange', objectId: Number(id), changeSource: 'CRM_UI' } });

/** The sandbox HubSpot store's own write functions (test/sandbox/hubspot/store.js), which its typings leave out. */
interface StoreWrites {
	resolveType(name: string): unknown;
	get(t: unknown, id: string): unknown;
	update(t: unknown, rec: unknown, values: Record<string, string>, meta: { sourceId: string }): unknown;
	create(t: unknown, values: Record<string, string>, meta: { sourceId: string }): { id: string };
}
const hsStore = () => h.sb.hubspot.store as unknown as StoreWrites;
const hsType = () => hsStore().resolveType('contacts');
/** An edit made in HubSpot's own UI (another source than the pack's private app). */
function editInHubSpot(id: string, values: Record<string, string>): void {
	hsStore().update(hsType(), hsStore().get(hsType(), id), values, { sourceId: 'crm-ui' });
}
function createInHubSpot(values: Record<string, string>): string {
	return hsStore().create(hsType(), values, { sourceId: 'crm-ui' }).id;
}
const hubspotContacts = () => h.sb.hubspot.store.list('contacts') as Array<{ id: string; properties: Record<string, string> }>;
const salesforceContacts = () => h.sb.salesforce!.store.list('Contact') as IDataObject[];
const sfByEmail = (email: string) => salesforceContacts().filter((c) => String(c.Email).toLowerCase() === email.toLowerCase());
const links = () => (h.sb.n8n.rows(LINKS_TABLE) ?? []) as Array<{ aId: string; bId: string; syncId: string; pair: string }>;

/** Every HubSpot contact with an email has exactly one Salesforce contact with the same names, and one link row. */
function expectConverged(): void {
	const contacts = hubspotContacts().filter((c) => c.properties.email);
	for (const c of contacts) {
		const sf = sfByEmail(c.properties.email);
		expect({ email: c.properties.email, count: sf.length }).toEqual({ email: c.properties.email, count: 1 });
		expect({ email: c.properties.email, first: sf[0].FirstName ?? null, last: sf[0].LastName }).toEqual({
			email: c.properties.email,
			first: c.properties.firstname ?? null,
			last: c.properties.lastname,
		});
	}
	expect(salesforceContacts()).toHaveLength(contacts.length);
	const rows = links();
	expect(rows).toHaveLength(contacts.length);
	expect(new Set(rows.map((r) => r.aId)).size).toBe(rows.length);
	expect(new Set(rows.map((r) => r.bId)).size).toBe(rows.length);
	for (const c of contacts) expect(rows.filter((r) => r.aId === c.id).map((r) => r.bId)).toEqual([String(sfByEmail(c.properties.email)[0].Id)]);
}

beforeEach(() => {
	h.sb.hubspot.seed({ contacts: 6, companies: 0, deals: 0, meetings: 0 });
});

test('a named run syncs only the named record: reads it and its partner by id, writes it, updates its link only', async () => {
	const first = await run('sync');
	expect(first.b.created).toBe(6);
	expectConverged();
	const before = new Map(links().map((r) => [r.aId, r.pair]));

	const [target] = hubspotContacts();
	editInHubSpot(target.id, { firstname: 'Renamed', lastname: 'Live' });
	h.sb.log.reset();
	const s = await run('syncNamed', [event(target.id)]);
	expect(s).toMatchObject({ operation: 'syncNamed', named: { side: 'A', records: 1 }, fetched: { a: 1, b: 1 }, b: { created: 0, updated: 1 }, a: { created: 0, updated: 0 } });
	expect(sfByEmail(target.properties.email)[0]).toMatchObject({ FirstName: 'Renamed', LastName: 'Live' });
	expectConverged();
	// Only the named pair's link changed.
	const changed = links().filter((r) => before.get(r.aId) !== r.pair).map((r) => r.aId);
	expect(changed).toEqual([target.id]);
	// No listing of either CRM: the record and its partner by id, one update.
	const crmCalls = h.calls();
	expect(crmCalls.some((c) => /search|query\?q=SELECT.+FROM\+Contact(?!.+WHERE)/i.test(c))).toBe(false);
	expect(crmCalls.filter((c) => c.startsWith('PATCH /salesforce/'))).toHaveLength(1);
});

test('echo: the event of a write the sync made writes nothing; a contact created in HubSpot is created once in Salesforce', async () => {
	await run('sync');
	// A change in Salesforce reaches HubSpot through the scheduled run...
	const [target] = hubspotContacts();
	const sf = sfByEmail(target.properties.email)[0];
	await h.salesforce('PATCH', `/sobjects/Contact/${String(sf.Id)}`, { LastName: 'FromSalesforce' });
	const scheduled = await run('sync');
	expect(scheduled.a.updated).toBe(1);
	expect(h.sb.hubspot.store.getRecord('contacts', target.id)!.properties.lastname).toBe('FromSalesforce');
	// ...and HubSpot's event for that write (the pack's own) starts a named run that writes nothing.
	h.sb.log.reset();
	const echo = await run('syncNamed', [event(target.id)]);
	expect(echo).toMatchObject({ a: { created: 0, updated: 0 }, b: { created: 0, updated: 0 } });
	// Reads only: HubSpot's batch read of the named contact (a POST that reads); no write to either CRM.
	expect(h.calls().filter((c) => /^(POST|PATCH|DELETE) \/(salesforce|hubspot)\//.test(c) && !c.endsWith('/batch/read'))).toEqual([]);

	const id = createInHubSpot({ email: 'new.live@example.com', firstname: 'New', lastname: 'Live' });
	const created = await run('syncNamed', [event(id), event(id)]);
	expect(created.b.created).toBe(1);
	expect(sfByEmail('new.live@example.com')).toHaveLength(1);
	const again = await run('sync');
	expect(again).toMatchObject({ a: { created: 0, updated: 0 }, b: { created: 0, updated: 0 } });
	expectConverged();
});

test('20 event-driven executions at once with a scheduled run: none waits or fails, every change written exactly once, no link lost', async () => {
	await run('sync');
	const contacts = hubspotContacts();
	const events: INodeExecutionData[][] = [];
	// 6 edits of linked contacts (4 of them named twice, by two runs), 8 new contacts, all in HubSpot.
	contacts.forEach((c, i) => {
		editInHubSpot(c.id, { firstname: `Edited${i}` });
		events.push([event(c.id)]);
	});
	for (let i = 0; i < 4; i++) events.push([event(contacts[i].id)]);
	for (let i = 0; i < 8; i++) {
		const id = createInHubSpot({ email: `burst${i}@example.com`, firstname: `Burst${i}`, lastname: 'New' });
		events.push([event(id)]);
	}
	// 2 more: one event naming two records, one naming a record twice.
	events.push([event(contacts[4].id), event(contacts[5].id)]);
	events.push([event(contacts[0].id), event(contacts[0].id)]);
	expect(events).toHaveLength(20);
	// A change in Salesforce outside the synced fields, for the scheduled run to read and leave alone.
	const sfTarget = sfByEmail(contacts[5].properties.email)[0];
	await h.salesforce('PATCH', `/sobjects/Contact/${String(sfTarget.Id)}`, { Title: 'Unsynced field' });
	const sfBefore = h.sb.salesforce!.changes.all().length;
	const hsBefore = h.sb.hubspot.store.changes.length;

	// Wait for Another Run 0 on the event-driven runs: a run that waited for the lease would fail saying so.
	// The scheduled run may wait (up to 120 s): it is not an event's run.
	const results = await Promise.allSettled([...events.map((items) => run('syncNamed', items, 0)), run('sync')]);
	const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
	expect(failed.map((f) => String(f.reason))).toEqual([]);
	const summaries = (results as Array<PromiseFulfilledResult<Summary>>).map((r) => r.value);
	// Runs that found the sync held handed their records over and ended; the holders synced them.
	const handed = summaries.filter((x) => x.handedOver === true);
	expect(handed.length).toBeGreaterThan(0);
	const holders = summaries.filter((x) => x.handedOver !== true);
	const takenOver = holders.reduce((n, x) => n + Number((x.takenOver as IDataObject | undefined)?.records ?? 0), 0);
	expect(takenOver).toBeGreaterThan(0);

	expectConverged();
	contacts.forEach((c, i) => expect(sfByEmail(c.properties.email)[0].FirstName).toBe(`Edited${i}`));
	for (let i = 0; i < 8; i++) expect(sfByEmail(`burst${i}@example.com`)).toHaveLength(1);
	// Exactly once: one Salesforce update per edited contact, one create per new one, nothing else; no HubSpot write.
	// The sandbox's Salesforce journal names the API client (Sforce-Call-Options client=...), which its typings leave out.
	const sfJournal = h.sb.salesforce!.changes.all() as unknown as Array<{ id: string; changeType: string; client?: string }>;
	const sfWrites = sfJournal.slice(sfBefore).filter((c) => c.client === 'n8nCrmPack');
	const perRecord = new Map<string, string[]>();
	for (const c of sfWrites) perRecord.set(String(c.id), [...(perRecord.get(String(c.id)) ?? []), String(c.changeType)]);
	const expected = new Map<string, string[]>();
	for (const c of contacts) expected.set(String(sfByEmail(c.properties.email)[0].Id), ['updated']);
	for (let i = 0; i < 8; i++) expected.set(String(sfByEmail(`burst${i}@example.com`)[0].Id), ['created']);
	const norm = (m: Map<string, string[]>) => Object.fromEntries([...m].map(([k, v]) => [k, v.map((t) => t.toLowerCase())]).sort());
	expect(norm(perRecord)).toEqual(norm(expected));
	expect(h.sb.hubspot.store.changes.slice(hsBefore).filter((c) => c.sourceId !== 'crm-ui')).toEqual([]);
	// The state row free again, nothing left handed over.
	const state = (h.sb.n8n.rows(STATE_TABLE) ?? []) as IDataObject[];
	expect(state).toHaveLength(1);
	expect(state[0]).toMatchObject({ leaseToken: '', leaseUntil: 0 });
	expect(h.sb.n8n.rows(PENDING_TABLE) ?? []).toEqual([]);
	// Settled: a scheduled run afterwards finds nothing to write.
	const after = await run('sync');
	expect(after).toMatchObject({ a: { created: 0, updated: 0 }, b: { created: 0, updated: 0 } });
});

/** HubSpot <-> a table's rows, the rows named by a database trigger: n8n's Postgres Trigger emits row_to_json(NEW), the row's own column names. */
function tableWorkflow(operation: 'sync' | 'syncNamed'): WorkflowJson {
	const json = workflow(operation);
	const node = json.nodes[0] as unknown as { parameters: IDataObject; credentials: IDataObject };
	node.parameters = {
		...node.parameters,
		sides: 'hubspot:input',
		bIdField: 'id',
		bInputComplete: true,
		namedSide: 'b',
		stateKey: 'table',
		fieldOverrides: { field: [{ name: 'firstName', bField: 'first_name' }, { name: 'lastName', bField: 'last_name' }] },
		options: { updatedAtField: 'updated_at' },
	};
	delete node.credentials.crmPackSalesforceOAuth2Api;
	return json;
}

test('rows named by a database trigger: only those rows are compared, a changed row updates its HubSpot contact, the other rows stay as they are', async () => {
	const rows = hubspotContacts().map((c, i) => ({ id: i + 1, email: c.properties.email, first_name: c.properties.firstname ?? null, last_name: c.properties.lastname ?? null, updated_at: '2030-01-01T08:00:00+00:00' }));
	const full = await runWorkflow(tableWorkflow('sync'), { credentials: h.store, startNode: NODE, input: rows.map((json) => ({ json })), mode: 'webhook' });
	expect(full.error).toBeUndefined();
	expect((full.data[NODE][0][0].json as Summary).b).toMatchObject({ created: 0, updated: 0 });
	const linked = links().length;
	expect(linked).toBe(rows.length);

	// One row changed in the table; the trigger gives that row alone.
	const changed = { ...rows[2], first_name: 'FromTable', updated_at: '2031-01-01T08:00:00+00:00' };
	h.sb.log.reset();
	const r = await runWorkflow(tableWorkflow('syncNamed'), { credentials: h.store, startNode: NODE, input: [{ json: changed }], mode: 'webhook' });
	expect(r.error).toBeUndefined();
	const s = r.data[NODE][0][0].json as Summary;
	expect(s).toMatchObject({ named: { side: 'B', records: 1 }, a: { created: 0, updated: 1 }, b: { created: 0, updated: 0 }, errors: 0 });
	// Nothing goes back to the table, and no row missing from the input counts as deleted.
	expect(r.data[NODE][2]).toEqual([]);
	expect(links()).toHaveLength(linked);
	const contact = hubspotContacts().find((c) => c.properties.email === changed.email)!;
	expect(contact.properties.firstname).toBe('FromTable');
	// The HubSpot side: the linked contact read by id and updated, nothing listed.
	expect(h.calls().filter((c) => c.startsWith('GET /hubspot/crm/v3/objects/contacts?') || c.includes('/search'))).toEqual([]);
});
