import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { CrmPackPipedriveTrigger } from '../../../nodes/Pipedrive/trigger/CrmPackPipedriveTrigger.node';
import { authHash, isAuthorised, STATE_KEY } from '../../../nodes/Pipedrive/trigger/webhooks';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { startSandbox, type Sandbox } from '../../sandbox';
import { pdContext } from './helpers';

/*
 * The trigger against the sandbox's Pipedrive: the webhook is created through
 * POST /v1/webhooks (version 2.0, generated HTTP Basic credentials), Pipedrive's
 * deliveries carry them and start the workflow, anything else gets 401 and no run,
 * and deactivation removes the webhook.
 */

const trigger = new CrmPackPipedriveTrigger();
let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;
let server: http.Server;
let hookUrl = '';
const staticData: IDataObject = {};
const runs: IDataObject[][] = [];
const answers: Array<{ status: number; body: string; noWebhookResponse?: boolean }> = [];
const parameters = { authentication: 'apiToken', object: 'person', action: '*', output: 'simplified', replayProtection: 'staticData' };

function hookContext() {
	const { ctx } = pdContext({ parameters, staticData, credential: { apiToken: 'pd-sandbox-token', companyDomain: pd.baseUrl, plan: 'lite' } });
	return Object.assign(ctx as object, { getNodeWebhookUrl: () => hookUrl, getWorkflow: () => ({ id: 'wf-pd-1' }) }) as never;
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 5 });
	pd = sb.pipedrive;
	// Stands in for n8n's webhook endpoint: hands each request to the node's webhook().
	server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', async () => {
			let status = 0;
			let sent = '';
			const headers: Record<string, string> = {};
			const response = {
				status(code: number) {
					status = code;
					return response;
				},
				setHeader(name: string, value: string) {
					headers[name] = value;
					return response;
				},
				end(body?: string) {
					sent = body ?? '';
					return response;
				},
			};
			const { ctx } = pdContext({ parameters, staticData });
			const webhookCtx = Object.assign(ctx as object, {
				getRequestObject: () => ({ headers: req.headers, body: raw ? JSON.parse(raw) : {} }),
				getResponseObject: () => response,
			}) as never;
			const result = await trigger.webhook.call(webhookCtx);
			if (result.workflowData) runs.push(result.workflowData[0].map((i) => i.json));
			// The node answers every request itself; n8n would answer a started run with the text "firstEntryJson".
			answers.push({ status, body: sent, noWebhookResponse: result.noWebhookResponse });
			res.writeHead(status || 500, headers);
			res.end(sent);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/pd`;
});
afterAll(async () => {
	await new Promise((r) => server.close(r));
	await sb.close();
});
beforeEach(() => resetRateLimiters());

test('activation creates a v2 webhook with its required name and generated Basic credentials; only their hash is kept', async () => {
	const ctx = hookContext();
	expect(await trigger.webhookMethods.default.checkExists.call(ctx)).toBe(false);
	await trigger.webhookMethods.default.create.call(ctx);
	expect(pd.webhooks).toHaveLength(1);
	const hook = pd.webhooks[0];
	expect(hook).toMatchObject({
		subscription_url: hookUrl,
		event_action: '*',
		event_object: 'person',
		name: 'n8n CRM Pack: workflow wf-pd-1 (*.person)',
		version: '2.0',
		http_auth_password: null,
	});
	expect(hook.http_auth_user).toMatch(/^n8n-[0-9a-f]{12}$/);
	expect(hook.__password.length).toBeGreaterThanOrEqual(32);
	const state = staticData[STATE_KEY] as IDataObject;
	expect(state.authHash).toBe(authHash(hook.http_auth_user, hook.__password));
	expect(JSON.stringify(staticData)).not.toContain(hook.__password);
	expect(await trigger.webhookMethods.default.checkExists.call(ctx)).toBe(true);
	const log = sb.log.all().filter((e) => e.path === '/pipedrive/api/v1/webhooks' && e.method === 'POST');
	expect(log[0].body).toEqual({
		subscription_url: hookUrl,
		event_action: '*',
		event_object: 'person',
		name: 'n8n CRM Pack: workflow wf-pd-1 (*.person)',
		version: '2.0',
		http_auth_user: hook.http_auth_user,
		http_auth_password: hook.__password,
	});
});

test('a Pipedrive delivery (Basic auth) starts the workflow with the neutral record; a repeated event id does not', async () => {
	pd.write('persons', { name: 'Ada Lovelace', emails: [{ value: 'ada@example.com', primary: true }] });
	await pd.flush();
	expect(pd.deliveries.at(-1).status).toBe(200);
	expect(runs).toHaveLength(1);
	expect(runs[0][0]).toMatchObject({ action: 'create', object: 'person', record: { fullName: 'Ada Lovelace', email: 'ada@example.com' } });
	expect(answers.at(-1)).toEqual({ status: 200, body: '{"received":1,"emitted":1}', noWebhookResponse: true });
	const again = await pd.deliver(hookUrl, pd.deliveries.at(-1).payload, { user: pd.webhooks[0].http_auth_user, password: pd.webhooks[0].__password });
	expect(again.status).toBe(200);
	expect(answers.at(-1)).toEqual({ status: 200, body: '{"received":1,"emitted":0}', noWebhookResponse: true });
	expect(runs).toHaveLength(1);
});

test('wrong, missing or malformed credentials get 401 and no run', async () => {
	const payload = { data: { id: 99, name: 'Mallory' }, previous: null, meta: { action: 'create', entity: 'person', entity_id: '99', id: 'forged-1', version: '2.0' } };
	const user = pd.webhooks[0].http_auth_user;
	expect((await pd.deliver(hookUrl, payload, { user, password: 'guess' })).status).toBe(401);
	expect((await pd.deliver(hookUrl, payload)).status).toBe(401);
	expect((await pd.deliver(hookUrl, payload, { authorization: 'Bearer x' })).status).toBe(401);
	expect(answers.at(-1)).toEqual({ status: 401, body: '{"message":"Unauthorized"}', noWebhookResponse: true });
	expect(runs).toHaveLength(1);
	expect(isAuthorised(undefined, undefined)).toBe(false);
});

test('deactivation removes the webhook; checkExists is then false', async () => {
	const ctx = hookContext();
	await trigger.webhookMethods.default.delete.call(ctx);
	expect(pd.webhooks).toHaveLength(0);
	expect(staticData[STATE_KEY]).toBeUndefined();
	expect(await trigger.webhookMethods.default.checkExists.call(ctx)).toBe(false);
	// Deleting again (webhook already gone) is fine.
	await trigger.webhookMethods.default.delete.call(ctx);
});
