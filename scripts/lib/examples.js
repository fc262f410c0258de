'use strict';
/**
 * The example workflows (examples/*.json) and the credentials they reference,
 * shared by `npm start`, `npm run demo` and the real-n8n end-to-end test.
 *
 * The examples reference their credentials by id and name; `sandboxCredentials()`
 * builds credentials with those ids pointing at a running CRM sandbox, so an
 * imported example runs without any editing. Imported into another n8n, the
 * editor asks for a credential of the same type instead.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const { resourceDefinition: graphqlResourceDefinition } = require('../../test/sandbox/graphql/definition');
const EXAMPLES_DIR = path.join(ROOT, 'examples');

/** What the sandbox accepts (test/sandbox/README.md and its vendor folders). */
const SANDBOX_SECRETS = {
	privateAppToken: 'pat-sandbox-token',
	clientSecret: 'sandbox-client-secret',
	appId: '1234567',
	developerApiKey: 'dev-sandbox-hapikey',
	salesforceClientId: 'sf-sandbox-client-id',
	salesforceClientSecret: 'sf-sandbox-client-secret',
	salesforceToken: 'sf-sandbox-token',
	pipedriveToken: 'pd-sandbox-token',
	freshsalesKey: 'fs-sandbox-key',
	graphqlToken: 'gql-sandbox-token',
	brivityKey: 'brivity-sandbox-key',
	restCrmKey: 'sandbox-api-key',
	// The sandbox's Entra ID app registration with its application user and role (test/sandbox/dynamics/auth.js).
	dynamicsTenantId: 'a1b2c3d4-0000-4000-8000-00000000000e',
	dynamicsClientId: 'c11e0000-0000-4000-8000-000000000001',
	dynamicsClientSecret: 'dv-sandbox-secret',
	// test/sandbox/zoho/oauth.js: its client, and the static tokens of a credential connected in the US data centre.
	zohoClientId: '1000.ZOHOSANDBOXCLIENT',
	zohoClientSecret: 'zoho-sandbox-client-secret',
	zohoToken: 'zoho-sandbox-token',
	zohoRefreshToken: 'zoho-sandbox-refresh-token',
};

/** The credentials examples refer to (by id and name), one per sandbox CRM. */
const CREDENTIALS = {
	privateApp: { id: 'crmPackSbxPrivateApp', name: 'HubSpot sandbox (private app)', type: 'crmPackHubSpotPrivateAppApi' },
	developerApp: { id: 'crmPackSbxDeveloperApp', name: 'HubSpot sandbox (developer app)', type: 'crmPackHubSpotDeveloperApi' },
	salesforce: { id: 'crmPackSbxSalesforce', name: 'Salesforce sandbox (OAuth2)', type: 'crmPackSalesforceOAuth2Api' },
	pipedrive: { id: 'crmPackSbxPipedrive', name: 'Pipedrive sandbox (API token)', type: 'crmPackPipedriveApi' },
	freshsales: { id: 'crmPackSbxFreshsales', name: 'Freshsales sandbox (API key)', type: 'crmPackFreshsalesApi' },
	graphqlCrm: { id: 'crmPackSbxGraphqlCrm', name: 'GraphQL CRM sandbox (Bearer)', type: 'crmPackGraphqlCrmApi' },
	brivity: { id: 'crmPackSbxBrivity', name: 'Brivity sandbox (API key)', type: 'crmPackBrivityApi' },
	restCrm: { id: 'crmPackSbxRestCrm', name: 'REST CRM sandbox (API key)', type: 'crmPackRestCrmApi' },
	dynamics: { id: 'crmPackSbxDynamics', name: 'Dynamics 365 sandbox (client credentials)', type: 'crmPackDynamicsClientCredentialsApi' },
	zoho: { id: 'crmPackSbxZoho', name: 'Zoho CRM sandbox (OAuth2)', type: 'crmPackZohoOAuth2Api' },
	// n8n's own Postgres credential (n8n-nodes-base), for the embedded PostgreSQL (scripts/lib/postgres.js).
	postgres: { id: 'crmPackPostgres', name: 'Postgres (CRM Pack demo)', type: 'postgres' },
	// n8n's own API, for CRM Sync's Data Table state store: its key exists only once n8n runs (connectN8nApiCredential).
	n8nApi: { id: 'crmPackN8nApiLocal', name: 'n8n API (Data Tables)', type: 'crmPackN8nApi' },
};

/** The n8n API credential's key until the started n8n gives a real one (scripts/lib/stack.js connectN8nApiCredential). */
const N8N_API_KEY_PLACEHOLDER = 'replaced-once-n8n-runs';

/** Ids and names of the examples that the demo and the tests check. */
const EXAMPLE_IDS = {
	appointment: 'crmPackApptBooked',
	contactChanged: 'crmPackContactChange',
	brivityLead: 'crmPackBrivityLead',
	topProducerLead: 'crmPackTpLeadEmail',
};

const TRIGGER_TYPE = 'n8n-nodes-crm-pack.crmPackHubSpotTrigger';
/** The Brivity trigger registers itself with Brivity (the sandbox) on activation; its path is like the HubSpot trigger's. */
const BRIVITY_TRIGGER_TYPE = 'n8n-nodes-crm-pack.crmPackBrivityTrigger';

/** Credential type names the built package declares (its package.json `n8n.credentials`, by file name). */
function declaredCredentialTypes() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return new Set(
		((pkg.n8n && pkg.n8n.credentials) || []).map((f) => {
			const base = path.basename(f).replace(/\.credentials\.js$/, '');
			return base.charAt(0).toLowerCase() + base.slice(1);
		}),
	);
}

/**
 * Credentials for `n8n import:credentials`, pointing at a running sandbox
 * (`sandboxUrl` = `sb.url`, its vendors under /hubspot, /salesforce, /pipedrive),
 * for every credential type the package declares; with `postgres` (a connection from
 * scripts/lib/postgres.js) also n8n's Postgres credential for it.
 */
function sandboxCredentials(sandboxUrl, { postgres, n8nBaseUrl = 'http://127.0.0.1:5678' } = {}) {
	const url = String(sandboxUrl).replace(/\/+$/, '');
	const s = SANDBOX_SECRETS;
	const all = [
		{
			...CREDENTIALS.privateApp,
			data: { accessToken: s.privateAppToken, plan: 'starter', baseUrl: `${url}/hubspot` },
		},
		{
			...CREDENTIALS.developerApp,
			data: { clientSecret: s.clientSecret, appId: s.appId, apiKey: s.developerApiKey, baseUrl: `${url}/hubspot` },
		},
		{
			// An OAuth2 credential already connected: the sandbox accepts its static token,
			// and the client id/secret let n8n renew it like a real Salesforce session.
			...CREDENTIALS.salesforce,
			data: {
				environment: 'custom',
				customLoginUrl: `${url}/salesforce`,
				apiVersion: 'v62.0',
				clientId: s.salesforceClientId,
				clientSecret: s.salesforceClientSecret,
				oauthTokenData: { access_token: s.salesforceToken, instance_url: `${url}/salesforce`, token_type: 'Bearer' },
			},
		},
		{
			...CREDENTIALS.pipedrive,
			data: { apiToken: s.pipedriveToken, companyDomain: `${url}/pipedrive`, plan: 'lite' },
		},
		{
			...CREDENTIALS.freshsales,
			data: { apiKey: s.freshsalesKey, domain: `${url}/freshsales`, host: 'bundle', plan: 'growth' },
		},
		{
			// The resource definition of the sandbox's GraphQL schema: what a user of a real API writes (README, GraphQL CRM).
			...CREDENTIALS.graphqlCrm,
			data: { endpoint: `${url}/graphql/graphql`, authType: 'bearer', bearerToken: s.graphqlToken, resourceDefinition: JSON.stringify(graphqlResourceDefinition()) },
		},
		{
			// The sandbox's generic CRM (test/sandbox/GENERIC-API.md) at <sandbox>/generic/api/v1, its API key in X-API-Key.
			...CREDENTIALS.restCrm,
			data: { baseUrl: `${url}/generic`, apiVersion: 'v1', authType: 'apiKey', apiKey: s.restCrmKey, apiKeyIn: 'header', apiKeyName: 'X-API-Key', rateLimitPerMinute: 600, timeoutSeconds: 30 },
		},
		{
			// The sandbox's /dynamics stands for the environment URL and serves Entra ID below /dynamics/login (custom authority);
			// the empty access token makes the first request fetch one (preAuthentication).
			...CREDENTIALS.dynamics,
			data: {
				environmentUrl: `${url}/dynamics`,
				tenantId: s.dynamicsTenantId,
				clientId: s.dynamicsClientId,
				clientSecret: s.dynamicsClientSecret,
				apiVersion: 'v9.2',
				authority: 'custom',
				customAuthorityUrl: `${url}/dynamics/login`,
				accessToken: '',
			},
		},
		{
			// An OAuth2 credential already connected in the US data centre: the token answer's api_domain is the
			// sandbox's US API host (the nodes call only that host), and the sandbox accepts its static token.
			...CREDENTIALS.zoho,
			data: {
				dataCenter: 'us',
				edition: 'professional',
				clientId: s.zohoClientId,
				clientSecret: s.zohoClientSecret,
				oauthTokenData: { access_token: s.zohoToken, refresh_token: s.zohoRefreshToken, api_domain: `${url}/zoho/us`, token_type: 'Bearer', expires_in: 3600, scope: '' },
			},
		},
		{
			// Brivity's two hosts (api. and secure.brivity.com) are the sandbox's two roots.
			...CREDENTIALS.brivity,
			data: { apiKey: s.brivityKey, coreBaseUrl: `${url}/brivity/core`, leadsBaseUrl: `${url}/brivity/secure` },
		},
		{
			...CREDENTIALS.n8nApi,
			data: { apiKey: N8N_API_KEY_PLACEHOLDER, baseUrl: `${String(n8nBaseUrl).replace(/\/+$/, '')}/api/v1` },
		},
	];
	const declared = declaredCredentialTypes();
	const ours = all.filter((c) => declared.has(c.type));
	if (!postgres) return ours;
	const p = postgres;
	return [...ours, { ...CREDENTIALS.postgres, data: { host: p.host, port: p.port, database: p.database, user: p.user, password: p.password, ssl: p.ssl ? 'require' : 'disable' } }];
}

/**
 * The id an example is imported under: its own, or one derived from the file
 * name (`n8n execute` needs a known id of at most 21 characters).
 */
function exampleId(file, workflow) {
	if (workflow.id) return String(workflow.id);
	return `ex${crypto.createHash('sha1').update(file).digest('hex').slice(0, 16)}`;
}

/** Every example: `{ file, workflow }` (with its import id set), sorted by file name. */
function loadExamples(dir = EXAMPLES_DIR) {
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			return { file, workflow: { ...workflow, id: exampleId(file, workflow) } };
		});
}

/**
 * Writes every example, with its import id, into `dir` for
 * `n8n import:workflow --separate --input=<dir>` (n8n would give an example
 * without an id a random one). Returns the examples.
 */
function writeExamplesForImport(dir) {
	fs.mkdirSync(dir, { recursive: true });
	const examples = loadExamples();
	for (const { file, workflow } of examples) fs.writeFileSync(path.join(dir, file), JSON.stringify(workflow, null, 2));
	return examples;
}

/**
 * The production webhooks a workflow registers once published, as paths under
 * n8n's base URL: a Webhook node's `webhook/<path>`, our trigger's
 * `webhook/<webhookId>/webhook` (n8n prefixes a node-declared path with the
 * node's webhook id).
 */
function webhooksOf(workflow) {
	const out = [];
	for (const node of workflow.nodes || []) {
		if (node.disabled) continue;
		if (node.type === 'n8n-nodes-base.webhook') {
			out.push({ node: node.name, path: `webhook/${node.parameters.path}`, method: node.parameters.httpMethod || 'GET' });
		} else if (node.type === TRIGGER_TYPE || node.type === BRIVITY_TRIGGER_TYPE) {
			out.push({ node: node.name, path: `webhook/${node.webhookId}/webhook`, method: 'POST' });
		}
	}
	return out;
}

/** Whether `n8n execute` can run the workflow (it starts at a Manual Trigger). */
function hasManualTrigger(workflow) {
	return (workflow.nodes || []).some((n) => n.type === 'n8n-nodes-base.manualTrigger' && !n.disabled);
}

module.exports = {
	ROOT,
	EXAMPLES_DIR,
	SANDBOX_SECRETS,
	CREDENTIALS,
	EXAMPLE_IDS,
	N8N_API_KEY_PLACEHOLDER,
	sandboxCredentials,
	declaredCredentialTypes,
	loadExamples,
	writeExamplesForImport,
	webhooksOf,
	hasManualTrigger,
};
