/**
 * Issue 18, queue mode: each webhook trigger of the pack through n8n's webhook
 * processor (`n8n webhook`; the main instance serves no production webhook
 * here). For HubSpot, Pipedrive and Salesforce Outbound Messages:
 * - a verified delivery is answered by the webhook processor, which queues one
 *   execution ("Enqueued execution" in its log) that one worker runs ("Worker
 *   started execution" in that worker's log), with the event as trigger output;
 * - a forged delivery gets 401 and starts no execution;
 * - HubSpot and Pipedrive with Replay Protection "n8n Data Table": the same
 *   delivery sent again starts no second execution, and the Data Table holds
 *   one row for the event. (The Salesforce trigger has no replay protection:
 *   Salesforce re-sends a message until it is acknowledged.)
 */
import { startSandbox, type Sandbox } from '../sandbox';
import {
	createCredential,
	deactivate,
	executions,
	n8nApiCredential,
	nodeItems,
	pause,
	publishWorkflow,
	settledCount,
	tableRows,
	waitFor,
	waitForWebhook,
} from './stack';
import { oneRunOnAWorker } from './workflows';

const CLIENT_SECRET = 'sandbox-client-secret';
const SF_ORG = '00D000000000001EAA';
const SF_SESSION = 'sf-sandbox-token';
const SF_SECRET = 'Hq4vN8-Tz2Lw6Px0_Rb3Kc7Jm5Dg9Fs1Aq';
const EVENTS_TABLE = 'CRM Pack webhook events';
const HOOK = {
	hubspot: 'e1b7c0d2-18aa-4c55-9a61-0d7c2b8e4f01',
	pipedrive: 'e1b7c0d2-18aa-4c55-9a61-0d7c2b8e4f02',
	salesforce: 'e1b7c0d2-18aa-4c55-9a61-0d7c2b8e4f03',
};

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;
const workflowIds: string[] = [];
let n8nApi: { id: string; name: string };

/** Whether a replay-table row (`<workflow>:<node>|<event key>`) records event `id` of the workflow. */
const eventOf = (eventKey: string, workflowId: string, id: string | number) => eventKey.startsWith(`${workflowId}:`) && new RegExp(`[|:]${id}$`).test(eventKey);

/** A published workflow: the trigger node, then a No Op "Received". */
async function publishTrigger(name: string, webhookId: string, trigger: Record<string, unknown>): Promise<string> {
	const id = await publishWorkflow({
		name,
		connections: { Trigger: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: `${webhookId.slice(0, 8)}-0000-4000-8000-000000000001`, name: 'Trigger', position: [0, 0], webhookId, ...trigger },
			{ id: `${webhookId.slice(0, 8)}-0000-4000-8000-000000000002`, name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
	});
	workflowIds.push(id);
	return id;
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 19 });
	pd = sb.pipedrive;
	n8nApi = await n8nApiCredential('n8n API (queue webhooks)');
});

afterAll(async () => {
	for (const id of workflowIds) await deactivate(id).catch(() => undefined);
	await sb?.close();
});

describe('HubSpot (CRM Pack) Trigger through the webhook processor', () => {
	let workflowId: string;
	let url: string;
	let nextEventId = 18000;
	const event = () => ({ eventId: nextEventId++, subscriptionId: 11, portalId: 62515, appId: 1234567, occurredAt: Date.now(), subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 4100 + nextEventId, changeSource: 'CRM_UI' });

	beforeAll(async () => {
		const developer = await createCredential('HubSpot developer app (queue)', 'crmPackHubSpotDeveloperApi', { clientSecret: CLIENT_SECRET, appId: '1234567', apiKey: 'dev-sandbox-hapikey', baseUrl: sb.hubspot.baseUrl });
		workflowId = await publishTrigger('Queue mode: HubSpot trigger', HOOK.hubspot, {
			type: 'n8n-nodes-crm-pack.crmPackHubSpotTrigger',
			typeVersion: 1,
			parameters: { subscriptionManagement: 'manual', events: { event: [{ eventType: 'contact.creation' }] }, options: {}, replayProtection: 'dataTable' },
			credentials: { crmPackHubSpotDeveloperApi: developer, crmPackN8nApi: n8nApi },
		});
		url = await waitForWebhook(`webhook/${HOOK.hubspot}/webhook`);
	});

	it('a signed delivery starts exactly one run, on a worker, with the event', async () => {
		const e = event();
		const res = await sb.webhooks.deliver(url, [e], { clientSecret: CLIENT_SECRET, signatureVersion: 'v3' });
		expect(res.status).toBe(200);
		const { execution } = await oneRunOnAWorker(workflowId, 0);
		expect(nodeItems(execution, 'Received')).toEqual([expect.objectContaining({ eventId: e.eventId, objectId: e.objectId, subscriptionType: 'contact.creation' })]);
	});

	it('a forged delivery gets 401 and starts no run', async () => {
		const before = await settledCount(workflowId, 1000);
		const res = await sb.webhooks.deliver(url, [event()], { clientSecret: CLIENT_SECRET, signatureVersion: 'v3', forge: true });
		expect(res.status).toBe(401);
		await pause(2000);
		expect(await settledCount(workflowId)).toBe(before);
	});

	it('the same signed delivery sent again starts no second run (Data Table replay protection)', async () => {
		const before = await settledCount(workflowId, 1000);
		const e = event();
		const body = JSON.stringify([e]);
		const timestamp = String(Date.now());
		const headers = {
			'Content-Type': 'application/json',
			'X-HubSpot-Signature-v3': sb.webhooks.sign('v3', { secret: CLIENT_SECRET, method: 'POST', uri: url, body, timestamp }),
			'X-HubSpot-Request-Timestamp': timestamp,
		};
		const send = async () => {
			const res = await fetch(url, { method: 'POST', headers, body });
			await res.arrayBuffer();
			return res.status;
		};
		expect(await send()).toBe(200);
		await oneRunOnAWorker(workflowId, before);
		expect(await send()).toBe(200);
		await pause(2000);
		expect(await settledCount(workflowId)).toBe(before + 1);
		const rows = (await tableRows<{ eventKey: string }>(EVENTS_TABLE)).filter((r) => eventOf(r.eventKey, workflowId, e.eventId));
		expect(rows).toHaveLength(1);
	});
});

describe('Pipedrive (CRM Pack) Trigger through the webhook processor', () => {
	let workflowId: string;
	let url: string;

	beforeAll(async () => {
		const pipedrive = await createCredential('Pipedrive sandbox (queue webhooks)', 'crmPackPipedriveApi', { apiToken: 'pd-sandbox-token', companyDomain: sb.pipedrive.baseUrl, plan: 'lite' });
		workflowId = await publishTrigger('Queue mode: Pipedrive trigger', HOOK.pipedrive, {
			type: 'n8n-nodes-crm-pack.crmPackPipedriveTrigger',
			typeVersion: 1,
			parameters: { authentication: 'apiToken', object: 'person', action: '*', output: 'simplified', replayProtection: 'dataTable' },
			credentials: { crmPackPipedriveApi: pipedrive, crmPackN8nApi: n8nApi },
		});
		url = await waitForWebhook(`webhook/${HOOK.pipedrive}/webhook`);
		// the main instance creates the webhook at Pipedrive shortly after the activation call returns
		await waitFor('the webhook at Pipedrive', async () => ((pd.webhooks as unknown[]).length ? true : undefined), 30000);
	});

	it('activation on the main instance registers the webhook processor\'s URL at Pipedrive', () => {
		const hooks = pd.webhooks as Array<Record<string, unknown>>;
		expect(hooks.map((h) => h.subscription_url)).toEqual([url]);
	});

	it('Pipedrive\'s delivery (HTTP Basic) starts exactly one run, on a worker, with the person', async () => {
		pd.write('persons', { name: 'Grace Hopper', emails: [{ value: 'grace@example.com', primary: true }] });
		await pd.flush();
		const delivery = (pd.deliveries as Array<{ url: string; status: number }>).at(-1)!;
		expect(delivery).toMatchObject({ url, status: 200 });
		const { execution } = await oneRunOnAWorker(workflowId, 0);
		expect(nodeItems(execution, 'Received')[0]).toMatchObject({ action: 'create', object: 'person', record: { fullName: 'Grace Hopper', email: 'grace@example.com' } });
	});

	it('a delivery without the right Basic credentials gets 401 and starts no run', async () => {
		const before = await settledCount(workflowId, 1000);
		const { payload } = (pd.deliveries as Array<{ payload: unknown }>).at(-1)!;
		for (const authorization of [undefined, `Basic ${Buffer.from('n8n:guess').toString('base64')}`]) {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify({ ...(payload as object), meta: { ...((payload as { meta: object }).meta), id: 'forged-1' } }) });
			await res.arrayBuffer();
			expect(res.status).toBe(401);
		}
		await pause(2000);
		expect(await settledCount(workflowId)).toBe(before);
	});

	it('the same delivery sent again starts no second run (Data Table replay protection)', async () => {
		const before = await settledCount(workflowId, 1000);
		const { payload, authorization } = (pd.deliveries as Array<{ payload: { meta: { id: string } }; authorization: string }>).at(-1)!;
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(payload) });
		await res.arrayBuffer();
		expect(res.status).toBe(200);
		await pause(2000);
		expect(await settledCount(workflowId)).toBe(before);
		const rows = (await tableRows<{ eventKey: string }>(EVENTS_TABLE)).filter((r) => eventOf(r.eventKey, workflowId, payload.meta.id));
		expect(rows).toHaveLength(1);
	});
});

describe('Salesforce Outbound Message (CRM Pack) Trigger through the webhook processor', () => {
	let workflowId: string;
	let url: string;
	const soap = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' };
	const message = (sessionId: string) =>
		sb.salesforce.outbound.message([{ sobject: 'Contact', fields: { Id: '003000000000001AAA', Email: 'ada@example.com' } }], { organizationId: SF_ORG, sessionId }) as string;

	beforeAll(async () => {
		workflowId = await publishTrigger('Queue mode: Salesforce trigger', HOOK.salesforce, {
			type: 'n8n-nodes-crm-pack.crmPackSalesforceOutboundTrigger',
			typeVersion: 2,
			parameters: { endpointSecret: SF_SECRET, organizationId: SF_ORG, verifySessionId: true, salesforceUrl: `${sb.url}/salesforce`, options: {} },
		});
		url = await waitForWebhook(`webhook/${HOOK.salesforce}/outbound/${SF_SECRET}`);
	});

	it('a message with a session Salesforce confirms is acknowledged and starts exactly one run, on a worker', async () => {
		const res = await fetch(url, { method: 'POST', headers: soap, body: message(SF_SESSION) });
		const text = await res.text();
		expect(res.status).toBe(200);
		expect(text).toContain('<Ack>true</Ack>');
		const { execution } = await oneRunOnAWorker(workflowId, 0);
		expect(nodeItems(execution, 'Received')[0]).toMatchObject({ id: '003000000000001AAA', organizationId: SF_ORG, fields: { Email: 'ada@example.com' } });
	});

	it('a forged session gets 401 and starts no run', async () => {
		const before = (await executions(workflowId)).length;
		const res = await fetch(url, { method: 'POST', headers: soap, body: message('00D000000000001!forged-session') });
		const text = await res.text();
		expect(res.status).toBe(401);
		expect(text).not.toContain('<Ack>');
		await pause(2000);
		expect(await settledCount(workflowId)).toBe(before);
	});
});
