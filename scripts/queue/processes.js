'use strict';
/**
 * Every process the queue-mode run starts, in one registry, so that all of them
 * stop however the run ends (tests failing, an exception, Ctrl+C, SIGTERM from
 * CI): each runs detached in its own process group (n8n forks its task runner,
 * runuser/setpriv exec), and stopping a process signals its whole group, then
 * kills it after a grace period. The registry also writes the groups' ids to
 * `<runDir>/pids` as they start.
 */

const fs = require('node:fs');
const { spawn } = require('node:child_process');

function createRegistry(pidFile) {
	return { pidFile, procs: [] };
}

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/**
 * Spawns `command args` detached, output appended to `logFile`. Returns
 * { name, pid, logFile, exited (string once it exited), tail() }.
 */
function startProcess(registry, { name, command, args, env, cwd, logFile, stopSignal = 'SIGTERM' }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { env: env || process.env, cwd, stdio: ['ignore', out, out], detached: true });
	fs.closeSync(out);
	const proc = {
		name,
		pid: child.pid,
		logFile,
		stopSignal,
		exited: undefined,
		child,
		tail: (lines = 30) => {
			try {
				return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
			} catch {
				return '';
			}
		},
	};
	child.on('exit', (code, signal) => {
		proc.exited = `code ${code}, signal ${signal}`;
	});
	child.on('error', (e) => {
		proc.exited = `spawn error: ${e.message}`;
	});
	registry.procs.push(proc);
	if (registry.pidFile && child.pid) fs.appendFileSync(registry.pidFile, `${child.pid} ${name}\n`);
	return proc;
}

/** Signals the process group, waits up to `graceMs` for it to end, then SIGKILLs the group. */
async function stopProcess(proc, graceMs = 15000) {
	if (!proc.pid) return;
	const deadline = Date.now() + graceMs;
	try {
		process.kill(-proc.pid, proc.stopSignal);
	} catch {}
	while (Date.now() < deadline && groupAlive(proc.pid)) await new Promise((r) => setTimeout(r, 200));
	if (groupAlive(proc.pid)) {
		try {
			process.kill(-proc.pid, 'SIGKILL');
		} catch {}
		while (groupAlive(proc.pid) && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 100));
	}
}

/** Stops every registered process, newest first (n8n before Redis and PostgreSQL). */
async function stopAll(registry, log = () => {}) {
	const procs = registry.procs.splice(0).reverse();
	// n8n processes stop together; the services after them
	const services = procs.filter((p) => p.name === 'redis' || p.name === 'postgres');
	const others = procs.filter((p) => !services.includes(p));
	await Promise.all(others.map((p) => stopProcess(p)));
	for (const p of services) await stopProcess(p);
	for (const p of procs) log(`stopped ${p.name} (pid ${p.pid})`);
}

/** Last resort on process exit: SIGKILL every group still alive (synchronous). */
function killAllSync(registry) {
	for (const p of registry.procs) {
		try {
			process.kill(-p.pid, 'SIGKILL');
		} catch {}
	}
}

/** Polls `check` every 250 ms; `failFast()` returning a message aborts early (e.g. the process exited). */
async function waitUntil(what, check, timeoutMs, failFast = () => undefined) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const fatal = failFast();
		if (fatal) throw new Error(`${what}: ${fatal}`);
		try {
			if (await check()) return;
		} catch {}
		if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

module.exports = { createRegistry, startProcess, stopProcess, stopAll, killAllSync, waitUntil };
