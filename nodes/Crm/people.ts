import type { IDataObject } from 'n8n-workflow';
import type { CrmConnector, CrmDefinition, NeutralType } from '../../shared/types';
import { need, objectTypeFor } from './support';
import { writeRecords, type WriteOutcome, type WriteSpec } from './writes';

export type MatchBy = 'email' | 'phone' | 'externalId';

/** One person (customer or lead) to create or update, in neutral fields. */
export interface PersonItem {
	itemIndex: number;
	neutral: IDataObject;
	by: MatchBy;
	/** Match By External ID: the vendor field (unique on the CRM's side) and the item's value. */
	external?: { field: string; value: string };
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * The write of one person: an upsert by the CRM's own key where it has one for the match (an
 * external id field; HubSpot's, Pipedrive's and Freshsales' e-mail), else a look-up by the
 * neutral field (`findNeutral`) followed by an update or a create.
 */
function personSpec(crm: CrmDefinition, connector: CrmConnector, kind: NeutralType, item: PersonItem): WriteSpec {
	const properties = connector.fromNeutral(kind, item.neutral);
	if (item.by === 'externalId') {
		const { field, value } = item.external ?? { field: '', value: '' };
		if (!field) throw new Error('Match By is External ID: set External ID Field (the CRM field holding it)');
		if (!value) throw new Error('Match By is External ID: the item has no External ID Value');
		return { itemIndex: item.itemIndex, properties: { ...properties, [field]: value }, key: `x:${field}:${value}`, upsert: { property: field, value } };
	}
	const value = item.neutral[item.by];
	if (typeof value !== 'string' || value === '') throw new Error(`Match By is ${item.by === 'email' ? 'Email' : 'Phone'}: the item has no ${item.by}`);
	const spec: WriteSpec = { itemIndex: item.itemIndex, properties, key: `${item.by}:${value.toLowerCase()}` };
	const upsertProperty = item.by === 'email' ? connector.upsertKey(kind, 'email') : undefined;
	if (upsertProperty) {
		spec.upsert = { property: upsertProperty, value };
		return spec;
	}
	const find = need(crm, connector, 'findNeutral', `find a ${kind} by ${item.by}`);
	spec.find = async () => (await find(kind, { field: item.by as 'email' | 'phone', value }, { limit: 1 }))[0];
	return spec;
}

/** Creates or updates people of a kind (contact, or a lead kept as its own record), one outcome per item. */
export async function syncPeople(crm: CrmDefinition, connector: CrmConnector, kind: NeutralType, items: PersonItem[]): Promise<Map<number, WriteOutcome>> {
	const objectType = objectTypeFor(crm, kind);
	const failures = new Map<number, WriteOutcome>();
	const specs: WriteSpec[] = [];
	for (const item of items) {
		try {
			specs.push(personSpec(crm, connector, kind, item));
		} catch (error) {
			failures.set(item.itemIndex, { ok: false, message: messageOf(error) });
		}
	}
	const written = await writeRecords(connector, objectType, specs);
	return new Map([...written, ...failures]);
}

/** The neutral fields of a person that a contact holds (a lead's status and source stay on the lead). */
export function contactPart(neutral: IDataObject): IDataObject {
	const contact = { ...neutral };
	delete contact.status;
	delete contact.source;
	return contact;
}

/**
 * Leads of a CRM whose lead links a person (`leadLinksContact`, Pipedrive): the person is synced
 * as a contact by e-mail first; the lead (its name as title, status, source, owner) is linked to
 * it and updates the person's lead found by `findNeutral('lead', email)`, else is created.
 */
export async function syncLinkedLeads(crm: CrmDefinition, connector: CrmConnector, items: PersonItem[]): Promise<Map<number, WriteOutcome & { contactId?: string }>> {
	const out = new Map<number, WriteOutcome & { contactId?: string }>();
	const people = await syncPeople(crm, connector, 'contact', items.map((i) => ({ ...i, neutral: contactPart(i.neutral) })));
	const objectType = objectTypeFor(crm, 'lead');
	const specs: WriteSpec[] = [];
	const contactOf = new Map<number, string>();
	for (const item of items) {
		const person = people.get(item.itemIndex);
		if (!person?.ok) {
			out.set(item.itemIndex, { ok: false, message: `Its person could not be written: ${person?.message ?? 'no result'}` });
			continue;
		}
		contactOf.set(item.itemIndex, person.record.id);
		try {
			const n = item.neutral;
			const name = [n.firstName, n.lastName].filter(Boolean).join(' ') || (n.fullName as string | undefined) || (n.email as string | undefined) || (n.phone as string | undefined);
			const lead: IDataObject = { fullName: name, associations: [{ kind: 'contact', id: person.record.id }] };
			for (const field of ['status', 'source', 'ownerId', 'custom']) if (n[field] !== undefined) lead[field] = n[field];
			const properties = connector.fromNeutral('lead', lead);
			const find = need(crm, connector, 'findNeutral', 'find the leads of a person');
			// The person's lead, found the way the person was matched (a person matched by an external id: by e-mail).
			const field = item.by === 'phone' ? 'phone' : 'email';
			const value = n[field] as string | undefined;
			specs.push({
				itemIndex: item.itemIndex,
				properties,
				key: `person:${person.record.id}`,
				find: async () => (value ? (await find('lead', { field, value }, { limit: 1 }))[0] : undefined),
			});
		} catch (error) {
			out.set(item.itemIndex, { ok: false, message: messageOf(error) });
		}
	}
	for (const [itemIndex, outcome] of await writeRecords(connector, objectType, specs)) out.set(itemIndex, { ...outcome, contactId: contactOf.get(itemIndex) });
	return out;
}
