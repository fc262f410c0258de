import type { IDataObject } from 'n8n-workflow';

/*
 * The server's schema through GraphQL introspection (GraphQL spec, section
 * "Introspection": `__schema { queryType mutationType types { kind name
 * fields inputFields } }`), read once per connector (so once per execution
 * or dropdown load) for the node's dropdowns (queries, mutations, types and
 * their fields) and for `describeFields`.
 */

export const INTROSPECTION_QUERY = `query CrmPackIntrospection {
  __schema {
    queryType { name }
    mutationType { name }
    types {
      kind
      name
      description
      fields { name description args { name type { ...TypeRef } } type { ...TypeRef } }
      inputFields { name description type { ...TypeRef } }
    }
  }
}
fragment TypeRef on __Type {
  kind
  name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
}`;

export interface TypeRef {
	kind: string;
	name: string | null;
	ofType?: TypeRef | null;
}

export interface SchemaField {
	name: string;
	description?: string | null;
	args?: Array<{ name: string; type: TypeRef }>;
	type: TypeRef;
}

export interface SchemaType {
	kind: string;
	name: string;
	description?: string | null;
	fields?: SchemaField[] | null;
	inputFields?: SchemaField[] | null;
}

export interface Schema {
	queryType?: string;
	mutationType?: string;
	types: Map<string, SchemaType>;
}

export function readSchema(data: IDataObject): Schema {
	const s = data.__schema as IDataObject | undefined;
	if (!s || !Array.isArray(s.types)) throw new Error('The server answered the introspection query without __schema: introspection may be disabled on this server');
	const types = new Map<string, SchemaType>();
	for (const t of s.types as unknown as SchemaType[]) if (t?.name) types.set(t.name, t);
	return {
		queryType: (s.queryType as IDataObject | null)?.name as string | undefined,
		mutationType: (s.mutationType as IDataObject | null)?.name as string | undefined,
		types,
	};
}

/** `[Contact!]!` style text of a type reference. */
export function typeText(ref: TypeRef | null | undefined): string {
	if (!ref) return '';
	if (ref.kind === 'NON_NULL') return `${typeText(ref.ofType)}!`;
	if (ref.kind === 'LIST') return `[${typeText(ref.ofType)}]`;
	return ref.name ?? '';
}

/** The named type under NON_NULL and LIST wrappers. */
export function namedType(ref: TypeRef | null | undefined): string {
	let r = ref;
	while (r && (r.kind === 'NON_NULL' || r.kind === 'LIST')) r = r.ofType;
	return r?.name ?? '';
}

/** Fields of the root query or mutation type. */
export function rootFields(schema: Schema, root: 'query' | 'mutation'): SchemaField[] {
	const name = root === 'query' ? schema.queryType : schema.mutationType;
	return (name ? schema.types.get(name)?.fields : undefined) ?? [];
}

/** Object and input types a user works with (no introspection types, no scalars). */
export function userTypes(schema: Schema): SchemaType[] {
	return [...schema.types.values()].filter((t) => !t.name.startsWith('__') && (t.kind === 'OBJECT' || t.kind === 'INPUT_OBJECT') && t.name !== schema.queryType && t.name !== schema.mutationType);
}

/** Fields of a type (input fields for an input type). */
export function typeFields(schema: Schema, typeName: string): SchemaField[] {
	const t = schema.types.get(typeName.replace(/[[\]!]/g, ''));
	return (t?.fields ?? t?.inputFields ?? []) as SchemaField[];
}

export const LEAF = new Set(['SCALAR', 'ENUM']);

/** The record fields the user chose (Record Type / Record Fields): selected instead of every scalar of that type. */
export interface FieldPick {
	type: string;
	fields: string[];
}

/** Object types the node selects into (interfaces are not expanded: a fragment per implementation would be needed). */
const EXPANDED = new Set(['OBJECT']);

/**
 * The selection of a type: its scalar and enum fields, and one level into its
 * object fields (`contact { id email }`). The picked type gets only the
 * picked fields, its object fields expanded one level further (`address { city }`).
 */
function selectionOf(schema: Schema, typeName: string, depth = 0, pick?: FieldPick): string {
	const picked = pick !== undefined && pick.fields.length > 0 && typeName === pick.type;
	const parts: string[] = [];
	for (const f of typeFields(schema, typeName)) {
		if (picked && !pick.fields.includes(f.name)) continue;
		if (f.args?.some((a) => a.type.kind === 'NON_NULL')) continue;
		const named = schema.types.get(namedType(f.type));
		if (!named || LEAF.has(named.kind)) parts.push(f.name);
		else if ((depth === 0 || picked) && depth < 3 && EXPANDED.has(named.kind)) {
			const inner = selectionOf(schema, named.name, depth + 1, pick);
			if (inner) parts.push(`${f.name} { ${inner} }`);
		}
	}
	return parts.join(' ');
}

/**
 * A mutation field written from the schema: every argument as a variable of
 * its declared type, and the result's scalar fields (one level into objects),
 * e.g. `createContact(input: $input) { id email contact { id } }`; with a
 * pick, the picked type's chosen fields instead of all its scalars.
 */
export function mutationTemplate(
	schema: Schema,
	name: string,
	root: 'query' | 'mutation' = 'mutation',
	pick?: FieldPick,
): { field: string; variables: Array<{ name: string; type: string }> } {
	const field = rootField(schema, root, name);
	const variables = (field.args ?? []).map((a) => ({ name: a.name, type: typeText(a.type) }));
	const args = variables.length ? `(${variables.map((v) => `${v.name}: $${v.name}`).join(', ')})` : '';
	const named = schema.types.get(namedType(field.type));
	const selection = named && !LEAF.has(named.kind) ? selectionOf(schema, named.name, 0, pick) : '';
	return { field: `${name}${args}${selection ? ` { ${selection} }` : ''}`, variables };
}

/** A whole query document for one root query field, written like `mutationTemplate`'s field. */
export function queryDocument(schema: Schema, name: string, pick?: FieldPick): string {
	const { field, variables } = mutationTemplate(schema, name, 'query', pick);
	const head = variables.length ? `(${variables.map((v) => `$${v.name}: ${v.type}`).join(', ')})` : '';
	return `query CrmPackQuery${head} { ${field} }`;
}

/** One root field of the schema, or an error naming it. */
export function rootField(schema: Schema, root: 'query' | 'mutation', name: string): SchemaField {
	const field = rootFields(schema, root).find((f) => f.name === name);
	if (!field) throw new Error(`The schema has no ${root} "${name}"`);
	return field;
}
