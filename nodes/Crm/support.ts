import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';
import { objectOfKind } from '../../shared/crmDefinition';
import type { CrmConnector, CrmDefinition, NeutralType } from '../../shared/types';

/**
 * What a CRM cannot do for the CRM node, said plainly. Every CRM of nodes/crms.ts appears in the
 * node; one that lands without a piece the node needs (an optional connector method or definition
 * field, shared/neutralOps.ts) fails that operation with this message and nothing else.
 */
export class Unsupported extends Error {
	constructor(crm: CrmDefinition, what: string) {
		super(`${crm.displayName} in this pack cannot ${what}`);
		this.name = 'Unsupported';
	}
}

/** The vendor object a neutral kind is kept in: its object spec, else the definition's `storedAs`. */
export function objectTypeFor(crm: CrmDefinition, kind: NeutralType): string {
	const objectType = objectOfKind(crm, kind)?.objectType ?? crm.storedAs?.[kind];
	if (!objectType) throw new Unsupported(crm, `keep ${kind === 'appointment' ? 'appointment' : kind} records (its definition has no object for them)`);
	return objectType;
}

/** A connector method the operation needs, or a plain error naming what the CRM lacks. */
export function need<K extends keyof CrmConnector>(crm: CrmDefinition, connector: CrmConnector, method: K, what: string): NonNullable<CrmConnector[K]> {
	const fn = connector[method];
	if (typeof fn !== 'function') throw new Unsupported(crm, `${what} (its connector has no ${String(method)})`);
	return (fn as (...args: unknown[]) => unknown).bind(connector) as NonNullable<CrmConnector[K]>;
}

/** An error as n8n shows it: the vendor's (NodeApiError) and the node's own as they are, anything else worded plainly. */
export function nodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error));
}

/** A failure as output data (Test Connection, a CRM of CRM Search): the CRM's message (and description) and HTTP status. */
export function errorReason(error: unknown): { error: string; httpCode?: number } {
	const e = error as { message?: unknown; description?: unknown; httpCode?: unknown };
	const message = typeof e?.message === 'string' ? e.message : String(error);
	const description = typeof e?.description === 'string' && e.description && !message.includes(e.description) ? ` (${e.description})` : '';
	const status = Number(e?.httpCode);
	return Number.isFinite(status) && status > 0 ? { error: `${message}${description}`, httpCode: status } : { error: `${message}${description}` };
}
