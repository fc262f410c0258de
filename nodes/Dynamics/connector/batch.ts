import type { IDataObject } from 'n8n-workflow';

/*
 * `$batch` bodies and answers (learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api;
 * OData 4.0 part 1, 11.7): `multipart/mixed` with a boundary; each request is a
 * part of `Content-Type: application/http` holding the HTTP request line, its
 * headers and body; a change set (one transaction) is a nested `multipart/mixed`
 * whose parts each carry a `Content-ID`. At most 1,000 requests per batch.
 * The answer has the same shape, one response per request (or one for a failed
 * change set: its failing request's).
 */

export const MAX_BATCH_REQUESTS = 1000;

export interface BatchRequest {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
	/** Relative to the Web API root (`contacts`, `contacts(<id>)`). */
	url: string;
	body?: IDataObject;
	headers?: Record<string, string>;
}

export interface BatchResponse {
	status: number;
	headers: Record<string, string>;
	body?: IDataObject;
	/** The request's Content-ID (its position + 1 in a change set). */
	contentId?: string;
}

/** A boundary text with no chance of occurring in JSON bodies we build. */
export function boundary(prefix: string, seed: number): string {
	return `${prefix}_${seed.toString(36)}${Math.floor(seed * 7919).toString(36)}`;
}

function requestPart(root: string, request: BatchRequest, contentId?: number): string {
	const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
	if (contentId !== undefined) lines.push(`Content-ID: ${contentId}`);
	lines.push('', `${request.method} ${root}/${request.url} HTTP/1.1`);
	for (const [k, v] of Object.entries(request.headers ?? {})) lines.push(`${k}: ${v}`);
	if (request.body !== undefined) {
		lines.push('Content-Type: application/json; type=entry', '', JSON.stringify(request.body));
	} else lines.push('');
	return lines.join('\r\n');
}

/**
 * The body of a `$batch`: either every request on its own (`changeSet` false:
 * each is its own transaction) or all of them in one change set (one
 * transaction, Content-IDs 1…n in order). `root` is the Web API root's path
 * (`/api/data/v9.2`).
 */
export function buildBatch(root: string, requests: BatchRequest[], options: { changeSet: boolean; batchBoundary: string; changeSetBoundary: string }): string {
	const { batchBoundary, changeSetBoundary } = options;
	if (!options.changeSet) {
		return `${requests.map((r) => `--${batchBoundary}\r\n${requestPart(root, r)}`).join('\r\n')}\r\n--${batchBoundary}--\r\n`;
	}
	const inner = `${requests.map((r, i) => `--${changeSetBoundary}\r\n${requestPart(root, r, i + 1)}`).join('\r\n')}\r\n--${changeSetBoundary}--`;
	return `--${batchBoundary}\r\nContent-Type: multipart/mixed; boundary=${changeSetBoundary}\r\n\r\n${inner}\r\n--${batchBoundary}--\r\n`;
}

const boundaryOf = (contentType: string) => /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];

function headersAndRest(part: string): { headers: Record<string, string>; rest: string } {
	const at = part.indexOf('\n\n');
	const head = at < 0 ? part : part.slice(0, at);
	const headers: Record<string, string> = {};
	for (const line of head.split('\n')) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	return { headers, rest: at < 0 ? '' : part.slice(at + 2) };
}

function parts(text: string, mark: string): string[] {
	const delimiter = `--${mark}`;
	const end = text.indexOf(`${delimiter}--`);
	return (end < 0 ? text : text.slice(0, end))
		.split(delimiter)
		.slice(1)
		.map((p) => p.replace(/^\n/, ''));
}

function responseOf(part: string, contentId?: string): BatchResponse | undefined {
	const { headers: partHeaders, rest } = headersAndRest(part);
	const lines = rest.split('\n');
	const m = /^HTTP\/1\.1 (\d{3})/.exec(lines[0]?.trim() ?? '');
	if (!m) return undefined;
	const { headers, rest: bodyText } = headersAndRest(lines.slice(1).join('\n'));
	let body: IDataObject | undefined;
	const trimmed = bodyText.trim();
	if (trimmed) {
		try {
			body = JSON.parse(trimmed) as IDataObject;
		} catch {
			body = { error: { message: trimmed.slice(0, 500) } };
		}
	}
	return { status: Number(m[1]), headers, body, contentId: partHeaders['content-id'] ?? contentId };
}

/** The responses of a `$batch` answer, flattened in order (change sets opened). */
export function parseBatchResponse(contentType: string, text: string): BatchResponse[] {
	const mark = boundaryOf(contentType);
	if (!mark) throw new Error(`Dataverse answered the batch with '${contentType}', not multipart/mixed`);
	const normalized = text.replace(/\r\n/g, '\n');
	const out: BatchResponse[] = [];
	for (const part of parts(normalized, mark)) {
		const { headers, rest } = headersAndRest(part);
		const nested = boundaryOf(headers['content-type'] ?? '');
		if (/^multipart\/mixed/i.test(headers['content-type'] ?? '') && nested) {
			for (const inner of parts(rest, nested)) {
				const r = responseOf(inner);
				if (r) out.push(r);
			}
			continue;
		}
		const r = responseOf(part);
		if (r) out.push(r);
	}
	return out;
}
