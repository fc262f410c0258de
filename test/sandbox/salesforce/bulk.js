'use strict';

const { randomBytes } = require('node:crypto');

/**
 * Bulk API 2.0 ingest jobs, in memory, from Salesforce's "Bulk API 2.0 and
 * Bulk API Developer Guide": create a job (POST .../jobs/ingest), upload one
 * CSV (PUT .../jobs/ingest/{id}/batches, 201), close it (PATCH {state:
 * UploadComplete}) or abort it, poll it (GET .../jobs/ingest/{id}), then read
 * successfulResults/ (sf__Id, sf__Created + the uploaded columns) and
 * failedResults/ (sf__Id, sf__Error + the uploaded columns) as CSV.
 *
 * The job is processed when a poll finds it closed and `pollsBeforeComplete`
 * earlier polls have answered InProgress (default 0: the first poll after the
 * close sees JobComplete). Rows are applied with the same validation as the
 * REST writes. Statements marked "Assumption:" are not from the docs.
 */

/** @param {string} text @returns {string[][]} */
function parseCsv(text) {
	/** @type {string[][]} */
	const rows = [];
	/** @type {string[]} */
	let row = [];
	let cell = '';
	let quoted = false;
	let touched = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
			continue;
		}
		if (ch === '"' && cell === '') {
			quoted = true;
			touched = true;
		} else if (ch === ',') {
			row.push(cell);
			cell = '';
			touched = true;
		} else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
			if (ch === '\r') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			touched = false;
		} else {
			cell += ch;
			touched = true;
		}
	}
	if (touched || row.length) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

/** @param {unknown} v */
const cell = (v) => {
	const s = v === undefined || v === null ? '' : String(v);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
/** @param {unknown[]} cells */
const line = (cells) => cells.map(cell).join(',');

/**
 * @param {{
 *   objectDef: (name: string) => any,
 *   table: (sobject: string) => Map<string, Record<string, any>>,
 *   findAnywhere: (id: string) => { sobject: string, record: Record<string, any> } | undefined,
 *   validate: (def: any, input: Record<string, any>, creating: boolean, ctx: any, existing?: Record<string, any>) => { statusCode: string, message: string, fields: string[] } | undefined,
 *   insert: (ctx: any, def: any, fields: Record<string, any>) => Record<string, any>,
 *   modify: (ctx: any, def: any, r: Record<string, any>, fields: Record<string, any>) => Record<string, any>,
 *   remove: (ctx: any, def: any, r: Record<string, any>) => void,
 *   sfError: (message: string, errorCode: string, status: number, fields?: string[]) => any,
 *   json: (body: unknown, status?: number, headers?: Record<string, string>) => any,
 *   baseUrl: () => string,
 * }} deps
 */
function createBulk(deps) {
	const { objectDef, table, findAnywhere, validate, insert, modify, remove, sfError, json } = deps;
	const config = {
		/** polls answered InProgress after the close before the job completes */
		pollsBeforeComplete: 0,
		/** when set, the next closed job ends Failed with this errorMessage and processes nothing */
		failNextJob: /** @type {string | undefined} */ (undefined),
	};
	/**
	 * @typedef {{ id: string, object: string, operation: string, externalIdFieldName?: string, lineEnding: string,
	 *   state: string, createdDate: string, callOptions?: string, csv?: string, polls: number, errorMessage?: string,
	 *   processed: number, failed: number, successful: string[][], failures: string[][], header: string[] }} Job
	 */
	/** @type {Map<string, Job>} */
	const jobs = new Map();

	/** @param {Job} job @param {string} version */
	const info = (job, version) => ({
		id: job.id,
		operation: job.operation,
		object: job.object,
		createdById: '005000000000001AAA',
		createdDate: job.createdDate,
		systemModstamp: new Date().toISOString().replace('Z', '+0000'),
		state: job.state,
		...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
		concurrencyMode: 'Parallel',
		contentType: 'CSV',
		apiVersion: Number(version.slice(1)),
		jobType: 'V2Ingest',
		contentUrl: `services/data/${version}/jobs/ingest/${job.id}/batches`,
		lineEnding: job.lineEnding,
		columnDelimiter: 'COMMA',
		numberRecordsProcessed: job.processed,
		numberRecordsFailed: job.failed,
		...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
	});

	/** @param {any} ctx */
	function create(ctx) {
		const b = ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
		const def = objectDef(b.object);
		if (!def) return sfError(`Entity '${b.object}' is not supported by the Bulk API.`, 'INVALIDENTITY', 400);
		if (!['insert', 'update', 'upsert', 'delete', 'hardDelete'].includes(b.operation)) return sfError(`Invalid operation: ${b.operation}`, 'INVALIDJOB', 400);
		if ((b.contentType ?? 'CSV') !== 'CSV') return sfError('contentType must be CSV', 'INVALIDJOB', 400);
		if (b.operation === 'upsert') {
			const f = def.fields.find((/** @type {any} */ x) => x.name.toLowerCase() === String(b.externalIdFieldName ?? '').toLowerCase());
			if (!f || !(f.externalId || f.name === 'Id')) return sfError(`The external ID field '${b.externalIdFieldName}' is not valid for ${def.name}`, 'INVALIDJOB', 400);
		}
		const id = `750${randomBytes(6).toString('hex').toUpperCase().slice(0, 12)}AAA`;
		/** @type {Job} */
		const job = {
			id,
			object: def.name,
			operation: b.operation,
			externalIdFieldName: b.externalIdFieldName,
			lineEnding: b.lineEnding ?? 'LF',
			state: 'Open',
			createdDate: new Date().toISOString().replace('Z', '+0000'),
			callOptions: ctx.headers['sforce-call-options'],
			polls: 0,
			processed: 0,
			failed: 0,
			successful: [],
			failures: [],
			header: [],
		};
		jobs.set(id, job);
		// Assumption: job creation answers 200 with the job info.
		return json(info(job, ctx.params.version));
	}

	/** @param {any} ctx */
	function upload(ctx) {
		const job = jobs.get(ctx.params.id);
		if (!job) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		if (!String(ctx.headers['content-type'] ?? '').toLowerCase().startsWith('text/csv')) return sfError('Content-Type must be text/csv', 'INVALIDCONTENTTYPE', 400);
		// Assumption: one upload per job; a second is refused while the job is open.
		if (job.state !== 'Open' || job.csv !== undefined) return sfError(`Job ${job.id} is not open for data uploads`, 'INVALIDJOBSTATE', 409);
		job.csv = ctx.rawBody;
		return { status: 201, raw: '' };
	}

	/** @param {any} ctx */
	function patch(ctx) {
		const job = jobs.get(ctx.params.id);
		if (!job) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		const state = ctx.body?.state;
		if (state === 'UploadComplete') {
			if (job.state !== 'Open') return sfError(`Job ${job.id} is not open`, 'INVALIDJOBSTATE', 409);
			if (job.csv === undefined) return sfError('No data was uploaded for this job', 'INVALIDJOB', 400);
			job.state = 'UploadComplete';
		} else if (state === 'Aborted') {
			if (!['Open', 'UploadComplete', 'InProgress'].includes(job.state)) return sfError(`Job ${job.id} cannot be aborted`, 'INVALIDJOBSTATE', 409);
			job.state = 'Aborted';
		} else return sfError(`Invalid state: ${state}`, 'INVALIDJOBSTATE', 400);
		return json(info(job, ctx.params.version));
	}

	/** @param {any} ctx */
	function get(ctx) {
		const job = jobs.get(ctx.params.id);
		if (!job) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		if (job.state === 'UploadComplete' || job.state === 'InProgress') {
			if (job.polls < config.pollsBeforeComplete) {
				job.polls++;
				job.state = 'InProgress';
			} else process(ctx, job);
		}
		return json(info(job, ctx.params.version));
	}

	/** @param {any} ctx @param {Job} job */
	function process(ctx, job) {
		if (config.failNextJob !== undefined) {
			job.state = 'Failed';
			job.errorMessage = config.failNextJob;
			config.failNextJob = undefined;
			return;
		}
		const rows = parseCsv(job.lineEnding === 'CRLF' ? String(job.csv) : String(job.csv).replace(/\r\n/g, '\n'));
		const header = rows.shift() ?? [];
		job.header = header;
		const def = objectDef(job.object);
		const jobCtx = { ...ctx, headers: { ...ctx.headers, 'sforce-call-options': job.callOptions } };
		for (const row of rows) {
			/** @type {Record<string, any>} */
			const input = {};
			header.forEach((name, i) => {
				const v = row[i] ?? '';
				// Empty cells leave the field alone; #N/A clears it.
				if (v === '') return;
				const f = def.fields.find((/** @type {any} */ x) => x.name.toLowerCase() === name.toLowerCase());
				input[name] = v === '#N/A' ? null : typed(f, v);
			});
			const outcome = applyRow(jobCtx, job, def, input);
			if (outcome.error) {
				const e = outcome.error;
				job.failures.push([outcome.id ?? '', `${e.statusCode}:${e.message}:${e.fields.join(',')} --`, ...row]);
				job.failed++;
			} else job.successful.push([outcome.id, String(Boolean(outcome.created)), ...row]);
			job.processed++;
		}
		job.state = 'JobComplete';
	}

	/** @param {any} f @param {string} v */
	function typed(f, v) {
		if (!f) return v;
		if (f.type === 'boolean') return v.toLowerCase() === 'true';
		if (['double', 'currency', 'int', 'percent'].includes(f.type)) return Number(v);
		return v;
	}

	/** @param {any} ctx @param {Job} job @param {any} def @param {Record<string, any>} input */
	function applyRow(ctx, job, def, input) {
		if (job.operation === 'delete' || job.operation === 'hardDelete') {
			const id = String(input.Id ?? input.id ?? '');
			const hit = id ? findAnywhere(id) : undefined;
			if (!hit || hit.sobject !== def.name) return { error: { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }, id };
			if (ctx.failRecord && ctx.failRecord({ Id: id })) return { error: { statusCode: 'DELETE_FAILED', message: 'Sandbox fault: this record was rejected (failRecord)', fields: [] }, id: hit.record.Id };
			const recordId = hit.record.Id;
			remove(ctx, def, hit.record);
			return { id: recordId, created: false };
		}
		if (job.operation === 'upsert') {
			const f = def.fields.find((/** @type {any} */ x) => x.name.toLowerCase() === String(job.externalIdFieldName).toLowerCase());
			const key = input[f.name];
			if (key === undefined || key === null || key === '') return { error: { statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${f.name}]`, fields: [f.name] } };
			const existing = [...table(def.name).values()].find((r) => String(r[f.name]) === String(key));
			const error = validate(def, input, !existing, ctx, existing);
			if (error) return { error, id: existing?.Id };
			return existing ? { id: modify(ctx, def, existing, input).Id, created: false } : { id: insert(ctx, def, input).Id, created: true };
		}
		if (job.operation === 'insert') {
			const error = validate(def, input, true, ctx);
			return error ? { error } : { id: insert(ctx, def, input).Id, created: true };
		}
		const r = input.Id ? table(def.name).get(String(input.Id)) : undefined;
		if (!r) return { error: { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] } };
		const error = validate(def, input, false, ctx, r);
		return error ? { error, id: r.Id } : { id: modify(ctx, def, r, input).Id, created: false };
	}

	/** @param {any} ctx @param {'successful' | 'failures'} which */
	function results(ctx, which) {
		const job = jobs.get(ctx.params.id);
		if (!job) return sfError('The requested resource does not exist', 'NOT_FOUND', 404);
		if (!['JobComplete', 'Failed', 'Aborted'].includes(job.state)) return sfError(`Job ${job.id} is not complete`, 'INVALIDJOBSTATE', 409);
		const head = which === 'successful' ? ['sf__Id', 'sf__Created', ...job.header] : ['sf__Id', 'sf__Error', ...job.header];
		const body = [line(head), ...job[which].map(line)].join('\n') + '\n';
		return { status: 200, headers: { 'Content-Type': 'text/csv' }, raw: body };
	}

	const routes = /** @type {Array<[string, (ctx: any) => any]>} */ ([
		['POST /services/data/:version/jobs/ingest', create],
		['PUT /services/data/:version/jobs/ingest/:id/batches', upload],
		['GET /services/data/:version/jobs/ingest/:id/successfulResults', (ctx) => results(ctx, 'successful')],
		['GET /services/data/:version/jobs/ingest/:id/failedResults', (ctx) => results(ctx, 'failures')],
		['PATCH /services/data/:version/jobs/ingest/:id', patch],
		['GET /services/data/:version/jobs/ingest/:id', get],
	]);

	return {
		routes,
		api: {
			/** @param {number} n polls answered InProgress after the close */
			setPollsBeforeComplete(n) {
				config.pollsBeforeComplete = n;
			},
			/** @param {string} message the next closed job ends Failed with this errorMessage */
			failNextJob(message) {
				config.failNextJob = message;
			},
			jobs: () => [...jobs.values()].map((j) => ({ id: j.id, object: j.object, operation: j.operation, state: j.state, polls: j.polls, processed: j.processed, failed: j.failed, csv: j.csv })),
			reset() {
				jobs.clear();
				config.pollsBeforeComplete = 0;
				config.failNextJob = undefined;
			},
		},
	};
}

module.exports = { createBulk, parseCsv };
