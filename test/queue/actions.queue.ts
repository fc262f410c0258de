/**
 * Issue 18, queue mode: an action node run on a worker. A published workflow
 * (Webhook, "respond when the last node finishes" → Code → HubSpot (CRM Pack)
 * upsert of contacts by email) is called through the webhook processor; a
 * worker runs it and the webhook processor answers with the HubSpot node's
 * output. Checked: the request HubSpot received (one batch upsert by email with
 * the three inputs), the records it holds, the node's output, and that the
 * execution was queued by the webhook processor and run by a worker.
 */
import { startSandbox, type Sandbox } from '../sandbox';
import { createCredential, deactivate, endedExecutions, nodeItems, processesThatEnqueued, publishWorkflow, waitForWebhook, workerOf } from './stack';

const HOOK_PATH = 'queue-mode-upsert-contacts';
let sb: Sandbox;
let workflowId: string | undefined;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 20 });
	sb.hubspot.setPlan('pro');
});

afterAll(async () => {
	if (workflowId) await deactivate(workflowId).catch(() => undefined);
	await sb?.close();
});

test('HubSpot (CRM Pack) upsert runs on a worker and writes exactly the records it was given', async () => {
	const hubspot = await createCredential('HubSpot sandbox (queue action)', 'crmPackHubSpotPrivateAppApi', { accessToken: 'pat-sandbox-token', plan: 'pro', baseUrl: sb.hubspot.baseUrl });
	workflowId = await publishWorkflow({
		name: 'Queue mode: HubSpot upsert',
		connections: {
			Webhook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Upsert contacts', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: 'ac710000-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'ac710000-0000-4000-8000-0000000000aa',
				parameters: { httpMethod: 'POST', path: HOOK_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: 'ac710000-0000-4000-8000-000000000002',
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode: 'return $input.first().json.body.rows.map((json) => ({ json }));' },
			},
			{
				id: 'ac710000-0000-4000-8000-000000000003',
				name: 'Upsert contacts',
				type: 'n8n-nodes-crm-pack.crmPackHubSpot',
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					authentication: 'privateApp',
					resource: 'contact',
					operation: 'upsert',
					upsertIdProperty: 'email',
					upsertIdValue: '={{ $json.email }}',
					propertiesUi: {
						property: [
							{ name: 'firstname', value: '={{ $json.firstName }}' },
							{ name: 'lastname', value: '={{ $json.lastName }}' },
						],
					},
					additionalFields: {},
					options: {},
				},
				credentials: { crmPackHubSpotPrivateAppApi: hubspot },
			},
		],
	});
	const url = await waitForWebhook(`webhook/${HOOK_PATH}`);
	const rows = [
		{ email: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace' },
		{ email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing' },
		{ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
	];
	sb.log.reset();

	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
	const answer = (await res.json()) as Array<Record<string, unknown>>;
	expect(res.status).toBe(200);

	// the request HubSpot received
	const calls = sb.log.all().filter((e) => e.path.startsWith('/hubspot/crm/'));
	expect(calls.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['POST /hubspot/crm/v3/objects/contacts/batch/upsert 200']);
	expect(calls[0].body).toEqual({
		inputs: [
			{ idProperty: 'email', id: 'ada@example.com', objectWriteTraceId: '0', properties: { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' } },
			{ idProperty: 'email', id: 'alan@example.com', objectWriteTraceId: '1', properties: { email: 'alan@example.com', firstname: 'Alan', lastname: 'Turing' } },
			{ idProperty: 'email', id: 'grace@example.com', objectWriteTraceId: '2', properties: { email: 'grace@example.com', firstname: 'Grace', lastname: 'Hopper' } },
		],
	});

	// what HubSpot holds
	const stored = sb.hubspot.store.list('contacts').map((c) => ({ id: c.id, email: c.properties.email, firstname: c.properties.firstname, lastname: c.properties.lastname }));
	expect(stored.map(({ id: _id, ...rest }) => rest).sort((a, b) => String(a.email).localeCompare(String(b.email)))).toEqual([
		{ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' },
		{ email: 'alan@example.com', firstname: 'Alan', lastname: 'Turing' },
		{ email: 'grace@example.com', firstname: 'Grace', lastname: 'Hopper' },
	]);

	// the node's output (Simplified: CRM-neutral records), answered by the webhook processor and recorded in the execution
	const byEmail = new Map(stored.map((c) => [c.email, c.id]));
	expect(answer.map((i) => [i.id, i.email, i.firstName, i.lastName, i.created])).toEqual([
		[byEmail.get('ada@example.com'), 'ada@example.com', 'Ada', 'Lovelace', true],
		[byEmail.get('alan@example.com'), 'alan@example.com', 'Alan', 'Turing', true],
		[byEmail.get('grace@example.com'), 'grace@example.com', 'Grace', 'Hopper', true],
	]);
	const [execution] = await endedExecutions(workflowId, 1);
	expect(execution.status).toBe('success');
	expect(nodeItems(execution, 'Upsert contacts').map((i) => i.id)).toEqual(answer.map((i) => i.id));
	expect(processesThatEnqueued(execution.id)).toEqual(['webhook']);
	expect(await workerOf(execution.id)).toMatch(/^worker-\d$/);
});
