import type { CsvDelimiter } from './parse';

/*
 * A CSV writer whose files Excel, Google Sheets and CRM importers read back as
 * written: a field is quoted when it holds the delimiter, a quote, a line break
 * or edge spaces (quotes doubled inside), lines end in CRLF (RFC 4180), and a
 * UTF-8 byte-order mark is written by default so Excel reads accents right.
 */

export interface CsvWriteOptions {
	delimiter?: CsvDelimiter;
	/** Start the text with a UTF-8 byte-order mark (default true: Excel needs it for non-ASCII text). */
	bom?: boolean;
}

function cell(value: unknown, delimiter: string): string {
	if (value === null || value === undefined) return '';
	const text = Array.isArray(value) ? value.map(String).join('; ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
	const needsQuotes = text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim();
	return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header line and one line per row (values by header name; missing ones empty). */
export function writeCsv(headers: string[], rows: Array<Record<string, unknown>>, options: CsvWriteOptions = {}): string {
	const delimiter = options.delimiter ?? ',';
	const lines = [headers.map((h) => cell(h, delimiter)).join(delimiter), ...rows.map((row) => headers.map((h) => cell(row[h], delimiter)).join(delimiter))];
	return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}
