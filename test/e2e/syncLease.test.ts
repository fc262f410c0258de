/**
 * One run of a sync at a time (Data Table store): a run takes the sync's state
 * row by a conditional update before it loads the state, and lets go when it
 * ends, whatever happened. Two runs at once (a schedule firing during a long run,
 * two queue-mode workers) would otherwise both start from the same saved state
 * and both write. Light runner against the sandbox (HubSpot and n8n's Data
 * Tables API), HubSpot contacts <-> records from input.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { LEASE_MS, STATE_TABLE } from '../../shared/store/syncStateTable';
import { hubspotCredentials, NODE, syncWorkflow } from './helpers/crmSyncHarness';
import { Harness, nodeOf } from './helpers/harness';
import { dataTableCredentials, useDataTable } from './helpers/stateStore';
import { runWorkflow } from './lightRunner';

jest.setTimeout(60_000);

const h = new Harness({ seed: 37, node: NODE, perTest: true, credentials: (sb) => ({ ...hubspotCredentials(sb), ...dataTableCredentials(sb) }) });

const rows: INodeExecutionData[] = ['ann', 'bob', 'cy'].map((n, i) => ({ json: { id: i + 1, email: `${n}@example.com`, firstName: n, lastName: 'Lee' } }));

function run() {
	const json = syncWorkflow('crm-sync-hubspot-input.json');
	useDataTable(nodeOf(json, NODE));
	return runWorkflow(json, { credentials: h.store, startNode: NODE, input: rows, mode: 'trigger' });
}

const stateRow = () => (h.sb.n8n.rows(STATE_TABLE) ?? [])[0] as IDataObject | undefined;
const hubspotEmails = () => h.sb.hubspot.store.list('contacts').map((c) => String(c.properties.email)).sort();

async function n8nApi(method: string, path: string, body: unknown): Promise<unknown> {
	const res = await fetch(`${h.sb.n8n.apiUrl}${path}`, {
		method,
		headers: { 'x-n8n-api-key': h.sb.n8n.keys[0], 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(res.status).toBe(200);
	return res.json();
}

/** Sets lease columns on the state row, as another run would have. */
async function setLease(lease: IDataObject): Promise<void> {
	const table = (await (await fetch(`${h.sb.n8n.apiUrl}/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: STATE_TABLE }))}`, { headers: { 'x-n8n-api-key': h.sb.n8n.keys[0] } })).json()) as {
		data: Array<{ id: string }>;
	};
	await n8nApi('PATCH', `/data-tables/${table.data[0].id}/rows/update`, { filter: { filters: [{ columnName: 'id', condition: 'gte', value: 1 }] }, data: lease });
}

it('two runs at once: one syncs, the other does nothing and says another run is in progress; no contact twice', async () => {
	const [first, second] = await Promise.all([run(), run()]);
	const failed = [first, second].filter((r) => r.error);
	const passed = [first, second].filter((r) => !r.error);
	expect(passed).toHaveLength(1);
	expect(failed).toHaveLength(1);
	expect(failed[0].error?.message).toMatch(/^Another run of this sync is in progress \(since \d{4}-\d\d-\d\dT[\d:.]+Z\): this run did nothing$/);
	expect(hubspotEmails()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
	// The winner saved its state and let go.
	expect(JSON.parse(String(stateRow()!.state))).toMatchObject({ n: 1 });
	expect(stateRow()).toMatchObject({ leaseToken: '', leaseUntil: 0 });
	// The next run goes, from the saved state: nothing new to write.
	const third = await run();
	expect(third.error).toBeUndefined();
	expect((third.data[NODE][0][0].json as IDataObject).run).toBe(2);
});

it('a lease left by a run that stopped without ending holds the sync until it expires, then is taken over', async () => {
	expect((await run()).error).toBeUndefined();
	const now = Date.now();
	await setLease({ leaseToken: 'a-run-that-died', leaseSince: now - 60_000, leaseUntil: now + LEASE_MS - 60_000 });
	const held = await run();
	expect(held.error?.message).toBe(`Another run of this sync is in progress (since ${new Date(now - 60_000).toISOString()}): this run did nothing`);
	expect(stateRow()).toMatchObject({ leaseToken: 'a-run-that-died' });

	await setLease({ leaseUntil: now - 1 });
	const after = await run();
	expect(after.error).toBeUndefined();
	expect((after.data[NODE][0][0].json as IDataObject).run).toBe(2);
	expect(stateRow()).toMatchObject({ leaseToken: '', leaseUntil: 0 });
});

it('a run that fails lets go of the sync', async () => {
	expect((await run()).error).toBeUndefined();
	const token = Object.keys(h.store.crmPackHubSpotPrivateAppApi)[0];
	h.store.crmPackHubSpotPrivateAppApi[token].accessToken = 'pat-na1-00000000-0000-0000-0000-000000000000';
	const failed = await run();
	expect(failed.error?.message).toMatch(/401/);
	expect(stateRow()).toMatchObject({ leaseToken: '', leaseUntil: 0 });
	expect(JSON.parse(String(stateRow()!.state))).toMatchObject({ n: 1 });
});
