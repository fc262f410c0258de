import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

/** A JSON-object parameter (string or already an object); empty = {}. Errors name the item and field. */
export function parseJsonObject(ctx: IExecuteFunctions, value: unknown, itemIndex: number, field: string): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "${field}" is not valid JSON`, { itemIndex });
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "${field}" must be a JSON object`, { itemIndex });
	}
	return parsed as IDataObject;
}

/** The record id from the Record resource locator (any mode) or a plain string. */
export function recordIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const id = String(ctx.getNodeParameter('recordId', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!id) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Record" is empty`, { itemIndex });
	return id;
}
