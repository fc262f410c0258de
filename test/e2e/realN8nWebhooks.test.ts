/**
 * The webhook triggers in a real n8n 2.41.1 (issue 19, webhooks; issue 8, the
 * Pipedrive webhook's `name`), published and called over HTTP the way the
 * vendors call them, with the CRM sandbox as the vendors:
 * - HubSpot and Pipedrive answer a valid delivery themselves (200, a small
 *   JSON), not with n8n's literal `firstEntryJson`;
 * - a validly signed HubSpot body that is not an array of events gets 400 and
 *   starts no run;
 * - Pipedrive activation creates its webhook with the required `name`;
 * - Salesforce Outbound Message version 2 answers only at the URL carrying its
 *   endpoint secret, and with "Verify Session ID" only for a session
 *   Salesforce confirms; version 1 workflows keep working at `.../outbound`.
 *
 * One n8n instance and one sandbox for the file (slow: about a minute).
 */
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { FIRST_INSTALL_TIMEOUT_MS, createInstance, ensureRuntime, waitFor, type N8nInstance, type WorkflowToImport } from './realN8n';

interface ExamplesModule {
	CREDENTIALS: Record<'developerApp' | 'pipedrive', { id: string; name: string; type: string }>;
	SANDBOX_SECRETS: { clientSecret: string };
	sandboxCredentials(sandboxUrl: string): Array<{ id?: string; name: string; type: string; data: Record<string, unknown> }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const examples = require('../../scripts/lib/examples.js') as ExamplesModule;

jest.setTimeout(FIRST_INSTALL_TIMEOUT_MS);

const ROOT = path.join(__dirname, '..', '..');
const SF_ORG = '00D000000000001EAA';
const SF_SESSION = 'sf-sandbox-token';
const SECRET = 'Qm7xK2p9-Lr4Vt8Wz1_Nb5Hc3Jd6Fg0Sa';
const SECRET_VERIFYING = 'Zy8Tq3Lm6-Pw1Xe4Rc7_Vb0Nh2Ks5Jd9Gf';

const HOOK = {
	hubspot: 'c0a8e3b2-5d1f-4b7e-9a61-2f4e8d7c6b01',
	pipedrive: 'c0a8e3b2-5d1f-4b7e-9a61-2f4e8d7c6b02',
	salesforceV2: 'c0a8e3b2-5d1f-4b7e-9a61-2f4e8d7c6b03',
	salesforceV2Session: 'c0a8e3b2-5d1f-4b7e-9a61-2f4e8d7c6b04',
	salesforceV1: 'c0a8e3b2-5d1f-4b7e-9a61-2f4e8d7c6b05',
};

function triggerWorkflow(id: string, node: Record<string, unknown>): WorkflowToImport & { id: string } {
	return { id, name: id, nodes: [{ id: `${id}-node`, name: 'Trigger', position: [0, 0], ...node }], connections: {}, settings: {} };
}

const WORKFLOWS = {
	hubspot: triggerWorkflow('crmPackE2eHsHook', {
		type: 'n8n-nodes-crm-pack.crmPackHubSpotTrigger',
		typeVersion: 1,
		webhookId: HOOK.hubspot,
		parameters: { subscriptionManagement: 'manual', events: {}, ignoreOwnChanges: false, options: {} },
		credentials: { crmPackHubSpotDeveloperApi: { id: examples.CREDENTIALS.developerApp.id, name: examples.CREDENTIALS.developerApp.name } },
	}),
	pipedrive: triggerWorkflow('crmPackE2ePdHook', {
		type: 'n8n-nodes-crm-pack.crmPackPipedriveTrigger',
		typeVersion: 1,
		webhookId: HOOK.pipedrive,
		parameters: { authentication: 'apiToken', object: 'person', action: '*', output: 'simplified' },
		credentials: { crmPackPipedriveApi: { id: examples.CREDENTIALS.pipedrive.id, name: examples.CREDENTIALS.pipedrive.name } },
	}),
	salesforceV2: triggerWorkflow('crmPackE2eSfHook2', {
		type: 'n8n-nodes-crm-pack.crmPackSalesforceOutboundTrigger',
		typeVersion: 2,
		webhookId: HOOK.salesforceV2,
		parameters: { endpointSecret: SECRET, organizationId: SF_ORG, options: {} },
	}),
	salesforceV2Session: triggerWorkflow('crmPackE2eSfHook2s', {
		type: 'n8n-nodes-crm-pack.crmPackSalesforceOutboundTrigger',
		typeVersion: 2,
		webhookId: HOOK.salesforceV2Session,
		// salesforceUrl is set to the sandbox once it runs (see beforeAll)
		parameters: { endpointSecret: SECRET_VERIFYING, organizationId: SF_ORG, verifySessionId: true, salesforceUrl: '', options: {} },
	}),
	salesforceV1: triggerWorkflow('crmPackE2eSfHook1', {
		type: 'n8n-nodes-crm-pack.crmPackSalesforceOutboundTrigger',
		typeVersion: 1,
		webhookId: HOOK.salesforceV1,
		parameters: { organizationId: SF_ORG, options: {} },
	}),
};

let sb: Sandbox;
let n8n: N8nInstance;
let apiKey: string;
const activation: Record<string, string> = {};

interface Execution {
	id: string;
	status: string;
	mode: string;
	data?: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
}

async function executionsOf(workflowId: string, includeData = false): Promise<Execution[]> {
	const res = await n8n.api<{ data: Execution[] }>(apiKey, 'GET', `/executions?workflowId=${workflowId}&limit=100${includeData ? '&includeData=true' : ''}`);
	return res.data;
}

/** The one finished execution of a workflow (waits for it), with its data. */
async function onlyExecution(workflowId: string): Promise<Execution> {
	return await waitFor(`the execution of ${workflowId}`, async () => {
		const list = await executionsOf(workflowId, true);
		return list.length === 1 && list[0].status !== 'running' && list[0].status !== 'new' ? list[0] : undefined;
	});
}

/** A pause long enough for n8n to record an execution it started (none must appear). */
const settle = () => new Promise((r) => setTimeout(r, 1500));

async function post(url: string, body: string, headers: Record<string, string>) {
	const res = await fetch(url, { method: 'POST', headers, body });
	return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

beforeAll(async () => {
	ensureRuntime({ log: (m) => process.stderr.write(`[n8n-runtime] ${m}\n`) });
	sb = await startSandbox({ port: 0, seed: 11 });
	(WORKFLOWS.salesforceV2Session.nodes[0] as { parameters: Record<string, unknown> }).parameters.salesforceUrl = `${sb.url}/salesforce`;
	n8n = await createInstance({ packageDir: ROOT });
	await n8n.importCredentials(examples.sandboxCredentials(sb.url));
	for (const workflow of Object.values(WORKFLOWS)) await n8n.importWorkflow(workflow);
	await n8n.start();
	await n8n.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-e2e-Owner' });
	apiKey = await n8n.createApiKey();
	// Activated as a user would with the editor's toggle; a failure is kept for the test that needs it.
	for (const [key, workflow] of Object.entries(WORKFLOWS)) {
		try {
			await n8n.api(apiKey, 'POST', `/workflows/${workflow.id}/activate`);
			activation[key] = 'ok';
		} catch (error) {
			activation[key] = String((error as Error).message ?? error);
		}
	}
	const paths = [
		`webhook/${HOOK.hubspot}/webhook`,
		`webhook/${HOOK.pipedrive}/webhook`,
		`webhook/${HOOK.salesforceV2}/outbound/${SECRET}`,
		`webhook/${HOOK.salesforceV2Session}/outbound/${SECRET_VERIFYING}`,
		`webhook/${HOOK.salesforceV1}/outbound`,
	];
	for (const p of paths) {
		await waitFor(`webhook ${p}`, async () => ((await n8n.webhookRegistered(p, 'POST')) ? true : undefined)).catch(() => undefined);
	}
});

afterAll(async () => {
	await n8n?.stop();
	await sb?.close();
});

describe('HubSpot (CRM Pack) Trigger in real n8n', () => {
	const url = () => `${n8n.baseUrl}/webhook/${HOOK.hubspot}/webhook`;

	it('answers a signed delivery with 200 and a small JSON (not "firstEntryJson") and starts one run with the event', async () => {
		expect(activation.hubspot).toBe('ok');
		const event = { subscriptionType: 'contact.creation', objectId: 901, changeSource: 'CRM_UI', eventId: 7001 };
		const res = await sb.webhooks.deliver(url(), [event], { clientSecret: examples.SANDBOX_SECRETS.clientSecret });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ received: 1, emitted: 1 });
		const execution = await onlyExecution(WORKFLOWS.hubspot.id);
		expect(execution.status).toBe('success');
		expect(execution.data!.resultData.runData.Trigger[0].data!.main[0].map((i) => i.json)).toEqual([
			expect.objectContaining({ subscriptionType: 'contact.creation', objectId: 901, eventId: 7001 }),
		]);
	});

	it('answers a validly signed body that is not an array of events (42) with 400 and starts no run', async () => {
		const before = (await executionsOf(WORKFLOWS.hubspot.id)).length;
		const timestamp = String(Date.now());
		const body = '42';
		const res = await post(url(), body, {
			'Content-Type': 'application/json',
			'X-HubSpot-Request-Timestamp': timestamp,
			'X-HubSpot-Signature-v3': sb.webhooks.sign('v3', { secret: examples.SANDBOX_SECRETS.clientSecret, method: 'POST', uri: url(), body, timestamp }),
		});
		expect(res.status).toBe(400);
		expect(JSON.parse(res.text)).toEqual({ message: 'Bad request: the body is not a JSON array of events' });
		await settle();
		expect((await executionsOf(WORKFLOWS.hubspot.id)).length).toBe(before);
	});
});

describe('Pipedrive (CRM Pack) Trigger in real n8n', () => {
	it('activation creates the webhook with the name Pipedrive requires', () => {
		expect(activation.pipedrive).toBe('ok');
		const hooks = sb.pipedrive.webhooks as Array<Record<string, unknown>>;
		expect(hooks).toHaveLength(1);
		expect(hooks[0]).toMatchObject({
			subscription_url: `${n8n.baseUrl}/webhook/${HOOK.pipedrive}/webhook`,
			event_action: '*',
			event_object: 'person',
			name: `n8n CRM Pack: workflow ${WORKFLOWS.pipedrive.id} (*.person)`,
			version: '2.0',
		});
	});

	it('answers Pipedrive\'s delivery with 200 and a small JSON (not "firstEntryJson") and starts one run', async () => {
		sb.pipedrive.write('persons', { name: 'Grace Hopper', emails: [{ value: 'grace@example.com', primary: true }] });
		await sb.pipedrive.flush();
		const delivery = (sb.pipedrive.deliveries as Array<{ url: string; status: number; body: unknown }>).at(-1)!;
		expect(delivery.url).toBe(`${n8n.baseUrl}/webhook/${HOOK.pipedrive}/webhook`);
		expect(delivery.status).toBe(200);
		expect(delivery.body).toEqual({ received: 1, emitted: 1 });
		const execution = await onlyExecution(WORKFLOWS.pipedrive.id);
		expect(execution.data!.resultData.runData.Trigger[0].data!.main[0][0].json).toMatchObject({
			action: 'create',
			object: 'person',
			record: { fullName: 'Grace Hopper', email: 'grace@example.com' },
		});
	});
});

describe('Salesforce Outbound Message (CRM Pack) Trigger in real n8n', () => {
	const message = (sessionId?: string, organizationId = SF_ORG) =>
		sb.salesforce.outbound.message([{ sobject: 'Contact', fields: { Id: '003000000000001AAA', Email: 'ada@example.com' } }], {
			organizationId,
			sessionId,
		}) as string;
	const soap = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' };

	it('version 2: a message to the URL with the endpoint secret is acknowledged and starts one run', async () => {
		expect(activation.salesforceV2).toBe('ok');
		const res = await post(`${n8n.baseUrl}/webhook/${HOOK.salesforceV2}/outbound/${SECRET}`, message(), soap);
		expect(res.status).toBe(200);
		expect(res.text).toContain('<Ack>true</Ack>');
		const execution = await onlyExecution(WORKFLOWS.salesforceV2.id);
		expect(execution.data!.resultData.runData.Trigger[0].data!.main[0][0].json).toMatchObject({
			id: '003000000000001AAA',
			organizationId: SF_ORG,
			fields: { Email: 'ada@example.com' },
		});
	});

	it('version 2: a forged message knowing the org id but not the secret starts no run', async () => {
		const before = (await executionsOf(WORKFLOWS.salesforceV2.id)).length;
		for (const suffix of ['outbound', `outbound/${SECRET.slice(0, -1)}x`, 'outbound/guess']) {
			const res = await post(`${n8n.baseUrl}/webhook/${HOOK.salesforceV2}/${suffix}`, message(), soap);
			expect(res.status).toBe(404);
			expect(res.text).not.toContain('<Ack>');
		}
		await settle();
		expect((await executionsOf(WORKFLOWS.salesforceV2.id)).length).toBe(before);
	});

	it('version 2 with Verify Session ID: a forged session is refused (401, no run); a session Salesforce confirms is acknowledged', async () => {
		expect(activation.salesforceV2Session).toBe('ok');
		const url = `${n8n.baseUrl}/webhook/${HOOK.salesforceV2Session}/outbound/${SECRET_VERIFYING}`;
		const forged = await post(url, message('00D000000000001!forged-session'), soap);
		expect(forged.status).toBe(401);
		expect(forged.text).toContain('<faultstring>Unauthorized: Salesforce did not accept the session id (HTTP 401)</faultstring>');
		const none = await post(url, message(), soap);
		expect(none.status).toBe(401);
		await settle();
		expect(await executionsOf(WORKFLOWS.salesforceV2Session.id)).toHaveLength(0);

		const calls = sb.log.count((e) => e.method === 'GET' && e.path === '/salesforce/services/oauth2/userinfo');
		const genuine = await post(url, message(SF_SESSION), soap);
		expect(genuine.status).toBe(200);
		expect(genuine.text).toContain('<Ack>true</Ack>');
		expect(sb.log.count((e) => e.method === 'GET' && e.path === '/salesforce/services/oauth2/userinfo')).toBe(calls + 1);
		expect((await onlyExecution(WORKFLOWS.salesforceV2Session.id)).status).toBe('success');
	});

	it('version 1 workflows keep working at ".../outbound" without a secret', async () => {
		expect(activation.salesforceV1).toBe('ok');
		const res = await post(`${n8n.baseUrl}/webhook/${HOOK.salesforceV1}/outbound`, message(), soap);
		expect(res.status).toBe(200);
		expect(res.text).toContain('<Ack>true</Ack>');
		expect((await onlyExecution(WORKFLOWS.salesforceV1.id)).status).toBe('success');
	});
});
