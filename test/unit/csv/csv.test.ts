/**
 * shared/csv: what CRM and spreadsheet exports really hold (quoted fields with
 * delimiters, quotes and line breaks inside, other delimiters, a BOM, CRLF,
 * blank rows, US dates and amounts) and a malformed row reported alone.
 */
import { asNeutralDeal, bindColumns, CsvFileError, parseCsv, readMoney, readRow, writeCsv, type ColumnSpec } from '../../../shared/csv';

describe('parseCsv', () => {
	test('quoted fields: delimiter, doubled quotes and a line break inside; CRLF; BOM; header names trimmed', () => {
		const text = '\uFEFFName , Notes,Price\r\n"Diaz, Rosa","She said ""call me""\r\nafter 5",450000\r\nKim,,1\r\n';
		const t = parseCsv(text);
		expect(t.delimiter).toBe(',');
		expect(t.headers).toEqual(['Name', 'Notes', 'Price']);
		expect(t.rows).toEqual([
			{ line: 2, values: { Name: 'Diaz, Rosa', Notes: 'She said "call me"\r\nafter 5', Price: '450000' } },
			{ line: 4, values: { Name: 'Kim', Notes: '', Price: '1' } },
		]);
		expect(t.errors).toEqual([]);
	});

	test.each([
		[';', 'a;b\n1;"x;y"\n'],
		['\t', 'a\tb\n1\t"x\ty"\n'],
		['|', 'a|b\n1|"x|y"\n'],
	])('the delimiter %j is detected from the header line', (d, text) => {
		const t = parseCsv(text);
		expect(t.delimiter).toBe(d);
		expect(t.rows[0].values).toEqual({ a: '1', b: `x${d}y` });
	});

	test('blank rows (empty or only delimiters) are skipped, line numbers stay the file\'s', () => {
		const t = parseCsv('\n\na,b\n\n1,2\n,\n  \n3,4');
		expect(t.rows.map((r) => [r.line, r.values.a])).toEqual([
			[5, '1'],
			[8, '3'],
		]);
	});

	test('malformed rows fail alone with their line and reason; the others are kept', () => {
		const text = ['a,b,c', '1,2,3', '4,"open,6', '7,8,9', '"x"y,1,2', '10,11,12,13', 'he said "hi",1,2', '14,15'].join('\n');
		const t = parseCsv(text);
		expect(t.rows.map((r) => r.values.a)).toEqual(['1', '7', '14']);
		expect(t.rows[2].values).toEqual({ a: '14', b: '15', c: '' });
		expect(t.errors).toEqual([
			{ line: 3, message: 'Line 3: a quoted field is never closed (a " is missing); the row was left out' },
			{ line: 5, message: 'Line 5: unexpected text after a closing quote (field 1); the row was left out' },
			{ line: 6, message: 'Line 6: 4 fields where the header has 3 (an unquoted "," inside a value?); the row was left out' },
			{ line: 7, message: 'Line 7: a quote inside an unquoted field (field 1): quote the whole field and double the inner quotes; the row was left out' },
		]);
	});

	test('a file without a usable header fails as a whole', () => {
		expect(() => parseCsv('')).toThrow(CsvFileError);
		expect(() => parseCsv('a,,c\n1,2,3')).toThrow('Column 2 of the header line has no name');
		expect(() => parseCsv('Email,email\n1,2')).toThrow('The header line names the column "email" twice');
	});
});

describe('typed columns', () => {
	const specs: ColumnSpec[] = [
		{ field: 'address', headers: ['Property Address', 'Address'], type: 'text', required: true },
		{ field: 'price', headers: ['Sale Price', 'Price'], type: 'money' },
		{ field: 'closeDate', headers: ['Close Date'], type: 'date' },
		{ field: 'email', headers: ['Email'], type: 'email' },
	];

	test('headers are matched without case, spaces or punctuation; US dates and amounts typed; other columns kept', () => {
		const t = parseCsv('property address;SALE_PRICE;close date;Email;Agent\n"12 Pine St";"$450,000.00";03/04/2026;A@B.CO;Kim\n');
		const { bound, missing } = bindColumns(t.headers, specs);
		expect(missing).toEqual([]);
		expect(readRow(t.rows[0], specs, bound)).toEqual({
			record: { address: '12 Pine St', price: 450000, closeDate: '2026-03-04', email: 'a@b.co', extra: { Agent: 'Kim' } },
			issues: [],
		});
	});

	test('a bad value or a missing required one is an issue naming the field, the column and the value', () => {
		const t = parseCsv('Address,Price,Close Date\n,12k,31/31/2026\n');
		const { bound } = bindColumns(t.headers, specs);
		const { issues } = readRow(t.rows[0], specs, bound);
		expect(issues.map((i) => i.field)).toEqual(['address', 'price', 'closeDate']);
		expect(issues[0].reason).toBe('column "Address" is empty');
		expect(issues[1].reason).toBe('column "Price": "12k" is not an amount (e.g. "$450,000.00")');
		expect(issues[2].reason).toMatch(/^column "Close Date": "31\/31\/2026"/);
	});

	test('a required field no header holds is reported before reading; overrides name a user\'s own column', () => {
		expect(bindColumns(['Street'], specs).missing).toEqual(['address']);
		const { bound, missing } = bindColumns(['Street'], specs, { address: 'street' });
		expect(missing).toEqual([]);
		expect(bound.get('address')).toBe('Street');
	});

	test.each([
		['$1,250.50', 1250.5],
		['(1,250.50)', -1250.5],
		['-$3', -3],
		['USD 12', 12],
		['1,25', undefined],
		['12.5.1', undefined],
	])('money %j → %p', (text, value) => expect(readMoney(text)).toBe(value));
});

describe('writeCsv', () => {
	test('quotes what needs it, CRLF, BOM by default; reads back to the same values', () => {
		const rows = [{ Name: 'Diaz, Rosa', Notes: 'said "hi"\nbye', Tags: ['a', 'b'], Empty: null }];
		const text = writeCsv(['Name', 'Notes', 'Tags', 'Empty'], rows);
		expect(text).toBe('\uFEFFName,Notes,Tags,Empty\r\n"Diaz, Rosa","said ""hi""\nbye",a; b,\r\n');
		expect(parseCsv(text).rows[0].values).toEqual({ Name: 'Diaz, Rosa', Notes: 'said "hi"\nbye', Tags: 'a; b', Empty: '' });
		expect(writeCsv(['a'], [{ a: 'x;y' }], { delimiter: ';', bom: false })).toBe('a\r\n"x;y"\r\n');
	});
});

describe('asNeutralDeal', () => {
	test('a transaction row gets the neutral deal fields: the address names it, the sale price (else the list price) is its amount', () => {
		expect(asNeutralDeal({ address: '12 Elm St', listPrice: 500000, salePrice: 490000, status: 'Closed', closeDate: '2026-06-30' })).toEqual({
			name: '12 Elm St',
			amount: 490000,
			stage: 'Closed',
			closeDate: '2026-06-30',
			address: '12 Elm St',
			listPrice: 500000,
			salePrice: 490000,
			status: 'Closed',
		});
		expect(asNeutralDeal({ address: '9 Hill Rd', listPrice: 1 })).toEqual({ name: '9 Hill Rd', amount: 1, address: '9 Hill Rd', listPrice: 1 });
	});
});
