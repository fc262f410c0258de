/*
 * A CSV reader for files people export from CRMs and spreadsheets (RFC 4180 and
 * what Excel and Google Sheets write beyond it): quoted fields with doubled
 * quotes and line breaks inside, `,` `;` tab or `|` as delimiter (detected from
 * the header line unless given), a UTF-8 byte-order mark, CRLF or LF line ends,
 * blank rows skipped. A malformed row (a quote left open, text after a closing
 * quote, more fields than the header has) is reported with its line number and
 * left out; every other row is kept. Knows no CRM.
 */

export type CsvDelimiter = ',' | ';' | '\t' | '|';

export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

export interface CsvParseOptions {
	/** The field separator; default: whichever of `,` `;` tab `|` the header line holds most of (outside quotes). */
	delimiter?: CsvDelimiter;
}

/** One data row: its values by header, and the line of the file it starts on (1-based, the header is line 1). */
export interface CsvRow {
	line: number;
	values: Record<string, string>;
}

/** A row that could not be read, and why; the other rows are unaffected. */
export interface CsvRowError {
	line: number;
	message: string;
}

export interface CsvTable {
	delimiter: CsvDelimiter;
	headers: string[];
	rows: CsvRow[];
	errors: CsvRowError[];
}

/** Raised only when the file as a whole cannot be read (no header line, duplicate or empty header names). */
export class CsvFileError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CsvFileError';
	}
}

interface RawRecord {
	line: number;
	fields: string[];
	/** Where the next record starts in the text. */
	end: number;
	error?: string;
}

/** The physical line (1-based) of each offset: counted as the reader goes, so a file is read once. */
function lineAt(text: string, from: number, to: number, line: number): number {
	let n = line;
	for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
	return n;
}

/** The offset just after the end of the physical line holding `at`. */
function nextLineStart(text: string, at: number): number {
	const lf = text.indexOf('\n', at);
	return lf === -1 ? text.length : lf + 1;
}

/**
 * Reads one record starting at `start`. On a malformed record it stops at the
 * end of the physical line where the problem was seen (an open quote: the line
 * the record started on), so reading resumes with the next line.
 */
function readRecord(text: string, start: number, line: number, delimiter: string): RawRecord {
	const fields: string[] = [];
	let i = start;
	let field = '';
	for (;;) {
		if (text[i] === '"') {
			// Quoted field: runs to the next quote not doubled.
			let j = i + 1;
			let value = '';
			for (;;) {
				const q = text.indexOf('"', j);
				if (q === -1) {
					return { line, fields, end: nextLineStart(text, start), error: 'a quoted field is never closed (a " is missing)' };
				}
				value += text.slice(j, q);
				if (text[q + 1] === '"') {
					value += '"';
					j = q + 2;
					continue;
				}
				j = q + 1;
				break;
			}
			const after = text[j];
			if (after !== undefined && after !== delimiter && after !== '\n' && after !== '\r') {
				// A "closing" quote lines below, followed by text: the field was really left open on the
				// record's own line, and the quote belongs to a later row. Resume on the next line.
				if (value.includes('\n')) return { line, fields, end: nextLineStart(text, start), error: 'a quoted field is never closed (a " is missing)' };
				return { line, fields, end: nextLineStart(text, j), error: `unexpected text after a closing quote (field ${fields.length + 1})` };
			}
			field = value;
			i = j;
		} else {
			let j = i;
			while (j < text.length && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j++;
			field = text.slice(i, j);
			if (field.includes('"')) {
				return { line, fields, end: nextLineStart(text, i), error: `a quote inside an unquoted field (field ${fields.length + 1}): quote the whole field and double the inner quotes` };
			}
			i = j;
		}
		fields.push(field);
		field = '';
		if (text[i] === delimiter) {
			i++;
			continue;
		}
		if (text[i] === '\r') i++;
		if (text[i] === '\n') i++;
		return { line, fields, end: i };
	}
}

function detectDelimiter(headerLine: string): CsvDelimiter {
	let best: CsvDelimiter = ',';
	let bestCount = 0;
	for (const d of CSV_DELIMITERS) {
		let count = 0;
		let quoted = false;
		for (const ch of headerLine) {
			if (ch === '"') quoted = !quoted;
			else if (!quoted && ch === d) count++;
		}
		if (count > bestCount) {
			best = d;
			bestCount = count;
		}
	}
	return best;
}

const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

/** Parses CSV text into rows keyed by the header line's names (trimmed). */
export function parseCsv(input: string, options: CsvParseOptions = {}): CsvTable {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	let pos = 0;
	let line = 1;
	// The header is the first line that is not blank.
	let header: RawRecord | undefined;
	const delimiter = options.delimiter ?? detectDelimiter(/^[^\n]*\S[^\n]*$/m.exec(text)?.[0] ?? '');
	while (pos < text.length) {
		const r = readRecord(text, pos, line, delimiter);
		line = lineAt(text, pos, r.end, line);
		pos = r.end;
		if (r.error) throw new CsvFileError(`The header line (line ${r.line}) cannot be read: ${r.error}`);
		if (isBlank(r.fields)) continue;
		header = r;
		break;
	}
	if (!header) throw new CsvFileError('The file has no header line (it is empty)');
	const headers = header.fields.map((h) => h.trim());
	const seen = new Set<string>();
	for (const [i, h] of headers.entries()) {
		if (!h) throw new CsvFileError(`Column ${i + 1} of the header line has no name`);
		if (seen.has(h.toLowerCase())) throw new CsvFileError(`The header line names the column "${h}" twice`);
		seen.add(h.toLowerCase());
	}

	const rows: CsvRow[] = [];
	const errors: CsvRowError[] = [];
	while (pos < text.length) {
		const r = readRecord(text, pos, line, delimiter);
		line = lineAt(text, pos, r.end, line);
		pos = r.end;
		if (r.error) {
			errors.push({ line: r.line, message: `Line ${r.line}: ${r.error}; the row was left out` });
			continue;
		}
		if (isBlank(r.fields)) continue;
		if (r.fields.length > headers.length) {
			errors.push({
				line: r.line,
				message: `Line ${r.line}: ${r.fields.length} fields where the header has ${headers.length} (an unquoted "${delimiter === '\t' ? 'tab' : delimiter}" inside a value?); the row was left out`,
			});
			continue;
		}
		// Fewer fields than headers: spreadsheets leave trailing empty cells out.
		const values: Record<string, string> = {};
		headers.forEach((h, i) => (values[h] = r.fields[i] ?? ''));
		rows.push({ line: r.line, values });
	}
	return { delimiter, headers, rows, errors };
}
