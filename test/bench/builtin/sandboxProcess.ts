/*
 * The sandbox of the built-in comparison bench, in a child process (the bench file forked
 * with --sandbox-child), so its CPU time does not slow the event loop of the nodes being
 * measured (real vendors are remote too). Every run gets a fresh sandbox (`fresh`): an
 * empty store, empty rate-limit windows and a new port, so our node's limiter (a cache
 * keyed by credential and host) starts empty as well.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import type { FaultConfig, LogEntry, Sandbox } from '../../sandbox';

export type Vendor = 'hubspot' | 'salesforce' | 'pipedrive' | 'zoho' | 'dynamics' | 'freshsales';

export interface Person {
	email: string;
	firstName: string;
	lastName: string;
}

export interface Urls {
	hubspot: string;
	salesforce: string;
	pipedrive: string;
	hubspotToken: string;
	salesforceToken: string;
	pipedriveToken: string;
	/** Zoho: the US data centre's API host (what a token's api_domain names) and a connected token answer */
	zohoApiDomain: string;
	zohoTokenData: Record<string, unknown>;
	zohoClientId: string;
	zohoClientSecret: string;
	/** Dynamics: the environment URL, Entra ID tenant and app, and a delegated token */
	dynamics: string;
	dynamicsTenant: string;
	dynamicsClientId: string;
	dynamicsClientSecret: string;
	dynamicsToken: string;
	/** Freshsales (Freshworks CRM): the domain's base URL (bundle root `/crm/sales/api` below it) and API key */
	freshsales: string;
	freshsalesKey: string;
}

export interface CallStats {
	/** every request to the vendor, 429 answers included */
	total: number;
	status429: number;
	/** answered neither 2xx nor 429 */
	otherErrors: number;
	/** `METHOD /path` with ids replaced by {id} -> count */
	byEndpoint: Record<string, number>;
	/** when the sandbox received the first and the last call (epoch ms), to tell the node's own time from the calls' */
	firstAt?: number;
	lastAt?: number;
	/** when the sandbox received each call (epoch ms, in order; 429 answers left out): how the calls sat in the vendor's window */
	at: number[];
}

export interface StoreCheck {
	/** expected records that are missing or do not hold the expected values */
	failed: number;
	/** records beyond the first with the same email */
	duplicates: number;
	/** records of the type in the store */
	stored: number;
}

type Op =
	| { op: 'fresh'; hubspotPlan: 'starter' | 'pro'; pipedrivePlan: 'lite' | 'growth' | 'premium' | 'ultimate' }
	| { op: 'seedHubspotContacts'; people: Person[] }
	| { op: 'seedZohoContacts'; people: Person[] }
	| { op: 'faults'; config: Omit<FaultConfig, 'failRecord' | 'onlyPaths'> }
	| { op: 'logReset' }
	| { op: 'stats'; vendor: Vendor }
	| { op: 'check'; vendor: Vendor; people: Person[] };

function endpointKey(e: LogEntry): string {
	const p = e.path
		.replace(/\/(createOrUpdate\/email)\/[^/]+$/, '/$1/{email}')
		.replace(/\/vid\/\d+\//, '/vid/{vid}/')
		.replace(/\/v\d+\.\d+\//, '/vXX.X/');
	return `${e.method} ${p}`;
}

function stats(entries: LogEntry[], vendor: Vendor): CallStats {
	const mine = entries.filter((e) => e.path.startsWith(`/${vendor}/`));
	const byEndpoint: Record<string, number> = {};
	let status429 = 0;
	let otherErrors = 0;
	for (const e of mine) {
		const k = endpointKey(e);
		byEndpoint[k] = (byEndpoint[k] ?? 0) + 1;
		if (e.status === 429) status429++;
		else if (e.status < 200 || e.status >= 300) otherErrors++;
	}
	const at = mine.filter((e) => e.status !== 429).map((e) => e.at).sort((a, b) => a - b);
	return { total: mine.length, status429, otherErrors, byEndpoint, firstAt: mine[0]?.at, lastAt: mine[mine.length - 1]?.at, at };
}

/** The vendor's records as { email, firstName, lastName }. */
function stored(sb: Sandbox, vendor: Vendor): Person[] {
	if (vendor === 'hubspot') {
		return sb.hubspot.store.list('contacts').map((c) => ({ email: String(c.properties.email ?? ''), firstName: String(c.properties.firstname ?? ''), lastName: String(c.properties.lastname ?? '') }));
	}
	if (vendor === 'salesforce') {
		return sb.salesforce.store.list('Contact').map((c: Record<string, unknown>) => ({ email: String(c.Email ?? '').toLowerCase(), firstName: String(c.FirstName ?? ''), lastName: String(c.LastName ?? '') }));
	}
	if (vendor === 'zoho') {
		return sb.zoho.list('Contacts').map((c: Record<string, unknown>) => ({ email: String(c.Email ?? '').toLowerCase(), firstName: String(c.First_Name ?? ''), lastName: String(c.Last_Name ?? '') }));
	}
	if (vendor === 'dynamics') {
		// accounts: the job writes "<first> <last>" as the account name and the email as emailaddress1
		return sb.dynamics.list('account').map((a: Record<string, unknown>) => {
			const [firstName, ...rest] = String(a.name ?? '').split(' ');
			return { email: String(a.emailaddress1 ?? '').toLowerCase(), firstName, lastName: rest.join(' ') };
		});
	}
	if (vendor === 'freshsales') {
		return sb.freshsales.list('contacts').map((c: Record<string, unknown>) => {
			const emails = (c.emails ?? []) as Array<{ value?: string }>;
			return { email: String(emails[0]?.value ?? c.email ?? '').toLowerCase(), firstName: String(c.first_name ?? ''), lastName: String(c.last_name ?? '') };
		});
	}
	return sb.pipedrive.list('persons').map((p: Record<string, unknown>) => {
		const emails = (p.emails ?? []) as Array<{ value?: string }>;
		const [firstName, ...rest] = String(p.name ?? '').split(' ');
		return { email: String(emails[0]?.value ?? '').toLowerCase(), firstName, lastName: rest.join(' ') };
	});
}

function check(sb: Sandbox, vendor: Vendor, people: Person[]): StoreCheck {
	const records = stored(sb, vendor);
	const byEmail = new Map<string, Person[]>();
	for (const r of records) byEmail.set(r.email, [...(byEmail.get(r.email) ?? []), r]);
	let failed = 0;
	for (const p of people) {
		const found = byEmail.get(p.email.toLowerCase()) ?? [];
		if (!found.some((r) => r.firstName === p.firstName && r.lastName === p.lastName)) failed++;
	}
	let duplicates = 0;
	for (const [email, list] of byEmail) if (email && list.length > 1) duplicates += list.length - 1;
	return { failed, duplicates, stored: records.length };
}

/** The child's side: answers ops over IPC. */
export async function sandboxChild(repoRoot: string): Promise<void> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { startSandbox } = require(path.join(repoRoot, 'test', 'sandbox')) as typeof import('../../sandbox');
	let sb: Sandbox | undefined;
	const handle = async (m: Op): Promise<unknown> => {
		if (m.op === 'fresh') {
			await sb?.close();
			sb = await startSandbox({ port: 0, seed: 9, plan: m.hubspotPlan });
			sb.hubspot.setPlan(m.hubspotPlan);
			sb.pipedrive.setPlan(m.pipedrivePlan);
			const urls: Urls = {
				hubspot: sb.hubspot.baseUrl,
				salesforce: sb.salesforce.baseUrl,
				pipedrive: sb.pipedrive.baseUrl,
				hubspotToken: sb.hubspot.tokens[0],
				salesforceToken: sb.salesforce.tokens[0],
				pipedriveToken: sb.pipedrive.tokens[0],
				zohoApiDomain: sb.zoho.apiDomain('us'),
				zohoTokenData: sb.zoho.oauth.connect('us'),
				zohoClientId: sb.zoho.oauth.clientId,
				zohoClientSecret: sb.zoho.oauth.clientSecret,
				dynamics: sb.dynamics.baseUrl,
				dynamicsTenant: sb.dynamics.tenant,
				dynamicsClientId: sb.dynamics.clientId,
				dynamicsClientSecret: sb.dynamics.clientSecret,
				dynamicsToken: sb.dynamics.tokens[0],
				freshsales: sb.freshsales.baseUrl,
				freshsalesKey: sb.freshsales.keys[0],
			};
			return urls;
		}
		if (!sb) throw new Error('no sandbox: send fresh first');
		if (m.op === 'seedHubspotContacts') {
			// straight into the store (not through HTTP: no calls logged, no window used)
			const store = sb.hubspot.store as unknown as {
				resolveType(t: string): unknown;
				validate(t: unknown, p: Record<string, string>): { errors: unknown[]; values: Record<string, string> };
				create(t: unknown, v: Record<string, string>): unknown;
			};
			const t = store.resolveType('contacts');
			for (const p of m.people) {
				const { errors, values } = store.validate(t, { email: p.email, firstname: p.firstName, lastname: p.lastName });
				if (errors.length) throw new Error(`seed ${p.email}: ${JSON.stringify(errors)}`);
				store.create(t, values);
			}
			return sb.hubspot.store.count('contacts');
		}
		if (m.op === 'seedZohoContacts') {
			// as a user in the org would (no calls logged, no limits used)
			for (const p of m.people) sb.zoho.write('Contacts', { Email: p.email, First_Name: p.firstName, Last_Name: p.lastName });
			return sb.zoho.count('Contacts');
		}
		if (m.op === 'faults') {
			sb.faults.set(m.config);
			return null;
		}
		if (m.op === 'logReset') {
			sb.log.reset();
			return null;
		}
		if (m.op === 'stats') return stats(sb.log.all(), m.vendor);
		return check(sb, m.vendor, m.people);
	};
	process.on('message', (m: { id: number } & Op) => {
		handle(m).then(
			(result) => process.send!({ id: m.id, result }),
			(error: Error) => process.send!({ id: m.id, error: error.stack ?? String(error) }),
		);
	});
	process.on('disconnect', () => void (sb ? sb.close() : Promise.resolve()).then(() => process.exit(0)));
	process.send!({ id: 0, result: 'ready' });
}

/** The bench's side: a typed client of the child. */
export class SandboxProcess {
	private next = 1;

	private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

	private constructor(private readonly child: ChildProcess) {
		child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
			const w = this.waiting.get(m.id);
			this.waiting.delete(m.id);
			if (m.error !== undefined) w?.reject(new Error(`sandbox process: ${m.error}`));
			else w?.resolve(m.result);
		});
	}

	/** Forks `script` (the compiled bench file) with --sandbox-child. */
	static async start(script: string): Promise<SandboxProcess> {
		const child = fork(script, ['--sandbox-child'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
		await new Promise<void>((resolve, reject) => {
			child.once('message', () => resolve());
			child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
		});
		return new SandboxProcess(child);
	}

	call<T>(op: Op): Promise<T> {
		const id = this.next++;
		return new Promise<T>((resolve, reject) => {
			this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.child.send({ id, ...op });
		});
	}

	stop(): void {
		this.child.disconnect();
	}
}
