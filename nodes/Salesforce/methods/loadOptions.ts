import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { FieldDescription } from '../../../shared/types';
import { loadConnector } from './settings';

function toOptions(fields: FieldDescription[]): INodePropertyOptions[] {
	return fields
		.map((f) => ({ name: f.label === f.name ? f.name : `${f.label} (${f.name})`, value: f.name, description: f.type }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every field of the object (`GET /sobjects/{sObject}/describe`). */
export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	if (!objectType) return [];
	return toOptions(await connector.describeFields(objectType));
}

/** Fields the user may set (createable or updateable in the describe). */
export async function getWritableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	if (!objectType) return [];
	return toOptions((await connector.describeFields(objectType)).filter((f) => !f.readOnly));
}

/** Fields marked External ID: the keys an upsert or an external-id lookup accepts. */
export async function getExternalIdFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	if (!objectType) return [];
	return toOptions(await connector.externalIdFields(objectType));
}

/** Active users, for OwnerId (SOQL on User, every batch). */
export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector } = await loadConnector(this);
	const options: INodePropertyOptions[] = [];
	for await (const user of connector.query('SELECT Id, Name, Email FROM User WHERE IsActive = true ORDER BY Name')) {
		const p = user.properties as IDataObject;
		options.push({ name: p.Email ? `${p.Name} (${p.Email})` : String(p.Name ?? user.id), value: user.id });
	}
	return options;
}

/** Lead statuses marked converted (`SELECT MasterLabel FROM LeadStatus WHERE IsConverted = true`): what convertLead accepts. */
export async function getConvertedStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector } = await loadConnector(this);
	return (await connector.convertedStatuses()).map((label) => ({ name: label, value: label }));
}
