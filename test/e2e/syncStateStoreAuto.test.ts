/**
 * CRM Sync version 3's State Store default, Automatic (issue 18): the Data Table
 * store when the node has an n8n API credential, workflow static data otherwise;
 * a run whose static data n8n did not hand over (a production run of a workflow
 * n8n reports inactive: how an n8n 2.x queue-mode worker builds it) warns in its
 * Summary. Versions 1 and 2 keep static data as their default.
 *
 * Light runner against the sandbox (HubSpot contacts <-> records from input), its
 * n8n API standing in for n8n's Data Tables. The queue-mode worker itself is in
 * test/queue/syncState.queue.ts.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { QUEUE_WORKER_WARNING } from '../../nodes/CrmSync/state';
import { LINKS_TABLE } from '../../shared/store/syncStateTable';
import { Database, hubspotCredentials, NODE, T0, syncWorkflow } from './helpers/crmSyncHarness';
import { Harness } from './helpers/harness';
import { dataTableCredentials, isStoreCall } from './helpers/stateStore';
import { runWorkflow, type WorkflowJson } from './lightRunner';

jest.setTimeout(60_000);

const h = new Harness({ seed: 41, node: NODE, perTest: true, credentials: hubspotCredentials });

/** The sync workflow with its CRM Sync node at `version`, State Store left at the version's default unless given. */
function workflow(version: number, parameters: IDataObject = {}, n8nApi = false): WorkflowJson {
	// Version 1's sides are Side A / Side B; versions 2 and 3 name both in Sides.
	const sides = version === 1 ? { sideA: 'hubspot', sideB: 'input' } : { sides: 'hubspot:input' };
	const json = syncWorkflow('crm-sync-hubspot-input.json', { ...sides, ...parameters });
	const node = json.nodes.find((n) => n.name === NODE) as INode;
	node.typeVersion = version;
	if (version > 1) {
		delete node.parameters.sideA;
		delete node.parameters.sideB;
	}
	if (n8nApi) node.credentials = { ...node.credentials, crmPackN8nApi: { id: 'crmPackSbxN8nApi', name: 'n8n (sandbox)' } };
	return json;
}

async function run(json: WorkflowJson, db: Database, staticData: IDataObject | undefined, active?: boolean) {
	const result = await runWorkflow(json, {
		credentials: { ...h.store, ...dataTableCredentials(h.sb) },
		startNode: NODE,
		input: db.input(),
		staticData,
		mode: 'trigger',
		active,
	});
	expect(result.error).toBeUndefined();
	const [[summary], , changesB] = result.data[NODE];
	db.apply(changesB);
	return { summary: summary.json, staticData: result.staticData, nodeState: (result.staticData[`node:${NODE}`] as IDataObject | undefined)?.state };
}

/** One HubSpot contact and one database row, to be linked by the first run. */
async function seed(): Promise<Database> {
	h.sb.hubspot.freezeClock(T0);
	await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'ann@example.com', firstname: 'Ann', lastname: 'Archer' } });
	const db = new Database();
	db.insert({ email: 'cy@example.com', firstName: 'Cy', lastName: 'Cole' });
	return db;
}

/** No record written on a side. */
const NONE = { created: 0, updated: 0, deleted: 0 };

const storeCalls = () => h.sb.log.all().filter((e) => isStoreCall(e.path)).length;

describe('CRM Sync State Store: Automatic (version 3)', () => {
	it('with an n8n API credential keeps the state in the Data Tables, nothing in static data', async () => {
		const db = await seed();
		const json = workflow(3, {}, true);
		const first = await run(json, db, undefined);
		expect(first.summary).toMatchObject({ run: 1, a: { created: 1 }, b: { created: 1 }, warnings: [] });
		expect(first.nodeState).toBeUndefined();
		// Cy was created in HubSpot and linked; Ann went out on B's Changes, linked when the next run finds her row
		expect(h.sb.n8n.rows(LINKS_TABLE)).toHaveLength(1);
		expect(storeCalls()).toBeGreaterThan(0);
		// the next run reads it back, even from empty static data (as a queue-mode worker is given): incremental, quiet
		const second = await run(json, db, {}, false);
		expect(second.summary).toMatchObject({ run: 2, fullReconcile: { a: false, b: true }, a: NONE, b: NONE, warnings: [] });
		expect(h.sb.n8n.rows(LINKS_TABLE)).toHaveLength(2);
	});

	it('without the credential keeps the state in static data, and a run n8n gave no static data warns', async () => {
		const db = await seed();
		const json = workflow(3);
		const first = await run(json, db, undefined);
		expect(first.summary).toMatchObject({ run: 1, warnings: [] });
		expect(first.nodeState).toBeDefined();
		expect(storeCalls()).toBe(0);
		const second = await run(json, db, first.staticData);
		expect(second.summary).toMatchObject({ run: 2, fullReconcile: { a: false, b: true }, a: NONE, b: NONE, warnings: [] });
		// as on a queue-mode worker: workflow reported inactive in a production run, static data empty
		const worker = await run(json, db, {}, false);
		expect(worker.summary).toMatchObject({ run: 1, fullReconcile: { a: true, b: true } });
		expect(worker.summary.warnings).toContain(QUEUE_WORKER_WARNING);
		expect(storeCalls()).toBe(0);
	});

	it('State Store: Data Table without the credential fails before any call, naming the credential', async () => {
		await seed();
		h.sb.log.reset();
		const result = await runWorkflow(workflow(3, { stateStore: 'dataTable' }), { credentials: h.store, startNode: NODE, mode: 'trigger' });
		expect(result.error?.message).toBe('State Store: Data Table needs a CRM Pack Data Tables API credential');
		expect(h.sb.log.all()).toEqual([]);
	});

	it.each([1, 2])('version %i keeps static data as its default, credential or not, and warns on a worker', async (version) => {
		const db = await seed();
		const json = workflow(version, {}, true);
		const first = await run(json, db, undefined);
		expect(first.summary).toMatchObject({ run: 1, warnings: [] });
		expect(first.nodeState).toBeDefined();
		expect(storeCalls()).toBe(0);
		const worker = await run(json, db, {}, false);
		expect(worker.summary.warnings).toContain(QUEUE_WORKER_WARNING);
	});
});
