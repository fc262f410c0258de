/**
 * Light in-process n8n runner for end-to-end tests (Node 20, under jest).
 *
 * Loads a BUILT community package the way n8n does (n8n-core's
 * PackageDirectoryLoader reading the `n8n` field of package.json), so node types
 * are named `<package name>.<node name>` exactly as users see them, and runs a
 * workflow JSON through n8n-core's WorkflowExecute. Credentials come from an
 * in-memory store and go through a credentials helper that behaves like n8n's
 * (defaults of the credential type and its parents, expressions in credential
 * values, generic and function `authenticate`, `preAuthentication` of expirable
 * fields, OAuth2 token data written back).
 *
 * Where a workflow starts: n8n-nodes-base is not installed, so the only built-in
 * node type provided is a stand-in for `n8n-nodes-base.manualTrigger` (it emits
 * one empty item, like the real one), which lets a workflow exported from n8n run
 * unchanged. A workflow may also start at any node of the package: the start
 * node (option `startNode`, else the manual trigger, else n8n's own choice of
 * start node) receives `input` (default: one empty item) and runs like any node.
 * Polling triggers run through `runPoll`, which calls `poll()` with a poll
 * context the way an active workflow does.
 *
 * n8n-core is required lazily: N8N_USER_FOLDER (where n8n-core's instance
 * settings write their config) must point at a temp dir before it first loads.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	ICredentialsHelper,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IRunData,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IConnections,
	IWorkflowSettings,
	WorkflowExecuteMode,
	Workflow as WorkflowType,
	ExecutionError,
} from 'n8n-workflow';

type NWorkflow = typeof import('n8n-workflow');
type NCore = typeof import('n8n-core');

/** Credential data by credential type, then by credential id (the `id` a workflow node names). */
export type CredentialStore = Record<string, Record<string, ICredentialDataDecryptedObject>>;

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: IDataObject | string | null;
	pinData?: Record<string, INodeExecutionData[]>;
	[key: string]: unknown;
}

export interface LightRunnerOptions {
	/** Credential data the nodes may use; OAuth2 token data and refreshed expirable fields are written back into it. */
	credentials?: CredentialStore;
	/** Workflow static data from a previous run (`result.staticData`); default: the workflow's own, or none. */
	staticData?: IDataObject;
	/** Package folder to load (its package.json `n8n` field lists the built files); default: the repo root. */
	packageDir?: string;
	/** Name of the node the run starts at; default: the manual trigger, else n8n's choice of start node. */
	startNode?: string;
	/** Items handed to the start node; default one empty item. */
	input?: INodeExecutionData[];
	/** Execution mode; default 'manual' (as `n8n execute` and the editor's "Execute workflow"). */
	mode?: WorkflowExecuteMode;
	/**
	 * Whether n8n reports the workflow active; default: true for a production run (any mode but 'manual'), as n8n
	 * does for an active workflow. false in a production run is how an n8n 2.x queue-mode worker builds it (from an
	 * execution snapshot without static data: nodes/CrmSync/state.ts).
	 */
	active?: boolean;
}

export interface LightRunResult {
	/** Output of each node that ran (its last run), by output index: `data[nodeName][0]` is the main output. */
	data: Record<string, INodeExecutionData[][]>;
	/** The execution's error (the failing node's), if the run failed. */
	error?: ExecutionError;
	/** Workflow static data after the run; feed it to the next run to persist cursors. */
	staticData: IDataObject;
	/** Whether a node changed static data in this run (n8n saves it only then). */
	staticDataChanged: boolean;
	runData: IRunData;
	/** Node names in the order they finished. */
	nodeExecutionOrder: string[];
	/** The credential store after the run (same object as passed in, updated in place). */
	credentials: CredentialStore;
	status: IRun['status'];
	run: IRun;
}

export interface PollOptions {
	credentials?: CredentialStore;
	staticData?: IDataObject;
	packageDir?: string;
	/** 'trigger' (default) polls as an active workflow does; 'manual' as the editor's "Fetch test event". */
	mode?: 'trigger' | 'manual';
}

export interface PollResult {
	/** What poll() returned: null when there is nothing new, else items by output (usually one). */
	response: INodeExecutionData[][] | null;
	/** The main output's items, or [] when poll() returned null. */
	items: INodeExecutionData[];
	staticData: IDataObject;
	staticDataChanged: boolean;
	credentials: CredentialStore;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/** n8n 2.41.1 (cli credentials-helper): OAuth fields always taken from the type when declared hidden. */
const OAUTH_PINNED_FIELDS = [
	'useDynamicClientRegistration',
	'authUrl',
	'accessTokenUrl',
	'grantType',
	'authentication',
	'usePkce',
	'requestTokenUrl',
	'signatureMethod',
];

let userFolder: string | undefined;

const USER_FOLDER_PREFIX = 'crm-pack-light-';

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * One user folder per process, named after its pid; folders of processes that
 * are gone (jest kills its workers, so exit hooks do not always run) are removed.
 */
function makeUserFolder(): string {
	const tmp = os.tmpdir();
	for (const entry of fs.readdirSync(tmp)) {
		const pid = Number(entry.startsWith(USER_FOLDER_PREFIX) ? entry.slice(USER_FOLDER_PREFIX.length) : NaN);
		if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) {
			fs.rmSync(path.join(tmp, entry), { recursive: true, force: true });
		}
	}
	const folder = path.join(tmp, `${USER_FOLDER_PREFIX}${process.pid}`);
	fs.mkdirSync(folder, { recursive: true });
	return folder;
}

/** n8n-core with a temp N8N_USER_FOLDER; quiet unless N8N_LOG_LEVEL says otherwise. */
function loadCore(): { core: NCore; wf: NWorkflow } {
	if (!userFolder) {
		userFolder = makeUserFolder();
		process.env.N8N_USER_FOLDER = userFolder;
		// n8n logs every failing node's stack at level error; tests assert on errors instead
		process.env.N8N_LOG_LEVEL ??= 'silent';
		process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return { core: require('n8n-core') as NCore, wf: require('n8n-workflow') as NWorkflow };
}

/* ------------------------------------------------------------------ registry */

interface LoadedPackage {
	packageName: string;
	nodeTypes: INodeTypes;
	credentialTypes: Map<string, ICredentialType>;
	/** Credential type name -> full node type names allowed to use it. */
	supportedNodes: Map<string, string[]>;
}

const packageCache = new Map<string, Promise<LoadedPackage>>();

/**
 * Stand-in for n8n-nodes-base's oAuth2Api: the parent every OAuth2 credential
 * extends. Only what n8n-core's OAuth2 request path reads (grant type,
 * token URL, client id/secret, scope, client authentication) with n8n's defaults.
 */
function oAuth2ApiStandIn(): ICredentialType {
	const hidden = (name: string, dflt: string): INodeProperties => ({
		displayName: name,
		name,
		type: 'hidden',
		default: dflt,
	});
	return {
		name: 'oAuth2Api',
		displayName: 'OAuth2 API',
		properties: [
			hidden('grantType', 'authorizationCode'),
			hidden('authUrl', ''),
			hidden('accessTokenUrl', ''),
			hidden('clientId', ''),
			hidden('clientSecret', ''),
			hidden('scope', ''),
			hidden('authQueryParameters', ''),
			hidden('authentication', 'header'),
		],
	};
}

function manualTriggerStandIn(): INodeType {
	return {
		description: {
			displayName: 'Manual Trigger (light runner stand-in)',
			name: 'manualTrigger',
			group: ['trigger'],
			version: [1],
			description: 'Emits one empty item, as n8n-nodes-base.manualTrigger does',
			defaults: { name: 'When clicking ‘Execute workflow’' },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			return [[{ json: {} }]];
		},
	} as unknown as INodeType;
}

async function loadPackage(packageDir: string): Promise<LoadedPackage> {
	const key = fs.realpathSync(packageDir);
	let loaded = packageCache.get(key);
	if (!loaded) {
		loaded = (async () => {
			const { core, wf } = loadCore();
			const loader = new core.PackageDirectoryLoader(key);
			await loader.loadAll();
			const packageName = loader.packageName;
			const nodes = new Map<string, INodeType | IVersionedNodeType>();
			for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
				nodes.set(`${packageName}.${name}`, type);
			}
			nodes.set(MANUAL_TRIGGER_TYPE, manualTriggerStandIn());
			const credentialTypes = new Map<string, ICredentialType>();
			credentialTypes.set('oAuth2Api', oAuth2ApiStandIn());
			for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
				credentialTypes.set(name, type);
			}
			const supportedNodes = new Map<string, string[]>();
			for (const [cred, nodeNames] of Object.entries(loader.nodesByCredential)) {
				supportedNodes.set(
					cred,
					nodeNames.map((n) => `${packageName}.${n}`),
				);
			}
			const nodeTypes: INodeTypes = {
				getByName(type) {
					const t = nodes.get(type);
					if (!t) throw new wf.UnexpectedError(`Unknown node type "${type}" (loaded: ${[...nodes.keys()].join(', ')})`);
					return t;
				},
				getByNameAndVersion(type, version) {
					return wf.NodeHelpers.getVersionedNodeType(this.getByName(type), version);
				},
				getKnownTypes() {
					return Object.fromEntries(
						[...nodes.keys()].map((n) => [n, { className: n, sourcePath: '' }]),
					);
				},
			};
			return { packageName, nodeTypes, credentialTypes, supportedNodes };
		})();
		packageCache.set(key, loaded);
		loaded.catch(() => packageCache.delete(key));
	}
	return await loaded;
}

/* -------------------------------------------------------- credentials helper */

class InMemoryCredentialsHelper {
	constructor(
		private readonly pkg: LoadedPackage,
		readonly store: CredentialStore,
		private readonly wf: NWorkflow,
	) {}

	private type(name: string): ICredentialType {
		const t = this.pkg.credentialTypes.get(name);
		if (!t) throw new this.wf.UnexpectedError(`Unknown credential type "${name}"`);
		return t;
	}

	getParentTypes(name: string): string[] {
		const parents: string[] = [];
		const visit = (n: string) => {
			for (const parent of this.pkg.credentialTypes.get(n)?.extends ?? []) {
				if (!parents.includes(parent)) {
					parents.push(parent);
					visit(parent);
				}
			}
		};
		visit(name);
		return parents;
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const t = this.pkg.credentialTypes.get(credentialType);
		if (!t?.restrictToSupportedNodes) return true;
		return (this.pkg.supportedNodes.get(credentialType) ?? []).includes(nodeType);
	}

	/** Own properties after those of the parents, a child's overriding a parent's of the same name. */
	getCredentialsProperties(type: string): INodeProperties[] {
		const t = this.type(type);
		const byName = new Map<string, INodeProperties>();
		for (const parent of t.extends ?? []) {
			if (!this.pkg.credentialTypes.has(parent)) continue;
			for (const p of this.getCredentialsProperties(parent)) byName.set(p.name, p);
		}
		for (const p of t.properties) byName.set(p.name, p);
		return [...byName.values()];
	}

	private stored(nodeCredentials: INodeCredentialsDetails, type: string): ICredentialDataDecryptedObject {
		const ofType = this.store[type] ?? {};
		const id = nodeCredentials?.id;
		if (id && ofType[id]) return ofType[id];
		const ids = Object.keys(ofType);
		if (!id && ids.length === 1) return ofType[ids[0]];
		throw new this.wf.NodeOperationError(
			{ name: 'credentials', type, parameters: {} } as unknown as INode,
			`Credential with ID "${id ?? '(none)'}" does not exist for type "${type}" (light runner store has: ${ids.join(', ') || 'none'})`,
		);
	}

	private storedId(nodeCredentials: INodeCredentialsDetails | undefined, type: string): string | undefined {
		const ofType = this.store[type] ?? {};
		if (nodeCredentials?.id && ofType[nodeCredentials.id]) return nodeCredentials.id;
		const ids = Object.keys(ofType);
		return ids.length === 1 ? ids[0] : undefined;
	}

	/** Stored data with the type's defaults filled in and expressions (`={{ $self.x }}`) resolved. */
	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const data = structuredClone(this.stored(nodeCredentials, type));
		if (raw) return data;
		return this.applyDefaultsAndExpressions(data, type, mode);
	}

	private applyDefaultsAndExpressions(
		original: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
	): ICredentialDataDecryptedObject {
		const { NodeHelpers, Workflow } = this.wf;
		const properties = this.getCredentialsProperties(type);
		// like n8n 2.41: stored values of these OAuth fields are ignored when the type declares them hidden
		const stored = { ...original };
		for (const field of OAUTH_PINNED_FIELDS) {
			if (properties.some((p) => p.name === field && p.type === 'hidden')) delete stored[field];
		}
		const withDefaults = (NodeHelpers.getNodeParameters(properties, stored as INodeParameters, true, false, null, null) ??
			{}) as ICredentialDataDecryptedObject;
		// like n8n 2.41: fields the type does not declare are dropped, except these
		for (const k of ['oauthTokenData', 'allowedHttpRequestDomains', 'allowedDomains']) {
			if (original[k] !== undefined && withDefaults[k] === undefined) withDefaults[k] = original[k];
		}
		const mockNode: INode = {
			id: 'credentials-mock',
			name: 'mock',
			type: 'mock',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const workflow = new Workflow({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: {
				getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
				getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
				getKnownTypes: () => ({}),
			},
		});
		return workflow.expression.getComplexParameterValue(
			mockNode,
			withDefaults as INodeParameters,
			mode,
			{},
			undefined,
			undefined,
			withDefaults,
		) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.stored(nodeCredentials, type);
		return {
			id: nodeCredentials.id ?? undefined,
			name: nodeCredentials.name,
			type,
			getData: () => structuredClone(data),
			getDataToSave: () => ({ id: nodeCredentials.id, name: nodeCredentials.name, type, data: '' }),
			setData: (d: ICredentialDataDecryptedObject) => this.write(nodeCredentials, type, d),
		} as unknown as ICredentials;
	}

	private write(nodeCredentials: INodeCredentialsDetails | undefined, type: string, data: ICredentialDataDecryptedObject) {
		const id = this.storedId(nodeCredentials, type) ?? nodeCredentials?.id ?? 'default';
		this.store[type] ??= {};
		this.store[type][id] = structuredClone(data);
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.write(nodeCredentials, type, data);
	}

	/** n8n stores only the new oauthTokenData (the rest of the credential is unchanged). */
	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		const id = this.storedId(nodeCredentials, type) ?? nodeCredentials?.id ?? 'default';
		this.store[type] ??= {};
		this.store[type][id] = { ...(this.store[type][id] ?? {}), oauthTokenData: structuredClone(data.oauthTokenData) };
	}

	/** Generic auth: each `={{ $credentials.x }}` value resolved and merged into headers / qs / body / auth. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: WorkflowType,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = this.type(typeName);
		const { authenticate } = credentialType;
		if (authenticate === undefined) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate.type !== 'generic') return requestOptions;
		requestOptions.headers ??= {};
		const resolve = (value: unknown) => this.resolveWithCredentials(value, credentials, workflow, node);
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			const target = ((requestOptions as unknown as IDataObject)[outerKey] ??= {}) as IDataObject;
			for (const [key, value] of Object.entries(outerValue as IDataObject)) {
				target[resolve(key) as string] = resolve(value) as IDataObject[string];
			}
		}
		return requestOptions;
	}

	private resolveWithCredentials(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow: WorkflowType | undefined,
		node: INode | undefined,
	): unknown {
		if (typeof value !== 'string' || !value.startsWith('=')) return value;
		if (!workflow || !node) {
			throw new this.wf.UnexpectedError('authenticate needs the workflow and node to resolve expressions');
		}
		return workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials } as never,
			undefined,
			'',
		);
	}

	/**
	 * As n8n 2.41.1 does: a credential type with `preAuthentication` and a hidden
	 * expirable field gets preAuthentication() run when that field is '' or the
	 * request came back 401; the result is merged into the credential and saved
	 * (stored expression values are kept, except for the expirable field).
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.type(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined || !node.credentials) return undefined;
		const nodeCredentials = node.credentials[typeName];
		const stored = this.stored(nodeCredentials, typeName);
		const toPersist: ICredentialDataDecryptedObject = { ...stored };
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !this.wf.isExpression(stored[key])) toPersist[key] = value as ICredentialDataDecryptedObject[string];
		}
		this.write(nodeCredentials, typeName, toPersist);
		return Object.assign(credentials, output);
	}

	/** Used on the OAuth2 path: preAuthentication without the expiry check. */
	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.type(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}
}

/* ------------------------------------------------------------------- running */

function parseStaticData(json: WorkflowJson, given?: IDataObject): IDataObject | undefined {
	if (given) return structuredClone(given);
	const s = json.staticData;
	if (!s) return undefined;
	return typeof s === 'string' ? (JSON.parse(s) as IDataObject) : structuredClone(s);
}

/** A plain copy of static data, and whether a node changed it (n8n's non-enumerable flag). */
function plainStaticData(staticData: IDataObject): { data: IDataObject; changed: boolean } {
	const changed = (staticData as { __dataChanged?: boolean }).__dataChanged === true;
	return { data: JSON.parse(JSON.stringify(staticData ?? {})) as IDataObject, changed };
}

interface Prepared {
	core: NCore;
	wf: NWorkflow;
	workflow: WorkflowType;
	helper: InMemoryCredentialsHelper;
	additionalData: IWorkflowExecuteAdditionalData;
	hooks: InstanceType<NCore['ExecutionLifecycleHooks']>;
}

let executionCounter = 0;

async function prepare(
	json: WorkflowJson,
	opts: { credentials?: CredentialStore; staticData?: IDataObject; packageDir?: string; active?: boolean },
	mode: WorkflowExecuteMode,
): Promise<Prepared> {
	const active = opts.active ?? mode !== 'manual';
	const { core, wf } = loadCore();
	const pkg = await loadPackage(opts.packageDir ?? REPO_ROOT);
	const nodes = structuredClone(json.nodes);
	const workflow = new wf.Workflow({
		id: json.id ?? 'light-runner',
		name: json.name ?? 'light runner workflow',
		nodes,
		connections: structuredClone(json.connections ?? {}),
		active,
		nodeTypes: pkg.nodeTypes,
		settings: json.settings,
		staticData: parseStaticData(json, opts.staticData),
	});
	const helper = new InMemoryCredentialsHelper(pkg, opts.credentials ?? {}, wf);
	const executionId = String(++executionCounter);
	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? '',
		active,
		isArchived: false,
		nodes,
		connections: workflow.connectionsBySourceNode,
		settings: json.settings ?? {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
	const hooks = new core.ExecutionLifecycleHooks(mode, executionId, workflowData);
	const base = 'http://127.0.0.1:5678';
	const unavailable = (what: string) => async () => {
		throw new wf.UnexpectedError(`${what} is not available in the light runner`);
	};
	const additionalData = {
		credentialsHelper: helper as unknown as ICredentialsHelper,
		hooks,
		executionId,
		workflowId: workflow.id,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		executeWorkflow: unavailable('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unavailable('The Code node task runner'),
	} as unknown as IWorkflowExecuteAdditionalData;
	return { core, wf, workflow, helper, additionalData, hooks };
}

function pickStartNode(workflow: WorkflowType, wanted?: string): INode {
	if (wanted) {
		const node = workflow.getNode(wanted);
		if (!node) throw new Error(`Start node "${wanted}" is not in the workflow`);
		return node;
	}
	const manual = Object.values(workflow.nodes).find((n) => n.type === MANUAL_TRIGGER_TYPE && !n.disabled);
	if (manual) return manual;
	const start = workflow.getStartNode();
	if (!start) throw new Error('The workflow has no start node; pass options.startNode');
	return start;
}

/** Runs a workflow JSON in-process and returns every node's output, the error if any, and the static data. */
export async function runWorkflow(json: WorkflowJson, options: LightRunnerOptions = {}): Promise<LightRunResult> {
	const mode = options.mode ?? 'manual';
	const { core, workflow, helper, additionalData, hooks } = await prepare(json, options, mode);
	const nodeExecutionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName: string) => {
		nodeExecutionOrder.push(nodeName);
	});
	const startNode = pickStartNode(workflow, options.startNode);
	const runExecutionData = {
		version: 1,
		startData: {},
		resultData: { runData: {}, pinData: json.pinData },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [structuredClone(options.input ?? [{ json: {} }])] },
					source: null,
				},
			],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;
	const execute = new core.WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await execute.processRunExecutionData(workflow);
	const runData = run.data.resultData.runData;
	const data: Record<string, INodeExecutionData[][]> = {};
	for (const [name, tasks] of Object.entries(runData)) {
		const last = tasks[tasks.length - 1];
		if (last?.data?.main) data[name] = last.data.main.map((items) => items ?? []);
	}
	const { data: staticData, changed } = plainStaticData(workflow.staticData);
	return {
		data,
		error: run.data.resultData.error,
		staticData,
		staticDataChanged: changed,
		runData,
		nodeExecutionOrder,
		credentials: helper.store,
		status: run.status,
		run,
	};
}

/**
 * Runs one poll of a polling trigger node (its `poll()`), as an active workflow
 * does on each interval (mode 'trigger') or as "Fetch test event" (mode 'manual').
 */
export async function runPoll(json: WorkflowJson, nodeName: string, options: PollOptions = {}): Promise<PollResult> {
	const mode = options.mode ?? 'trigger';
	const { core, workflow, helper, additionalData } = await prepare(json, options, mode);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`Node "${nodeName}" is not in the workflow`);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (typeof nodeType.poll !== 'function') throw new Error(`Node "${nodeName}" (${node.type}) has no poll()`);
	const emitted: INodeExecutionData[][][] = [];
	const context = new core.PollContext(
		workflow,
		node,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : 'activate',
		(data: INodeExecutionData[][]) => emitted.push(data),
		(error: Error) => {
			throw error;
		},
	);
	const response = (await nodeType.poll.call(context)) ?? null;
	const { data: staticData, changed } = plainStaticData(workflow.staticData);
	return {
		response,
		items: response?.[0] ?? [],
		staticData,
		staticDataChanged: changed,
		credentials: helper.store,
	};
}

export interface WebhookMethodResult {
	/** What the method returned (checkExists: whether the vendor already has the webhook). */
	result?: boolean;
	/** What it threw, if it failed. */
	error?: unknown;
	staticData: IDataObject;
	credentials: CredentialStore;
}

/**
 * Runs one of a webhook trigger's lifecycle methods (`checkExists`, `create`,
 * `delete` of `webhookMethods.default`) with n8n-core's HookContext, as n8n does
 * when it activates or deactivates a workflow. The webhook URL is the light
 * runner's base URL plus the node's webhook path.
 */
export async function runWebhookMethod(
	json: WorkflowJson,
	nodeName: string,
	method: 'checkExists' | 'create' | 'delete',
	options: PollOptions = {},
): Promise<WebhookMethodResult> {
	const { core, workflow, helper, additionalData } = await prepare(json, options, 'trigger');
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`Node "${nodeName}" is not in the workflow`);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const hook = nodeType.webhookMethods?.default?.[method];
	if (typeof hook !== 'function') throw new Error(`Node "${nodeName}" (${node.type}) has no webhookMethods.default.${method}`);
	const context = new core.HookContext(workflow, node, additionalData, 'trigger', 'activate');
	let result: boolean | undefined;
	let error: unknown;
	try {
		result = await hook.call(context);
	} catch (e) {
		error = e;
	}
	return { result, error, staticData: plainStaticData(workflow.staticData).data, credentials: helper.store };
}

export interface WebhookRequest {
	method?: string;
	/** The request's URL path (default `/webhook`); a trigger may check it (the Salesforce endpoint secret). */
	url?: string;
	headers: Record<string, string>;
	/** The raw body as sent; parsed as JSON into `body` unless given. */
	rawBody: string;
	body?: unknown;
	query?: Record<string, string>;
}

export interface WebhookCallResult {
	/** What webhook() returned. */
	response?: unknown;
	/** What it threw. */
	error?: unknown;
	/** What the node answered itself (status and body), when it used the response object. */
	answered?: { status: number; body: unknown; headers: Record<string, string> };
	staticData: IDataObject;
}

/**
 * Calls a webhook trigger's `webhook()` with n8n-core's WebhookContext, as n8n
 * does when a delivery arrives: the request object carries the headers, the
 * parsed body and `rawBody` (a Buffer, as n8n's body parser leaves it).
 */
export async function runWebhook(json: WorkflowJson, nodeName: string, request: WebhookRequest, options: PollOptions = {}): Promise<WebhookCallResult> {
	const { core, workflow, additionalData } = await prepare(json, options, 'webhook');
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`Node "${nodeName}" is not in the workflow`);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (typeof nodeType.webhook !== 'function') throw new Error(`Node "${nodeName}" (${node.type}) has no webhook()`);
	const answered = { status: 200, body: undefined as unknown, headers: {} as Record<string, string> };
	const res = {
		status(code: number) {
			answered.status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			answered.headers[name] = value;
			return res;
		},
		send(body: unknown) {
			answered.body = body;
			return res;
		},
		json(body: unknown) {
			answered.body = body;
			return res;
		},
		// n8n's response object is Express's: a body given to end() is what the caller gets.
		end(body?: unknown) {
			if (body !== undefined) answered.body = Buffer.isBuffer(body) ? body.toString('utf8') : body;
			return res;
		},
	};
	const req = {
		method: request.method ?? 'POST',
		url: request.url ?? '/webhook',
		headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
		body: request.body ?? (request.rawBody ? (JSON.parse(request.rawBody) as unknown) : {}),
		rawBody: Buffer.from(request.rawBody, 'utf8'),
		query: request.query ?? {},
		params: {},
	};
	(additionalData as unknown as IDataObject).httpRequest = req as unknown as IDataObject;
	(additionalData as unknown as IDataObject).httpResponse = res as unknown as IDataObject;
	const description = nodeType.description.webhooks?.[0];
	const webhookData = {
		httpMethod: req.method,
		node: node.name,
		path: String(description?.path ?? 'webhook'),
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	};
	const context = new core.WebhookContext(workflow, node, additionalData, 'webhook', webhookData as never, [], null);
	let response: unknown;
	let error: unknown;
	try {
		response = await nodeType.webhook.call(context);
	} catch (e) {
		error = e;
	}
	return { response, error, answered, staticData: plainStaticData(workflow.staticData).data };
}

/**
 * Calls one of a node's dropdown methods (`methods.loadOptions[name]`,
 * `methods.listSearch[name]`, `methods.resourceMapping[name]`) with n8n-core's
 * LoadOptionsContext, as the editor does when it opens that dropdown.
 */
export async function runLoadOptions(
	json: WorkflowJson,
	nodeName: string,
	kind: 'loadOptions' | 'listSearch' | 'resourceMapping',
	method: string,
	options: PollOptions = {},
): Promise<{ result?: unknown; error?: unknown }> {
	const { core, workflow, additionalData } = await prepare(json, options, 'internal');
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`Node "${nodeName}" is not in the workflow`);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const fn = (nodeType.methods?.[kind] as Record<string, (...args: unknown[]) => Promise<unknown>> | undefined)?.[method];
	if (typeof fn !== 'function') throw new Error(`Node "${nodeName}" has no methods.${kind}.${method}`);
	const context = new core.LoadOptionsContext(workflow, node, additionalData, '');
	try {
		return { result: await fn.call(context, '') };
	} catch (error) {
		return { error };
	}
}
