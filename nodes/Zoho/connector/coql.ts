/**
 * COQL (`POST /crm/v8/coql`, Zoho's v8 COQL docs): at most 2,000 records per
 * query and LIMIT + OFFSET within the first 100,000; past that, the pack reads
 * on with a keyset on `id` (`id > <last id>` ordered by id). WHERE takes at
 * most 25 criteria and `in` at most 50 values.
 */

export const COQL_LIMIT = 2000;
export const COQL_OFFSET_REACH = 100000;
export const COQL_IN_VALUES = 50;

/** A COQL string literal: single quotes, a quote doubled... Zoho escapes with a backslash (v8 COQL docs' examples): both `\` and `'` are escaped. */
export function coqlValue(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A field or module name as COQL takes it (API names only: nothing else is put into a query). */
export function coqlName(name: string): string {
	if (!/^[A-Za-z$][A-Za-z0-9_$.]*$/.test(name)) throw new Error(`"${name}" is not a Zoho API name`);
	return name;
}

/** `select … from … [where …] order by id asc limit n offset m`, or a keyset page after `afterId`. */
export function keysetQuery(fields: string[], module: string, where: string | undefined, limit: number, page: { offset: number } | { afterId: string }): string {
	const select = `select ${fields.map(coqlName).join(', ')} from ${coqlName(module)}`;
	const conds: string[] = [];
	if (where) conds.push(`(${where})`);
	if ('afterId' in page) conds.push(`id > ${coqlId(page.afterId)}`);
	const whereText = conds.length ? ` where ${conds.join(' and ')}` : '';
	const offset = 'offset' in page && page.offset > 0 ? ` offset ${page.offset}` : '';
	return `${select}${whereText} order by id asc limit ${limit}${offset}`;
}

/** A record id in a query: Zoho ids are numbers (bigint fields), written bare. */
export function coqlId(id: string): string {
	if (!/^\d{1,30}$/.test(id)) throw new Error(`"${id}" is not a Zoho record id`);
	return id;
}
