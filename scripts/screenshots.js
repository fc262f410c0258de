#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots`: the README's pictures of the real n8n editor, taken again.
 *
 * Runs `npm start`'s stack (the pack built into a fresh n8n 2.41.1 with the CRM sandbox,
 * its credentials and the examples), drives Debian's `chromium` with puppeteer-core,
 * and writes docs/screenshots/*.png:
 *   node-panel.png            the node panel searched for "CRM Pack"
 *   sync-workflow.png         the HubSpot <-> Pipedrive CRM Sync example on the canvas
 *   crm-sync-parameters.png   the CRM Sync node's parameters after a run
 *   sync-run-summary.png      that run's Summary output (JSON view)
 *
 * Chromium: CHROMIUM_PATH, else /usr/bin/chromium; as root, Debian's package is
 * installed when missing (apt-get install chromium), otherwise the script says how.
 * Environment: PORT (n8n, default 5697), SANDBOX_PORT (default 4097), SKIP_BUILD=1.
 */

const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const PORT = Number(process.env.PORT || 5697);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT || 4097);
const OWNER = { email: 'demo@example.com', password: 'CrmPack-demo-1' };
const SYNC_EXAMPLE_ID = 'crmPackSyncHsPd'; // examples/crm-sync-hubspot-pipedrive.json
const VIEWPORT = { width: 1440, height: 900 };

const say = (s) => process.stdout.write(`${s}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function chromiumPath() {
	const wanted = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
	if (fs.existsSync(wanted)) return wanted;
	if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${wanted} does not exist.`);
	if (typeof process.getuid === 'function' && process.getuid() === 0) {
		say("Installing Debian's chromium package (apt-get install chromium)...");
		const r = spawnSync('sh', ['-c', 'apt-get install -y -q chromium || (apt-get update -q && apt-get install -y -q chromium)'], {
			stdio: 'inherit',
		});
		if (r.status === 0 && fs.existsSync(wanted)) return wanted;
	}
	throw new Error('Chromium is needed: install it with `sudo apt-get install chromium`, or set CHROMIUM_PATH.');
}

/** Starts `node scripts/start.js` and resolves once its banner says how to stop it. */
function startStack() {
	const child = spawn(process.execPath, [path.join(__dirname, 'start.js')], {
		cwd: ROOT,
		env: { ...process.env, PORT: String(PORT), SANDBOX_PORT: String(SANDBOX_PORT) },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let out = '';
	const ready = new Promise((resolve, reject) => {
		child.stdout.on('data', (d) => {
			out += d;
			process.stdout.write(d);
			if (out.includes('Stop: Ctrl+C')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`npm start's stack exited (code ${code}) before it was ready.`)));
	});
	return { child, ready };
}

async function stopStack(child) {
	if (child.exitCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGINT');
	await Promise.race([exited, sleep(20000)]);
	if (child.exitCode === null) child.kill('SIGKILL');
}

/** Waits for a selector and clicks it (n8n renders panels after animations). */
async function click(page, selector) {
	await page.waitForSelector(selector, { visible: true, timeout: 30000 });
	await page.click(selector);
}

async function shoot(page, name) {
	await sleep(800); // let n8n's panel transitions settle
	const file = path.join(OUT, name);
	await page.screenshot({ path: file });
	say(`  ${path.relative(ROOT, file)}`);
}

async function takeScreenshots(puppeteer, executablePath) {
	const base = `http://localhost:${PORT}`;
	const browser = await puppeteer.launch({
		executablePath,
		headless: true,
		// --no-sandbox: Chromium refuses to start as root with its sandbox on.
		args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=en-US'],
	});
	try {
		const page = await browser.newPage();
		await page.setViewport(VIEWPORT);
		await page.goto(`${base}/signin`, { waitUntil: 'networkidle2' });
		await page.type('input[name=emailOrLdapLoginId]', OWNER.email);
		await page.type('input[name=password]', OWNER.password);
		await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2' }), page.click('[data-test-id=form-submit-button]')]);

		// 1. The node panel, searched as a new user would.
		await page.goto(`${base}/workflow/new`, { waitUntil: 'networkidle2' });
		await click(page, '[data-test-id=node-creator-plus-button]');
		await sleep(800);
		await page.keyboard.type('CRM Pack');
		await sleep(1200);
		await shoot(page, 'node-panel.png');

		// 2. A sync workflow on the canvas.
		await page.goto(`${base}/workflow/${SYNC_EXAMPLE_ID}`, { waitUntil: 'networkidle2' });
		await page.waitForSelector('[data-test-id=canvas-node]', { visible: true, timeout: 30000 });
		await shoot(page, 'sync-workflow.png');

		// 3. Run it from its manual trigger and wait for the CRM Sync node's success mark.
		const manual = await page.waitForSelector('[data-test-id^="execute-workflow-button-When clicking"]', { timeout: 30000 });
		await manual.click();
		await page.waitForFunction(
			() =>
				[...document.querySelectorAll('[data-test-id=canvas-node]')].some(
					(n) => n.textContent.includes('CRM Sync') && n.querySelector('[data-test-id=canvas-node-status-success]'),
				),
			{ timeout: 120000 },
		);
		await sleep(6000); // the "executed successfully" toast fades

		// 4. The CRM Sync node's parameters, with the run's Summary beside them.
		const nodes = await page.$$('[data-test-id=canvas-node]');
		let opened = false;
		for (const node of nodes) {
			if ((await node.evaluate((e) => e.textContent)).includes('CRM Sync')) {
				await node.click({ count: 2 });
				opened = true;
				break;
			}
		}
		if (!opened) throw new Error('The CRM Sync node was not found on the canvas.');
		await page.waitForSelector('[data-test-id=ndv]', { visible: true, timeout: 30000 });
		await shoot(page, 'crm-sync-parameters.png');

		// 5. The Summary in JSON, readable as a whole.
		await click(page, '[data-test-id=output-panel] [data-test-id=radio-button-json]');
		await shoot(page, 'sync-run-summary.png');
	} finally {
		await browser.close();
	}
}

async function main() {
	const executablePath = chromiumPath();
	const puppeteer = require('puppeteer-core');
	fs.mkdirSync(OUT, { recursive: true });
	say(`Starting npm start's stack on port ${PORT} (sandbox ${SANDBOX_PORT})...`);
	const { child, ready } = startStack();
	try {
		await ready;
		say('Taking screenshots with Chromium:');
		await takeScreenshots(puppeteer, executablePath);
	} finally {
		await stopStack(child);
	}
	say('Done. The README shows them from docs/screenshots/.');
}

main().catch((e) => {
	process.stderr.write(`\nnpm run screenshots failed: ${e && e.stack ? e.stack : e}\n`);
	process.exit(1);
});
