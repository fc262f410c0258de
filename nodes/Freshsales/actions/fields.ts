import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { WriteFieldsSpec } from '../../../shared/n8n/writeFields';
import type { EntitySpec } from '../connector/objectTypes';

/** Freshsales' date-times (tasks' due date, appointments' and activities' start and end) as ISO 8601. */
function dateTime(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
	const ms = Date.parse(String(value));
	if (!Number.isFinite(ms)) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "${label}" is not a date-time`, { itemIndex });
	return new Date(ms).toISOString();
}

/** The dedicated "Additional Fields" entries → Freshsales field names. */
function dedicatedFields(ctx: IExecuteFunctions, spec: EntitySpec, additional: IDataObject, itemIndex: number): IDataObject {
	const out: IDataObject = {};
	const set = (key: string, value: unknown) => {
		if (value !== undefined && value !== '') out[key] = value as IDataObject[string];
	};
	set('email', additional.email);
	set('first_name', additional.firstName);
	set('last_name', additional.lastName);
	set('name', additional.name);
	set('title', additional.title);
	set('description', additional.description);
	if (additional.amount !== undefined && additional.amount !== '') out.amount = Number(additional.amount);
	if (additional.ownerId !== undefined && additional.ownerId !== '' && additional.ownerId !== 0) out.owner_id = Number(additional.ownerId);
	if (additional.dueDate) out.due_date = dateTime(ctx, additional.dueDate, 'Due Date', itemIndex);
	if (additional.fromDate) out[spec.objectType === 'sales_activities' ? 'start_date' : 'from_date'] = dateTime(ctx, additional.fromDate, 'Start', itemIndex);
	if (additional.endDate) out.end_date = dateTime(ctx, additional.endDate, 'End', itemIndex);
	if (additional.relatedType || additional.relatedId) {
		if (!additional.relatedType || !additional.relatedId) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: fields "Related To" and "Related Record ID" go together`, { itemIndex });
		}
		out.targetable_type = String(additional.relatedType);
		out.targetable_id = Number(additional.relatedId) || String(additional.relatedId);
	}
	return out;
}

/** Freshsales' write-field parameters: the "Fields" list, "Fields (JSON)" and the resource's dedicated Additional Fields. */
export function freshsalesWriteFields(spec: EntitySpec): WriteFieldsSpec {
	return {
		json: { key: 'fieldsJson', label: 'Fields (JSON)' },
		list: { parameter: 'fieldsUi.field', label: 'Fields', noun: 'field' },
		emailFields: ['email'],
		emailLists: ['emails'],
		dedicated: (ctx, additional, itemIndex) => dedicatedFields(ctx, spec, additional, itemIndex),
	};
}
