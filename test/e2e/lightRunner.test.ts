import * as fs from 'node:fs';

import type { INodeParameters } from 'n8n-workflow';

import { runPoll, runWorkflow, type CredentialStore, type WorkflowJson } from './lightRunner';
import { createThrowawayPackage, startFakeCrm, type FakeCrm } from './fixtures/throwawayPackage';

const ECHO = 'n8n-nodes-crm-pack.crmPackTestEcho';
const POLL = 'n8n-nodes-crm-pack.crmPackTestPoll';

let packageDir: string;
let crm: FakeCrm;

beforeAll(async () => {
	packageDir = createThrowawayPackage();
	crm = await startFakeCrm();
});

afterAll(async () => {
	await crm.close();
	fs.rmSync(packageDir, { recursive: true, force: true });
});

beforeEach(() => {
	crm.requests.length = 0;
});

function echoWorkflow(parameters: INodeParameters, credentials: Record<string, { id: string; name: string }>): WorkflowJson {
	return {
		name: 'echo',
		nodes: [
			{
				id: '1',
				name: 'When clicking ‘Execute workflow’',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '2',
				name: 'Echo',
				type: ECHO,
				typeVersion: 1,
				position: [200, 0],
				parameters,
				credentials,
			},
		],
		connections: {
			'When clicking ‘Execute workflow’': { main: [[{ node: 'Echo', type: 'main', index: 0 }]] },
		},
	};
}

const bearerCredentials = (): CredentialStore => ({
	crmPackTestBearerApi: { 'cred-1': { token: 'secret-token' } },
});

describe('light runner', () => {
	it('runs a package node from a manual trigger, authenticating with the generic bearer credential', async () => {
		const wf = echoWorkflow(
			{ authentication: 'bearer', url: `${crm.url}/echo`, value: 'hello' },
			{ crmPackTestBearerApi: { id: 'cred-1', name: 'Bearer' } },
		);
		const r = await runWorkflow(wf, { packageDir, credentials: bearerCredentials() });
		expect(r.error).toBeUndefined();
		expect(r.status).toBe('success');
		expect(r.nodeExecutionOrder).toEqual(['When clicking ‘Execute workflow’', 'Echo']);
		expect(crm.requests).toHaveLength(1);
		expect(crm.requests[0].headers.authorization).toBe('Bearer secret-token');
		// the credential type's default (tenant) was applied
		expect(crm.requests[0].headers['x-tenant']).toBe('default-tenant');
		expect(r.data.Echo).toEqual([
			[
				{
					json: {
						received: { index: 0, value: 'hello' },
						authorization: 'Bearer secret-token',
						tenant: 'default-tenant',
						session: null,
					},
					pairedItem: { item: 0 },
				},
			],
		]);
	});

	it('evaluates expressions per item and pairs every output item with its input', async () => {
		const wf = echoWorkflow(
			{ authentication: 'bearer', url: `=${crm.url}/echo`, value: '={{ $json.x }}-{{ $itemIndex }}' },
			{ crmPackTestBearerApi: { id: 'cred-1', name: 'Bearer' } },
		);
		const r = await runWorkflow(wf, {
			packageDir,
			credentials: bearerCredentials(),
			startNode: 'Echo',
			input: [{ json: { x: 'a' } }, { json: { x: 'b' } }, { json: { x: 'c' } }],
		});
		expect(r.error).toBeUndefined();
		expect(r.nodeExecutionOrder).toEqual(['Echo']);
		const out = r.data.Echo[0];
		expect(out.map((i) => i.json.received)).toEqual([
			{ index: 0, value: 'a-0' },
			{ index: 1, value: 'b-1' },
			{ index: 2, value: 'c-2' },
		]);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(crm.requests.map((q) => JSON.parse(q.body).value)).toEqual(['a-0', 'b-1', 'c-2']);
	});

	it('returns the failing node error, and continueOnFail output when the node is set to continue', async () => {
		const wf = echoWorkflow(
			{ authentication: 'bearer', url: `${crm.url}/fail` },
			{ crmPackTestBearerApi: { id: 'cred-1', name: 'Bearer' } },
		);
		const failed = await runWorkflow(wf, { packageDir, credentials: bearerCredentials() });
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toBe('The service was not able to process your request');
		expect((failed.error as unknown as { httpCode: string }).httpCode).toBe('500');
		expect(failed.error?.description).toContain('CRM exploded');
		expect(failed.data.Echo).toBeUndefined();

		wf.nodes[1].onError = 'continueRegularOutput';
		const continued = await runWorkflow(wf, { packageDir, credentials: bearerCredentials() });
		expect(continued.error).toBeUndefined();
		expect(continued.data.Echo[0]).toHaveLength(1);
		expect(continued.data.Echo[0][0].json.error).toBeDefined();
	});

	it('reports a missing credential the way n8n does', async () => {
		const wf = echoWorkflow(
			{ authentication: 'bearer', url: `${crm.url}/echo` },
			{ crmPackTestBearerApi: { id: 'nope', name: 'Missing' } },
		);
		const r = await runWorkflow(wf, { packageDir, credentials: bearerCredentials() });
		expect(r.status).toBe('error');
		expect(r.error?.message).toMatch(/does not exist/);
	});

	it('runs preAuthentication for an empty expirable token, and again after a 401, saving the new token', async () => {
		const credentials: CredentialStore = {
			crmPackTestSessionApi: { s1: { baseUrl: crm.url, username: 'u', password: 'p' } },
		};
		const wf = echoWorkflow(
			{ authentication: 'session', url: `${crm.url}/echo`, value: 'v' },
			{ crmPackTestSessionApi: { id: 's1', name: 'Session' } },
		);
		const first = await runWorkflow(wf, { packageDir, credentials });
		expect(first.error).toBeUndefined();
		expect(crm.requests.map((q) => q.path)).toEqual(['/login', '/echo']);
		expect(first.data.Echo[0][0].json.session).toBe('session-1');
		expect(credentials.crmPackTestSessionApi.s1.sessionToken).toBe('session-1');

		// the server logs the session out: the next run gets 401, logs in again and retries
		crm.requests.length = 0;
		credentials.crmPackTestSessionApi.s1.sessionToken = 'stale';
		const second = await runWorkflow(wf, { packageDir, credentials });
		expect(second.error).toBeUndefined();
		expect(crm.requests.map((q) => `${q.path} ${q.headers['x-session'] ?? ''}`.trim())).toEqual([
			'/echo stale',
			'/login',
			'/echo session-2',
		]);
		expect(credentials.crmPackTestSessionApi.s1.sessionToken).toBe('session-2');
	});

	it('signs requests with OAuth2 token data, fetching a client-credentials token and saving it', async () => {
		const credentials: CredentialStore = {
			crmPackTestOAuth2Api: {
				o1: { clientId: 'client', clientSecret: 'shh', accessTokenUrl: `${crm.url}/oauth/token` },
			},
		};
		const wf = echoWorkflow(
			{ authentication: 'oAuth2', url: `${crm.url}/echo`, value: 'o' },
			{ crmPackTestOAuth2Api: { id: 'o1', name: 'OAuth2' } },
		);
		const r = await runWorkflow(wf, { packageDir, credentials });
		expect(r.error).toBeUndefined();
		expect(crm.requests.map((q) => q.path)).toEqual(['/oauth/token', '/echo']);
		// authentication 'body' (the credential's default) sends the client secret in the form body
		expect(crm.requests[0].body).toContain('client_secret=shh');
		expect(crm.requests[0].body).toContain('scope=crm.read');
		expect(r.data.Echo[0][0].json.authorization).toBe('Bearer oauth-access-1');
		expect(credentials.crmPackTestOAuth2Api.o1.oauthTokenData).toMatchObject({ access_token: 'oauth-access-1' });

		// with stored token data no token request is made
		crm.requests.length = 0;
		const again = await runWorkflow(wf, { packageDir, credentials });
		expect(again.error).toBeUndefined();
		expect(crm.requests.map((q) => q.path)).toEqual(['/echo']);
		expect(crm.requests[0].headers.authorization).toBe('Bearer oauth-access-1');
	});

	it('refreshes an expired authorization-code token on 401 and saves the new token data', async () => {
		const credentials: CredentialStore = {
			crmPackTestOAuth2CodeApi: {
				c1: {
					baseUrl: crm.url,
					clientId: 'client',
					clientSecret: 'shh',
					// stored values of hidden OAuth fields are ignored, as in n8n 2.41
					accessTokenUrl: 'http://127.0.0.1:1/ignored',
					oauthTokenData: { access_token: 'expired-token', refresh_token: 'refresh-1', token_type: 'Bearer' },
				},
			},
		};
		const wf = echoWorkflow(
			{ authentication: 'oAuth2Code', url: `${crm.url}/echo`, value: 'c' },
			{ crmPackTestOAuth2CodeApi: { id: 'c1', name: 'OAuth2 code' } },
		);
		const r = await runWorkflow(wf, { packageDir, credentials });
		expect(r.error).toBeUndefined();
		expect(crm.requests.map((q) => `${q.method} ${q.path} ${q.headers.authorization ?? ''}`.trim())).toEqual([
			'POST /echo Bearer expired-token',
			expect.stringMatching(/^POST \/oauth\/token Basic /),
			'POST /echo Bearer refreshed-from-refresh-1',
		]);
		expect(crm.requests[1].body).toContain('grant_type=refresh_token');
		expect(r.data.Echo[0][0].json.authorization).toBe('Bearer refreshed-from-refresh-1');
		expect(credentials.crmPackTestOAuth2CodeApi.c1.oauthTokenData).toMatchObject({
			access_token: 'refreshed-from-refresh-1',
			refresh_token: 'refresh-2',
		});
	});

	describe('polling trigger', () => {
		const pollWorkflow: WorkflowJson = {
			name: 'poll',
			nodes: [
				{
					id: 'p',
					name: 'New Records',
					type: POLL,
					typeVersion: 1,
					position: [0, 0],
					parameters: { url: '', pollTimes: { item: [{ mode: 'everyMinute' }] } },
					credentials: { crmPackTestBearerApi: { id: 'cred-1', name: 'Bearer' } },
				},
			],
			connections: {},
		};

		beforeAll(() => {
			pollWorkflow.nodes[0].parameters.url = `${crm.url}/records`;
		});

		it('emits only new records, persisting its cursor in static data between polls', async () => {
			crm.records = [
				{ id: 1, name: 'Ada' },
				{ id: 2, name: 'Bo' },
			];
			const first = await runPoll(pollWorkflow, 'New Records', { packageDir, credentials: bearerCredentials() });
			expect(first.items.map((i) => i.json)).toEqual(crm.records);
			expect(first.staticData).toEqual({ 'node:New Records': { lastId: 2 } });
			expect(first.staticDataChanged).toBe(true);
			expect(crm.requests[0].path).toBe('/records?since=0');
			expect(crm.requests[0].headers.authorization).toBe('Bearer secret-token');

			const nothing = await runPoll(pollWorkflow, 'New Records', {
				packageDir,
				credentials: bearerCredentials(),
				staticData: first.staticData,
			});
			expect(nothing.response).toBeNull();
			expect(nothing.items).toEqual([]);
			expect(nothing.staticData).toEqual(first.staticData);

			crm.records.push({ id: 3, name: 'Cy' });
			const third = await runPoll(pollWorkflow, 'New Records', {
				packageDir,
				credentials: bearerCredentials(),
				staticData: nothing.staticData,
			});
			expect(third.items.map((i) => i.json)).toEqual([{ id: 3, name: 'Cy' }]);
			expect(third.staticData).toEqual({ 'node:New Records': { lastId: 3 } });
			expect(crm.requests.map((q) => q.path)).toEqual([
				'/records?since=0',
				'/records?since=2',
				'/records?since=2',
			]);
		});

		it('runs as the start node of a manual workflow run, like "Execute workflow" in the editor', async () => {
			crm.records = [
				{ id: 1, name: 'Ada' },
				{ id: 2, name: 'Bo' },
			];
			const r = await runWorkflow(pollWorkflow, { packageDir, credentials: bearerCredentials() });
			expect(r.error).toBeUndefined();
			expect(r.data['New Records']).toEqual([[{ json: { id: 2, name: 'Bo' }, pairedItem: { item: 0 } }]]);
			// a manual poll leaves the cursor alone (getWorkflowStaticData('node') made the empty slot)
			expect(r.staticData).toEqual({ 'node:New Records': {} });
		});
	});

	it('keeps workflow static data written by a node across runs', async () => {
		const wf = echoWorkflow(
			{ authentication: 'bearer', url: `${crm.url}/echo`, countRuns: true },
			{ crmPackTestBearerApi: { id: 'cred-1', name: 'Bearer' } },
		);
		const first = await runWorkflow(wf, { packageDir, credentials: bearerCredentials() });
		expect(first.error).toBeUndefined();
		expect(first.data.Echo[0][0].json.runCount).toBe(1);
		expect(first.staticData).toEqual({ global: { runs: 1 } });
		expect(first.staticDataChanged).toBe(true);

		const second = await runWorkflow(wf, { packageDir, credentials: bearerCredentials(), staticData: first.staticData });
		expect(second.data.Echo[0][0].json.runCount).toBe(2);
		expect(second.staticData).toEqual({ global: { runs: 2 } });

		// without the previous static data the count starts over
		const fresh = await runWorkflow(wf, { packageDir, credentials: bearerCredentials() });
		expect(fresh.data.Echo[0][0].json.runCount).toBe(1);
	});
});
