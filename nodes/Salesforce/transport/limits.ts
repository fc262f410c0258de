import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/** The org's rolling 24-hour API request allocation, as `Sforce-Limit-Info: api-usage=used/limit` reports it. */
export interface ApiUsage {
	used?: number;
	limit?: number;
}

/** Parses `api-usage=18/5000` out of `Sforce-Limit-Info` (other parts such as `per-app-api-usage` are ignored). */
export function readUsage(header: string | undefined): ApiUsage | undefined {
	if (!header) return undefined;
	const match = /(?:^|[;,\s])api-usage=(\d+)\/(\d+)/.exec(header);
	if (!match) return undefined;
	return { used: Number(match[1]), limit: Number(match[2]) };
}

/** The usage that blocks the next call, or undefined when it may go out. */
export function checkAllocation(usage: ApiUsage, stopAtPercent: number): Required<ApiUsage> | undefined {
	if (!(stopAtPercent > 0 && stopAtPercent < 100)) return undefined;
	if (usage.used === undefined || !usage.limit) return undefined;
	return usage.used / usage.limit >= stopAtPercent / 100 ? { used: usage.used, limit: usage.limit } : undefined;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function allocationError(node: INode, usage: Required<ApiUsage>, stopAtPercent: number, itemIndex?: number): NodeOperationError {
	const pct = Math.floor((usage.used / usage.limit) * 100);
	return new NodeOperationError(
		node,
		`Stopped: the Salesforce org has used ${pct}% of its daily API allocation (${fmt(usage.used)} of ${fmt(usage.limit)} requests in the last 24 hours), at or above the ${stopAtPercent}% set in "Stop at Daily API Usage (%)"`,
		{
			itemIndex,
			description:
				'Salesforce counts requests over a rolling 24 hours; usage falls as older requests age out. Raise the threshold in the node options only if other integrations of this org can spare the requests.',
		},
	);
}

export function limitExceededError(node: INode, body: unknown, usage: ApiUsage, itemIndex?: number): NodeApiError {
	const first = (Array.isArray(body) ? body[0] : body) as { message?: string } | undefined;
	const detail = usage.limit ? ` (${fmt(usage.used ?? 0)} of ${fmt(usage.limit)} requests)` : '';
	const message = `403: The Salesforce org has exhausted its daily API allocation${detail}: ${first?.message ?? 'REQUEST_LIMIT_EXCEEDED'}`;
	const error = new NodeApiError(node, { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: first?.message ?? '' } as JsonObject, {
		message,
		description:
			'REQUEST_LIMIT_EXCEEDED: requests are refused until usage over the rolling 24 hours falls below the allocation. The pack does not retry this error.',
		httpCode: '403',
		itemIndex,
	});
	error.message = message;
	return error;
}
