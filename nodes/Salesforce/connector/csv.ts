/**
 * CSV as Bulk API 2.0 reads and writes it: comma-delimited, LF line endings
 * (the job is created with `lineEnding: LF`), a value quoted when it holds a
 * comma, a double quote or a line break, quotes doubled inside quotes. Values
 * are never padded: Salesforce keeps spaces around a comma as part of the value.
 */

const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
	return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: string[]): string {
	return cells.map(csvCell).join(',');
}

/**
 * Parses CSV text into rows of cells (quoted cells may span lines; CRLF and
 * LF both end a row; a trailing line break adds no empty row).
 */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	let i = 0;
	const endCell = () => {
		row.push(cell);
		cell = '';
	};
	const endRow = () => {
		endCell();
		rows.push(row);
		row = [];
	};
	while (i < text.length) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					cell += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			cell += ch;
			i++;
			continue;
		}
		if (ch === '"' && cell === '') {
			quoted = true;
			i++;
		} else if (ch === ',') {
			endCell();
			i++;
		} else if (ch === '\r' && text[i + 1] === '\n') {
			endRow();
			i += 2;
		} else if (ch === '\n') {
			endRow();
			i++;
		} else {
			cell += ch;
			i++;
		}
	}
	if (cell !== '' || row.length) endRow();
	return rows;
}

/** CSV text with a header row → one object per data row, keyed by the header's names. */
export function csvRecords(text: string): Array<Record<string, string>> {
	const [header, ...rows] = parseCsv(text);
	if (!header) return [];
	return rows
		.filter((r) => !(r.length === 1 && r[0] === ''))
		.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ''])));
}
