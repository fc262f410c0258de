import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { PipedriveField } from '../connector/PipedriveConnector';
import { dataList } from '../connector/records';
import { loadConnector } from './settings';

function toOptions(fields: PipedriveField[]): INodePropertyOptions[] {
	return fields
		.map((f) => ({ name: f.label === f.name ? f.name : `${f.label}${f.custom ? '' : ` (${f.name})`}`, value: f.name, description: f.type }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every field of the entity, custom fields by name (`GET /api/v1/{entity}Fields`). */
export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	return toOptions(await connector.fields(objectType));
}

/** Fields a user can write (not the ones Pipedrive computes). */
export async function getWritableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	return toOptions((await connector.fields(objectType)).filter((f) => !f.readOnly));
}

/** `GET /api/v1/users`: the company's users, for owners. */
export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector } = await loadConnector(this);
	const { body } = await connector.request({ method: 'GET', path: '/api/v1/users' });
	return dataList(body)
		.filter((u) => u.active_flag !== false)
		.map((u: IDataObject) => ({ name: u.email ? `${u.name} (${u.email})` : String(u.name ?? u.id), value: Number(u.id) }));
}

/** `GET /api/v1/activityTypes`: meeting, call, task... and the company's own. */
export async function getActivityTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector } = await loadConnector(this);
	const { body } = await connector.request({ method: 'GET', path: '/api/v1/activityTypes' });
	return dataList(body)
		.filter((t) => t.active_flag !== false)
		.map((t) => ({ name: String(t.name ?? t.key_string), value: String(t.key_string) }));
}
