import type { IDataObject } from 'n8n-workflow';
import type { CrmConnector, CrmRecord, RecordOutcome, WriteOptions } from '../types';

/*
 * Writes of unknown outcome. A create whose connection dropped after the request
 * was sent may have been applied by the vendor: the transport never re-sends it
 * (a blind retry duplicates), and reporting it as failed made users re-run it, which
 * duplicated it anyway. So after such a create we read back: records of the object
 * type created since just before the call (the connector's own `listChanged`, no
 * vendor-specific hook needed), matched to each input by the values it sent. Each
 * input then ends as created (with the vendor's record and id) or not created.
 *
 * Vendor idempotency mechanisms, checked in their docs: HubSpot documents none for
 * CRM object creates (its answer is upsert by a unique property, `idProperty`);
 * Salesforce's Idempotency-Key header exists only on the UI API's single-record
 * /ui-api/records resource (developer.salesforce.com, "Prevent Record Duplication
 * with Idempotent Record Writes"), not on sObject Collections (its answer is upsert
 * by an external id field); Pipedrive documents none. Where a unique key exists the
 * callers already upsert by it (CRM Sync contacts by email), which needs no read-back.
 */

/** Marker the transport adds to a network failure of a request it did not repeat (shared/transport/request.ts). */
const MAY_HAVE_BEEN_PROCESSED = 'may already have been processed';

/** Vendors stamp records with their own clock: read back from a little before our own start. */
const CLOCK_SKEW_MS = 5 * 60_000;

function textOf(error: unknown): string {
	const e = error as { message?: unknown; description?: unknown };
	return `${typeof e?.message === 'string' ? e.message : ''} ${typeof e?.description === 'string' ? e.description : ''}`;
}

/** Whether a failed create may nevertheless have been applied: a network failure after the request went out. */
export function isUnknownOutcome(failure: unknown): boolean {
	if ((failure as { httpCode?: unknown })?.httpCode !== undefined && (failure as { httpCode?: unknown }).httpCode !== null) {
		const status = Number((failure as { httpCode?: unknown }).httpCode);
		if (Number.isFinite(status) && status > 0) return false;
	}
	return textOf(failure).includes(MAY_HAVE_BEEN_PROCESSED);
}

/** A sent value and a stored one are the same (vendors trim and lower-case some fields, e.g. emails). */
function sameValue(sent: unknown, stored: unknown): boolean {
	const norm = (v: unknown) => String(v).trim().toLowerCase();
	return norm(sent) === norm(stored);
}

/** The scalar, non-empty values of an input: what identifies the record it should have made. */
function identifying(input: IDataObject): Array<[string, unknown]> {
	return Object.entries(input).filter(([, v]) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number' || typeof v === 'boolean');
}

function matches(input: Array<[string, unknown]>, record: CrmRecord): boolean {
	return input.length > 0 && input.every(([name, value]) => record.properties[name] !== undefined && sameValue(value, record.properties[name]));
}

export interface ResolveOptions {
	/** Milliseconds since the epoch; tests fix it. */
	now?: () => number;
}

/**
 * `connector.createMany`, with unknown outcomes resolved by reading back. Inputs
 * the read-back finds are reported created (`created: true`, the vendor's record);
 * the others are reported not created, safe to send again. When the read-back
 * itself fails, those inputs stay failed and say that their outcome is unknown.
 */
export async function createResolvingUnknown(
	connector: CrmConnector,
	objectType: string,
	inputs: IDataObject[],
	options?: WriteOptions,
	resolve: ResolveOptions = {},
): Promise<RecordOutcome[]> {
	const since = new Date((resolve.now ?? Date.now)() - CLOCK_SKEW_MS).toISOString();
	const sent = await connector.createMany(objectType, inputs, options).then(
		(outcomes) => ({ outcomes, error: undefined }),
		(error: unknown) => ({ outcomes: undefined, error }),
	);
	let outcomes: RecordOutcome[];
	let unknown: number[];
	if (sent.outcomes) {
		outcomes = sent.outcomes;
		// A vendor written one call per record (Pipedrive) reports a dropped call in its own outcome.
		unknown = outcomes.filter((o) => !o.ok && isUnknownOutcome(o) && o.status === undefined).map((o) => o.index);
	} else {
		// Any other failure is the caller's to report, exactly as the connector raised it.
		if (!isUnknownOutcome(sent.error)) return await Promise.reject(sent.error);
		const message = textOf(sent.error).trim();
		outcomes = inputs.map((_, index) => ({ index, ok: false as const, message }));
		unknown = inputs.map((_, index) => index);
	}
	if (unknown.length === 0) return outcomes;
	return await readBack(connector, objectType, inputs, outcomes, unknown, since);
}

async function readBack(
	connector: CrmConnector,
	objectType: string,
	inputs: IDataObject[],
	outcomes: RecordOutcome[],
	unknown: number[],
	since: string,
): Promise<RecordOutcome[]> {
	const wanted = unknown.map((index) => ({ index, values: identifying(inputs[index]) }));
	const isMade = async (index: number, values: Array<[string, unknown]>, record: CrmRecord) =>
		connector.matchesCreated ? await connector.matchesCreated(objectType, inputs[index], record) : matches(values, record);
	const claimed = new Set<string>(outcomes.filter((o) => o.ok).map((o) => (o as { record: CrmRecord }).record.id));
	const found = new Map<number, CrmRecord>();
	const properties = [...new Set(wanted.flatMap((w) => w.values.map(([name]) => name)))];
	try {
		for await (const record of connector.listChanged(objectType, { since, properties })) {
			// Created before the call: an older record that was merely edited, not ours.
			if (record.createdAt !== undefined && Date.parse(record.createdAt) < Date.parse(since)) continue;
			if (claimed.has(record.id)) continue;
			let w: (typeof wanted)[number] | undefined;
			for (const x of wanted) {
				if (!found.has(x.index) && (await isMade(x.index, x.values, record))) {
					w = x;
					break;
				}
			}
			if (!w) continue;
			found.set(w.index, record);
			claimed.add(record.id);
			if (found.size === wanted.length) break;
		}
	} catch (error) {
		const why = textOf(error).trim();
		return outcomes.map((o) =>
			unknown.includes(o.index) && !o.ok
				? { ...o, message: `Outcome unknown: the connection dropped after the create was sent, and reading back failed too (${why}); check for the record before running again`, code: 'OUTCOME_UNKNOWN' }
				: o,
		);
	}
	return outcomes.map((o): RecordOutcome => {
		if (!unknown.includes(o.index)) return o;
		const record = found.get(o.index);
		if (record) return { index: o.index, ok: true, record, created: true };
		return {
			index: o.index,
			ok: false,
			message: `Not created: the connection dropped after the create was sent, and reading back found no record with these values created since ${since}; running it again is safe`,
			code: 'NOT_CREATED',
		};
	});
}
