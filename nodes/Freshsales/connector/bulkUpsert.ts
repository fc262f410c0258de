import type { IDataObject } from 'n8n-workflow';
import { systemClock } from '../../../shared/transport/clock';
import type { CrmRecord, RecordOutcome } from '../../../shared/types';
import type { FreshsalesConnector } from './FreshsalesConnector';
import { failed, withIdentifier } from './keys';
import type { EntitySpec } from './objectTypes';

export interface KeyedInput {
	/** The unique identifier's value. */
	id: string;
	properties: IDataObject;
}

/** First wait between two job status reads, and the longest. */
export const JOB_POLL_FIRST_MS = 1_000;
export const JOB_POLL_MAX_MS = 15_000;
/** How long a job may run before its records are reported unknown. */
export const JOB_TIMEOUT_MS = 15 * 60_000;

const DONE = new Set(['completed', 'complete', 'success', 'succeeded', 'finished', 'done']);
const FAILED = new Set(['failed', 'failure', 'error', 'aborted', 'cancelled']);

/**
 * One bulk upsert job (`POST /<entity>/bulk_upsert`, at most 100 records),
 * polled to completion (`GET /job_statuses/:id`) and mapped back to its inputs.
 *
 * Second-hand (code using the API and a connector vendor's summary of
 * developers.freshworks.com/crm/api#bulk_upsert_contact and #job_status_api; the
 * vendor's page could not be read here): the body `{ <plural>: [{ <identifier>:
 * value, data: {...} }] }`, the answer's `job_status_url` (or a job id), and the
 * job's `status`/`progress`. What the job reports per record is not known, so
 * the records are read back by their identifier, before and after: found and
 * changed = written (created when it was not there before); otherwise failed,
 * naming what the job said. 4 + polls calls per 100 records instead of 100.
 */
export async function runBulkUpsert(connector: FreshsalesConnector, spec: EntitySpec, key: string, inputs: KeyedInput[]): Promise<RecordOutcome[]> {
	const outcomes: Array<RecordOutcome | undefined> = new Array(inputs.length).fill(undefined);
	const entries: IDataObject[] = [];
	const sent: number[] = [];
	for (const [index, input] of inputs.entries()) {
		try {
			const data = withIdentifier(await connector.toBody(spec.objectType, input.properties), key, input.id);
			entries.push({ [key]: input.id, data });
			sent.push(index);
		} catch (error) {
			outcomes[index] = failed(index, error);
		}
	}
	if (!entries.length) return outcomes as RecordOutcome[];
	const values = sent.map((i) => inputs[i].id.toLowerCase());
	const before = await connector.findByKeys(spec.objectType, key, values);

	const { body, statusCode } = await connector.request({ method: 'POST', path: `${spec.path}/bulk_upsert`, body: { [spec.plural]: entries } });
	const statusPath = jobStatusPath(body as IDataObject | undefined);
	if (!statusPath) throw new Error(`Freshsales accepted the bulk upsert (HTTP ${statusCode}) but named no job to follow`);
	const job = await waitForJob(connector, statusPath);

	const after = await connector.findByKeys(spec.objectType, key, values);
	const jobSays = job.failed ? `the job ${job.status}` : 'the job finished without writing it';
	const detail = typeof job.data === 'string' && job.data && job.data !== '[]' ? ` (job data: ${job.data.slice(0, 300)})` : '';
	for (const [n, index] of sent.entries()) {
		const value = values[n];
		const now = after.get(value);
		const was = before.get(value);
		const written = now && (!was || changed(was, now));
		outcomes[index] = written
			? { index, ok: true, record: now, created: !was }
			: job.timedOut
				? { index, ok: false, message: `Freshsales' bulk upsert job did not finish in ${JOB_TIMEOUT_MS / 60_000} minutes: this record may still be written (job ${statusPath})` }
				: { index, ok: false, message: `Freshsales' bulk upsert did not write this record: ${jobSays}${detail}` };
	}
	return outcomes as RecordOutcome[];
}

function changed(was: CrmRecord, now: CrmRecord): boolean {
	return was.id !== now.id || was.updatedAt !== now.updatedAt;
}

/** The job's status path below the API root, from `job_status_url` (`/api/job_statuses/:id`) or a job id. */
export function jobStatusPath(body: IDataObject | undefined): string | undefined {
	const url = typeof body?.job_status_url === 'string' ? body.job_status_url : undefined;
	if (url) {
		const m = /\/job_statuses\/[^/?#]+/.exec(url);
		if (m) return m[0];
	}
	const job = (body?.job ?? body?.bulk_upsert_job ?? body) as IDataObject | undefined;
	const id = body?.job_id ?? job?.id;
	return id === undefined || id === null || id === '' ? undefined : `/job_statuses/${encodeURIComponent(String(id))}`;
}

/** Reads the job's status until it finishes, waiting 1 s, 2 s, 4 s … up to 15 s between reads. */
async function waitForJob(connector: FreshsalesConnector, path: string): Promise<{ status: string; failed: boolean; timedOut: boolean; data?: unknown }> {
	const clock = connector.settings.clock ?? systemClock;
	const start = clock.now();
	let wait = JOB_POLL_FIRST_MS;
	for (;;) {
		const { body } = await connector.request({ method: 'GET', path });
		const job = ((body as IDataObject | undefined)?.job_status ?? body ?? {}) as IDataObject;
		const status = String(job.status ?? '').toLowerCase();
		if (DONE.has(status) || Number(job.progress) >= 100) return { status, failed: false, timedOut: false, data: job.data };
		if (FAILED.has(status)) return { status, failed: true, timedOut: false, data: job.data };
		if (clock.now() - start >= JOB_TIMEOUT_MS) return { status, failed: false, timedOut: true, data: job.data };
		await clock.sleep(wait);
		wait = Math.min(JOB_POLL_MAX_MS, wait * 2);
	}
}
