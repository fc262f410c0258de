'use strict';

const { dvError } = require('./records');

/**
 * `POST $batch` (learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api,
 * OData 4.0 part 1, 11.7): a `multipart/mixed` body whose parts are single requests
 * (`Content-Type: application/http`) or change sets (a nested `multipart/mixed`).
 * - at most 1,000 requests in one batch; no batch inside a batch;
 * - requests run in order; the first error stops the batch unless
 *   `Prefer: odata.continue-on-error`;
 * - a change set is one transaction: every part needs a `Content-ID`; when one
 *   fails, everything the change set did is rolled back and the answer for the
 *   change set is that one failing response, carrying its `Content-ID`
 *   (assumption: the docs show the rollback, not the exact failed answer);
 * - the batch itself answers 200 with a `multipart/mixed` body of the responses
 *   in the same order (assumption for the stopped case; the connector also reads a 4xx batch).
 */

const STATUS_TEXT = { 200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 412: 'Precondition Failed', 429: 'Too Many Requests', 500: 'Internal Server Error' };

/** @param {string} contentType */
const boundaryOf = (contentType) => /boundary=("?)([^";]+)\1/i.exec(String(contentType ?? ''))?.[2];

/** Splits a multipart body by its boundary into raw parts. @param {string} body @param {string} boundary */
function splitParts(body, boundary) {
	const text = body.replace(/\r\n/g, '\n');
	const delimiter = `--${boundary}`;
	const end = text.indexOf(`${delimiter}--`);
	if (end < 0) return undefined;
	return text
		.slice(0, end)
		.split(delimiter)
		.slice(1)
		.map((p) => p.replace(/^\n/, ''));
}

/** Headers block, then the rest. @param {string} part */
function headersAndBody(part) {
	const at = part.indexOf('\n\n');
	const head = at < 0 ? part : part.slice(0, at);
	const rest = at < 0 ? '' : part.slice(at + 2);
	/** @type {Record<string, string>} */
	const headers = {};
	for (const line of head.split('\n')) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	return { headers, rest };
}

/** An embedded HTTP request (`POST contacts HTTP/1.1` + headers + body). @param {string} text */
function parseRequest(text) {
	const lines = text.split('\n');
	const m = /^(GET|POST|PATCH|PUT|DELETE) (\S+) HTTP\/1\.1$/.exec(lines[0]?.trim() ?? '');
	if (!m) return undefined;
	const { headers, rest } = headersAndBody(lines.slice(1).join('\n'));
	return { method: m[1], url: m[2], headers, body: rest.replace(/\n+$/, '') };
}

/**
 * @param {any} ctx the $batch request
 * @param {(req: { method: string, url: string, headers: Record<string, string>, body: string }) => { status: number, body?: any, headers?: Record<string, string> }} dispatch
 * @param {ReturnType<import('./store').createStore>} store
 */
function runBatch(ctx, dispatch, store) {
	const boundary = boundaryOf(ctx.headers['content-type']);
	if (!boundary) return dvError(400, '0x80048d19', "The batch request must have a 'Content-Type' header of 'multipart/mixed' with a boundary.");
	const parts = splitParts(ctx.rawBody ?? '', boundary);
	if (!parts) return dvError(400, '0x80048d19', 'The batch request body is not a complete multipart/mixed document (missing the closing boundary).');
	const continueOnError = /odata\.continue-on-error/i.test(String(ctx.headers.prefer ?? ''));
	const responseBoundary = `batchresponse_${Math.random().toString(16).slice(2, 10)}`;
	/** @type {string[]} */
	const out = [];
	let count = 0;
	let stopped = false;

	/** @param {{ status: number, body?: any, headers?: Record<string, string> }} res @param {string | undefined} contentId */
	const render = (res, contentId) => {
		const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
		if (contentId !== undefined) lines.push(`Content-ID: ${contentId}`);
		lines.push('', `HTTP/1.1 ${res.status} ${STATUS_TEXT[res.status] ?? ''}`.trim());
		for (const [k, v] of Object.entries(res.headers ?? {})) lines.push(`${k}: ${v}`);
		if (res.body !== undefined && res.status !== 204) lines.push('Content-Type: application/json; odata.metadata=minimal; odata.streaming=true', '', JSON.stringify(res.body));
		else lines.push('', '');
		return lines.join('\r\n');
	};

	for (const part of parts) {
		if (stopped) break;
		const { headers, rest } = headersAndBody(part);
		const type = String(headers['content-type'] ?? '');
		if (/^multipart\/mixed/i.test(type)) {
			const csBoundary = boundaryOf(type);
			const items = csBoundary ? splitParts(rest, csBoundary) : undefined;
			if (!items) return dvError(400, '0x80048d19', 'A change set is not a complete multipart/mixed document.');
			const snapshot = store.snapshot();
			const csBoundaryOut = `changesetresponse_${Math.random().toString(16).slice(2, 10)}`;
			/** @type {string[]} */
			const rendered = [];
			let failed;
			for (const item of items) {
				const h = headersAndBody(item);
				if (h.headers['content-id'] === undefined) return dvError(400, '0x80060888', 'Content-ID header not present in a change set request.');
				const req = parseRequest(h.rest);
				if (!req) return dvError(400, '0x80048d19', 'A change set part is not an HTTP request.');
				if (req.method === 'GET') return dvError(400, '0x80048d19', 'GET requests are not allowed inside a change set.');
				if (++count > 1000) return dvError(400, '0x80048d19', 'The number of requests in a batch exceeds the maximum of 1000.');
				const res = dispatch(req);
				if (res.status >= 400) {
					failed = { res, id: h.headers['content-id'] };
					break;
				}
				rendered.push(render(res, h.headers['content-id']));
			}
			if (failed) {
				store.restore(snapshot);
				out.push(render(failed.res, failed.id));
				if (!continueOnError) stopped = true;
				continue;
			}
			out.push(`Content-Type: multipart/mixed; boundary=${csBoundaryOut}\r\n\r\n${rendered.map((r) => `--${csBoundaryOut}\r\n${r}`).join('\r\n')}\r\n--${csBoundaryOut}--`);
			continue;
		}
		if (!/^application\/http/i.test(type)) return dvError(400, '0x80048d19', `A batch part has the unsupported Content-Type '${type}'.`);
		const req = parseRequest(rest);
		if (!req) return dvError(400, '0x80048d19', 'A batch part is not an HTTP request.');
		if (/\$batch/.test(req.url)) return dvError(400, '0x80048d19', 'A batch request cannot contain another batch request.');
		if (++count > 1000) return dvError(400, '0x80048d19', 'The number of requests in a batch exceeds the maximum of 1000.');
		const res = dispatch(req);
		out.push(render(res, headers['content-id']));
		if (res.status >= 400 && !continueOnError) stopped = true;
	}
	const raw = `${out.map((p) => `--${responseBoundary}\r\n${p}`).join('\r\n')}\r\n--${responseBoundary}--\r\n`;
	return { status: 200, raw, headers: { 'Content-Type': `multipart/mixed; boundary=${responseBoundary}`, 'OData-Version': '4.0' } };
}

module.exports = { runBatch };
