/**
 * The e2e tests' own workflows (test/e2e/workflows, examples/) and sandbox
 * credentials (test/e2e/helpers/credentials.ts, test/contract/subjects.ts) on
 * the queue-mode stack: the credentials a workflow names are created through
 * n8n's public API, and a workflow whose nodes are started by hand in the light
 * runner is published behind a Webhook, so that the webhook processor queues
 * each call and a worker runs it.
 */
import { randomUUID } from 'node:crypto';

import type { CredentialStore, WorkflowJson } from '../e2e/lightRunner';
import { api, createCredential, endedExecutions, processesThatEnqueued, publishWorkflow, settledCount, waitFor, waitForWebhook, workerOf, type Execution } from './stack';

type CredentialRef = { id: string; name: string };

/** The record reduced to these keys (what a test checks of an item or a stored record). */
export const pick =
	(keys: string[]) =>
	(r: Record<string, unknown>): Record<string, unknown> =>
		Object.fromEntries(keys.map((k) => [k, r[k]]));

/**
 * Creates every credential of a light-runner store on the stack; returns how
 * nodes name them, by type and store id. Empty values are left out: n8n's
 * public API refuses hidden fields such as a pre-authentication token the
 * first run fills in (Dynamics' and Salesforce JWT's `accessToken: ''`).
 */
export async function stackCredentials(store: CredentialStore, label: string): Promise<Record<string, Record<string, CredentialRef>>> {
	const refs: Record<string, Record<string, CredentialRef>> = {};
	for (const [type, byId] of Object.entries(store)) {
		for (const [id, data] of Object.entries(byId)) {
			const kept = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== ''));
			refs[type] = { ...refs[type], [id]: await createCredential(`${id} (${label})`, type, kept) };
		}
	}
	return refs;
}

/** The workflow with each node's credentials pointing at the stack's copies; a credential the store lacks fails the test. */
export function withStackCredentials(json: WorkflowJson, refs: Record<string, Record<string, CredentialRef>>): WorkflowJson {
	const nodes = json.nodes.map((node) => {
		if (!node.credentials) return node;
		const credentials = Object.fromEntries(
			Object.entries(node.credentials).map(([type, ref]) => {
				const made = ref.id ? refs[type]?.[ref.id] : undefined;
				if (!made) throw new Error(`workflow "${json.name ?? '?'}": node "${node.name}" names credential ${type}/${ref.id ?? '?'} that the store does not hold`);
				return [type, made];
			}),
		);
		return { ...node, credentials };
	});
	return { ...json, nodes };
}

const isManualTrigger = (type: string) => type === 'n8n-nodes-base.manualTrigger';

/**
 * The workflow started by a production webhook instead of by hand: its Manual
 * Trigger (if any) is replaced by a Webhook that answers with the last node's
 * items and a Code node that turns the request's `items` into items; they feed
 * every node nothing else feeds.
 */
export function behindWebhook(json: WorkflowJson, path: string): WorkflowJson {
	const triggers = new Set(json.nodes.filter((n) => isManualTrigger(n.type)).map((n) => n.name));
	const nodes = json.nodes.filter((n) => !triggers.has(n.name));
	const connections = Object.fromEntries(Object.entries(json.connections).filter(([from]) => !triggers.has(from)));
	const fed = new Set(Object.values(connections).flatMap((c) => Object.values(c).flat(2).filter(Boolean).map((t) => t!.node)));
	const entries = nodes.filter((n) => !fed.has(n.name)).map((n) => ({ node: n.name, type: 'main', index: 0 }));
	return {
		name: json.name,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Queue webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [-480, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{ id: randomUUID(), name: 'Queue items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [-240, 0], parameters: { jsCode: 'return $input.first().json.body.items.map((json) => ({ json }));' } },
			...nodes,
		],
		connections: {
			...connections,
			'Queue webhook': { main: [[{ node: 'Queue items', type: 'main', index: 0 }]] },
			'Queue items': { main: [entries] },
		},
	} as WorkflowJson;
}

export interface CalledWorkflow {
	workflowId: string;
	/** POSTs `items`; the webhook processor's answer (the last node's items) once a worker ran it. */
	call(items: unknown[]): Promise<{ status: number; items: Array<Record<string, unknown>> }>;
}

/** Publishes a workflow behind a webhook (behindWebhook) with the store's credentials on the stack. */
export async function publishBehindWebhook(json: WorkflowJson, store: CredentialStore, path: string): Promise<CalledWorkflow> {
	const refs = await stackCredentials(store, path);
	const workflow = behindWebhook(withStackCredentials(json, refs), path);
	const workflowId = await publishWorkflow({ name: `Queue mode: ${json.name ?? path}`, nodes: workflow.nodes, connections: workflow.connections });
	const url = await waitForWebhook(`webhook/${path}`);
	return {
		workflowId,
		async call(items) {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
			const text = await res.text();
			let answer: unknown;
			try {
				answer = JSON.parse(text);
			} catch {
				throw new Error(`webhook ${path} answered ${res.status} with no JSON: ${text.slice(0, 300)}`);
			}
			return { status: res.status, items: (Array.isArray(answer) ? answer : [answer]) as Array<Record<string, unknown>> };
		},
	};
}

/**
 * The one new execution of a workflow after a call or a delivery: ended with
 * success, in `mode`, queued by `enqueuedBy` (the webhook processor or main),
 * started by exactly one worker. Fails when a second one shows up.
 */
export async function oneRunOnAWorker(workflowId: string, before: number, { mode = 'webhook', enqueuedBy = 'webhook' } = {}): Promise<{ execution: Execution; worker: string }> {
	const list = await endedExecutions(workflowId, before + 1);
	expect(await settledCount(workflowId)).toBe(before + 1);
	const execution = list[list.length - 1];
	expect({ status: execution.status, mode: execution.mode, error: execution.data?.resultData.error?.message }).toEqual({ status: 'success', mode, error: undefined });
	expect(processesThatEnqueued(execution.id)).toEqual([enqueuedBy]);
	const worker = await workerOf(execution.id);
	expect(worker).toMatch(/^worker-\d$/);
	return { execution, worker };
}

export interface PublishedTrigger {
	workflowId: string;
	/** The trigger node's name (its items are the run's output). */
	node: string;
	/** The production URL on the webhook processor, once it serves it. */
	url: string;
}

/**
 * Publishes a workflow of one webhook trigger (an e2e workflow) with the
 * store's credentials on the stack, under a fresh webhook id (the e2e ids are
 * shared by several files); waits until the webhook processor serves it
 * (`path`: the node's webhook path).
 */
export async function publishTrigger(json: WorkflowJson, store: CredentialStore, label: string, path = 'webhook'): Promise<PublishedTrigger> {
	const refs = await stackCredentials(store, label);
	const [trigger, ...rest] = withStackCredentials(json, refs).nodes;
	const webhookId = randomUUID();
	const workflowId = await publishWorkflow({ name: `Queue mode: ${json.name ?? label}`, nodes: [{ ...trigger, id: randomUUID(), webhookId }, ...rest], connections: json.connections });
	const url = await waitForWebhook(`webhook/${webhookId}/${path}`);
	return { workflowId, node: trigger.name, url };
}

/**
 * Waits until main has saved what a trigger's activation keeps in the
 * workflow's static data (`node:<name>`): main registers at the vendor first
 * and saves static data after activation, so a delivery in between finds no
 * secret and is refused (seen with Brivity: 401 for a lead sent the moment
 * its subscription existed).
 */
export async function activationSaved(workflowId: string, node: string): Promise<Record<string, unknown>> {
	return await waitFor(`the static data of "${node}" saved by activation`, async () => {
		const workflow = await api<{ staticData?: Record<string, unknown> | null }>('GET', `/workflows/${workflowId}`);
		const data = workflow.staticData?.[`node:${node}`] as Record<string, unknown> | undefined;
		return data && Object.keys(data).length ? data : undefined;
	});
}
