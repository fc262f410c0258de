import type { IDataObject } from 'n8n-workflow';
import { LEAF, namedType, rootField, typeFields, typeText, type FieldPick, type Schema, type SchemaField } from './introspection';

/*
 * The types and fields behind the node's schema dropdowns (Record Type,
 * Record Fields, Input Fields), from the introspected schema (GraphQL spec,
 * "Introspection"). What the node writes from the schema selects the result
 * type and its object fields one level down (introspection.ts), so those are
 * the types a user can pick fields of; the record type is the first of them
 * with an `id` field (a connection's `nodes` / `edges.node`, a page's
 * `items`, a list's element, a payload's record), else the result type.
 */

export interface SelectedType {
	type: string;
	/** Where its values are in the root field's result (dotted; '' for the result itself). */
	path: string;
}

function hasId(schema: Schema, typeName: string): boolean {
	return typeFields(schema, typeName).some((f) => f.name === 'id');
}

/** The object types the written selection reaches: the result type, then its object fields' types (schema order). */
export function selectedTypes(schema: Schema, field: SchemaField): SelectedType[] {
	const result = schema.types.get(namedType(field.type));
	if (!result || LEAF.has(result.kind)) return [];
	const out: SelectedType[] = [{ type: result.name, path: '' }];
	for (const f of typeFields(schema, result.name)) {
		if (f.args?.some((a) => a.type.kind === 'NON_NULL')) continue;
		const named = schema.types.get(namedType(f.type));
		if (named?.kind === 'OBJECT' && !out.some((t) => t.type === named.name)) out.push({ type: named.name, path: f.name });
	}
	return out;
}

/** The records' type of a root field: the first selected type with an `id`, else the result type. */
export function recordTypeOf(schema: Schema, field: SchemaField): SelectedType | undefined {
	const types = selectedTypes(schema, field);
	return types.find((t) => hasId(schema, t.type)) ?? types[0];
}

/** The fields a user can pick on a type: those the node can select (no required arguments). */
export function pickableFields(schema: Schema, typeName: string): SchemaField[] {
	return typeFields(schema, typeName).filter((f) => !f.args?.some((a) => a.type.kind === 'NON_NULL'));
}

/**
 * The pick for a written document: the chosen type (else the record type) and
 * the chosen fields, each checked against the schema so a stale or mistyped
 * name fails with the parameter it came from.
 */
export function fieldPick(schema: Schema, root: 'query' | 'mutation', name: string, typeName: string, fields: string[]): FieldPick | undefined {
	if (!fields.length) return undefined;
	const field = rootField(schema, root, name);
	const types = selectedTypes(schema, field);
	const type = typeName || recordTypeOf(schema, field)?.type;
	if (!type) throw new Error(`field "recordFields": the ${root} "${name}" returns no object type whose fields could be chosen`);
	if (!types.some((t) => t.type === type)) throw new Error(`field "recordType": "${type}" is not a type the ${root} "${name}" selects (${types.map((t) => t.type).join(', ')})`);
	const known = new Set(pickableFields(schema, type).map((f) => f.name));
	const unknown = fields.filter((f) => !known.has(f));
	if (unknown.length) throw new Error(`field "recordFields": "${unknown[0]}" is not a field of ${type}`);
	return { type, fields };
}

/** The input-object arguments of a mutation and their fields: `input.email` -> { argument input, field email }. */
export function inputFieldsOf(schema: Schema, mutation: string): Array<{ argument: string; field: SchemaField; inputType: string }> {
	const out: Array<{ argument: string; field: SchemaField; inputType: string }> = [];
	for (const arg of rootField(schema, 'mutation', mutation).args ?? []) {
		const named = schema.types.get(namedType(arg.type));
		if (named?.kind !== 'INPUT_OBJECT') continue;
		for (const f of named.inputFields ?? []) out.push({ argument: arg.name, field: f, inputType: typeText(arg.type) });
	}
	return out;
}

/**
 * A mutation's variables from an item's fields of the same names: each
 * input-object argument gets the chosen input fields (`input.email` takes the
 * item's `email`; a field the item lacks is left out, so it is not set), every
 * other argument the item's field of the argument's name (`id`, `email`).
 */
export function variablesFromFields(schema: Schema, mutation: string, chosen: string[], item: IDataObject): IDataObject {
	const available = inputFieldsOf(schema, mutation);
	const byArgument = new Map<string, string[]>();
	for (const entry of chosen) {
		const [argument, field, ...rest] = entry.split('.');
		if (rest.length || !available.some((a) => a.argument === argument && a.field.name === field)) {
			throw new Error(`field "inputFields": "${entry}" is not an input field of the mutation "${mutation}"`);
		}
		byArgument.set(argument, [...(byArgument.get(argument) ?? []), field]);
	}
	const variables: IDataObject = {};
	for (const arg of rootField(schema, 'mutation', mutation).args ?? []) {
		const fields = byArgument.get(arg.name);
		if (fields) variables[arg.name] = Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
		else if (item[arg.name] !== undefined) variables[arg.name] = item[arg.name];
	}
	return variables;
}
