import type { IDataObject } from 'n8n-workflow';
import { normalizeDate } from '../model/dates';
import { isValidEmail } from '../model/email';
import type { FieldIssue } from '../model/errors';
import { quote } from '../model/result';
import type { CsvRow } from './parse';

/*
 * Typed fields out of CSV rows: each output field names the header(s) a vendor's
 * export uses for it (matched without regard to case, spaces or punctuation), a
 * type, and whether a row without it is refused. A value that does not read as
 * its type fails that row alone, naming the line, the column and the value.
 */

export type ColumnType = 'text' | 'date' | 'money' | 'number' | 'email' | 'list';

export interface ColumnSpec {
	/** Output field (a dotted path is kept as one key; the caller nests it if it wants). */
	field: string;
	/** Header names this field is found under, most usual first. */
	headers: string[];
	type: ColumnType;
	required?: boolean;
}

export interface ColumnReadOptions {
	/** How "03/04/2026" reads: month first (US exports, the default) or day first. */
	dateOrder?: 'MDY' | 'DMY';
	/** Header name per output field, over the spec's (a user's own export). */
	overrides?: Record<string, string>;
	/** Keep columns no spec reads, under `extra` (default true). */
	keepExtra?: boolean;
}

const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9#]/g, '');

/** Which header of the file each field is read from; `missing` lists required fields none of whose headers is there. */
export function bindColumns(headers: string[], specs: ColumnSpec[], overrides: Record<string, string> = {}) {
	const byKey = new Map(headers.map((h) => [key(h), h]));
	const bound = new Map<string, string>();
	const missing: string[] = [];
	const unknownOverrides: string[] = [];
	for (const spec of specs) {
		const wanted = overrides[spec.field];
		if (wanted) {
			const header = byKey.get(key(wanted));
			if (header) bound.set(spec.field, header);
			else unknownOverrides.push(`${spec.field} → "${wanted}"`);
			continue;
		}
		const header = spec.headers.map((h) => byKey.get(key(h))).find((h) => h !== undefined);
		if (header) bound.set(spec.field, header);
		else if (spec.required) missing.push(spec.field);
	}
	return { bound, missing, unknownOverrides };
}

/** US-style amounts as exports print them: "$450,000.00", "450000", "(1,250.50)" for a negative. */
export function readMoney(text: string): number | undefined {
	let t = text.trim().replace(/^USD\s*/i, '');
	let sign = 1;
	if (/^\(.*\)$/.test(t)) {
		sign = -1;
		t = t.slice(1, -1);
	}
	t = t.replace(/^-\s*/, () => {
		sign = -sign;
		return '';
	});
	t = t.replace(/^\$\s*/, '');
	if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(t)) return undefined;
	return sign * Number(t.replace(/,/g, ''));
}

function readValue(type: ColumnType, text: string, options: ColumnReadOptions): { ok: true; value: unknown } | { ok: false; reason: string } {
	switch (type) {
		case 'text':
			return { ok: true, value: text };
		case 'list':
			return { ok: true, value: text.split(/[;,|]/).map((t) => t.trim()).filter(Boolean) };
		case 'email':
			return isValidEmail(text) ? { ok: true, value: text.toLowerCase() } : { ok: false, reason: `${quote(text)} is not an email address` };
		case 'number': {
			const n = Number(text.replace(/,/g, ''));
			return /^[+-]?[\d,]*\.?\d+$/.test(text) && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: `${quote(text)} is not a number` };
		}
		case 'money': {
			const n = readMoney(text);
			return n === undefined ? { ok: false, reason: `${quote(text)} is not an amount (e.g. "$450,000.00")` } : { ok: true, value: n };
		}
		case 'date': {
			const d = normalizeDate(text, { dateOrder: options.dateOrder ?? 'MDY' });
			return d.ok ? { ok: true, value: d.value } : { ok: false, reason: d.reason };
		}
	}
}

export interface ReadRowResult {
	record: IDataObject;
	issues: FieldIssue[];
}

/** One row's typed fields (empty cells left out), its unread columns under `extra`, and every issue found. */
export function readRow(row: CsvRow, specs: ColumnSpec[], bound: Map<string, string>, options: ColumnReadOptions = {}): ReadRowResult {
	const record: IDataObject = {};
	const issues: FieldIssue[] = [];
	const used = new Set<string>();
	for (const spec of specs) {
		const header = bound.get(spec.field);
		if (header) used.add(header);
		const text = header === undefined ? '' : (row.values[header] ?? '').trim();
		if (!text) {
			if (spec.required) issues.push({ field: spec.field, reason: header ? `column "${header}" is empty` : 'no column holds it' });
			continue;
		}
		const value = readValue(spec.type, text, options);
		if (value.ok) record[spec.field] = value.value as IDataObject[string];
		else issues.push({ field: spec.field, reason: `column "${header}": ${value.reason}` });
	}
	if (options.keepExtra !== false) {
		const extra: IDataObject = {};
		for (const [h, v] of Object.entries(row.values)) if (!used.has(h) && v.trim() !== '') extra[h] = v.trim();
		if (Object.keys(extra).length) record.extra = extra;
	}
	return { record, issues };
}
