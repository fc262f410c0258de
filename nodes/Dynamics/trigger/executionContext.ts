import type { IDataObject } from 'n8n-workflow';

/*
 * Dataverse's webhook body: the plug-in `RemoteExecutionContext` as JSON
 * (learn.microsoft.com/power-apps/developer/data-platform/use-webhooks): the
 * message (`MessageName`), table (`PrimaryEntityName`), row (`PrimaryEntityId`),
 * who caused it (`InitiatingUserId`; `UserId` the user the step ran as) and
 * `InputParameters` as a key/value list whose `Target` holds the written
 * columns (`Attributes`, key/value again; lookups as EntityReference, choices
 * as OptionSetValue, money as Money, dates as `/Date(ms)/`). Over 256 KB
 * Dataverse strips InputParameters and images and sets
 * `x-ms-dynamics-msg-size-exceeded`.
 */

export interface DataverseEvent {
	message: string;
	table: string;
	id: string;
	changedAttributes: IDataObject;
	initiatingUserId?: string;
	userId?: string;
	correlationId?: string;
	depth?: number;
	operationCreatedOn?: string;
}

const valueOf = (list: unknown, key: string): unknown => (Array.isArray(list) ? (list as IDataObject[]).find((e) => e?.key === key)?.value : undefined);

/** A data-contract value as plain JSON: references `{ id, table }`, option sets and money by value, dates ISO. */
export function plainValue(value: unknown): unknown {
	if (typeof value === 'string') {
		const m = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
		return m ? new Date(Number(m[1])).toISOString() : value;
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	const v = value as IDataObject;
	const type = String(v.__type ?? '');
	if (type.startsWith('EntityReference:')) return { id: v.Id, table: v.LogicalName };
	if (type.startsWith('OptionSetValue:') || type.startsWith('Money:')) return v.Value;
	return value;
}

/** The event a `RemoteExecutionContext` reports, or the reason it is not one. */
export function readContext(body: unknown): { ok: true; event: DataverseEvent } | { ok: false; reason: string } {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'the body is not a JSON object' };
	const c = body as IDataObject;
	if (typeof c.MessageName !== 'string' || typeof c.PrimaryEntityName !== 'string' || typeof c.PrimaryEntityId !== 'string') {
		return { ok: false, reason: 'the body is not a Dataverse RemoteExecutionContext (MessageName, PrimaryEntityName, PrimaryEntityId)' };
	}
	const target = valueOf(c.InputParameters, 'Target') as IDataObject | undefined;
	const changed: IDataObject = {};
	if (target && Array.isArray(target.Attributes)) for (const a of target.Attributes as IDataObject[]) changed[String(a.key)] = plainValue(a.value) as IDataObject[string];
	return {
		ok: true,
		event: {
			message: c.MessageName,
			table: c.PrimaryEntityName,
			id: String(c.PrimaryEntityId).toLowerCase(),
			changedAttributes: changed,
			initiatingUserId: typeof c.InitiatingUserId === 'string' ? c.InitiatingUserId.toLowerCase() : undefined,
			userId: typeof c.UserId === 'string' ? c.UserId.toLowerCase() : undefined,
			correlationId: typeof c.CorrelationId === 'string' ? c.CorrelationId : undefined,
			depth: typeof c.Depth === 'number' ? c.Depth : undefined,
			operationCreatedOn: typeof c.OperationCreatedOn === 'string' ? (plainValue(c.OperationCreatedOn.replace(/\+0000\)\//, ')/')) as string) : undefined,
		},
	};
}
