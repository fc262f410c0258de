import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { FreshsalesField } from '../connector/FreshsalesConnector';
import { entityOf } from '../connector/objectTypes';
import { listOf } from '../connector/records';
import { loadConnector } from './settings';

function toOptions(fields: FreshsalesField[]): INodePropertyOptions[] {
	return fields
		.map((f) => ({ name: f.label === f.name ? f.name : `${f.label} (${f.name})`, value: f.name, description: f.type }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every field of the entity, custom ones included (`GET /settings/<entity>/fields`). */
export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	return toOptions(await connector.fields(objectType));
}

/** Fields a user can write (not the ones Freshsales keeps itself). */
export async function getWritableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	return toOptions((await connector.fields(objectType)).filter((f) => !f.readOnly));
}

/** Fields a filter rule may name: the id, the times, contacts' email, and every field (custom ones as `custom_field.cf_*`). */
export async function getFilterFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	const fixed: INodePropertyOptions[] = [
		{ name: 'ID', value: 'id' },
		{ name: 'Created At', value: 'created_at' },
		{ name: 'Updated At', value: 'updated_at' },
	];
	if (objectType === 'contacts') fixed.push({ name: 'Email', value: 'contact_email.email' });
	const fields = (await connector.fields(objectType)).map((f) => ({ name: `${f.label} (${f.name})`, value: f.custom ? `custom_field.${f.name}` : f.name }));
	return [...fixed, ...fields.sort((a, b) => a.name.localeCompare(b.name))];
}

/** What an upsert may match by: contacts' email or accounts' name, and the custom fields (Freshsales refuses those not unique). */
export async function getMatchFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	const spec = entityOf(objectType);
	const own: INodePropertyOptions[] = spec.upsertKey ? [{ name: spec.upsertKey === 'emails' ? 'Email' : 'Name', value: spec.upsertKey }] : [];
	const custom = (await connector.fields(objectType)).filter((f) => f.custom).map((f) => ({ name: `${f.label} (${f.name})`, value: f.name, description: f.unique ? 'Unique' : undefined }));
	return [...own, ...custom];
}

/** `GET /selector/owners`: the account's users, for owners. */
export async function getOwners(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector } = await loadConnector(this);
	const { body } = await connector.request({ method: 'GET', path: '/selector/owners' });
	return listOf(body, 'users')
		.filter((u: IDataObject) => u.is_active !== false)
		.map((u: IDataObject) => ({ name: u.email ? `${u.display_name ?? u.email} (${u.email})` : String(u.display_name ?? u.id), value: Number(u.id) }));
}

/** `GET /<entity>/filters`: the saved views of contacts, accounts or deals. */
export async function getViews(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	if (entityOf(objectType).listing.kind !== 'views') return [];
	return (await connector.views(objectType)).map((v) => ({ name: String(v.name ?? v.id), value: String(v.id) }));
}
