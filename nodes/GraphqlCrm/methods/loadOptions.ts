import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { GraphqlCrmConnector } from '../connector/GraphqlCrmConnector';
import { rootField, rootFields, typeText, type Schema } from '../connector/introspection';
import { inputFieldsOf, pickableFields, recordTypeOf, selectedTypes } from '../connector/schemaFields';
import { graphqlSettings, type GraphqlAuth } from '../transport/graphqlApi';

/*
 * The node's dropdowns, each read from the server's schema by introspection
 * (one introspection query per dropdown load: n8n keeps nothing between them).
 */

async function schemaOf(ctx: ILoadOptionsFunctions): Promise<Schema> {
	const auth = ctx.getNodeParameter('authentication', 'standard') as GraphqlAuth;
	const connector = new GraphqlCrmConnector(ctx, await graphqlSettings(ctx, auth, { retry: DROPDOWN_RETRY }));
	return await connector.introspect();
}

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/** The root fields of the schema, with their arguments as the description. */
async function rootOptions(ctx: ILoadOptionsFunctions, root: 'query' | 'mutation'): Promise<INodePropertyOptions[]> {
	return rootFields(await schemaOf(ctx), root)
		.filter((f) => !f.name.startsWith('_'))
		.map((f) => ({ name: f.name, value: f.name, description: (f.args ?? []).map((a) => `${a.name}: ${typeText(a.type)}`).join(', ') || undefined }))
		.sort(byName);
}

export async function getMutations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await rootOptions(this, 'mutation');
}

export async function getQueries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await rootOptions(this, 'query');
}

/** The chosen query or mutation (by the node's operation), or undefined when none is chosen yet. */
function chosenRoot(ctx: ILoadOptionsFunctions): { root: 'query' | 'mutation'; name: string } | undefined {
	const root = ctx.getNodeParameter('operation', 'query') === 'mutation' ? 'mutation' : 'query';
	const name = String(ctx.getNodeParameter(root === 'query' ? 'queryName' : 'mutationName', '') ?? '').trim();
	return name ? { root, name } : undefined;
}

/** The object types the document written for the chosen query or mutation selects; the record type first. */
export async function getRecordTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const chosen = chosenRoot(this);
	if (!chosen) return [];
	const schema = await schemaOf(this);
	const field = rootField(schema, chosen.root, chosen.name);
	const record = recordTypeOf(schema, field);
	const where = (path: string) => (path ? `${chosen.name}.${path}` : chosen.name);
	const types = selectedTypes(schema, field).map((t) => ({ name: t.type, value: t.type, description: `At ${where(t.path)}${t.type === record?.type ? ' (the records)' : ''}` }));
	if (!types.length) return [];
	// The empty default as an option of its own, so the editor shows it as a choice, not as a value the list lacks.
	const automatic = { name: "Automatic (the Records' Type)", value: '', description: record ? `${record.type} for this ${chosen.root}` : "The records' type, found in the schema" };
	return [automatic, ...types.filter((t) => t.value === record?.type), ...types.filter((t) => t.value !== record?.type).sort(byName)];
}

/** The fields of the chosen Record Type (else of the records' type), with their GraphQL types. */
export async function getRecordFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const chosen = chosenRoot(this);
	if (!chosen) return [];
	const schema = await schemaOf(this);
	const type = String(this.getNodeParameter('recordType', '') ?? '').trim() || recordTypeOf(schema, rootField(schema, chosen.root, chosen.name))?.type;
	if (!type) return [];
	return pickableFields(schema, type)
		.map((f) => ({ name: f.name, value: f.name, description: [typeText(f.type), f.description].filter(Boolean).join(': ') }))
		.sort(byName);
}

/** The fields of the chosen mutation's input-object arguments, as `argument.field`. */
export async function getInputFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const name = String(this.getNodeParameter('mutationName', '') ?? '').trim();
	if (!name) return [];
	return inputFieldsOf(await schemaOf(this), name)
		.map(({ argument, field, inputType }) => ({
			name: `${argument}.${field.name}`,
			value: `${argument}.${field.name}`,
			description: `${typeText(field.type)} in ${argument}: ${inputType}${field.description ? `: ${field.description}` : ''}`,
		}))
		.sort(byName);
}
