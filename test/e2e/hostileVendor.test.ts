/**
 * Secrets against a hostile vendor (issue 19): every node of the package, with
 * every credential type it accepts, runs against the sandbox's `hostile` vendor,
 * which echoes every header, query and body back in its errors (and lists the
 * raw credential values it found, so only exact redaction can remove them). The
 * credentials hold a recognisable secret in every secret field; the vendor
 * issues recognisable tokens during the run (refreshed OAuth2 access and
 * refresh tokens, JWT sessions; Salesforce ones shaped `<org id>!<secret>`).
 * Every output item, the execution's error and run data, and every line n8n
 * logged (at debug level) is searched for all of them, whole and in pieces.
 *
 * Which nodes and credentials: read from the built package (package.json's `n8n`
 * field), so a node or credential type added later fails here until it has a
 * scenario. Two vendor modes: `issue` (n8n renews the session, the vendor then
 * refuses the call and echoes the new token) and `refuse` (the token endpoint
 * refuses and echoes the token-call body: client secret, refresh token, the
 * signed JWT assertion).
 *
 * Token URLs: HubSpot's and Pipedrive's OAuth2 token URLs are hidden, fixed
 * fields (n8n ignores stored values), so nock forwards requests for
 * https://api.hubapi.com/oauth/v1/token and https://oauth.pipedrive.com/oauth/token
 * to the hostile vendor, as pipedriveOAuth2.test.ts does for the sandbox.
 */
import { createHmac } from 'node:crypto';
import * as path from 'node:path';
import nock from 'nock';
import type { ICredentialType, IDataObject, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox';
import { salesforceKeys } from './helpers/credentials';
import { REPO_ROOT, runLoadOptions, runPoll, runWebhook, runWebhookMethod, runWorkflow, type CredentialStore, type WebhookRequest, type WorkflowJson } from './lightRunner';

jest.setTimeout(120_000);

interface HostileApi {
	baseUrl: string;
	setMode(mode: 'issue' | 'refuse'): void;
	secrets(): string[];
	issued(): string[];
	calls(): Array<{ method: string; path: string; status: number }>;
	reset(): void;
}

const MARK = 'ZZSECRETZZ';
const CRED_ID = 'hostile';

const pkg = require(path.join(REPO_ROOT, 'package.json')) as { n8n: { nodes: string[]; credentials: string[] } };
const loadClass = <T>(file: string): T => {
	const mod = require(path.join(REPO_ROOT, file)) as Record<string, new () => T>;
	return new (Object.values(mod).find((v) => typeof v === 'function') as new () => T)();
};
const credentialTypes = pkg.n8n.credentials.map((f) => loadClass<ICredentialType>(f));
const nodeClasses = pkg.n8n.nodes.map((f) => loadClass<INodeType>(f));
const nodeTypes = nodeClasses.map((n) => n.description as INodeTypeDescription);
const DROPDOWN_KINDS = ['loadOptions', 'listSearch', 'resourceMapping'] as const;
/** The dropdown methods of a node type, as the editor calls them. */
const dropdownsOf = (name: string) => {
	const methods = nodeClasses.find((n) => n.description.name === name)?.methods ?? {};
	return DROPDOWN_KINDS.flatMap((kind) => Object.keys((methods as IDataObject)[kind] ?? {}).map((method) => ({ kind, method })));
};

/* ------------------------------------------------------------ log capture */

const logLines: string[] = [];
function captureLogs(): void {
	const record =
		(level: string) =>
		(message: string, meta: unknown = {}) => {
			logLines.push(`${level} ${message} ${serialize(meta)}`);
		};
	const logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
	const scoped = { ...logger, scoped: () => scoped };
	const wf = require('n8n-workflow') as typeof import('n8n-workflow');
	wf.LoggerProxy.init(scoped as never);
	const { Container } = require('@n8n/di') as { Container: { set: (k: unknown, v: unknown) => void } };
	const { Logger } = require('@n8n/backend-common') as { Logger: unknown };
	Container.set(Logger, scoped);
}

/** Everything an object holds, non-enumerable properties (an Error's message and stack, a cause) included. */
function serialize(value: unknown): string {
	const seen = new Set<unknown>();
	const walk = (v: unknown, depth: number): unknown => {
		if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
		if (seen.has(v) || depth > 40) return '[seen]';
		seen.add(v);
		if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
		const out: Record<string, unknown> = {};
		for (const key of Object.getOwnPropertyNames(v)) {
			try {
				out[key] = walk((v as Record<string, unknown>)[key], depth + 1);
			} catch {
				out[key] = '[unreadable]';
			}
		}
		return out;
	};
	return JSON.stringify(walk(value, 0));
}

/* ------------------------------------------------------------ credentials */

/** Secret fields of a credential type: its password fields, and an OAuth2 type's client secret and tokens. */
function secretFieldsOf(type: ICredentialType): string[] {
	const fields = type.properties.filter((p) => p.typeOptions?.password === true && p.type !== 'hidden').map((p) => p.name);
	if (type.extends?.includes('oAuth2Api')) fields.push('clientSecret', 'oauthTokenData.access_token', 'oauthTokenData.refresh_token');
	return fields;
}

/** A GraphQL CRM resource definition (contacts only) whose calls reach the hostile vendor. */
const HOSTILE_GRAPHQL_DEFINITION = {
	contact: {
		list: { query: 'query($first: Int, $after: String, $since: String) { contacts(first: $first, after: $after, updatedSince: $since) { edges { node { id email updatedAt } } pageInfo { hasNextPage endCursor } } }', path: 'contacts' },
		getByIds: { query: 'query($ids: [ID!]!) { contactsByIds(ids: $ids) { id email updatedAt } }', path: 'contactsByIds' },
		create: { mutation: 'createContact(input: $input) { id email updatedAt }', inputType: 'ContactInput!' },
	},
};

/** A credential of every type, pointed at the hostile vendor, with a recognisable secret in every secret field. */
function hostileCredentials(hostile: HostileApi): Record<string, IDataObject> {
	const { privateKey } = salesforceKeys();
	const sf = `${hostile.baseUrl}/salesforce`;
	const secret = (name: string) => `${name}-${MARK}-${Math.random().toString(36).slice(2, 10)}`;
	return {
		crmPackHubSpotPrivateAppApi: { accessToken: secret('hs-private-app-token'), plan: 'starter', baseUrl: `${hostile.baseUrl}/hubspot` },
		crmPackHubSpotOAuth2Api: {
			clientId: 'hs-client-id',
			clientSecret: secret('hs-client-secret'),
			baseUrl: `${hostile.baseUrl}/hubspot`,
			oauthTokenData: { access_token: secret('hs-access'), refresh_token: secret('hs-refresh'), token_type: 'bearer', expires_in: 1800 },
		},
		crmPackHubSpotDeveloperApi: { clientSecret: secret('hs-dev-client-secret'), appId: '1234567', apiKey: secret('hs-dev-api-key'), baseUrl: `${hostile.baseUrl}/hubspot` },
		crmPackSalesforceOAuth2Api: {
			environment: 'custom',
			customLoginUrl: sf,
			clientId: 'sf-client-id',
			clientSecret: secret('sf-client-secret'),
			apiVersion: 'v62.0',
			oauthTokenData: { access_token: `00DSTORED00000001!${secret('sf-access')}`, refresh_token: secret('sf-refresh'), instance_url: sf, token_type: 'Bearer' },
		},
		// The key must really sign; its text is searched for whole and line by line.
		crmPackSalesforceJwtApi: { environment: 'custom', customLoginUrl: sf, consumerKey: 'sf-consumer-key', username: 'integration@example.com', privateKey, apiVersion: 'v62.0', accessToken: '', instanceUrl: '' },
		crmPackPipedriveApi: { apiToken: secret('pd-api-token'), companyDomain: `${hostile.baseUrl}/pipedrive`, plan: 'lite' },
		crmPackPipedriveOAuth2Api: {
			clientId: 'pd-client-id',
			clientSecret: secret('pd-client-secret'),
			plan: 'lite',
			baseUrl: '',
			oauthTokenData: { access_token: secret('pd-access'), refresh_token: secret('pd-refresh'), token_type: 'Bearer', api_domain: `${hostile.baseUrl}/pipedrive` },
		},
		crmPackFreshsalesApi: { apiKey: secret('fs-api-key'), domain: `${hostile.baseUrl}/freshsales`, host: 'bundle', plan: 'growth' },
		crmPackGraphqlCrmApi: {
			endpoint: `${hostile.baseUrl}/hubspot/graphql`,
			authType: 'bearer',
			bearerToken: secret('gql-bearer-token'),
			// the other presets' secrets are set too: stored, they must not leak either
			apiKey: secret('gql-api-key'),
			basicUser: 'gql-user',
			basicPassword: secret('gql-basic-password'),
			jwtUsername: 'gql-user',
			jwtPassword: secret('gql-jwt-password'),
			resourceDefinition: JSON.stringify(HOSTILE_GRAPHQL_DEFINITION),
		},
		crmPackRestCrmApi: {
			baseUrl: `${hostile.baseUrl}/generic`,
			apiVersion: 'v1',
			authType: 'bearer',
			bearerToken: secret('rest-bearer-token'),
			apiKey: secret('rest-api-key'),
			basicUser: 'rest-user',
			basicPassword: secret('rest-basic-password'),
			jwtUsername: 'rest-user',
			jwtPassword: secret('rest-jwt-password'),
			rateLimitPerMinute: 60,
			timeoutSeconds: 30,
		},
		crmPackRestCrmOAuth2Api: {
			baseUrl: `${hostile.baseUrl}/generic`,
			apiVersion: 'v1',
			grantType: 'clientCredentials',
			accessTokenUrl: `${hostile.baseUrl}/generic/oauth/token`,
			clientId: 'rest-client-id',
			clientSecret: secret('rest-client-secret'),
			authentication: 'body',
			oauthTokenData: { access_token: secret('rest-access'), refresh_token: secret('rest-refresh'), token_type: 'Bearer' },
			rateLimitPerMinute: 60,
			timeoutSeconds: 30,
		},
		crmPackGraphqlCrmOAuth2Api: {
			endpoint: `${hostile.baseUrl}/hubspot/graphql`,
			grantType: 'clientCredentials',
			accessTokenUrl: `${hostile.baseUrl}/hubspot/oauth/v1/token`,
			clientId: 'gql-client-id',
			clientSecret: secret('gql-client-secret'),
			authentication: 'body',
			resourceDefinition: JSON.stringify(HOSTILE_GRAPHQL_DEFINITION),
			oauthTokenData: { access_token: secret('gql-access'), refresh_token: secret('gql-refresh'), token_type: 'Bearer' },
		},
		crmPackDynamicsOAuth2Api: {
			environmentUrl: `${hostile.baseUrl}/dynamics`,
			tenantId: 'hostile-tenant',
			apiVersion: 'v9.2',
			authority: 'custom',
			customAuthorityUrl: `${hostile.baseUrl}/dynamics/login`,
			clientId: 'dv-client-id',
			clientSecret: secret('dv-client-secret'),
			oauthTokenData: { access_token: secret('dv-access'), refresh_token: secret('dv-refresh'), token_type: 'Bearer', expires_in: 3599 },
		},
		crmPackDynamicsClientCredentialsApi: {
			environmentUrl: `${hostile.baseUrl}/dynamics`,
			tenantId: 'hostile-tenant',
			clientId: 'dv-app-id',
			clientSecret: secret('dv-app-secret'),
			apiVersion: 'v9.2',
			authority: 'custom',
			customAuthorityUrl: `${hostile.baseUrl}/dynamics/login`,
			accessToken: '',
		},
		crmPackBrivityApi: { apiKey: secret('bv-api-key'), coreBaseUrl: `${hostile.baseUrl}/brivity`, leadsBaseUrl: `${hostile.baseUrl}/brivity` },
		crmPackZohoOAuth2Api: {
			dataCenter: 'us',
			edition: 'standard',
			clientId: 'zoho-client-id',
			clientSecret: secret('zoho-client-secret'),
			oauthTokenData: { access_token: secret('zoho-access'), refresh_token: secret('zoho-refresh'), token_type: 'Bearer', expires_in: 3600, api_domain: `${hostile.baseUrl}/zoho` },
		},
		crmPackN8nApi: { apiKey: secret('n8n-api-key'), baseUrl: `${hostile.baseUrl}/n8n/api/v1` },
	};
}

const get = (o: IDataObject, dotted: string): unknown => dotted.split('.').reduce<unknown>((acc, k) => (acc as IDataObject | undefined)?.[k], o);

/* -------------------------------------------------------------- scenarios */

const TOKEN_HOSTS: Array<[string, string, string]> = [
	['https://api.hubapi.com', '/oauth/v1/token', 'hubspot'],
	['https://oauth.pipedrive.com', '/oauth/token', 'pipedrive'],
	['https://accounts.zoho.com', '/oauth/v2/token', 'zoho'],
];

/** The Salesforce outbound trigger's endpoint secret and org: its delivery carries both (validDelivery). */
const SF_ENDPOINT_SECRET = 'Hx7Lm2Qp9-Vr4Tz8Wk1_Nb5Jc3Fd6Gs0Ya';
const SF_ORG_ID = '00D000000000001EAA';

/** Parameters that make each node call its vendor (an id to get, an object to list). */
const NODE_PARAMETERS: Record<string, IDataObject> = {
	crmPackHubSpot: { resource: 'contact', operation: 'get', recordId: { __rl: true, mode: 'id', value: '101' }, options: {} },
	crmPackSalesforce: { resource: 'contact', operation: 'get', recordId: { __rl: true, mode: 'id', value: '003000000000001AAA' }, options: {} },
	crmPackPipedrive: { resource: 'person', operation: 'getAll', returnAll: true, options: {} },
	crmPackFreshsales: { resource: 'contact', operation: 'get', recordId: { __rl: true, mode: 'id', value: '101' }, options: {} },
	crmPackHubSpotPollingTrigger: { pollTimes: { item: [{ mode: 'everyMinute' }] }, object: 'contact', event: 'newOrUpdated', output: 'simplified', options: {} },
	crmPackSalesforcePollingTrigger: { pollTimes: { item: [{ mode: 'everyMinute' }] }, object: 'contact', event: 'newOrUpdated', fields: [], output: 'simplified', options: {} },
	crmPackGraphqlCrm: { operation: 'query', query: '{ contacts(first: 5) { nodes { id email } } }', variablesFrom: 'json', variables: '{}', dataPath: 'contacts.nodes', paging: 'none' },
	crmPackGraphqlCrmPollingTrigger: { pollTimes: { item: [{ mode: 'everyMinute' }] }, object: 'contact', event: 'newOrUpdated', options: {} },
	crmPackFreshsalesPollingTrigger: { pollTimes: { item: [{ mode: 'everyMinute' }] }, object: 'contact', event: 'newOrUpdated', options: {} },
	crmPackFreshsalesTrigger: { object: 'contact', secret: 'hostile-test-hook-secret-0123456789' },
	crmPackZoho: { resource: 'contact', operation: 'get', recordId: { __rl: true, mode: 'id', value: '101' }, options: {} },
	crmPackZohoPollingTrigger: { pollTimes: { item: [{ mode: 'everyMinute' }] }, object: 'contact', event: 'newOrUpdated', output: 'simplified', options: {} },
	crmPackZohoTrigger: { object: 'contact', events: ['create', 'edit'], ignoreOwnChanges: true },
	crmPackRestCrm: { resource: 'contact', operation: 'get', recordId: { __rl: true, mode: 'id', value: '101' }, options: {} },
	crmPackRestCrmTrigger: { events: ['contact.created'] },
	crmPackSignedWebhookTrigger: { preset: 'github', secret: 'hostile-signed-webhook-secret-0123' },
	crmPackDynamicsPollingTrigger: { pollTimes: { item: [{ mode: 'everyMinute' }] }, object: 'contact', event: 'newOrUpdated', options: {} },
	crmPackDynamicsTrigger: { object: 'contact', events: ['Create'], ignoreOwnChanges: true, rereadLarge: true },
	crmPackDynamics: { resource: 'contact', operation: 'get', recordId: { __rl: true, mode: 'id', value: '00000000-0000-4000-8000-000000000001' }, columns: [], options: {} },
	crmPackBrivity: { resource: 'person', operation: 'getAll', returnAll: true, filters: {}, options: {} },
	crmPackBrivityTrigger: { output: 'simplified' },
	crmPackPipedrivePollingTrigger: { pollTimes: { item: [{ mode: 'everyMinute' }] }, object: 'person', event: 'newOrUpdated', options: {} },
	crmPackHubSpotTrigger: { subscriptionManagement: 'automatic', events: { event: [{ eventType: 'contact.creation', propertyName: '' }] }, options: {} },
	crmPackPipedriveTrigger: { object: 'person', action: 'change' },
	crmPackSalesforceOutboundTrigger: { endpointSecret: SF_ENDPOINT_SECRET, organizationId: SF_ORG_ID, options: {} },
	// Test Connection reads the account (or one contact) with the chosen CRM's credential; never throws, so its output is checked.
	crmPackCrm: { operation: 'testConnection' },
	crmPackCrmSearch: { recordKind: 'contact', searchBy: 'email', query: 'ada@example.com', limit: 5, keepSeparate: false, options: {} },
	crmPackCrmSync: { operation: 'sync', sideB: 'input', recordKind: 'contact', direction: 'both', fields: 'email, firstName, lastName', conflictStrategy: 'bWins', deleteMode: 'ignore', options: {} },
};

/** The CRM Sync side a CRM's credential belongs to. */
const CRM_OF_CREDENTIAL = (type: string) => {
	const name = /^crmPack(HubSpot|Salesforce|Pipedrive|Freshsales|GraphqlCrm|RestCrm|Brivity|Zoho|Dynamics)/.exec(type)?.[1] ?? '';
	return name === 'GraphqlCrm' ? 'graphqlCrm' : name === 'RestCrm' ? 'restCrm' : name.toLowerCase();
};

interface Scenario {
	node: INodeTypeDescription;
	/** The credential type this scenario is about. */
	credential: string;
	/** Every credential the node needs with these parameters (e.g. the HubSpot trigger's developer app beside n8n's API). */
	credentials: string[];
	parameters: IDataObject;
}

const shows = (show: IDataObject | undefined, parameters: IDataObject) =>
	Object.entries(show ?? {}).every(([k, values]) => (values as unknown as unknown[]).includes(parameters[k]));

function scenarios(): Scenario[] {
	const out: Scenario[] = [];
	for (const node of nodeTypes) {
		for (const cred of node.credentials ?? []) {
			const shown: IDataObject = Object.fromEntries(Object.entries(cred.displayOptions?.show ?? {}).map(([k, v]) => [k, (v as unknown as IDataObject[])[0]]));
			const parameters: IDataObject = { ...(NODE_PARAMETERS[node.name] ?? {}), ...shown };
			// A CRM's credential is tried on side A; n8n's API (the Data Table state store) with HubSpot on side A.
			if (node.name === 'crmPackCrmSync') {
				parameters.sideA = CRM_OF_CREDENTIAL(cred.name) || 'hubspot';
				// Version 2 (the one new nodes get) names both sides in one choice: side A's CRM against Records From Input.
				parameters.sides = `${String(parameters.sideA)}:input`;
			}
			// CRM Search chooses its CRMs in a list.
			if (node.name === 'crmPackCrmSearch') parameters.crms = [parameters.crms];
			// The HubSpot node reaches n8n's API when "Share Rate Budget Across Workers" is on and it searches (the limit it
			// shares is search's): a search with the private app token, whose credential the node then needs too.
			if (node.name === 'crmPackHubSpot' && cred.name === 'crmPackN8nApi') {
				Object.assign(parameters, {
					authentication: 'privateApp',
					operation: 'search',
					returnAll: false,
					limit: 1,
					filterGroupsUi: { group: [{ filtersJson: '[{"propertyName": "email", "operator": "EQ", "value": "ada@example.com"}]' }] },
				});
			}
			let credentials = (node.credentials ?? []).filter((c) => c.name === cred.name || shows(c.displayOptions?.show as IDataObject, parameters)).map((c) => c.name);
			// The CRM nodes refuse two credentials of one CRM at once: this scenario's only.
			if (node.name === 'crmPackCrm' || node.name === 'crmPackCrmSearch') credentials = [cred.name];
			if (node.name === 'crmPackCrmSync') {
				// A side takes every credential type of its CRM but refuses two set at once: keep one of side A's CRM (this scenario's, else the first).
				const ofSide = credentials.filter((c) => CRM_OF_CREDENTIAL(c) === parameters.sideA);
				const keep = ofSide.includes(cred.name) ? cred.name : ofSide[0];
				credentials = credentials.filter((c) => CRM_OF_CREDENTIAL(c) !== parameters.sideA || c === keep);
			}
			out.push({ node, credential: cred.name, credentials, parameters });
		}
	}
	return out;
}

function workflowOf(s: Scenario): WorkflowJson {
	return {
		name: `hostile ${s.node.name}`,
		nodes: [
			{
				id: 'n1',
				name: 'Node',
				type: `n8n-nodes-crm-pack.${s.node.name}`,
				typeVersion: Array.isArray(s.node.version) ? Math.max(...s.node.version) : s.node.version,
				position: [0, 0],
				parameters: s.parameters as never,
				credentials: Object.fromEntries(s.credentials.map((c) => [c, { id: CRED_ID, name: 'hostile' }])),
				webhookId: 'hostile-webhook',
			},
		],
		connections: {},
	};
}

/** Runs the node the way n8n would use it; returns everything it produced. */
async function exercise(s: Scenario, store: CredentialStore, continueOnFail: boolean): Promise<string[]> {
	const json = workflowOf(s);
	if (continueOnFail) json.nodes[0].continueOnFail = true;
	if (s.node.webhooks?.length && s.credential === 'crmPackN8nApi') {
		// n8n's API is called when a delivery arrives (replay protection in a Data Table): deliver one the node accepts.
		const { response, error, answered, staticData } = await runWebhook(json, 'Node', validDelivery(s, json), { credentials: store, staticData: deliveryState(s) });
		return [serialize({ response, error, answered, staticData })];
	}
	if (s.node.webhooks?.length) {
		const produced: string[] = [];
		for (const method of ['checkExists', 'create'] as const) {
			const { result, error, staticData } = await runWebhookMethod(json, 'Node', method, { credentials: store });
			produced.push(serialize({ result, error, staticData }));
		}
		return produced;
	}
	if (s.node.polling) {
		try {
			const { response, staticData } = await runPoll(json, 'Node', { credentials: store });
			return [serialize({ response, staticData })];
		} catch (error) {
			return [serialize(error)];
		}
	}
	const r = await runWorkflow(json, { credentials: store, startNode: 'Node', input: [{ json: { id: '101', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' } }] });
	return [serialize(r.data), serialize(r.error), serialize(r.run)];
}

/** The REST CRM trigger's registered signing secret (its saved registration, deliveryState). */
const REST_HOOK_SECRET = 'hostile-rest-crm-hook-secret-0123456789';
const PD_USER = 'n8n-hostile';
const PD_PASSWORD = 'delivery-password-of-the-test';

/** The Pipedrive trigger's saved registration: it accepts deliveries with these Basic credentials. */
function deliveryState(s: Scenario): IDataObject | undefined {
	if (s.node.name === 'crmPackRestCrmTrigger') {
		return { 'node:Node': { restCrmWebhook: { webhookId: '1', url: 'http://127.0.0.1:5678/webhook/hostile-webhook/webhook', events: ['contact.created'], secret: REST_HOOK_SECRET } } };
	}
	if (s.node.name !== 'crmPackPipedriveTrigger') return undefined;
	const { authHash } = require(path.join(REPO_ROOT, 'dist/nodes/Pipedrive/trigger/webhooks.js')) as { authHash: (u: string, p: string) => string };
	return { 'node:Node': { pipedriveWebhook: { webhookId: '1', url: 'http://127.0.0.1:5678/webhook/hostile-webhook/webhook', eventAction: '*', eventObject: 'person', authHash: authHash(PD_USER, PD_PASSWORD) } } };
}

/** A delivery the trigger verifies and accepts: HubSpot's v3 signature, Pipedrive's Basic credentials, Salesforce's endpoint secret and org. */
function validDelivery(s: Scenario, json: WorkflowJson): WebhookRequest {
	if (s.node.name === 'crmPackSalesforceOutboundTrigger') {
		const rawBody = sb.salesforce.outbound.message([{ sobject: 'Contact', fields: { Id: '003000000000001AAA', Email: 'ada@example.com' } }], { organizationId: SF_ORG_ID }) as string;
		return { url: `/webhook/hostile-webhook/outbound/${SF_ENDPOINT_SECRET}`, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, rawBody, body: rawBody };
	}
	if (s.node.name === 'crmPackHubSpotTrigger') {
		const publicUrl = 'https://n8n.example.test/webhook/hostile';
		json.nodes[0].parameters = { ...json.nodes[0].parameters, options: { publicUrl } };
		const rawBody = JSON.stringify([{ eventId: 1, subscriptionId: 1, portalId: 1, appId: 1234567, occurredAt: Date.now(), subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 101, changeSource: 'CRM' }]);
		const timestamp = String(Date.now());
		const clientSecret = String((hostileStore?.crmPackHubSpotDeveloperApi?.[CRED_ID] as IDataObject).clientSecret);
		const signature = createHmac('sha256', clientSecret).update(`POST${publicUrl}${rawBody}${timestamp}`).digest('base64');
		return { headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp }, rawBody };
	}
	if (s.node.name === 'crmPackRestCrmTrigger') {
		// The standard REST CRM API's signature over "<timestamp>.<body>" with the secret the trigger registered (deliveryState).
		const rawBody = JSON.stringify({ id: 'evt-1', type: 'contact.created', created: new Date().toISOString(), data: { object: 'contact', id: '1', action: 'created', changes: {} } });
		const t = String(Math.floor(Date.now() / 1000));
		const signature = `sha256=${createHmac('sha256', REST_HOOK_SECRET).update(`${t}.${rawBody}`).digest('hex')}`;
		return { headers: { 'content-type': 'application/json', 'x-crm-signature': signature, 'x-crm-timestamp': t }, rawBody };
	}
	if (s.node.name === 'crmPackSignedWebhookTrigger') {
		// GitHub-style: sha256= hex HMAC of the body, the delivery id for de-duplication.
		const rawBody = '{"action":"opened"}';
		const signature = `sha256=${createHmac('sha256', String(NODE_PARAMETERS.crmPackSignedWebhookTrigger.secret)).update(rawBody).digest('hex')}`;
		return { headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature, 'x-github-delivery': 'hostile-delivery-1' }, rawBody };
	}
	if (s.node.name === 'crmPackFreshsalesTrigger') {
		return { headers: { 'content-type': 'application/json', 'x-crm-pack-secret': String(NODE_PARAMETERS.crmPackFreshsalesTrigger.secret) }, rawBody: '{"object":"contact","id":"101"}' };
	}
	const rawBody = JSON.stringify({ meta: { id: 'evt-1', action: 'change', entity: 'person', entity_id: 1, timestamp: new Date().toISOString(), version: '2.0' }, data: { id: 1, name: 'Ada' }, previous: null });
	return { headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${PD_USER}:${PD_PASSWORD}`).toString('base64')}` }, rawBody };
}

let hostileStore: CredentialStore | undefined;

/** Every piece of a secret that would still identify it: the whole, and its parts around `!`, `.`, `:` and line breaks. */
function pieces(secret: string): string[] {
	const parts = secret.split(/[!.:\n]|\\n/).map((p) => p.trim()).filter((p) => p.length >= 12 && !/^-----/.test(p));
	return [secret, ...parts];
}

/* ------------------------------------------------------------------ tests */

let sb: Sandbox;
let hostile: HostileApi;

beforeAll(async () => {
	// n8n-core sets up its root logger when it first loads (in the first run); only then can it be replaced.
	await runWorkflow({ nodes: [{ id: 'm', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }], connections: {} });
	captureLogs();
	sb = await startSandbox({ port: 0, seed: 19 });
	hostile = (sb as unknown as { hostile: HostileApi }).hostile;
});
afterAll(async () => {
	nock.cleanAll();
	await sb?.close();
});

beforeEach(() => {
	hostile.reset();
	// A shared rate budget whose claim failed falls back for 30 s in its process: each scenario starts as a new process would.
	(require(path.join(REPO_ROOT, 'dist/shared/store/rateBudget.js')) as { resetRateBudgets(): void }).resetRateBudgets();
	logLines.length = 0;
	nock.cleanAll();
	for (const [host, tokenPath, vendor] of TOKEN_HOSTS) {
		nock(host)
			.persist()
			.post(tokenPath)
			.reply(async function (_uri, requestBody) {
				const raw = typeof requestBody === 'string' ? requestBody : new URLSearchParams(requestBody as Record<string, string>).toString();
				const headers: Record<string, string> = {};
				for (const [k, v] of Object.entries(this.req.headers)) if (k !== 'host' && k !== 'content-length') headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
				const res = await fetch(`${hostile.baseUrl}/${vendor}${tokenPath}`, { method: 'POST', headers, body: raw });
				return [res.status, await res.text(), { 'Content-Type': 'application/json' }];
			});
	}
});

describe('the hostile vendor covers the package', () => {
	test('every credential type has a secret in each secret field, and every node a scenario for each credential it accepts', () => {
		const creds = hostileCredentials({ baseUrl: 'http://x' } as HostileApi);
		for (const type of credentialTypes) {
			expect(creds[type.name]).toBeDefined();
			for (const field of secretFieldsOf(type)) {
				const value = get(creds[type.name], field);
				// The JWT private key must be a real key; the others carry the marker.
				if (field === 'privateKey') expect(String(value)).toContain('PRIVATE KEY');
				else expect({ type: type.name, field, marked: String(value).includes(MARK) }).toEqual({ type: type.name, field, marked: true });
			}
		}
		const all = scenarios();
		for (const node of nodeTypes) {
			for (const cred of node.credentials ?? []) expect(all.some((s) => s.node.name === node.name && s.credential === cred.name)).toBe(true);
			// Every node has a credential now (the Salesforce outbound trigger: n8n's API, for its Data Table replay store),
			// but Top Producer's, which calls nothing (Top Producer has no public API): it has no secret to leak.
			if (node.name !== 'crmPackTopProducer') expect(node.credentials?.length).toBeGreaterThan(0);
		}
		const used = new Set(all.map((s) => s.credential));
		for (const type of credentialTypes) expect(used.has(type.name)).toBe(true);
		expect(Object.keys(NODE_PARAMETERS).sort()).toEqual(nodeTypes.filter((n) => n.credentials?.length).map((n) => n.name).sort());
	});
});

describe.each(['issue', 'refuse'] as const)('vendor mode %s', (mode) => {
	test.each(scenarios().flatMap((s) => [false, true].map((cof) => [`${s.node.name} with ${s.credential}${cof ? ' (continue on fail)' : ''}`, s, cof] as const)))(
		'%s: no secret in any output, error or log line',
		async (_name, s, continueOnFail) => {
			hostile.setMode(mode);
			const store = Object.fromEntries(Object.entries(hostileCredentials(hostile)).map(([type, data]) => [type, { [CRED_ID]: data }])) as CredentialStore;
			hostileStore = store;
			const stored = structuredClone(store) as unknown as Record<string, Record<string, IDataObject>>;
			const produced = await exercise(s, store, continueOnFail);
			// The node's dropdowns too (the editor shows their errors), once per scenario.
			if (!continueOnFail && s.credential !== 'crmPackN8nApi' && dropdownsOf(s.node.name).length) {
				const before = hostile.calls().length;
				for (const { kind, method } of dropdownsOf(s.node.name)) {
					produced.push(serialize(await runLoadOptions(workflowOf(s), 'Node', kind, method, { credentials: store })));
				}
				expect(hostile.calls().length).toBeGreaterThan(before);
			}

			// The node reached the vendor, and the vendor answered with its echo; CRM Search calls nothing for a
			// CRM whose connector has no CRM-neutral search, and says so in its output instead.
			const calls = hostile.calls();
			const searchUnsupported = s.node.name === 'crmPackCrmSearch' && produced.some((p) => String(p).includes('in this pack cannot'));
			if (searchUnsupported) expect(calls).toEqual([]);
			else {
				expect(calls.length).toBeGreaterThan(0);
				expect(calls.some((c) => c.status >= 400)).toBe(true);
			}
			// The Freshsales trigger keys replay protection on the record it reads first: with the vendor refusing that read, n8n's API is never reached.
			if (s.credential === 'crmPackN8nApi' && s.node.name !== 'crmPackFreshsalesTrigger') expect(calls.some((c) => c.path.startsWith('/n8n/'))).toBe(true);
			const refreshable = /OAuth2|Jwt/.test(s.credential);
			if (mode === 'issue' && refreshable) expect(hostile.issued().length).toBeGreaterThan(0);

			const secrets = new Set<string>([...hostile.secrets(), ...hostile.issued()]);
			const type = credentialTypes.find((t) => t.name === s.credential)!;
			for (const field of secretFieldsOf(type)) {
				const v = get(stored[s.credential][CRED_ID], field);
				if (typeof v === 'string' && v) secrets.add(v);
			}
			// n8n's log lines were captured (a workflow run logs at least its start and end at debug level).
			if (!s.node.webhooks?.length && !s.node.polling) expect(logLines.length).toBeGreaterThan(0);
			const haystack = [...produced, ...logLines].join('\n');
			expect(haystack).not.toContain(MARK);
			const leaked = [...secrets].flatMap(pieces).filter((p) => haystack.includes(p));
			expect(leaked).toEqual([]);
		},
	);
});
