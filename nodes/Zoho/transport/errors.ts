import type { IDataObject } from 'n8n-workflow';

/**
 * Zoho's own words for an error: `code`, `message` and what `details` names
 * (crm-oas v8.0 `API_Exception`: `details.api_name` is the field,
 * `expected_data_type` / `maximum_length` the reason, `param` a query
 * parameter). n8n's built-in Zoho node shows "UNKNOWN ERROR" where Zoho said
 * this; the pack passes it on.
 */
export function zohoErrorText(entry: unknown, fallback = 'Zoho CRM refused the request'): string {
	const e = (Array.isArray((entry as IDataObject)?.data) ? ((entry as IDataObject).data as IDataObject[])[0] : entry) as IDataObject | undefined;
	if (!e || typeof e !== 'object') return fallback;
	const code = typeof e.code === 'string' ? e.code : '';
	const message = typeof e.message === 'string' ? e.message : '';
	const details = (e.details ?? {}) as IDataObject;
	const extra: string[] = [];
	if (typeof details.api_name === 'string') extra.push(`field "${details.api_name}"`);
	if (details.expected_data_type !== undefined) extra.push(`expected ${String(details.expected_data_type)}`);
	if (details.maximum_length !== undefined) extra.push(`at most ${String(details.maximum_length)} characters`);
	if (typeof details.param === 'string') extra.push(`parameter "${details.param}"`);
	if (typeof details.column_name === 'string') extra.push(`column "${details.column_name}"`);
	const head = [code, message].filter(Boolean).join(': ') || fallback;
	return extra.length ? `${head} (${extra.join(', ')})` : head;
}

/** The field a Zoho error names (`details.api_name`), if any. */
export function zohoErrorField(entry: unknown): string | undefined {
	const details = ((entry as IDataObject)?.details ?? {}) as IDataObject;
	return typeof details.api_name === 'string' && details.api_name !== 'data' ? details.api_name : undefined;
}
