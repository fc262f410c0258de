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

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');

/** What the sandbox accepts (test/sandbox/README.md). */
const SANDBOX_SECRETS = {
	privateAppToken: 'pat-sandbox-token',
	clientSecret: 'sandbox-client-secret',
	appId: '1234567',
	developerApiKey: 'dev-sandbox-hapikey',
};

const CREDENTIALS = {
	privateApp: { id: 'crmPackSbxPrivateApp', name: 'HubSpot sandbox (private app)', type: 'crmPackHubSpotPrivateAppApi' },
	developerApp: { id: 'crmPackSbxDeveloperApp', name: 'HubSpot sandbox (developer app)', type: 'crmPackHubSpotDeveloperApi' },
};

/** Ids and names of the examples that the demo and the tests check. */
const EXAMPLE_IDS = {
	appointment: 'crmPackApptBooked',
	contactChanged: 'crmPackContactChange',
};

const TRIGGER_TYPE = 'n8n-nodes-crm-pack.crmPackHubSpotTrigger';

/** Credentials for `n8n import:credentials`, pointing at the sandbox's HubSpot (`sb.hubspot.baseUrl`). */
function sandboxCredentials(hubspotBaseUrl) {
	return [
		{
			...CREDENTIALS.privateApp,
			data: { accessToken: SANDBOX_SECRETS.privateAppToken, plan: 'starter', baseUrl: hubspotBaseUrl },
		},
		{
			...CREDENTIALS.developerApp,
			data: {
				clientSecret: SANDBOX_SECRETS.clientSecret,
				appId: SANDBOX_SECRETS.appId,
				apiKey: SANDBOX_SECRETS.developerApiKey,
				baseUrl: hubspotBaseUrl,
			},
		},
	];
}

/** Every example: `{ file, workflow }`, sorted by file name. */
function loadExamples(dir = EXAMPLES_DIR) {
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
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
		} else if (node.type === TRIGGER_TYPE) {
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
	sandboxCredentials,
	loadExamples,
	webhooksOf,
	hasManualTrigger,
};
