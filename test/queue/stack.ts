/**
 * The n8n queue-mode stack the tests run against, as started by
 * scripts/queue-test.js (main, two workers, a webhook processor, PostgreSQL,
 * Redis) and described in the JSON file named by CRM_PACK_QUEUE_STACK; and the
 * calls the tests make to it: n8n's public API on the main instance, webhooks
 * through the webhook processor, and the worker logs, where n8n writes which
 * worker started an execution.
 */
import * as fs from 'node:fs';

export interface StackProcess {
	name: string;
	pid: number;
	logFile: string;
	userFolder: string;
}

export interface QueueStack {
	mainUrl: string;
	webhookUrl: string;
	apiKey: string;
	processes: StackProcess[];
	workers: StackProcess[];
	settings: Record<string, string>;
}

export interface Execution {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string;
	stoppedAt: string | null;
	data?: {
		resultData: {
			error?: { message: string };
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
		};
	};
}

function loadStack(): QueueStack {
	const file = process.env.CRM_PACK_QUEUE_STACK;
	if (!file || !fs.existsSync(file)) {
		throw new Error('CRM_PACK_QUEUE_STACK does not name a stack file: run these tests with `npm run test:queue` (scripts/queue-test.js starts n8n in queue mode)');
	}
	return JSON.parse(fs.readFileSync(file, 'utf8')) as QueueStack;
}

export const stack = loadStack();

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` every `intervalMs` until it gives a value (not undefined); fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60000, intervalMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await pause(intervalMs);
	}
}

const API_TIMEOUT_MS = 60000;

/** n8n's public API on the main instance (/api/v1). */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
	const send = () =>
		fetch(`${stack.mainUrl}/api/v1${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': stack.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
			// a call main leaves unanswered must not hold a wait past its own deadline
			signal: AbortSignal.timeout(API_TIMEOUT_MS),
		});
	let res: Response;
	try {
		res = await send();
	} catch (error) {
		// A kept-alive connection main closed just as it was reused ("other side closed", seen under load with
		// several tests calling at once): the request most likely never reached n8n, and at worst a second
		// credential or workflow of the same name is made, which no test reads; sent again once. A read that
		// timed out: asked again once.
		const cause = String((error as { cause?: unknown }).cause ?? '');
		const resend = /other side closed|ECONNRESET/.test(cause) || (method === 'GET' && (error as Error).name === 'TimeoutError');
		if (!resend) throw error;
		res = await send();
	}
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} /api/v1${path} -> ${res.status}: ${text.slice(0, 500)}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

export async function createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
	const created = await api<{ id: string }>('POST', '/credentials', { name, type, data });
	return { id: created.id, name };
}

/** A CRM Pack Data Tables API credential: the stack's API key, and the main instance every process reaches. */
export async function n8nApiCredential(name: string): Promise<{ id: string; name: string }> {
	return await createCredential(name, 'crmPackN8nApi', { apiKey: stack.apiKey, baseUrl: `${stack.mainUrl}/api/v1` });
}

export interface WorkflowInput {
	name: string;
	nodes: unknown[];
	connections: unknown;
	settings?: Record<string, unknown>;
}

/** Creates and activates (publishes) a workflow through the public API. */
export async function publishWorkflow(workflow: WorkflowInput): Promise<string> {
	const created = await api<{ id: string }>('POST', '/workflows', { settings: { executionOrder: 'v1' }, ...workflow });
	await api('POST', `/workflows/${created.id}/activate`);
	return created.id;
}

export async function deactivate(workflowId: string): Promise<void> {
	await api('POST', `/workflows/${workflowId}/deactivate`);
}

/**
 * Whether the webhook processor serves a production webhook at `path` for
 * `method`: a CORS preflight is answered from the registered webhooks without
 * running the workflow.
 */
export async function webhookServed(path: string, method = 'POST'): Promise<boolean> {
	const res = await fetch(`${stack.webhookUrl}/${path.replace(/^\//, '')}`, {
		method: 'OPTIONS',
		headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
	});
	await res.arrayBuffer();
	const allowed = (res.headers.get('access-control-allow-methods') ?? '').split(',').map((m) => m.trim());
	return res.status < 300 && allowed.includes(method);
}

export async function waitForWebhook(path: string, method = 'POST'): Promise<string> {
	await waitFor(`webhook ${path} on the webhook processor`, async () => ((await webhookServed(path, method)) ? true : undefined));
	return `${stack.webhookUrl}/${path}`;
}

export async function executions(workflowId: string, includeData = false): Promise<Execution[]> {
	const res = await api<{ data: Execution[] }>('GET', `/executions?workflowId=${workflowId}&limit=250${includeData ? '&includeData=true' : ''}`);
	return res.data;
}

const isDone = (e: Execution) => !['new', 'running', 'waiting'].includes(e.status);

/** Waits until the workflow has at least `count` executions, all of them ended; returns them oldest first, with data. */
export async function endedExecutions(workflowId: string, count: number, timeoutMs = 120000): Promise<Execution[]> {
	return await waitFor(
		`${count} ended execution(s) of workflow ${workflowId}`,
		async () => {
			const list = await executions(workflowId, true);
			return list.length >= count && list.every(isDone) ? list.sort((a, b) => Number(a.id) - Number(b.id)) : undefined;
		},
		timeoutMs,
	);
}

/** The number of executions once it has not changed for `quietMs` (so a run still being recorded is counted). */
export async function settledCount(workflowId: string, quietMs = 3000): Promise<number> {
	let last = (await executions(workflowId)).length;
	let stableSince = Date.now();
	for (;;) {
		await pause(250);
		const now = (await executions(workflowId)).length;
		if (now !== last) {
			last = now;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= quietMs) return now;
	}
}

/**
 * Which process started an execution, from n8n's own log line
 * "Worker started execution <id> (job <n>)" (workers log at level info).
 * Returns every process that logged it (exactly one expected).
 */
export function processesThatRan(executionId: string): string[] {
	const line = new RegExp(`Worker started execution ${executionId} \\(job `);
	return stack.processes.filter((p) => line.test(fs.readFileSync(p.logFile, 'utf8'))).map((p) => p.name);
}

/** Which process queued an execution: n8n logs "Enqueued execution <id> (job <n>)" where it adds the job to Redis. */
export function processesThatEnqueued(executionId: string): string[] {
	const line = new RegExp(`Enqueued execution ${executionId} \\(job `);
	return stack.processes.filter((p) => line.test(fs.readFileSync(p.logFile, 'utf8'))).map((p) => p.name);
}

/** The worker that ran an execution (waits briefly for the log line); fails when none or several did. */
export async function workerOf(executionId: string): Promise<string> {
	const names = await waitFor(`a worker log naming execution ${executionId}`, async () => {
		const found = processesThatRan(executionId);
		return found.length ? found : undefined;
	}, 10000);
	if (names.length !== 1) throw new Error(`execution ${executionId} was started by ${names.length} processes: ${names.join(', ')}`);
	return names[0];
}

/** The items of a node's last run in an execution (output `output`). */
export function nodeItems(execution: Execution, nodeName: string, output = 0): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run in execution ${execution.id}`);
	return (runs[runs.length - 1].data?.main[output] ?? []).map((i) => i.json);
}

/** Rows of an n8n Data Table by name (empty when the table does not exist). */
export async function tableRows<T>(name: string): Promise<T[]> {
	const tables = await api<{ data: Array<{ id: string; name: string }> }>('GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
	const table = tables.data.find((t) => t.name === name);
	if (!table) return [];
	const rows: T[] = [];
	let cursor: string | undefined;
	do {
		const page = await api<{ data: T[]; nextCursor?: string | null }>('GET', `/data-tables/${table.id}/rows?limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		rows.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return rows;
}
