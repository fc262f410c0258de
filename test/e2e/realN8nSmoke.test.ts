/**
 * Smoke test of the real-n8n machinery: n8n 2.41.1 on Node 24 (installed once
 * into the cache; the first run takes about 5 minutes), a throwaway community
 * package installed as n8n-nodes-crm-pack (or the real package once dist/ has
 * nodes), a workflow imported and run with `n8n execute`, then the server
 * started for a webhook and the REST / public API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { createThrowawayPackage, startFakeCrm, type FakeCrm } from './fixtures/throwawayPackage';
import { FIRST_INSTALL_TIMEOUT_MS, createInstance, ensureRuntime, nodeOutput, type N8nInstance } from './realN8n';

jest.setTimeout(FIRST_INSTALL_TIMEOUT_MS);

const ECHO = 'n8n-nodes-crm-pack.crmPackTestEcho';
const timings: Record<string, number> = {};

let packageDir: string;
let crm: FakeCrm;
let n8n: N8nInstance | undefined;

async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
	const t = Date.now();
	try {
		return await fn();
	} finally {
		timings[label] = Date.now() - t;
	}
}

beforeAll(async () => {
	await timed('ensureRuntime', () =>
		ensureRuntime({ log: (m) => process.stderr.write(`[n8n-runtime] ${m}\n`) }),
	);
	packageDir = createThrowawayPackage();
	crm = await startFakeCrm();
	n8n = await timed('createInstance', () => createInstance({ packageDir }));
	await timed('importCredentials', () =>
		n8n!.importCredentials([
			{ id: 'bearerCred1', name: 'Test bearer', type: 'crmPackTestBearerApi', data: { token: 'real-n8n-token' } },
		]),
	);
});

afterAll(async () => {
	await n8n?.stop();
	await crm?.close();
	if (packageDir) fs.rmSync(packageDir, { recursive: true, force: true });
	process.stderr.write(`[n8n smoke timings ms] ${JSON.stringify(timings)}\n`);
});

const manualTrigger = {
	id: 'a1',
	name: 'Manual',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function echoNode(url: string, value: string) {
	return {
		id: 'a2',
		name: 'Echo',
		type: ECHO,
		typeVersion: 1,
		position: [220, 0],
		parameters: { authentication: 'bearer', url, value },
		credentials: { crmPackTestBearerApi: { id: 'bearerCred1', name: 'Test bearer' } },
	};
}

describe('real n8n 2.41.1', () => {
	it('runs a package node with an imported credential through `n8n execute`', async () => {
		const instance = n8n!;
		crm.requests.length = 0;
		const id = await timed('importWorkflow', () =>
			instance.importWorkflow({
				name: 'smoke: manual -> echo',
				nodes: [manualTrigger, echoNode(`${crm.url}/echo`, '={{ "from " + $workflow.name }}')],
				connections: { Manual: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
			}),
		);
		const result = await timed('execute', () => instance.execute(id));
		expect(result.exitCode).toBe(0);
		expect(result.run?.status).toBe('success');
		expect(nodeOutput(result.run!, 'Echo')).toEqual([
			{
				received: { index: 0, value: 'from smoke: manual -> echo' },
				authorization: 'Bearer real-n8n-token',
				tenant: 'default-tenant',
				session: null,
			},
		]);
		expect(crm.requests.filter((r) => r.path === '/echo')).toHaveLength(1);
	});

	it('reports a failing node with exit code 1 and the failed run', async () => {
		const instance = n8n!;
		const id = await instance.importWorkflow({
			name: 'smoke: failing',
			nodes: [manualTrigger, echoNode(`${crm.url}/fail`, 'x')],
			connections: { Manual: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
		});
		const result = await instance.execute(id);
		expect(result.exitCode).toBe(1);
		expect(result.run?.data.resultData.error?.message).toBe('The service was not able to process your request');
		expect(result.run?.data.resultData.lastNodeExecuted).toBe('Echo');
		expect(result.run?.data.resultData.runData.Echo[0].error?.description).toContain('CRM exploded');
	});

	it('serves a published webhook workflow through the package node, and the REST and public API', async () => {
		const instance = n8n!;
		const webhookPath = 'crm-pack-smoke';
		const id = await instance.importWorkflow({
			name: 'smoke: webhook -> echo',
			nodes: [
				{
					id: 'w1',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'b3c1d8f4-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
					parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
				},
				echoNode(`${crm.url}/echo`, '={{ $json.body.name }}'),
			],
			connections: { Webhook: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
		});
		await timed('publish', () => instance.publish(id));
		const { healthyMs, readyMs } = await instance.start({
			waitForWebhook: `webhook/${webhookPath}`,
			webhookMethod: 'POST',
		});
		timings.startUntilHealthy = healthyMs;
		timings.startUntilWebhookReady = readyMs;
		expect(await instance.webhookRegistered('webhook/not-there', 'POST')).toBe(false);
		crm.requests.length = 0;

		const res = await fetch(`${instance.baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Ada' }),
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			received: { index: 0, value: 'Ada' },
			authorization: 'Bearer real-n8n-token',
			tenant: 'default-tenant',
			session: null,
		});
		expect(crm.requests.map((r) => r.path)).toEqual(['/echo']);

		await instance.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-e2e-Owner' });
		const apiKey = await instance.createApiKey();
		const workflows = await instance.api<{ data: Array<{ id: string; name: string }> }>(apiKey, 'GET', '/workflows');
		expect(workflows.data.map((w) => w.id)).toContain(id);
		// the package's node types are loaded under the published package's name
		const nodeTypes = await instance.rest<Array<{ name: string }>>('GET', '/types/nodes.json');
		expect(nodeTypes.map((t) => t.name)).toEqual(expect.arrayContaining([ECHO, 'n8n-nodes-crm-pack.crmPackTestPoll']));
		timings.memoryMb = instance.memoryMb();
		expect(fs.existsSync(path.join(instance.packageInstallDir, 'package.json'))).toBe(true);
	});
});
