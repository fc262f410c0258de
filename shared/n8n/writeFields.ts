import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { normalizeEmail } from '../model/email';
import { NeutralValidationError } from '../model/errors';
import { validateNeutral } from '../model/validate';
import { itemError } from '../transport/errors';
import type { NeutralType } from '../types';
import { itemParameter } from './itemParameter';
import { parseJsonObject } from './parameters';

/**
 * How one CRM's write operations name their field parameters. The parameters
 * themselves (and so saved workflows) stay the CRM's own: HubSpot says
 * "Properties", Salesforce and Pipedrive say "Fields".
 */
export interface WriteFieldsSpec {
	/** Additional Fields → the JSON object of vendor fields, e.g. `propertiesJson` shown as "Properties (JSON)". */
	json: { key: string; label: string };
	/** The name/value list, e.g. `propertiesUi.property` shown as "Properties", one entry being a "property". */
	list: { parameter: string; label: string; noun: string };
	/** Vendor fields holding one email address (HubSpot and Pipedrive `email`, Salesforce `Email`). */
	emailFields: string[];
	/** Vendor fields holding a list of emails (Pipedrive v2 `emails`: strings or `{value, primary}`). */
	emailLists?: string[];
	/** The CRM's own Additional Fields (owner, pipeline, dates...) as vendor fields; applied after the JSON. */
	dedicated?: (ctx: IExecuteFunctions, additional: IDataObject, itemIndex: number) => IDataObject;
	/** The vendor's form of every value, last (HubSpot: strings); throws a message naming the field when a value cannot be sent. */
	vendorValue?: (value: IDataObject[string], field: string) => IDataObject[string];
}

export interface WriteFieldsInput {
	/** Undefined for objects without a neutral shape (custom objects): the neutral record is refused. */
	neutralType?: NeutralType;
	fromNeutral: (type: NeutralType, neutral: IDataObject) => IDataObject;
	/** Create (false) needs a full neutral record and at least one value; update and upsert take partial ones. */
	partial: boolean;
	/** Values that take the list's place (Salesforce's resource mapper). */
	own?: IDataObject;
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/**
 * The vendor fields an item asks to write, from its sources in this order
 * (later ones win on a clash): the Neutral Record (JSON), validated and mapped
 * to vendor fields; the JSON fields; the CRM's dedicated fields; the name/value
 * list (or `own`). Emails are trimmed, lower-cased and checked here, so a bad
 * one fails its own item, naming the field, instead of a whole vendor batch. A
 * create with no value at all is refused: the vendor would create a blank
 * record and report success.
 */
export function readWriteFields(ctx: IExecuteFunctions, spec: WriteFieldsSpec, input: WriteFieldsInput, itemIndex: number): IDataObject {
	const node = ctx.getNode();
	const fail = (message: string) => new NodeOperationError(node, `Item ${itemIndex}: ${message}`, { itemIndex });
	const additional = itemParameter<IDataObject>(ctx, 'additionalFields', itemIndex, {});
	const fields: IDataObject = {};

	const neutral = parseJsonObject(ctx, additional.neutralJson, itemIndex, 'Neutral Record (JSON)');
	if (Object.keys(neutral).length) {
		if (!input.neutralType) throw fail('field "Neutral Record (JSON)" cannot be used with custom objects');
		try {
			const valid = validateNeutral(input.neutralType, neutral, { itemIndex, partial: input.partial });
			Object.assign(fields, input.fromNeutral(input.neutralType, valid as IDataObject));
		} catch (error) {
			if (error instanceof NeutralValidationError) throw new NodeOperationError(node, error.message, { itemIndex });
			throw itemError(node, error, itemIndex);
		}
	}
	Object.assign(fields, parseJsonObject(ctx, additional[spec.json.key], itemIndex, spec.json.label));
	if (spec.dedicated) Object.assign(fields, spec.dedicated(ctx, additional, itemIndex));
	if (input.own) Object.assign(fields, input.own);
	else {
		const list = itemParameter<Array<{ name: string; value: unknown }>>(ctx, spec.list.parameter, itemIndex, []);
		for (const { name, value } of list) {
			if (!name) throw fail(`a ${spec.list.noun} in "${spec.list.label}" has no name`);
			fields[name] = value as IDataObject[string];
		}
	}

	for (const key of spec.emailFields) {
		if (typeof fields[key] !== 'string' || fields[key] === '') continue;
		const email = normalizeEmail(fields[key] as string);
		if (!email.ok) throw fail(`field "${key}": ${email.reason}`);
		fields[key] = email.value;
	}
	for (const key of spec.emailLists ?? []) {
		if (!Array.isArray(fields[key])) continue;
		fields[key] = (fields[key] as IDataObject[]).map((entry, n) => {
			const object = typeof entry === 'object' && entry !== null;
			const email = normalizeEmail(String((object ? entry.value : entry) ?? ''));
			if (!email.ok) throw fail(`field "${key}[${n}]": ${email.reason}`);
			return object ? { ...entry, value: email.value } : { value: email.value, primary: n === 0 };
		});
	}

	if (spec.vendorValue) {
		for (const [key, value] of Object.entries(fields)) {
			try {
				fields[key] = spec.vendorValue(value, key);
			} catch (error) {
				throw fail(`field "${key}": ${(error as Error).message}`);
			}
		}
	}
	if (!input.partial && Object.values(fields).every(isEmpty)) {
		throw fail('nothing to create: every field is empty or null (a create needs at least one value)');
	}
	return fields;
}
