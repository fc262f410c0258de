import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { getPath } from '../../../shared/model/fieldMap';
import { perItem, writeItems } from '../../../shared/n8n/items';
import type { TemplateVariable } from '../connector/aliases';
import { GraphqlCrmConnector } from '../connector/GraphqlCrmConnector';
import { mutationTemplate, queryDocument, type FieldPick, type Schema } from '../connector/introspection';
import { fieldPick, variablesFromFields } from '../connector/schemaFields';
import { pageRecords, type PagingSpec, type PagingStyle } from '../connector/paging';
import { errorText } from '../transport/errors';
import { dataOrThrow, graphqlSettings, type GraphqlAuth } from '../transport/graphqlApi';

/*
 * The action node: a query (one item per record, paged with Return All /
 * Limit) or a mutation (one request per item, or the items as aliased
 * mutations in one request, each alias's result or error back on its item).
 */

/** The item's variables: the JSON parameter (an object or its text), or the item itself. */
function variablesOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	if (ctx.getNodeParameter('variablesFrom', itemIndex, 'json') === 'item') return { ...ctx.getInputData()[itemIndex].json };
	const raw = ctx.getNodeParameter('variables', itemIndex, '{}') as unknown;
	if (raw === '' || raw === undefined || raw === null) return {};
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "variables": not valid JSON (${(error as Error).message})`, { itemIndex });
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "variables": must be a JSON object`, { itemIndex });
	return value as IDataObject;
}

/** The records at the data path: a list is one item per entry, anything else one item. */
function itemsAt(data: IDataObject, path: string): IDataObject[] {
	const value = path ? getPath(data, path) : data;
	if (value === undefined) throw new Error(`The answer has no "${path}" (Data Path)`);
	if (Array.isArray(value)) return value.filter((v) => v !== null).map((v) => (typeof v === 'object' ? (v as IDataObject) : { value: v }));
	return value === null ? [] : [typeof value === 'object' ? (value as IDataObject) : { value } as IDataObject];
}

function pagingSpec(ctx: IExecuteFunctions, itemIndex: number, style: PagingStyle): PagingSpec {
	const o = ctx.getNodeParameter('pagingOptions', itemIndex, {}) as IDataObject;
	const path = (ctx.getNodeParameter('dataPath', itemIndex, '') as string).trim();
	if (!path) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "dataPath": paging needs the data path of the connection or page (e.g. contacts)`, { itemIndex });
	const text = (k: string) => (typeof o[k] === 'string' && (o[k] as string).trim() ? (o[k] as string).trim() : undefined);
	return {
		style,
		path,
		pageSize: Number(o.pageSize ?? 50) || 50,
		sizeVariable: text('sizeVariable'),
		positionVariable: text('positionVariable'),
		itemsPath: text('itemsPath'),
		totalPath: text('totalPath'),
		nextOffsetPath: text('nextOffsetPath'),
		nextTokenPath: text('nextCursorPath'),
	};
}

/** `input: ContactInput!, id: ID!` -> the template's variables. */
export function parseFieldVariables(text: string): TemplateVariable[] {
	return text
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => {
			const m = /^\$?([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.+)$/.exec(part);
			if (!m) throw new Error(`"${part}" is not "name: Type"`);
			return { name: m[1], type: m[2].trim() };
		});
}

/** A multi-select's chosen values (a list, or comma-separated text from an expression). */
function chosenList(ctx: IExecuteFunctions, name: string, itemIndex: number): string[] {
	const raw = ctx.getNodeParameter(name, itemIndex, []) as unknown;
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	return list.map((v) => String(v).trim()).filter(Boolean);
}

/** The Record Type / Record Fields choice for a document written from the schema (undefined: every scalar). */
function pickOf(ctx: IExecuteFunctions, schema: Schema, root: 'query' | 'mutation', name: string, itemIndex: number): FieldPick | undefined {
	const type = String(ctx.getNodeParameter('recordType', itemIndex, '') ?? '').trim();
	try {
		return fieldPick(schema, root, name, type, chosenList(ctx, 'recordFields', itemIndex));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${(error as Error).message}`, { itemIndex });
	}
}

export async function executeGraphql(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const auth = ctx.getNodeParameter('authentication', 0, 'standard') as GraphqlAuth;
	const connector = new GraphqlCrmConnector(ctx, await graphqlSettings(ctx, auth));
	const operation = ctx.getNodeParameter('operation', 0) as string;

	if (operation === 'mutation' && ctx.getNodeParameter('sendAs', 0, 'aliased') === 'aliased') {
		let field = (ctx.getNodeParameter('mutationField', 0, '') as string).trim();
		let variables: TemplateVariable[];
		try {
			variables = parseFieldVariables(ctx.getNodeParameter('fieldVariables', 0, '') as string);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), `Field "fieldVariables": ${(error as Error).message}`);
		}
		if (!field) {
			// Written from the schema (introspected once for this execution) for the chosen mutation.
			const name = (ctx.getNodeParameter('mutationName', 0, '') as string).trim();
			if (!name) throw new NodeOperationError(ctx.getNode(), 'Field "mutationField": give the mutation field, or choose a mutation under "Mutation Name or ID"');
			const schema = await connector.introspect();
			const template = mutationTemplate(schema, name, 'mutation', pickOf(ctx, schema, 'mutation', name, 0));
			field = template.field;
			if (!variables.length) variables = template.variables;
		}
		for (const v of variables) if (!new RegExp(`\\$${v.name}\\b`).test(field)) throw new NodeOperationError(ctx.getNode(), `Field "mutationField" does not use $${v.name}, declared in Field Variables`);
		if (/^\s*(mutation\b|\{)/.test(field)) throw new NodeOperationError(ctx.getNode(), 'Field "mutationField": give the mutation field only (e.g. createContact(input: $input) { id }), not a whole document');
		// Input Fields: each item's same-named fields become the chosen mutation's arguments (schema introspected once per execution).
		const inputFields = ctx.getNodeParameter('variablesFrom', 0, 'json') === 'item' ? chosenList(ctx, 'inputFields', 0) : [];
		const inputMutation = (ctx.getNodeParameter('mutationName', 0, '') as string).trim();
		if (inputFields.length && !inputMutation) throw new NodeOperationError(ctx.getNode(), 'Field "inputFields": choose the mutation they belong to under "Mutation Name or ID"');
		const inputSchema = inputFields.length ? await connector.introspect() : undefined;
		const batchSize = Math.max(1, Math.min(250, Number(ctx.getNodeParameter('batchSize', 0, 25)) || 25));
		const dataPath = (ctx.getNodeParameter('dataPath', 0, '') as string).trim();
		const out = await writeItems<IDataObject>(
			ctx,
			{
				items,
				vendorName: 'GraphQL CRM',
				batchSize,
				send: (values) =>
					connector.aliased(batchSize, { field, variables }, 'CrmPackBatch', values, (result, index) => ({
						index,
						ok: true,
						record: { id: String(result.id ?? ''), objectType: 'mutation', properties: result, raw: result },
					})),
				json: (outcome) => {
					const value = dataPath ? getPath(outcome.record.raw, dataPath) : outcome.record.raw;
					return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { value: value as IDataObject[string] };
				},
			},
			(i) => {
				let all: IDataObject;
				if (inputSchema) {
					try {
						all = variablesFromFields(inputSchema, inputMutation, inputFields, items[i].json);
					} catch (error) {
						throw new NodeOperationError(ctx.getNode(), `Item ${i}: ${(error as Error).message}`, { itemIndex: i });
					}
				} else all = variablesOf(ctx, i);
				const missing = variables.filter((v) => v.type.endsWith('!') && (all[v.name] === undefined || all[v.name] === null));
				if (missing.length) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "variables": no value for $${missing[0].name} (${missing[0].type})`, { itemIndex: i });
				return Object.fromEntries(variables.map((v) => [v.name, all[v.name] ?? null]));
			},
		);
		return [out];
	}

	const out = await perItem(ctx, { items }, async (i) => {
		const variables = variablesOf(ctx, i);
		const dataPath = (ctx.getNodeParameter('dataPath', i, '') as string).trim();
		if (operation === 'mutation') {
			const answer = await connector.call({ query: ctx.getNodeParameter('mutation', i) as string, variables, write: true, itemIndex: i });
			const data = dataOrThrow(ctx, connector.settings, answer, i);
			if (answer.errors?.length) throw new NodeOperationError(ctx.getNode(), `Item ${i}: ${errorText(answer.errors)}`, { itemIndex: i });
			return itemsAt(data, dataPath);
		}
		let query = (ctx.getNodeParameter('query', i, '') as string).trim();
		if (!query) {
			// Written from the schema (introspected once for this execution) for the chosen query.
			const name = (ctx.getNodeParameter('queryName', i, '') as string).trim();
			if (!name) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "query": give the query document, or choose a query under "Query Name or ID"`, { itemIndex: i });
			const schema = await connector.introspect();
			query = queryDocument(schema, name, pickOf(ctx, schema, 'query', name, i));
		}
		const operationName = (ctx.getNodeParameter('operationName', i, '') as string).trim() || undefined;
		const style = ctx.getNodeParameter('paging', i, 'none') as PagingStyle;
		const fetch = async (paging: IDataObject) => {
			const answer = await connector.call({ query, variables: { ...variables, ...paging }, operationName, itemIndex: i });
			const data = dataOrThrow(ctx, connector.settings, answer, i);
			if (answer.errors?.length) throw new NodeOperationError(ctx.getNode(), `Item ${i}: ${errorText(answer.errors)}`, { itemIndex: i });
			return data;
		};
		if (style === 'none') return itemsAt(await fetch({}), dataPath);
		const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? undefined : (ctx.getNodeParameter('limit', i, 50) as number);
		const records: IDataObject[] = [];
		for await (const record of pageRecords(pagingSpec(ctx, i, style), fetch, limit)) records.push(record);
		return records;
	});
	return [out];
}
