import type { IDataObject } from 'n8n-workflow';

/**
 * A GraphQL error (GraphQL spec, section "Errors"): `message`, optional
 * `locations`, `path` (the response key, alias included, where it arose) and
 * `extensions` (servers put a `code` there). GitHub also sends a top-level
 * `type` (`RATE_LIMITED`).
 */
export interface GraphqlError {
	message?: string;
	path?: Array<string | number>;
	locations?: Array<{ line: number; column: number }>;
	extensions?: IDataObject;
	type?: string;
}

/**
 * Codes that mean "over the rate or cost limit, nothing was run": Shopify's
 * `THROTTLED` (shopify.dev rate limits), GitHub's `RATE_LIMITED` type
 * (docs.github.com GraphQL rate limits), and the common spellings servers use
 * (assumption: `RATE_LIMIT_EXCEEDED`, `TOO_MANY_REQUESTS`).
 */
const THROTTLE_CODES = new Set(['THROTTLED', 'RATE_LIMITED', 'RATE_LIMIT_EXCEEDED', 'TOO_MANY_REQUESTS']);

export function codeOf(error: GraphqlError): string | undefined {
	const code = error.extensions?.code ?? error.type;
	return typeof code === 'string' ? code : undefined;
}

export function isThrottle(error: GraphqlError): boolean {
	const code = codeOf(error);
	return (code !== undefined && THROTTLE_CODES.has(code.toUpperCase())) || (error.type !== undefined && THROTTLE_CODES.has(String(error.type).toUpperCase())) || error.message === 'Throttled';
}

/** A throttled answer: errors, all of them throttling, and no data (the operation did not run). */
export function isThrottledAnswer(answer: { data?: unknown; errors?: GraphqlError[] }): boolean {
	const noData = answer.data === undefined || answer.data === null;
	return noData && Array.isArray(answer.errors) && answer.errors.length > 0 && answer.errors.every(isThrottle);
}

/** One line per error: `message (code) at path`. */
export function errorText(errors: GraphqlError[] | undefined): string {
	if (!errors?.length) return '';
	return errors
		.map((e) => {
			const code = codeOf(e);
			const path = e.path?.length ? ` at ${e.path.join('.')}` : '';
			return `${e.message ?? 'GraphQL error'}${code ? ` (${code})` : ''}${path}`;
		})
		.join('; ');
}
