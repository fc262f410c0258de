import type { IDataObject } from 'n8n-workflow';
import type { FieldIssue } from '../../../shared/model/errors';
import { systemClock, type Clock } from '../../../shared/transport/clock';
import type { CrmResponse } from '../../../shared/transport/request';
import type { SalesforceCall } from '../transport/salesforceApi';
import { csvLine, csvRecords } from './csv';
import { fieldIssues } from './records';

/*
 * Bulk API 2.0 ingest, from Salesforce's "Bulk API 2.0 and Bulk API Developer Guide":
 *   POST  /services/data/vXX.X/jobs/ingest                {object, operation, externalIdFieldName?, contentType: CSV, lineEnding: LF}
 *   PUT   /services/data/vXX.X/jobs/ingest/{id}/batches    text/csv, answered 201 with no body
 *   PATCH /services/data/vXX.X/jobs/ingest/{id}            {state: UploadComplete} (or Aborted)
 *   GET   /services/data/vXX.X/jobs/ingest/{id}            state: Open, UploadComplete, InProgress, JobComplete, Failed, Aborted
 *   GET   .../{id}/successfulResults/                      CSV: sf__Id, sf__Created, then the uploaded columns
 *   GET   .../{id}/failedResults/                          CSV: sf__Id, sf__Error, then the uploaded columns
 * Result rows come in no guaranteed order, and every CSV column must name a
 * field of the object, so rows cannot carry an index of ours: each result is
 * matched to its input by the key column it echoes (the external id value for
 * upsert, the record Id for delete). Keys are therefore unique within a job.
 */

/** Salesforce's default above which the pack switches from sObject Collections to Bulk API 2.0. */
export const BULK_DEFAULT_THRESHOLD = 2000;

/** Longest the pack waits for a job by default; the job goes on in Salesforce after that. */
export const BULK_DEFAULT_MAX_WAIT_MS = 10 * 60 * 1000;

/** Waits between job polls: none before the first, then 1 s doubling to 30 s. */
const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 30_000;

/**
 * Salesforce accepts up to 100 MB of CSV per job (150 MB once base64-encoded).
 * Lengths here are UTF-16 code units, up to 3 UTF-8 bytes each, so 30 million
 * of them stay under the limit whatever the text; larger inputs go out as
 * several jobs, one after the other.
 */
const MAX_JOB_CHARS = 30_000_000;

const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);

export type IngestOperation = 'upsert' | 'delete';

export interface IngestSpec {
	object: string;
	operation: IngestOperation;
	externalIdFieldName?: string;
	/** Header row; includes `keyColumn`. */
	columns: string[];
	/** The column results are matched back by. */
	keyColumn: string;
	/** One row per record, cells in `columns` order; key cells unique (after `normalize`). */
	rows: string[][];
	/** How two spellings of one key compare (record ids: 15- and 18-character forms). */
	normalize?: (key: string) => string;
}

export type RowResult =
	| { row: number; ok: true; id: string; created?: boolean; jobId: string }
	| { row: number; ok: false; message: string; code?: string; id?: string; jobId?: string; issues?: FieldIssue[] };

export interface BulkContext {
	request: <T = IDataObject>(call: SalesforceCall) => Promise<CrmResponse<T>>;
	clock?: Clock;
	maxWaitMs?: number;
}

/**
 * A field value as a Bulk API CSV cell: an empty cell leaves the field as it
 * is, `#N/A` clears it (so null and '' clear, as they do through the REST API).
 * Assumption: objects and arrays (never valid Salesforce field values) are sent
 * as JSON text and left to Salesforce to refuse.
 */
export function bulkCell(value: unknown): string {
	if (value === undefined) return '';
	if (value === null || value === '') return '#N/A';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** Runs the rows through as many ingest jobs as their size needs; one result per row. */
export async function runIngest(ctx: BulkContext, spec: IngestSpec): Promise<RowResult[]> {
	const header = csvLine(spec.columns);
	const results: RowResult[] = [];
	let start = 0;
	while (start < spec.rows.length) {
		const lines: string[] = [];
		let size = header.length + 1;
		let end = start;
		while (end < spec.rows.length) {
			const line = csvLine(spec.rows[end]);
			if (lines.length && size + line.length + 1 > MAX_JOB_CHARS) break;
			lines.push(line);
			size += line.length + 1;
			end++;
		}
		const rows = Array.from({ length: end - start }, (_, i) => start + i);
		try {
			results.push(...(await runJob(ctx, spec, `${header}\n${lines.join('\n')}\n`, rows)));
		} catch (error) {
			// This job's records failed as a whole; records of other jobs keep their results.
			const e = error as { message?: string; description?: string; httpCode?: string };
			const message = e.description && !String(e.message).includes(e.description) ? `${e.message} (${e.description})` : String(e.message ?? error);
			for (const row of rows) results.push({ row, ok: false, message });
		}
		start = end;
	}
	return results;
}

async function runJob(ctx: BulkContext, spec: IngestSpec, csv: string, rows: number[]): Promise<RowResult[]> {
	const body: IDataObject = { object: spec.object, operation: spec.operation, contentType: 'CSV', lineEnding: 'LF' };
	if (spec.externalIdFieldName) body.externalIdFieldName = spec.externalIdFieldName;
	// Assumption: the pack's Sforce-Call-Options client id, sent when the job is created, is
	// recorded with the changes the job makes (the guide allows the header on this call).
	const created = await ctx.request({ method: 'POST', path: '/jobs/ingest', body, write: true });
	const jobId = String(created.body.id ?? '');
	if (!jobId) throw new Error('Salesforce did not return a Bulk API job id');
	const jobPath = `/jobs/ingest/${encodeURIComponent(jobId)}`;

	let closed = false;
	try {
		// Not repeated after an ambiguous failure: whether a second upload would add the rows twice is not documented.
		await ctx.request({ method: 'PUT', path: `${jobPath}/batches`, body: csv, headers: { 'Content-Type': 'text/csv' }, idempotent: false });
		await ctx.request({ method: 'PATCH', path: jobPath, body: { state: 'UploadComplete' }, idempotent: true });
		closed = true;
	} finally {
		// An open job is never processed; abort it so it does not linger in Setup (best effort).
		if (!closed) await ctx.request({ method: 'PATCH', path: jobPath, body: { state: 'Aborted' }, idempotent: true }).catch(() => undefined);
	}

	const info = await waitForJob(ctx, jobPath, jobId);
	const state = String(info.state);
	// A Failed or Aborted job may still have processed some records: read both lists whatever the state.
	const succeeded = await resultRows(ctx, `${jobPath}/successfulResults/`);
	const failed = await resultRows(ctx, `${jobPath}/failedResults/`);

	const normalize = spec.normalize ?? ((k: string) => k);
	const keyIndex = spec.columns.indexOf(spec.keyColumn);
	const rowOfKey = new Map<string, number>();
	for (const row of rows) rowOfKey.set(normalize(spec.rows[row][keyIndex]), row);
	const rowOf = (r: Record<string, string>) => {
		const echoed = r[spec.keyColumn];
		if (echoed !== undefined && rowOfKey.has(normalize(echoed))) return rowOfKey.get(normalize(echoed));
		// Delete results name the record in sf__Id as well.
		return spec.keyColumn === 'Id' && r.sf__Id ? rowOfKey.get(normalize(r.sf__Id)) : undefined;
	};

	const byRow = new Map<number, RowResult>();
	for (const r of succeeded) {
		const row = rowOf(r);
		if (row === undefined) continue;
		const created = r.sf__Created === undefined ? undefined : r.sf__Created.toLowerCase() === 'true';
		byRow.set(row, { row, ok: true, id: r.sf__Id || spec.rows[row][keyIndex], created, jobId });
	}
	for (const r of failed) {
		const row = rowOf(r);
		if (row === undefined) continue;
		const { code, message, issues } = parseError(r.sf__Error);
		byRow.set(row, { row, ok: false, message, code, id: r.sf__Id || undefined, jobId, issues });
	}
	const reason = info.errorMessage ? `: ${String(info.errorMessage)}` : '';
	const unprocessed = `Salesforce Bulk API job ${jobId} ended ${state}${reason}; this record was not processed`;
	return rows.map((row) => byRow.get(row) ?? { row, ok: false, message: unprocessed, jobId });
}

/**
 * Polls the job, first at once (small jobs are often done by then), then after
 * growing waits, until it ends; fails naming the job once the wait is used up.
 */
async function waitForJob(ctx: BulkContext, jobPath: string, jobId: string): Promise<IDataObject> {
	const clock = ctx.clock ?? systemClock;
	const maxWaitMs = ctx.maxWaitMs ?? BULK_DEFAULT_MAX_WAIT_MS;
	const start = clock.now();
	let delay = FIRST_POLL_MS;
	for (;;) {
		const { body } = await ctx.request({ method: 'GET', path: jobPath });
		const state = String(body.state ?? '');
		if (TERMINAL.has(state)) return body;
		const left = maxWaitMs - (clock.now() - start);
		if (left <= 0) {
			throw new Error(
				`Salesforce Bulk API job ${jobId} did not finish within ${Math.round(maxWaitMs / 1000)} s (last state: ${state || 'unknown'}). It goes on in Salesforce: check its outcome under Setup > Bulk Data Load Jobs before running the workflow again.`,
			);
		}
		await clock.sleep(Math.min(delay, left));
		delay = Math.min(delay * 2, MAX_POLL_MS);
	}
}

async function resultRows(ctx: BulkContext, path: string): Promise<Array<Record<string, string>>> {
	const { body } = await ctx.request<unknown>({ method: 'GET', path, headers: { Accept: 'text/csv' } });
	return typeof body === 'string' ? csvRecords(body) : [];
}

/**
 * `sf__Error` reads `STATUS_CODE:message:fields --` (assumption from observed
 * results: the field list, comma-separated and possibly empty, and the ` --`
 * end marker are not always there). Shaped like the sObject Collections errors.
 */
function parseError(raw: string | undefined): { code?: string; message: string; issues?: FieldIssue[] } {
	const text = (raw ?? '').trim();
	if (!text) return { message: 'Salesforce did not process this record and gave no reason' };
	const match = /^([A-Z][A-Z0-9_]+):(.*)$/s.exec(text);
	if (!match) return { message: text };
	let detail = match[2];
	let fields = '';
	const tail = /:([A-Za-z0-9_.,]*)\s*--\s*$/.exec(detail);
	if (tail) {
		fields = tail[1];
		detail = detail.slice(0, tail.index);
	}
	detail = detail.trim();
	const names = fields.split(',').filter(Boolean);
	const list = names.length ? ` (fields: ${names.join(', ')})` : '';
	return { code: match[1], message: `${match[1]}${detail ? `: ${detail}` : ''}${list}`, issues: fieldIssues([{ statusCode: match[1], message: detail, fields: names }]) };
}
