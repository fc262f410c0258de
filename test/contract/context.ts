import axios from 'axios';
import { NodeApiError } from 'n8n-workflow';
import type { ICredentialType, IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';

/**
 * The n8n context a connector gets in the contract suite: a credential of one
 * type, requests over real HTTP to the sandbox, authenticated the way the
 * credential type declares (its generic `authenticate`, or a bearer token for
 * an OAuth2 credential), answered in the shape n8n's
 * `httpRequestWithAuthentication` gives (`returnFullResponse`,
 * `ignoreHttpStatusErrors`), network failures thrown as NodeApiError around
 * axios's error, as n8n-core does. Axios's Node http adapter (n8n's own), so a
 * dropped connection is the `socket hang up` / ECONNRESET n8n would see.
 */
export function contractContext(credentialType: string, credential: IDataObject) {
	const node: INode = {
		id: 'contract-node',
		name: 'Contract',
		type: 'n8n-nodes-crm-pack.contract',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: `contract-${credentialType}`, name: 'Contract' } },
	};
	const credentials: Record<string, IDataObject> = { [credentialType]: credential };
	const type = credentialClass(credentialType);

	const request = async (typeName: string, opts: IHttpRequestOptions) => {
		const cred = credentials[typeName] ?? {};
		const { headers, qs } = await authenticate(type, cred, opts);
		try {
			const res = await axios.request({
				method: opts.method ?? 'GET',
				url: opts.url,
				params: qs,
				data: opts.body,
				headers,
				validateStatus: opts.ignoreHttpStatusErrors ? () => true : undefined,
				responseType: opts.json === false ? 'text' : 'json',
			});
			const body = res.data === '' ? undefined : res.data;
			return opts.returnFullResponse ? { body, headers: res.headers, statusCode: res.status } : body;
		} catch (error) {
			throw new NodeApiError(node, error as never);
		}
	};

	const ctx = {
		getNode: () => node,
		getCredentials: async (name: string) => credentials[name],
		getMode: () => 'trigger',
		getWorkflowStaticData: () => ({}),
		continueOnFail: () => false,
		// Plain requests (no credential), for connectors that sign calls themselves (Zoho's `Zoho-oauthtoken`).
		helpers: { httpRequestWithAuthentication: request, httpRequest: (opts: IHttpRequestOptions) => request('', opts) },
		logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
	};
	return ctx as never;
}

/** The credential type's class from credentials/<Name>.credentials.ts (`crmPackHubSpotPrivateAppApi` → `CrmPackHubSpotPrivateAppApi`). */
function credentialClass(name: string): ICredentialType {
	const className = name.charAt(0).toUpperCase() + name.slice(1);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(`../../credentials/${className}.credentials`) as Record<string, new () => ICredentialType>;
	return new mod[className]();
}

/** `={{$credentials.apiToken}}` and `=Bearer {{$credentials.accessToken}}`: the only expressions our credentials use in `authenticate`. */
function expand(template: unknown, cred: IDataObject): string {
	const text = String(template).replace(/^=/, '');
	return text.replace(/\{\{\s*\$credentials\.([A-Za-z0-9_]+)\s*\}\}/g, (_, key: string) => String(cred[key] ?? ''));
}

async function authenticate(type: ICredentialType, cred: IDataObject, opts: IHttpRequestOptions) {
	const auth = type.authenticate;
	if (typeof auth === 'function') {
		// A function authenticate (shared/auth `applyAuth`): n8n calls it with the credential and the request.
		const signed = await auth(cred as never, { ...opts, headers: { ...(opts.headers ?? {}) }, qs: { ...(opts.qs ?? {}) } });
		const qs = (signed.qs ?? {}) as IDataObject;
		return { headers: (signed.headers ?? {}) as Record<string, string>, qs: Object.keys(qs).length ? qs : undefined };
	}
	const headers: Record<string, string> = { ...((opts.headers as Record<string, string>) ?? {}) };
	const qs: IDataObject = { ...(opts.qs ?? {}) };
	if (auth && typeof auth === 'object' && auth.type === 'generic') {
		for (const [k, v] of Object.entries(auth.properties.headers ?? {})) headers[k] = expand(v, cred);
		for (const [k, v] of Object.entries(auth.properties.qs ?? {})) qs[k] = expand(v, cred);
	} else if (type.extends?.includes('oAuth2Api')) {
		const token = (cred.oauthTokenData as IDataObject | undefined)?.access_token;
		if (token) headers.Authorization = `Bearer ${String(token)}`;
	} else if (auth) {
		throw new Error(`The contract context cannot apply ${type.name}'s authenticate (not generic)`);
	}
	return { headers, qs: Object.keys(qs).length ? qs : undefined };
}
