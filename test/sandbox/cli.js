#!/usr/bin/env node
'use strict';

/**
 * Run the CRM sandbox as its own process:
 *   node test/sandbox/cli.js --port 4010 [--host 127.0.0.1] [--seed 1] [--plan starter|pro]
 *        [--contacts 50 --companies 10 --deals 10 --meetings 5 --tasks 0 --notes 0]
 *        [--generic-users 5 ...] [--no-seed] [--jwt-ttl 60] [--token pat-...]
 */

const { startSandbox } = require('./index');

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {Record<string, string | boolean>} */
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) continue;
		const [k, inline] = a.slice(2).split('=');
		if (inline !== undefined) out[k] = inline;
		else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
		else out[k] = true;
	}
	return out;
}

async function main() {
	const a = parseArgs(process.argv.slice(2));
	if (a.help) {
		process.stdout.write(require('node:fs').readFileSync(__filename, 'utf8').split('*/')[0] + '*/\n');
		return;
	}
	const num = (/** @type {string} */ k, /** @type {number} */ d) => (a[k] === undefined ? d : Number(a[k]));
	const sb = await startSandbox({
		port: num('port', 4010),
		host: typeof a.host === 'string' ? a.host : '127.0.0.1',
		seed: num('seed', 1),
		plan: a.plan === 'pro' ? 'pro' : 'starter',
		jwtTtlSec: num('jwt-ttl', 60),
		tokens: typeof a.token === 'string' ? [a.token] : undefined,
	});
	if (!a['no-seed']) {
		sb.hubspot.seed({
			companies: num('companies', 10),
			contacts: num('contacts', 50),
			deals: num('deals', 10),
			meetings: num('meetings', 5),
			tasks: num('tasks', 5),
			notes: num('notes', 5),
		});
		sb.generic.seed({
			users: num('generic-users', 5),
			clients: num('generic-clients', 5),
			projects: num('generic-projects', 8),
			tasks: num('generic-tasks', 30),
			comments: num('generic-comments', 20),
		});
		sb.zoho.seed({ Leads: num('zoho-leads', 10) });
	}
	const c = sb.generic.credentials;
	process.stdout.write(
		[
			`CRM sandbox listening on ${sb.url}`,
			`  HubSpot base URL : ${sb.hubspot.baseUrl}   token: ${sb.hubspot.tokens[0]}`,
			`  HubSpot OAuth2   : client_id ${sb.hubspot.oauth.clientId} / secret ${sb.hubspot.oauth.clientSecret}`,
			`                     authorize ${sb.hubspot.baseUrl}/oauth/authorize  token ${sb.hubspot.baseUrl}/oauth/v1/token`,
			`  HubSpot dev key  : hapikey=${sb.hubspot.developer.apiKey} (Webhooks API, app ${sb.hubspot.appId})`,
			`  Generic CRM      : ${sb.generic.baseUrl}/api/v1   login ${c.username}/${c.password}   X-API-Key ${c.apiKey}`,
			`                     client credentials ${c.clientId}/${c.clientSecret}`,
			`  Salesforce       : ${sb.salesforce.baseUrl} (login and instance URL)   token: ${sb.salesforce.tokens[0]}`,
			`                     OAuth2 client ${sb.salesforce.oauth.clientId} / ${sb.salesforce.oauth.clientSecret}   JWT consumer key ${sb.salesforce.jwt.consumerKey}, user ${sb.salesforce.jwt.usernames[0]}`,
			`  Pipedrive        : ${sb.pipedrive.baseUrl} (company domain)   API token: ${sb.pipedrive.tokens[0]}`,
			`                     OAuth2 client ${sb.pipedrive.oauth.clientId} / ${sb.pipedrive.oauth.clientSecret}   token ${sb.pipedrive.baseUrl}/oauth/token`,
			`  Control API      : ${sb.url}/__sandbox`,
			'',
		].join('\n'),
	);
	const stop = () => {
		sb.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
	process.exit(1);
});
