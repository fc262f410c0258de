import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { safeValidateNeutral } from '../../shared/model/validate';
import type { NeutralType } from '../../shared/types';

/** A parameter's value for an item, trimmed; undefined when empty. */
export function text(ctx: IExecuteFunctions, name: string, itemIndex: number): string | undefined {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === undefined || value === null) return undefined;
	const s = String(value).trim();
	return s === '' ? undefined : s;
}

/** The node's Options for an item. */
export function options(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return (ctx.getNodeParameter('options', itemIndex, {}) as IDataObject) ?? {};
}

/** Custom Fields: vendor field name → value, passed through as the CRM's own fields (neutral `custom`). */
export function customFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const list = ((ctx.getNodeParameter('customFields.field', itemIndex, []) as IDataObject[]) ?? []).filter((f) => String(f.name ?? '').trim() !== '');
	if (!list.length) return undefined;
	const out: IDataObject = {};
	for (const f of list) out[String(f.name).trim()] = f.value as IDataObject[keyof IDataObject];
	return out;
}

const ADDRESS_PARTS = ['street', 'city', 'state', 'postalCode', 'country'];

/**
 * A person (customer or lead) from the node's neutral fields: Email, Phone, First/Last Name and
 * Additional Fields (company, job title, mobile phone, owner, address parts; a lead's status and source).
 */
export function personInput(ctx: IExecuteFunctions, itemIndex: number, kind: 'contact' | 'lead'): IDataObject {
	const record: IDataObject = {};
	for (const name of ['email', 'phone', 'firstName', 'lastName']) {
		const value = text(ctx, name, itemIndex);
		if (value !== undefined) record[name] = value;
	}
	const more = (ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject) ?? {};
	const address: IDataObject = {};
	for (const [name, raw] of Object.entries(more)) {
		const value = typeof raw === 'string' ? raw.trim() : raw;
		if (value === '' || value === undefined || value === null) continue;
		if (ADDRESS_PARTS.includes(name)) address[name] = value;
		else if ((name === 'status' || name === 'source') && kind !== 'lead') continue;
		else record[name] = value;
	}
	if (Object.keys(address).length) record.address = address;
	const custom = customFields(ctx, itemIndex);
	if (custom) record.custom = custom;
	return record;
}

/**
 * Normalises and checks one neutral record (e-mail lower-cased, phones to E.164 with the
 * Default Country, date-times in the given zone) or fails its item naming the field.
 */
export function neutral(ctx: IExecuteFunctions, kind: NeutralType, record: IDataObject, itemIndex: number, zone?: string): IDataObject {
	const opts = options(ctx, itemIndex);
	const result = safeValidateNeutral(kind, record, {
		itemIndex,
		defaultCountry: (opts.defaultCountry as string | undefined) || undefined,
		timeZone: zone || undefined,
	});
	if (!result.ok) throw new NodeOperationError(ctx.getNode(), result.error.message, { itemIndex });
	return result.value as IDataObject;
}
