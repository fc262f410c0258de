import axios, { type AxiosRequestConfig } from 'axios';
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IHttpRequestOptions, INode, INodeExecutionData } from 'n8n-workflow';

export const testNode: INode = {
	id: 'node-1',
	name: 'HubSpot (CRM Pack)',
	type: 'n8n-nodes-crm-pack.crmPackHubSpot',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { crmPackHubSpotPrivateAppApi: { id: 'cred-1', name: 'HubSpot test' } },
};

export interface FakeContextOptions {
	parameters?: Record<string, unknown>;
	/** Per-item parameter overrides: itemParameters[i][name]. */
	itemParameters?: Array<Record<string, unknown>>;
	credentials?: Record<string, IDataObject>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	staticData?: IDataObject;
	node?: Partial<INode>;
	mode?: 'manual' | 'trigger';
	/**
	 * Simulated socket failures: return an error (e.g. ECONNRESET) to make this
	 * request fail the way n8n-core reports it, without touching the network.
	 * (nock's replyWithError re-emits the error on an unwatched mock socket under
	 * load and crashes the jest worker, so network failures are simulated here.)
	 */
	networkFailure?: (opts: IHttpRequestOptions) => Error | undefined;
}

/**
 * A minimal n8n execution context for unit tests. Requests go over real HTTP
 * (intercepted by nock) with the credential applied the way the credential's
 * `authenticate` declares it (bearer header), and come back in the shape n8n's
 * `httpRequestWithAuthentication` gives with `returnFullResponse` and
 * `ignoreHttpStatusErrors`; network errors are wrapped in NodeApiError as n8n does.
 */
export function fakeContext(options: FakeContextOptions = {}) {
	const node: INode = { ...testNode, ...(options.node ?? {}) };
	// The node's saved parameters, as n8n holds them: one that differs per item is an expression there.
	const perItemNames = new Set((options.itemParameters ?? []).flatMap((p) => Object.keys(p)));
	if (!options.node?.parameters && (options.parameters || perItemNames.size)) {
		node.parameters = { ...(options.parameters ?? {}) } as INode['parameters'];
		for (const name of perItemNames) {
			// A dotted name is a path into the saved parameters (fieldsUi.field).
			const parts = name.split('.');
			let at = node.parameters as Record<string, unknown>;
			for (const part of parts.slice(0, -1)) at = (at[part] = { ...((at[part] as Record<string, unknown>) ?? {}) }) as Record<string, unknown>;
			at[parts[parts.length - 1]] = `={{ $json[${JSON.stringify(name)}] }}`;
		}
	}
	const staticData = options.staticData ?? {};
	const requests: IHttpRequestOptions[] = [];
	const credentials = options.credentials ?? {
		crmPackHubSpotPrivateAppApi: { accessToken: 'pat-na1-11111111-2222-3333-4444-555555555555', plan: 'starter', baseUrl: 'https://api.hubapi.com' },
	};

	const request = async (credentialType: string, opts: IHttpRequestOptions) => {
		requests.push(opts);
		const failure = options.networkFailure?.(opts);
		if (failure) throw new NodeApiError(node, failure as never);
		const cred = credentials[credentialType] ?? {};
		const headers: Record<string, string> = { ...((opts.headers as Record<string, string>) ?? {}) };
		if (cred.accessToken) headers.Authorization = `Bearer ${cred.accessToken}`;
		const config: AxiosRequestConfig = {
			method: opts.method ?? 'GET',
			url: opts.url,
			params: opts.qs,
			data: opts.body,
			headers,
			validateStatus: opts.ignoreHttpStatusErrors ? () => true : undefined,
			// The fetch adapter: nock intercepts it without mock sockets, whose errors (a
			// nock no-match, say) are emitted unhandled under load and kill the jest worker.
			adapter: 'fetch',
		};
		try {
			const res = await axios.request(config);
			const body = res.data === '' ? undefined : res.data;
			return opts.returnFullResponse ? { body, headers: res.headers, statusCode: res.status } : body;
		} catch (error) {
			throw new NodeApiError(node, error as never);
		}
	};

	const ctx = {
		getNode: () => node,
		getInputData: () => options.items ?? [{ json: {} }],
		continueOnFail: () => options.continueOnFail ?? false,
		getMode: () => options.mode ?? 'trigger',
		getWorkflowStaticData: () => staticData,
		getCredentials: async (type: string) => credentials[type],
		getNodeParameter: (name: string, itemIndex = 0, fallback?: unknown) => {
			const perItem = options.itemParameters?.[itemIndex];
			if (perItem && name in perItem) return perItem[name];
			const params = options.parameters ?? {};
			if (name in params) return params[name];
			// Dotted paths, e.g. options.returnAll
			const value = name.split('.').reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], params);
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Missing parameter ${name}`);
		},
		helpers: {
			httpRequestWithAuthentication: request,
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
		logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
		sendMessageToUI: () => {},
	};
	return { ctx: ctx as never, requests, staticData, node };
}

/** A clock that advances instantly, recording each wait. */
export function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
	let now = start;
	const waits: number[] = [];
	return {
		waits,
		now: () => now,
		sleep: async (ms: number) => {
			waits.push(ms);
			now += ms;
		},
		advance: (ms: number) => {
			now += ms;
		},
	};
}
