import type { IDataObject } from 'n8n-workflow';
import type { GraphqlError } from '../transport/errors';
import { codeOf } from '../transport/errors';

/*
 * Many writes in one document: the mutation field the user wrote once
 * (`createContact(input: $input) { id email }`) repeated under the aliases
 * m0, m1, ... with its variables renamed per alias ($input -> $input_0), so
 * n inputs travel in one request. GraphQL executes the top-level fields of a
 * mutation one after another (GraphQL spec, "Mutation", serial execution),
 * and a field error nulls only its own field and names it in `errors[].path`
 * (spec, "Handling Field Errors"): `path[0]` is the alias, so each error is
 * mapped back to its input.
 */

/** One variable of the mutation field: `$name` in the template, its GraphQL type. */
export interface TemplateVariable {
	name: string;
	type: string;
}

export const ALIAS_PREFIX = 'm';

function renamed(template: string, variables: TemplateVariable[], index: number): string {
	let text = template;
	for (const v of variables) text = text.replace(new RegExp(`\\$${v.name}\\b`, 'g'), `$${v.name}_${index}`);
	return text;
}

/** The document and variables for n inputs, each input's values by template variable name. */
export function aliasedMutation(
	operationName: string,
	template: string,
	variables: TemplateVariable[],
	inputs: IDataObject[],
): { query: string; variables: IDataObject } {
	const declarations: string[] = [];
	const fields: string[] = [];
	const values: IDataObject = {};
	inputs.forEach((input, i) => {
		for (const v of variables) {
			declarations.push(`$${v.name}_${i}: ${v.type}`);
			values[`${v.name}_${i}`] = input[v.name] as IDataObject[string];
		}
		fields.push(`${ALIAS_PREFIX}${i}: ${renamed(template.trim(), variables, i)}`);
	});
	const head = declarations.length ? `(${declarations.join(', ')})` : '';
	return { query: `mutation ${operationName}${head} {\n  ${fields.join('\n  ')}\n}`, variables: values };
}

/** The input index an error belongs to (its path starts at an alias `m<i>`), or undefined for a request-wide error. */
export function aliasIndex(error: GraphqlError): number | undefined {
	const first = error.path?.[0];
	if (typeof first !== 'string') return undefined;
	const m = new RegExp(`^${ALIAS_PREFIX}(\\d+)$`).exec(first);
	return m ? Number(m[1]) : undefined;
}

/** The errors of each alias, and those naming no alias (they concern every input). */
export function errorsByAlias(errors: GraphqlError[] | undefined, count: number): { byIndex: GraphqlError[][]; general: GraphqlError[] } {
	const byIndex: GraphqlError[][] = Array.from({ length: count }, () => []);
	const general: GraphqlError[] = [];
	for (const error of errors ?? []) {
		const i = aliasIndex(error);
		if (i !== undefined && i < count) byIndex[i].push(error);
		else general.push(error);
	}
	return { byIndex, general };
}

/** The fields a server named as the cause (`extensions.field` / `extensions.fields`; assumption: a common convention, not in the spec). */
export function errorFields(errors: GraphqlError[]): string[] {
	const out = new Set<string>();
	for (const e of errors) {
		const f = e.extensions?.field;
		if (typeof f === 'string' && f) out.add(f);
		const fs = e.extensions?.fields;
		if (Array.isArray(fs)) for (const x of fs) if (typeof x === 'string') out.add(x);
	}
	return [...out];
}

export function firstCode(errors: GraphqlError[]): string | undefined {
	for (const e of errors) {
		const code = codeOf(e);
		if (code) return code;
	}
	return undefined;
}
