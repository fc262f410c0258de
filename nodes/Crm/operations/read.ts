import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { normalizeEmail } from '../../../shared/model/email';
import { normalizePhone } from '../../../shared/model/phone';
import { normalizeDomain } from '../../../shared/model/domain';
import type { NeutralMatchField, NeutralQuery } from '../../../shared/neutralOps';
import type { CrmConnector, CrmDefinition, NeutralType } from '../../../shared/types';
import { options, text } from '../fields';
import { perItem } from '../../../shared/n8n/items';
import { neutralJson } from '../output';
import { need, objectTypeFor } from '../support';

/** An exact-match value in the form the CRMs are written in by this pack (lower-cased e-mail, E.164 phone, bare domain). */
export function matchValue(field: NeutralMatchField, value: string, defaultCountry?: string): string {
	const result =
		field === 'email' ? normalizeEmail(value) : field === 'phone' ? normalizePhone(value, { defaultCountry }) : field === 'domain' ? normalizeDomain(value) : undefined;
	if (!result) return value.trim();
	if (!result.ok) throw new Error(`${field}: ${result.reason}`);
	return typeof result.value === 'string' ? result.value : (result.value as { e164: string }).e164;
}

/** Get Customer: `found: false` when nobody matches, the customer in neutral fields otherwise (the first match). */
export async function getCustomer(ctx: IExecuteFunctions, crm: CrmDefinition, connector: CrmConnector): Promise<INodeExecutionData[]> {
	const objectType = objectTypeFor(crm, 'contact');
	return perItem(ctx, { items: ctx.getInputData() }, async (itemIndex) => {
		const by = ctx.getNodeParameter('lookupBy', itemIndex, 'email') as 'email' | 'phone' | 'id';
		const value = text(ctx, 'lookupValue', itemIndex);
		if (!value) throw new NodeOperationError(ctx.getNode(), 'Value is empty: give the email, phone or record ID to look for', { itemIndex });
		const includeRaw = options(ctx, itemIndex).includeRaw === true;
		let record;
		if (by === 'id') {
			// getMany leaves out ids that do not exist or were deleted (the connector contract), so "not found" is no error here.
			for await (const found of connector.getMany(objectType, [value], crm.mappedFields('contact'))) {
				if (found.id === value || !record) record = found;
			}
		} else {
			const find = need(crm, connector, 'findNeutral', `find a customer by ${by}`);
			const matched = matchValue(by, value, options(ctx, itemIndex).defaultCountry as string | undefined);
			[record] = await find('contact', { field: by, value: matched }, { limit: 1 });
		}
		if (!record || record.archived) return [{ crm: crm.value, found: false }];
		return [{ found: true, ...(await neutralJson(crm, connector, 'contact', record, includeRaw)) }];
	});
}

/** The neutral query of the Search parameters (shared with the CRM Search node). */
export function searchQuery(by: NeutralMatchField | 'text', value: string, defaultCountry?: string): NeutralQuery {
	if (value.trim().length < 2) throw new Error('The query needs at least 2 characters');
	return by === 'text' ? { text: value.trim() } : { field: by, value: matchValue(by, value, defaultCountry) };
}

/** Search: one item per record found, in neutral fields. */
export async function search(ctx: IExecuteFunctions, crm: CrmDefinition, connector: CrmConnector): Promise<INodeExecutionData[]> {
	return perItem(ctx, { items: ctx.getInputData() }, async (itemIndex) => {
		const kind = ctx.getNodeParameter('searchKind', itemIndex, 'contact') as NeutralType;
		const by = ctx.getNodeParameter('searchBy', itemIndex, 'text') as NeutralMatchField | 'text';
		const limit = Number(ctx.getNodeParameter('limit', itemIndex, 50));
		const opts = options(ctx, itemIndex);
		let query: NeutralQuery;
		try {
			query = searchQuery(by, text(ctx, 'query', itemIndex) ?? '', opts.defaultCountry as string | undefined);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
		}
		objectTypeFor(crm, kind);
		const find = need(crm, connector, 'findNeutral', `search ${kind} records`);
		const records = await find(kind, query, { limit });
		return Promise.all(records.map((r) => neutralJson(crm, connector, kind, r, opts.includeRaw === true)));
	});
}
