import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { bindColumns, readRow, type ColumnSpec } from './columns';
import { CsvFileError, parseCsv, type CsvDelimiter } from './parse';

/*
 * The n8n side of importing a CSV export: the file comes in as a binary
 * property of each input item, every good row becomes one output item (paired
 * with the file's item), and a row that cannot be read or typed becomes an item
 * with `error` naming its line and field, so the rest of the file still comes
 * through (or, if the user chooses, the run stops at the first bad row).
 */

/** The parameters every Import CSV operation shows (below its own). */
export function csvImportProperties(show: NonNullable<INodeProperties['displayOptions']>['show']): INodeProperties[] {
	return [
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: { show },
			description: 'The binary property of the input item holding the CSV file (e.g. from Read/Write Files from Disk, an email attachment or an HTTP Request)',
		},
		{
			displayName: 'Import Options',
			name: 'csvOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show },
			options: [
				{
					displayName: 'Bad Rows',
					name: 'badRows',
					type: 'options',
					options: [
						{ name: 'Output Them as Error Items', value: 'output', description: 'Each bad row becomes an item with "error" (its line and field); the good rows are imported' },
						{ name: 'Stop the Run', value: 'stop', description: 'The first bad row fails the node' },
					],
					default: 'output',
				},
				{
					displayName: 'Column Names',
					name: 'columns',
					type: 'json',
					default: '{}',
					description: 'Your export\'s header for a field, when it is not one the node knows, e.g. {"closeDate": "Closed On"}',
				},
				{
					displayName: 'Date Order',
					name: 'dateOrder',
					type: 'options',
					options: [
						{ name: 'Month First (US: 03/04/2026 Is March 4)', value: 'MDY' },
						{ name: 'Day First (03/04/2026 Is 3 April)', value: 'DMY' },
					],
					default: 'MDY',
				},
				{
					displayName: 'Delimiter',
					name: 'delimiter',
					type: 'options',
					options: [
						{ name: 'Detect From the Header Line', value: 'auto' },
						{ name: 'Comma', value: ',' },
						{ name: 'Semicolon', value: ';' },
						{ name: 'Tab', value: '\t' },
						{ name: 'Pipe', value: '|' },
					],
					default: 'auto',
				},
			],
		},
	];
}

export interface CsvImportSpec {
	/** "Brivity transaction report": named in errors. */
	what: string;
	columns: ColumnSpec[];
	/** The output item of a good row, from its typed fields (e.g. neutral names added). */
	shape?: (record: IDataObject) => IDataObject;
}

function overridesOf(ctx: IExecuteFunctions, i: number, raw: unknown): Record<string, string> {
	if (raw === undefined || raw === null || raw === '') return {};
	let value = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch {
			throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Column Names" is not valid JSON`, { itemIndex: i });
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Column Names" must be a JSON object of field → header`, { itemIndex: i });
	return Object.fromEntries(Object.entries(value as IDataObject).map(([k, v]) => [k, String(v)]));
}

/** Reads the CSV file of every input item into items: one per good row, one error item per bad row. */
export async function importCsvItems(ctx: IExecuteFunctions, spec: CsvImportSpec): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const property = String(ctx.getNodeParameter('binaryPropertyName', i, 'data')).trim();
			const options = ctx.getNodeParameter('csvOptions', i, {}) as IDataObject;
			ctx.helpers.assertBinaryData(i, property);
			const buffer = await ctx.helpers.getBinaryDataBuffer(i, property);
			const delimiter = options.delimiter && options.delimiter !== 'auto' ? (options.delimiter as CsvDelimiter) : undefined;
			const table = parseCsv(buffer.toString('utf8'), { delimiter });
			const { bound, missing, unknownOverrides } = bindColumns(table.headers, spec.columns, overridesOf(ctx, i, options.columns));
			if (unknownOverrides.length) throw new CsvFileError(`Column Names: no header of the file is ${unknownOverrides.join(', ')} (headers: ${table.headers.join(', ')})`);
			if (missing.length) {
				const wanted = missing.map((f) => `${f} (${spec.columns.find((c) => c.field === f)!.headers.map((h) => `"${h}"`).join(' or ')})`);
				throw new CsvFileError(`This is not a ${spec.what}: no column for ${wanted.join(', ')}. Name your column under Column Names if the export calls it otherwise`);
			}
			const badRows = options.badRows === 'stop' ? 'stop' : 'output';
			const fail = (line: number, message: string, values?: IDataObject) => {
				if (badRows === 'stop') throw new NodeOperationError(ctx.getNode(), `Item ${i}: ${message}`, { itemIndex: i });
				out.push({ json: { error: message, line, ...(values ? { values } : {}) }, pairedItem: { item: i } });
			};
			// Rows and errors in file order, so an error item sits where its row would have.
			const events = [
				...table.rows.map((row) => ({ line: row.line, row })),
				...table.errors.map((e) => ({ line: e.line, error: e.message })),
			].sort((a, b) => a.line - b.line);
			for (const e of events) {
				if ('error' in e) {
					fail(e.line, e.error as string);
					continue;
				}
				const { record, issues } = readRow(e.row, spec.columns, bound, { dateOrder: options.dateOrder === 'DMY' ? 'DMY' : 'MDY' });
				if (issues.length) {
					fail(e.line, `Line ${e.line}: ${issues.map((x) => `field "${x.field}": ${x.reason}`).join('; ')}; the row was left out`, e.row.values);
					continue;
				}
				out.push({ json: { ...(spec.shape ? spec.shape(record) : record), line: e.line }, pairedItem: { item: i } });
			}
		} catch (error) {
			const message = error instanceof CsvFileError ? `Item ${i}: ${error.message}` : (error as Error).message;
			if (ctx.continueOnFail()) {
				out.push({ json: { error: message }, pairedItem: { item: i } });
				continue;
			}
			throw error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), message, { itemIndex: i });
		}
	}
	return out;
}
