import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';
import { redact, redactValue } from './redact';

/** Pulls the vendor's own words out of an error body, whatever its shape. */
export function vendorMessage(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') return body.trim() ? body.slice(0, 500) : undefined;
	if (Array.isArray(body)) return vendorMessage(body[0]);
	if (typeof body !== 'object') return String(body);
	const b = body as Record<string, unknown>;
	for (const key of ['message', 'error_description', 'errorMessage', 'detail', 'title']) {
		if (typeof b[key] === 'string' && b[key]) return b[key] as string;
		// A list of messages (Freshsales: `{ errors: { code, message: ["...", "..."] } }`).
		const list = b[key];
		if (Array.isArray(list) && list.length && list.every((m) => typeof m === 'string')) return list.join('; ');
	}
	if (b.error) return vendorMessage(b.error);
	if (Array.isArray(b.errors) && b.errors.length) return vendorMessage(b.errors[0]);
	if (b.errors && typeof b.errors === 'object') return vendorMessage(b.errors);
	return undefined;
}

/** An API error carrying the HTTP status and the vendor's message, with secrets removed. */
export function apiError(
	node: INode,
	status: number | undefined,
	body: unknown,
	options: { itemIndex?: number; secrets?: readonly string[]; fallback?: string } = {},
): NodeApiError {
	// Redacted before anything is cut short: a secret truncated mid-way no longer matches.
	const clean = typeof body === 'string' ? redact(body, options.secrets) : redactValue(body, options.secrets);
	const message = redact(vendorMessage(clean) ?? options.fallback ?? `Request failed with status ${status}`, options.secrets);
	const safeBody: JsonObject = clean && typeof clean === 'object' && !Array.isArray(clean) ? (clean as JsonObject) : { message };
	const full = status ? `${status}: ${message}` : message;
	const error = new NodeApiError(node, safeBody, {
		message: full,
		description: message,
		httpCode: status ? String(status) : undefined,
		itemIndex: options.itemIndex,
	});
	// n8n swaps messages that mention a network code for a generic text; ours is already specific.
	error.message = full;
	return error;
}

/**
 * The error to throw for an item: n8n errors keep their type and gain the item
 * index; anything else becomes a NodeOperationError, so the editor shows it
 * against the item.
 */
export function itemError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}
