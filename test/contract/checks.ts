import { isDeepStrictEqual } from 'node:util';
import type { IDataObject } from 'n8n-workflow';
import { getPath } from '../../shared/model/fieldMap';
import { collect } from '../../shared/paging/paginate';
import type { ContractCheck, CrmConnector, CrmRecord, NeutralType, RecordOutcome } from '../../shared/types';
import type { LogEntry, Sandbox } from '../sandbox';
import { NEUTRAL_SAMPLES, person } from './samples';
import type { ContractSubject } from './subjects';

/** What a check runs with: a fresh sandbox, the subject, and a connector opened through the CRM definition. */
export interface CheckEnv {
	sb: Sandbox;
	subject: ContractSubject;
	connector: CrmConnector;
	/** The object the write checks use (the subject's kind) and its neutral kind. */
	objectType: string;
	kind: NeutralType;
	/** Every neutral kind the CRM's definition lists an object for, and that object. */
	kinds: NeutralType[];
	objectTypeOf(kind: NeutralType): string;
}

/** A contract violation, named so a failing run says which promise was broken. */
export class ContractViolation extends Error {
	/**
	 * @param about what broke, when a check can name it (the fields a round trip
	 * lost): a declared limitation has to explain each (see runner.ts `verify`).
	 */
	constructor(
		message: string,
		readonly about: string[] = [],
	) {
		super(message);
	}
}

function must(condition: unknown, message: string): asserts condition {
	if (!condition) throw new ContractViolation(message);
}

/** A call of the behaviour under test: if it throws, that is the contract broken, said as such. */
async function attempt<T>(what: string, call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		throw new ContractViolation(`${what} threw: ${error instanceof Error ? error.message : String(error)}`);
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (records: CrmRecord[]) => records.map((r) => r.id);
const show = (value: unknown) => JSON.stringify(value);

/** The sandbox's log entries of this vendor since `from` (an index into the log). */
function vendorLog(env: CheckEnv, from = 0): LogEntry[] {
	return env.sb.log.all().slice(from).filter((e) => e.path === env.subject.mount || e.path.startsWith(`${env.subject.mount}/`));
}

/**
 * A fault for the next request to this vendor only: the sandbox tests
 * `onlyPaths` once per request, so a matcher that answers true once arms
 * exactly one fault, whatever the connector sends afterwards.
 */
function armOnce(env: CheckEnv, fault: { status429Rate?: number; dropAfterRate?: number }): void {
	let armed = true;
	const mount = env.subject.mount;
	const matcher = {
		test(path: string) {
			if (!armed || !(path === mount || path.startsWith(`${mount}/`))) return false;
			armed = false;
			return true;
		},
	};
	env.sb.faults.set({ ...fault, onlyPaths: matcher as unknown as RegExp });
}

/** Creates one record per call, so each gets its own modification time. */
async function createOne(env: CheckEnv, neutral: IDataObject): Promise<CrmRecord> {
	const [outcome] = await env.connector.createMany(env.objectType, [env.connector.fromNeutral(env.kind, neutral)]);
	must(outcome?.ok, `create failed: ${show(outcome)}`);
	return outcome.record;
}

async function createSome(env: CheckEnv, tag: string, n: number): Promise<string[]> {
	const outcomes = await env.connector.createMany(
		env.objectType,
		Array.from({ length: n }, (_, i) => env.connector.fromNeutral(env.kind, person(i, tag))),
	);
	must(outcomes.length === n && outcomes.every((o) => o.ok), `createMany of ${n} failed: ${show(outcomes)}`);
	return outcomes.map((o) => (o as Extract<RecordOutcome, { ok: true }>).record.id);
}

async function getMany(env: CheckEnv, list: string[]): Promise<CrmRecord[]> {
	return collect(env.connector.getMany(env.objectType, list));
}

/**
 * Neutral fields of a stored record, read back through the connector. The
 * vendor properties asked for are the ones `fromNeutral` writes those fields
 * to (some vendors return only a default set otherwise).
 */
async function stored(env: CheckEnv, id: string, fields: string[]): Promise<IDataObject> {
	const properties = Object.keys(env.connector.fromNeutral(env.kind, Object.fromEntries(fields.map((f) => [f, 'x']))));
	const neutral = env.connector.toNeutral(env.kind, await env.connector.get(env.objectType, id, properties));
	return Object.fromEntries(fields.map((f) => [f, neutral[f]]));
}

/**
 * Updates write a phone: every CRM keeps a person's phone (a job title, say,
 * is read-only on some vendors' person APIs).
 */
const UPDATED_PHONE = '+15550100002';
const REJECTED_PHONE = '+15550100666';

const time = (r: CrmRecord) => Date.parse(r.updatedAt ?? '');

function assertOldestFirst(records: CrmRecord[]): void {
	for (let i = 1; i < records.length; i++) {
		must(
			Number.isFinite(time(records[i])) && time(records[i - 1]) <= time(records[i]),
			`listChanged is not oldest first: ${records[i - 1].id} (${records[i - 1].updatedAt}) before ${records[i].id} (${records[i].updatedAt})`,
		);
	}
}

/**
 * A, then (a second later) B and C, then A updated: the change list is
 * A?, B, C, A in time order and every record carries its modification time.
 */
async function changedRecords(env: CheckEnv) {
	const a = await createOne(env, person(0, 'changed'));
	await sleep(1100);
	// B, C and A's update start just after a wall-clock second begins, so on a vendor that keeps whole
	// seconds (Zoho) they share one second: the case such a vendor's declared limitation names. Without
	// this, a second boundary falling between them (likelier under load) let the check pass there now
	// and then, and the suite reported the limitation as wrong (seen in CI, 2026-12-03).
	await sleep(1000 - (Date.now() % 1000) + 10);
	const b = await createOne(env, person(1, 'changed'));
	const c = await createOne(env, person(2, 'changed'));
	await sleep(50);
	const [updated] = await env.connector.updateMany(env.objectType, [
		{ id: a.id, properties: env.connector.fromNeutral(env.kind, { phone: UPDATED_PHONE }) },
	]);
	must(updated?.ok, `update failed: ${show(updated)}`);
	const since = (await env.connector.get(env.objectType, b.id)).updatedAt;
	must(since, `get() of ${b.id} carries no updatedAt`);
	return { a: a.id, b: b.id, c: c.id, since };
}

/** Every other object type of the definition, each with a few records seeded in the sandbox's store. */
async function* otherObjects(env: CheckEnv): AsyncGenerator<string> {
	for (const objectType of new Set(env.kinds.map((k) => env.objectTypeOf(k)))) {
		if (objectType === env.objectType) continue;
		env.subject.seed(env.sb, objectType, 3);
		yield objectType;
	}
}

export const CHECKS: Record<ContractCheck, (env: CheckEnv) => Promise<void>> = {
	async listChangedOldestFirst(env) {
		const { a, b, c } = await changedRecords(env);
		const all = await collect(env.connector.listChanged(env.objectType, {}));
		assertOldestFirst(all);
		const mine = ids(all).filter((id) => [a, b, c].includes(id));
		must(isDeepStrictEqual(mine, [b, c, a]), `listChanged order ${show(mine)}, expected B, C, then the updated A ${show([b, c, a])}`);
		for await (const objectType of otherObjects(env)) {
			const records = await collect(env.connector.listChanged(objectType, {}));
			must(records.length >= 3, `listChanged of ${objectType} returned ${records.length} of the 3 seeded records`);
			assertOldestFirst(records);
		}
	},

	async listChangedIncludesSince(env) {
		const { a, b, c, since } = await changedRecords(env);
		const changed = await collect(env.connector.listChanged(env.objectType, { since }));
		assertOldestFirst(changed);
		const mine = ids(changed).filter((id) => [a, b, c].includes(id));
		must(
			isDeepStrictEqual(mine, [b, c, a]),
			`listChanged since ${since} (B's own modification time) gave ${show(mine)}, expected B, C, A ${show([b, c, a])}`,
		);
		// A second earlier than `since` is before it even on a vendor that keeps whole seconds.
		for (const r of changed) must(time(r) >= Date.parse(since) - 1000, `listChanged since ${since} returned ${r.id} modified at ${r.updatedAt}`);
		for await (const objectType of otherObjects(env)) {
			const all = await collect(env.connector.listChanged(objectType, {}));
			const middle = all[Math.floor(all.length / 2)];
			must(middle?.updatedAt, `listChanged of ${objectType} returned no record with its modification time`);
			const expected = ids(all.filter((r) => time(r) >= time(middle)));
			const got = await collect(env.connector.listChanged(objectType, { since: middle.updatedAt }));
			assertOldestFirst(got);
			must(
				expected.every((id) => ids(got).includes(id)),
				`listChanged of ${objectType} since ${middle.updatedAt} (${middle.id}'s own time) gave ${show(ids(got))}, missing some of ${show(expected)}`,
			);
		}
	},

	async listLimitStopsPaging(env) {
		const size = env.subject.pageSize;
		env.subject.seed(env.sb, env.objectType, 2 * size + 5);
		const pages = async (limit?: number) => {
			const from = env.sb.log.all().length;
			const records = await collect(env.connector.list(env.objectType, { limit }));
			return { records, requests: vendorLog(env, from) };
		};
		const all = await pages();
		must(all.records.length === 2 * size + 5, `list without a limit returned ${all.records.length} of ${2 * size + 5} records`);
		must(all.requests.length === 3, `list of ${2 * size + 5} records took ${all.requests.length} requests, expected 3 pages of ${size}`);
		const few = await pages(3);
		must(few.records.length === 3 && few.requests.length === 1, `list limit 3: ${few.records.length} records in ${few.requests.length} requests, expected 3 in 1`);
		const overOne = await pages(size + 2);
		must(
			overOne.records.length === size + 2 && overOne.requests.length === 2,
			`list limit ${size + 2}: ${overOne.records.length} records in ${overOne.requests.length} requests, expected ${size + 2} in 2 (the third page is not needed)`,
		);
		must(isDeepStrictEqual(ids(overOne.records), ids(all.records).slice(0, size + 2)), 'list with a limit did not return the first records of the full listing');
	},

	async outcomesByIndex(env) {
		const before = env.subject.count(env.sb, env.objectType);
		const neutrals = [person(0, 'okay'), person(1, 'reject'), person(2, 'okay'), person(3, 'reject')];
		env.sb.faults.set({ failRecord: (input: unknown) => JSON.stringify(input).includes('reject') });
		const created = await env.connector.createMany(
			env.objectType,
			neutrals.map((n) => env.connector.fromNeutral(env.kind, n)),
		);
		env.sb.faults.clear();
		must(created.length === 4, `createMany of 4 returned ${created.length} outcomes`);
		must(isDeepStrictEqual(created.map((o) => [o.index, o.ok]), [[0, true], [1, false], [2, true], [3, false]]), `createMany outcomes ${show(created.map((o) => [o.index, o.ok]))}, expected ok/failed/ok/failed by index`);
		for (const o of created) if (!o.ok) must(o.message, `failed outcome ${o.index} has no message`);
		const okIds = created.map((o) => (o.ok ? o.record.id : ''));
		for (const i of [0, 2]) must((await stored(env, okIds[i], ['email'])).email === neutrals[i].email, `outcome ${i} names record ${okIds[i]}, which is not input ${i}`);
		must(env.subject.count(env.sb, env.objectType) === before + 2, 'the rejected records were stored');

		env.sb.faults.set({ failRecord: (input: unknown) => JSON.stringify(input).includes(REJECTED_PHONE) });
		const updated = await env.connector.updateMany(env.objectType, [
			{ id: okIds[0], properties: env.connector.fromNeutral(env.kind, { phone: REJECTED_PHONE }) },
			{ id: okIds[2], properties: env.connector.fromNeutral(env.kind, { phone: UPDATED_PHONE }) },
		]);
		env.sb.faults.clear();
		must(isDeepStrictEqual(updated.map((o) => [o.index, o.ok]), [[0, false], [1, true]]), `updateMany outcomes ${show(updated.map((o) => [o.index, o.ok]))}, expected failed/ok`);
		must(updated[1].ok && updated[1].record.id === okIds[2], `updateMany outcome 1 names ${show(updated[1])}, not ${okIds[2]}`);
		const phones = await Promise.all([0, 2].map(async (i) => (await stored(env, okIds[i], ['phone'])).phone));
		must(phones[0] !== REJECTED_PHONE && phones[1] === UPDATED_PHONE, `after a partial update the records' phones read ${show(phones)}`);

		if (!env.connector.transactionalBatches) return;
		// All or nothing: every outcome still in its place, the valid ones marked rolled back, the culprit not.
		const count = env.subject.count(env.sb, env.objectType);
		env.sb.faults.set({ failRecord: (input: unknown) => JSON.stringify(input).includes('reject') });
		const all = await env.connector.createMany(
			env.objectType,
			[person(4, 'okay'), person(5, 'reject'), person(6, 'okay')].map((n) => env.connector.fromNeutral(env.kind, n)),
			{ allOrNone: true },
		);
		env.sb.faults.clear();
		const shape = all.map((o) => [o.index, o.ok, !o.ok && o.rolledBack === true]);
		must(isDeepStrictEqual(shape, [[0, false, true], [1, false, false], [2, false, true]]), `all-or-nothing createMany outcomes [index, ok, rolledBack] ${show(shape)}, expected the valid ones rolled back around the rejected one`);
		must(env.subject.count(env.sb, env.objectType) === count, 'an all-or-nothing call with a rejected record stored records');
	},

	async upsertIdempotent(env) {
		// The key the CRM Sync node upserts by (`upsertKey`), else the one the subject made in the sandbox.
		const byEmail = env.connector.upsertKey(env.kind, 'email');
		const key = byEmail ? { idProperty: byEmail, value: (n: number, tag: string) => String(person(n, tag).email) } : env.subject.upsert;
		must(key, `${env.subject.definition.displayName} has no upsert key: upsertKey('${env.kind}', 'email') is undefined and the subject names none`);
		const { idProperty, value } = key;
		const inputs = [0, 1, 2].map((n) => ({ id: value(n, 'upsert'), properties: env.connector.fromNeutral(env.kind, person(n, 'upsert')) }));
		const before = env.subject.count(env.sb, env.objectType);
		const first = await env.connector.upsertMany(env.objectType, idProperty, inputs);
		must(first.length === 3 && first.every((o, i) => o.ok && o.index === i), `first upsertMany: ${show(first)}`);
		must(env.subject.count(env.sb, env.objectType) === before + 3, 'the first upsertMany did not create 3 records');
		must(first.every((o) => !o.ok || o.created !== false), `the first upsertMany reported an update: ${show(first)}`);
		const second = await env.connector.upsertMany(env.objectType, idProperty, inputs);
		must(second.length === 3 && second.every((o, i) => o.ok && o.index === i), `second upsertMany: ${show(second)}`);
		must(env.subject.count(env.sb, env.objectType) === before + 3, 'the second upsertMany with the same input created records');
		must(second.every((o) => o.ok && o.created !== true), `the second upsertMany reported creates: ${show(second)}`);
		const firstIds = first.map((o) => (o.ok ? o.record.id : ''));
		const secondIds = second.map((o) => (o.ok ? o.record.id : ''));
		must(isDeepStrictEqual(firstIds, secondIds), `the second upsertMany named other records: ${show(secondIds)} vs ${show(firstIds)}`);
	},

	async deleteAlreadyDeleted(env) {
		const [x, y, z] = await createSome(env, 'delete', 3);
		const before = env.subject.count(env.sb, env.objectType);
		const gone = await env.connector.deleteMany(env.objectType, [y]);
		must(gone.length === 1 && gone[0].ok, `deleteMany of one id: ${show(gone)}`);
		const again = await attempt('deleteMany with an already deleted id', () => env.connector.deleteMany(env.objectType, [x, y, z]));
		must(again.length === 3 && again.every((o, i) => o.index === i), `deleteMany of 3 ids returned ${show(again)}`);
		must(again[0].ok && again[2].ok, `deleting an already deleted id failed the others: ${show(again)}`);
		if (!again[1].ok) must(again[1].message, 'the already deleted id is reported failed without a message');
		must(env.subject.count(env.sb, env.objectType) === before - 3, 'the other records were not deleted');
	},

	async getManyLeavesOutMissing(env) {
		const [x, y, z] = await createSome(env, 'getmany', 3);
		const deleted = await env.connector.deleteMany(env.objectType, [y]);
		must(deleted[0]?.ok, `delete failed: ${show(deleted)}`);
		const found = await attempt('getMany with missing ids', () => getMany(env, [x, env.subject.missingId, y, z]));
		must(isDeepStrictEqual(ids(found).sort(), [x, z].sort()), `getMany of [x, never existed, deleted, z] gave ${show(ids(found))}, expected ${show([x, z])}`);
		for (const r of found) must(r.objectType && Object.keys(r.properties).length, `getMany returned ${r.id} without its properties`);
	},

	async retryAfter429(env) {
		await createSome(env, 'listed', 2);
		const before = env.subject.count(env.sb, env.objectType);
		for (const action of ['read', 'create'] as const) {
			const from = env.sb.log.all().length;
			armOnce(env, { status429Rate: 1 });
			if (action === 'read') {
				const records = await attempt('a read answered 429', () => collect(env.connector.list(env.objectType, { limit: 1 })));
				must(records.length === 1, `a read after a 429 returned ${records.length} records`);
			} else {
				const [outcome] = await attempt('a create answered 429', () =>
					env.connector.createMany(env.objectType, [env.connector.fromNeutral(env.kind, person(0, 'ratelimited'))]),
				);
				must(outcome?.ok, `a create after a 429 failed: ${show(outcome)}`);
			}
			env.sb.faults.clear();
			const log = vendorLog(env, from);
			must(log.length === 2 && log[0].status === 429, `${action}: requests ${show(log.map((e) => e.status))}, expected a 429 then one retry`);
			must(log[1].status >= 200 && log[1].status < 300, `${action}: the retry answered ${log[1].status}`);
			// The sandbox's 429 says Retry-After: 1.
			must(log[1].at - log[0].at >= 1000, `${action}: retried ${log[1].at - log[0].at} ms after a 429 with Retry-After: 1`);
		}
		must(env.subject.count(env.sb, env.objectType) === before + 1, 'the create through a 429 did not store exactly one record');
	},

	async noResendAfterDrop(env) {
		const before = env.subject.count(env.sb, env.objectType);
		const from = env.sb.log.all().length;
		armOnce(env, { dropAfterRate: 1 });
		let outcomes: RecordOutcome[] | undefined;
		let thrown: unknown;
		try {
			outcomes = await env.connector.createMany(env.objectType, [env.connector.fromNeutral(env.kind, person(0, 'dropped'))]);
		} catch (error) {
			thrown = error;
		}
		env.sb.faults.clear();
		const log = vendorLog(env, from);
		must(log.length === 1 && log[0].fault === 'drop-after', `requests after a dropped create: ${show(log.map((e) => [e.method, e.path, e.fault ?? e.status]))}, expected the one create`);
		must(env.subject.count(env.sb, env.objectType) === before + 1, 'the sandbox did not apply the dropped create');
		must(thrown !== undefined || (outcomes?.length === 1 && !outcomes[0].ok), `a create whose answer was lost was reported as done: ${show(outcomes)}`);
	},

	async neutralRoundTrip(env) {
		const problems: string[] = [];
		const lost = new Set<string>();
		for (const kind of env.kinds) {
			const sample = NEUTRAL_SAMPLES[kind];
			const vendor = env.connector.fromNeutral(kind, sample);
			const objectType = env.objectTypeOf(kind);
			const back = env.connector.toNeutral(kind, { id: 'contract-1', objectType, properties: vendor, raw: vendor });
			for (const path of mappedPaths(env.connector, kind, sample, vendor)) {
				const want = getPath(sample, path);
				const got = getPath(back, path);
				if (!sameValue(want, got)) {
					problems.push(`${kind}.${path}: ${show(want)} came back as ${show(got)}`);
					lost.add(path);
				}
			}
		}
		if (problems.length) throw new ContractViolation(`toNeutral(fromNeutral(x)) lost mapped fields:\n${problems.join('\n')}`, [...lost]);
	},
};

/** Dotted paths of every leaf value of a record (`address.city`). */
function leafPaths(record: IDataObject, prefix = ''): string[] {
	return Object.entries(record).flatMap(([key, value]) =>
		value && typeof value === 'object' && !Array.isArray(value) ? leafPaths(value as IDataObject, `${prefix}${key}.`) : [`${prefix}${key}`],
	);
}

function without(record: IDataObject, path: string): IDataObject {
	const copy = JSON.parse(JSON.stringify(record)) as IDataObject;
	const keys = path.split('.');
	const parent = keys.slice(0, -1).reduce<IDataObject>((acc, k) => acc[k] as IDataObject, copy);
	delete parent[keys[keys.length - 1]];
	return copy;
}

/**
 * The neutral fields a connector maps for a kind, found by what it does rather
 * than by its tables: a field is mapped when leaving it out of the neutral
 * record changes what `fromNeutral` writes.
 */
function mappedPaths(connector: CrmConnector, kind: NeutralType, sample: IDataObject, vendor: IDataObject): string[] {
	return leafPaths(sample).filter((path) => !isDeepStrictEqual(connector.fromNeutral(kind, without(sample, path)), vendor));
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Equal values; two ISO 8601 date-times are equal when they name the same instant (`.000Z` or not). */
function sameValue(want: unknown, got: unknown): boolean {
	if (isDeepStrictEqual(want, got)) return true;
	return typeof want === 'string' && typeof got === 'string' && ISO_TIME.test(want) && ISO_TIME.test(got) && Date.parse(want) === Date.parse(got);
}
