import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { importCsvItems, writeCsv } from '../../shared/csv';
import { formatIssue } from '../../shared/model/errors';
import { getPath } from '../../shared/model/fieldMap';
import { composeLeadEmail, parseLeadMeta, STANDARD_TAGS } from './leadEmail';
import { TP_CONTACTS, TP_EXPORT_COLUMNS, TP_TRANSACTIONS } from './csv/formats';

const CREATE_ONLY =
	"Top Producer's lead email can only create a lead: make this change in Top Producer itself (its lead-metadata format 1.0 carries new leads only)";

/** The lead fields of one item: from the parameters, or from the item (a CRM Sync change's `fields`). */
function leadFields(ctx: IExecuteFunctions, i: number, json: IDataObject): IDataObject {
	if (ctx.getNodeParameter('fieldsFrom', i, 'parameters') === 'item') {
		if (typeof json.operation === 'string' && json.fields && typeof json.fields === 'object') {
			if (json.operation !== 'create') throw new NodeOperationError(ctx.getNode(), `Item ${i}: a "${json.operation}" change: ${CREATE_ONLY}`, { itemIndex: i });
			return json.fields as IDataObject;
		}
		const out: IDataObject = {};
		for (const key of ['name', 'fullName', 'firstName', 'lastName', ...STANDARD_TAGS.map((t) => t.field), 'leadType']) if (json[key] !== undefined) out[key] = json[key];
		if (out.name === undefined && out.fullName !== undefined) out.name = out.fullName;
		if (out.type === undefined && out.leadType !== undefined) out.type = out.leadType;
		return out;
	}
	const fields: IDataObject = { ...(ctx.getNodeParameter('additionalFields', i, {}) as IDataObject) };
	for (const name of ['name', 'email', 'phone', 'type', 'source']) fields[name] = ctx.getNodeParameter(name, i, '') as string;
	return fields;
}

export async function composeLeadEmails(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const fields = leadFields(ctx, i, items[i].json);
			const rows = (ctx.getNodeParameter('customFields.field', i, []) as IDataObject[]) ?? [];
			const custom: IDataObject = {};
			for (const [n, row] of rows.entries()) {
				const name = String(row.name ?? '').trim();
				if (!name) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Custom Fields" row ${n + 1} has no name`, { itemIndex: i });
				custom[name] = row.value as IDataObject[string];
			}
			const result = composeLeadEmail(fields, custom);
			if (!result.ok) throw new NodeOperationError(ctx.getNode(), formatIssue(result.issues[0], i), { itemIndex: i, description: result.issues.map((x) => formatIssue(x)).join('\n') });
			// The email read back as Top Producer reads it must carry exactly what was composed.
			const read = parseLeadMeta(result.email.html);
			if (!read || JSON.stringify(read) !== JSON.stringify(result.email.meta)) {
				throw new NodeOperationError(ctx.getNode(), `Item ${i}: the composed email does not read back as its lead metadata`, { itemIndex: i });
			}
			const to = String(ctx.getNodeParameter('to', i, '') ?? '').trim();
			out.push({ json: { ...(to ? { to } : {}), ...result.email }, pairedItem: { item: i } });
		} catch (error) {
			if (ctx.continueOnFail()) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			throw error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: i });
		}
	}
	return out;
}

export async function importContacts(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await importCsvItems(ctx, TP_CONTACTS);
}

export async function importTransactions(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await importCsvItems(ctx, TP_TRANSACTIONS);
}

/** Every input contact (CRM-neutral) as one row of one CSV file, on one output item. */
export async function exportContacts(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const rows = items.map((item) => {
		const json = item.json;
		const row: Record<string, unknown> = {};
		for (const { header, path } of TP_EXPORT_COLUMNS) {
			const value = getPath(json, path) ?? (path.startsWith('custom.') ? json[path.slice(7)] : undefined);
			if (value !== undefined && value !== null) row[header] = value;
		}
		return row;
	});
	const fileName = String(ctx.getNodeParameter('fileName', 0, 'top-producer-contacts.csv')).trim() || 'top-producer-contacts.csv';
	const property = String(ctx.getNodeParameter('binaryPropertyName', 0, 'data')).trim() || 'data';
	const csv = writeCsv(TP_EXPORT_COLUMNS.map((c) => c.header), rows);
	const binary = await ctx.helpers.prepareBinaryData(Buffer.from(csv, 'utf8'), fileName, 'text/csv');
	return [{ json: { fileName, rows: rows.length }, binary: { [property]: binary }, pairedItem: items.map((_, item) => ({ item })) }];
}
