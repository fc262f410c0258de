/**
 * The contract checks can fail: each one, run against a HubSpot connector
 * broken in exactly the way that check is about, reports the contract broken;
 * and a definition that declares a check impossible while the check passes is
 * caught. Without this, a check that always passes would look like a
 * connector that keeps its promise.
 */
import type { IDataObject } from 'n8n-workflow';
import { collect } from '../../shared/paging/paginate';
import { resetRateLimiters } from '../../shared/transport/rateLimiter';
import type { ContractCheck, CrmConnector, CrmRecord, RecordOutcome } from '../../shared/types';
import { CHECKS, ContractViolation, type CheckEnv } from './checks';
import { openEnv, sandboxPerTest, verify } from './runner';
import { CONTRACT_SUBJECTS } from './subjects';

const subject = CONTRACT_SUBJECTS.find((s) => s.definition.value === 'hubspot') as (typeof CONTRACT_SUBJECTS)[number];

/** The connector with some methods replaced; the rest (and `this` inside them) stay the real connector's. */
function broken(env: CheckEnv, change: (real: CrmConnector) => Partial<CrmConnector>): CheckEnv {
	const real = env.connector;
	return { ...env, connector: Object.assign(Object.create(real) as CrmConnector, change(real)) };
}

const BREAKAGES: Record<ContractCheck, (real: CrmConnector) => Partial<CrmConnector>> = {
	// Newest first.
	listChangedOldestFirst: (real) => ({
		async *listChanged(objectType, options) {
			yield* (await collect(real.listChanged(objectType, options))).reverse();
		},
	}),
	// Strictly after `since`, so the record modified at `since` is missed.
	listChangedIncludesSince: (real) => ({
		listChanged: (objectType, options) =>
			real.listChanged(objectType, { ...options, since: options.since && new Date(Date.parse(options.since) + 1).toISOString() }),
	}),
	// Reads everything, then cuts.
	listLimitStopsPaging: (real) => ({
		async *list(objectType, options) {
			yield* (await collect(real.list(objectType, { ...options, limit: undefined }))).slice(0, options.limit);
		},
	}),
	// Successes first, renumbered.
	outcomesByIndex: (real) => ({
		async createMany(objectType, inputs) {
			const outcomes = await real.createMany(objectType, inputs);
			return [...outcomes.filter((o) => o.ok), ...outcomes.filter((o) => !o.ok)].map((o, index) => ({ ...o, index }));
		},
	}),
	// An "upsert" that always creates.
	upsertIdempotent: (real) => ({
		upsertMany: (objectType, _idProperty, inputs) => real.createMany(objectType, inputs.map((i) => i.properties)),
	}),
	// Fails the whole call when one id is gone.
	deleteAlreadyDeleted: (real) => ({
		async deleteMany(objectType, ids) {
			const found = await collect(real.getMany(objectType, ids));
			if (found.length < ids.length) throw new Error('some records are already deleted');
			return real.deleteMany(objectType, ids);
		},
	}),
	// An empty record for every missing id.
	getManyLeavesOutMissing: (real) => ({
		async *getMany(objectType, ids, properties) {
			const found = new Map((await collect(real.getMany(objectType, ids, properties))).map((r) => [r.id, r]));
			for (const id of ids) yield found.get(id) ?? ({ id, objectType, properties: {}, raw: {} } as CrmRecord);
		},
	}),
	// Sends again at once after any 429, without waiting (and without the rate limiter's pause, which would wait).
	retryAfter429: (real) => ({
		async *list(objectType, options) {
			try {
				yield* await collect(real.list(objectType, options));
			} catch {
				resetRateLimiters();
				yield* real.list(objectType, options);
			}
		},
	}),
	// Sends the create again after a lost answer.
	noResendAfterDrop: (real) => ({
		async createMany(objectType, inputs): Promise<RecordOutcome[]> {
			try {
				return await real.createMany(objectType, inputs);
			} catch {
				return real.createMany(objectType, inputs);
			}
		},
	}),
	// Loses the e-mail on the way back.
	neutralRoundTrip: (real) => ({
		toNeutral(kind, record) {
			const out: IDataObject = real.toNeutral(kind, record);
			delete out.email;
			return out;
		},
	}),
};

const sandbox = sandboxPerTest(subject);

describe.each(Object.keys(BREAKAGES) as ContractCheck[])('%s', (check) => {
	test('reports a connector broken that way', async () => {
		// No retries of its own, so the broken 429 handling above is the only one.
		const env = broken(await openEnv(sandbox(), subject, check === 'retryAfter429' ? { retry: { maxAttempts: 1 } } : {}), BREAKAGES[check]);
		await expect(CHECKS[check](env)).rejects.toBeInstanceOf(ContractViolation);
	});
});

test('a limitation declared for a check that passes is refused', async () => {
	const env = await openEnv(sandbox(), subject);
	await expect(verify(env, 'getManyLeavesOutMissing', 'HubSpot cannot read records by id')).rejects.toThrow(
		'getManyLeavesOutMissing is declared impossible ("HubSpot cannot read records by id") but passes: remove it from the definition\'s limitations',
	);
});

test('a declared limitation is accepted when the check really fails', async () => {
	const env = broken(await openEnv(sandbox(), subject), BREAKAGES.getManyLeavesOutMissing);
	await expect(verify(env, 'getManyLeavesOutMissing', 'HubSpot cannot leave missing ids out')).resolves.toBeUndefined();
});

test('a declared limitation does not cover a failure it does not name', async () => {
	const env = broken(await openEnv(sandbox(), subject), BREAKAGES.neutralRoundTrip);
	await expect(verify(env, 'neutralRoundTrip', 'HubSpot keeps the address in one line')).rejects.toThrow(
		'neutralRoundTrip is declared impossible ("HubSpot keeps the address in one line"), but it also fails for what the reason does not name: email',
	);
	await expect(verify(env, 'neutralRoundTrip', 'HubSpot does not give the email back')).resolves.toBeUndefined();
});
