import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { WriteFieldsSpec } from '../../../shared/n8n/writeFields';
import type { EntitySpec } from '../connector/objectTypes';

const idOrUndefined = (value: unknown) => (value === undefined || value === null || value === '' || value === 0 ? undefined : value);

/** The dedicated "Additional Fields" entries → Pipedrive field keys. */
function dedicatedFields(ctx: IExecuteFunctions, spec: EntitySpec, additional: IDataObject, itemIndex: number): IDataObject {
	const out: IDataObject = {};
	const set = (key: string, value: unknown) => {
		if (value !== undefined && value !== '') out[key] = value as IDataObject[string];
	};
	set('name', additional.name);
	set('title', additional.title);
	set('subject', additional.subject);
	set('content', additional.content);
	set('email', additional.email);
	set('phone', additional.phone);
	set('currency', additional.currency);
	if (additional.value !== undefined && additional.value !== '') out.value = Number(additional.value);
	if (idOrUndefined(additional.ownerId) !== undefined) out[spec.objectType === 'notes' ? 'user_id' : 'owner_id'] = Number(additional.ownerId);
	if (idOrUndefined(additional.orgId) !== undefined) out[spec.objectType === 'leads' ? 'organization_id' : 'org_id'] = Number(additional.orgId);
	if (idOrUndefined(additional.personId) !== undefined) out.person_id = Number(additional.personId);
	if (idOrUndefined(additional.dealId) !== undefined) out.deal_id = Number(additional.dealId);
	if (idOrUndefined(additional.leadId) !== undefined) out.lead_id = String(additional.leadId);
	if (additional.activityType) out.type = String(additional.activityType);
	if (additional.done !== undefined) out.done = additional.done === true;
	if (additional.dueAt) {
		const ms = Date.parse(String(additional.dueAt));
		if (!Number.isFinite(ms)) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Due Date and Time" is not a date-time`, { itemIndex });
		}
		const iso = new Date(ms).toISOString();
		out.due_date = iso.slice(0, 10);
		out.due_time = iso.slice(11, 16);
	}
	if (additional.durationMinutes !== undefined && additional.durationMinutes !== '') {
		const minutes = Math.max(0, Math.round(Number(additional.durationMinutes)));
		out.duration = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
	}
	if (additional.participants) {
		const ids = String(additional.participants)
			.split(/[,;\s]+/)
			.filter(Boolean);
		const bad = ids.find((id) => !/^\d+$/.test(id));
		if (bad) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "Participant Person IDs": "${bad}" is not a person ID`, { itemIndex });
		}
		out.participants = ids.map((id, i) => ({ person_id: Number(id), primary: i === 0 }));
	}
	return out;
}

/** Pipedrive's write-field parameters: the "Fields" list, "Fields (JSON)" and the entity's dedicated Additional Fields. */
export function pipedriveWriteFields(spec: EntitySpec): WriteFieldsSpec {
	return {
		json: { key: 'fieldsJson', label: 'Fields (JSON)' },
		list: { parameter: 'fieldsUi.field', label: 'Fields', noun: 'field' },
		emailFields: ['email'],
		emailLists: ['emails'],
		dedicated: (ctx, additional, itemIndex) => dedicatedFields(ctx, spec, additional, itemIndex),
	};
}
