/**
 * Typed access to scripts/n8n-runtime.js for jest tests that run a real n8n
 * 2.41.1 (installed once into a cache, run with a cached Node 24 binary).
 */
import type { IDataObject, IRun } from 'n8n-workflow';

export interface Runtime {
	nodeBin: string;
	n8nBin: string;
	cacheDir: string;
}

export interface CliResult {
	code: number;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export interface ExecuteResult extends CliResult {
	/** n8n's exit code; when n8n died of SIGSEGV after printing the run (isolated-vm at exit), the code it meant. */
	exitCode: number;
	/** n8n printed the run, then died of SIGSEGV while exiting (see scripts/n8n-runtime.js). */
	crashedOnExit: boolean;
	/** The run n8n printed; undefined for a failed run at log level 'error'. */
	run?: IRun;
}

export interface CredentialToImport {
	id?: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowToImport {
	id?: string;
	name?: string;
	nodes: unknown[];
	connections: unknown;
	settings?: IDataObject;
	[key: string]: unknown;
}

export interface InstanceOptions {
	/** Folder of the package to install as n8n-nodes-crm-pack; default: the repo root (needs a build). */
	packageDir?: string;
	/** 'copy' (default: package.json + files, like a user's install) or 'symlink'. */
	link?: 'copy' | 'symlink';
	port?: number;
	brokerPort?: number;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** Keep the user folder (database, logs) after stop(). */
	keep?: boolean;
	log?: (msg: string) => void;
	installLog?: (msg: string) => void;
	runtime?: Runtime;
	tmpDir?: string;
}

export interface N8nInstance {
	userFolder: string;
	packageInstallDir: string;
	port: number;
	baseUrl: string;
	env: Record<string, string>;
	runtime: Runtime;
	cli(args: string[], opts?: { logLevel?: string; timeoutMs?: number; env?: Record<string, string> }): Promise<CliResult>;
	importCredentials(credentials: CredentialToImport[]): Promise<string[]>;
	importWorkflow(workflow: WorkflowToImport): Promise<string>;
	execute(
		id: string,
		opts?: { logLevel?: 'error' | 'warn' | 'info' | 'debug'; timeoutMs?: number; env?: Record<string, string> },
	): Promise<ExecuteResult>;
	publish(id: string): Promise<CliResult>;
	start(opts?: {
		waitForWebhook?: string;
		webhookMethod?: string;
		timeoutMs?: number;
		logLevel?: string;
		env?: Record<string, string>;
	}): Promise<{ baseUrl: string; healthyMs: number; readyMs: number; pid: number }>;
	webhookRegistered(path: string, method?: string): Promise<boolean>;
	stopServer(): Promise<void>;
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	setupOwner(owner?: { email?: string; password?: string; firstName?: string; lastName?: string }): Promise<unknown>;
	createApiKey(opts?: { label?: string; scopes?: string[] }): Promise<string>;
	api<T = unknown>(apiKey: string, method: string, path: string, body?: unknown): Promise<T>;
	memoryMb(): number;
	readLog(): string;
	stop(opts?: { keep?: boolean }): Promise<void>;
}

interface RuntimeModule {
	ensureRuntime(opts?: { log?: (msg: string) => void; cacheDir?: string }): Runtime;
	createInstance(opts?: InstanceOptions): Promise<N8nInstance>;
	parseRunJson(text: string): IRun | undefined;
	N8N_VERSION: string;
	NODE_VERSION: string;
	PACKAGE_NAME: string;
	defaultCacheDir(): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeModule = require('../../scripts/n8n-runtime.js') as RuntimeModule;

export const { ensureRuntime, createInstance, parseRunJson, N8N_VERSION, NODE_VERSION, defaultCacheDir } =
	runtimeModule;

/** Jest timeout for a test that may install n8n first (measured 5-7 minutes cold, on a loaded 2-core machine). */
export const FIRST_INSTALL_TIMEOUT_MS = 15 * 60 * 1000;

/** The output items of a node in an n8n run (its last run, main output `output`). */
export function nodeOutput(run: IRun, nodeName: string, output = 0): IDataObject[] {
	const tasks = run.data.resultData.runData[nodeName];
	if (!tasks?.length) throw new Error(`node "${nodeName}" did not run`);
	const items = tasks[tasks.length - 1].data?.main?.[output] ?? [];
	return items.map((i) => i.json);
}

/** Polls `fn` every 250 ms until it gives a value (not undefined); fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}
