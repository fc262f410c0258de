/** A SOQL string literal: backslashes and single quotes escaped, as SOQL requires. */
export function soqlString(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** A LIKE pattern matching `value` anywhere: its own % and _ are escaped so they match literally. */
export function soqlContains(value: string): string {
	const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/%/g, '\\%').replace(/_/g, '\\_');
	return `'%${escaped}%'`;
}

/**
 * A SOQL dateTime literal (unquoted ISO 8601, UTC). Whole seconds, rounded
 * down: `>=` on the floor can only include more, never miss a change.
 */
export function soqlDateTime(iso: string): string {
	const ms = Date.parse(iso);
	if (!Number.isFinite(ms)) throw new Error(`"${iso}" is not a date-time`);
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** SOSL reserved characters (? & | ! { } [ ] ( ) ^ ~ * : \ " ' + -) escaped with a backslash, for a FIND {...} term. */
export function soslTerm(value: string): string {
	return value.replace(/[?&|!{}[\]()^~*:\\"'+-]/g, (c) => `\\${c}`);
}
