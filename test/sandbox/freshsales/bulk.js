'use strict';

const { randomUUID } = require('node:crypto');
const { json } = require('../lib/http');
const { fsError } = require('./errors');
const { ENTITIES, MAX_BULK } = require('./schema');

/**
 * Bulk upsert (`POST /<entity>/bulk_upsert`) and its job (`GET /job_statuses/:id`).
 * Second-hand (code that uses the API and a connector vendor's summary; the
 * vendor's page was not readable here): the body is `{ <plural>: [{ <unique
 * identifier>: value, data: {...} }] }`, at most 100 records; the answer is 202
 * with the job's status URL; the job reports `status` and `progress`. Here the
 * job stays `in_progress` for `jobPolls` status reads, then applies every record
 * at once (records that fail validation are skipped, as a row import would) and
 * reports `completed`, with `data` a JSON text of the failed rows
 * (`[{ index, message }]`: a sandbox choice, not the vendor's format).
 */
function createBulkJobs(records) {
	/** @type {Map<string, any>} */
	const jobs = new Map();
	let jobPolls = 2;

	/** @param {any} ctx @param {string} entity */
	function start(ctx, entity) {
		const spec = ENTITIES[entity];
		const list = ctx.body?.[spec.plural];
		if (!Array.isArray(list) || !list.length) return fsError(400, `${spec.plural} must be a non-empty list`);
		if (list.length > MAX_BULK) return fsError(400, `At most ${MAX_BULK} ${spec.plural} per bulk upsert`);
		/** @type {Array<{ key: string, value: unknown, data: any }>} */
		const rows = [];
		for (const [i, entry] of list.entries()) {
			const keys = entry && typeof entry === 'object' ? Object.keys(entry).filter((k) => k !== 'data') : [];
			if (keys.length !== 1) return fsError(400, `${spec.plural}[${i}] must name exactly one unique identifier besides data`);
			const keyError = records.upsertKeyError(entity, keys[0]);
			if (keyError) return fsError(400, `${spec.plural}[${i}]: ${keyError}`);
			if (entry.data !== undefined && (typeof entry.data !== 'object' || entry.data === null || Array.isArray(entry.data))) return fsError(400, `${spec.plural}[${i}].data must be an object`);
			rows.push({ key: keys[0], value: entry[keys[0]], data: entry.data ?? {} });
		}
		const id = randomUUID();
		jobs.set(id, { id, entity, rows, reads: 0, status: 'in_progress', created_at: new Date().toISOString(), failRecord: ctx.failRecord });
		return json({ job_status_url: `/api/job_statuses/${id}` }, 202);
	}

	/** @param {any} ctx */
	function status(ctx) {
		const job = jobs.get(ctx.params.id);
		if (!job) return fsError(404, 'Job not found');
		job.reads++;
		if (job.status === 'in_progress' && job.reads >= jobPolls) {
			/** @type {Array<{ index: number, message: string }>} */
			const failed = [];
			job.rows.forEach((/** @type {any} */ row, /** @type {number} */ index) => {
				const out = records.upsertOne({ failRecord: job.failRecord }, job.entity, row.key, row.value, row.data);
				if (out.errors) failed.push({ index, message: out.errors.join('; ') });
			});
			job.status = 'completed';
			job.data = JSON.stringify(failed);
			job.status_updated_at = new Date().toISOString();
		}
		return json({
			id: job.id,
			job_type_name: `${ENTITIES[job.entity].wrapper}_bulk_upsert`,
			status: job.status,
			progress: job.status === 'completed' ? 100 : 0,
			data: job.data ?? null,
			created_at: job.created_at,
			status_updated_at: job.status_updated_at ?? job.created_at,
		});
	}

	return {
		start,
		status,
		jobs,
		/** Status reads a job stays in progress for (default 2: the second read completes it). @param {number} n */
		setJobPolls(n) {
			jobPolls = n;
		},
	};
}

module.exports = { createBulkJobs };
