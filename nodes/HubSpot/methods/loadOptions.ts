import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { cursorPaging } from '../../../shared/paging/strategies';
import type { FieldDescription } from '../../../shared/types';
import { hubspotRequest } from '../transport/hubspotApi';
import { loadConnector } from './settings';

function toOptions(fields: FieldDescription[]): INodePropertyOptions[] {
	return fields
		.map((f) => ({ name: f.label === f.name ? f.name : `${f.label} (${f.name})`, value: f.name, description: f.type }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every property of the object (`GET /crm/v3/properties/{objectType}`). */
export async function getProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	if (!objectType) return [];
	return toOptions(await connector.describeFields(objectType));
}

/** Properties a user can write (HubSpot marks calculated ones read-only). */
export async function getWritableProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	if (!objectType) return [];
	return toOptions((await connector.describeFields(objectType)).filter((f) => !f.readOnly));
}

/** Properties that identify a record: email for contacts, and any property with unique values. */
export async function getUniqueProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	if (!objectType) return [];
	const fields = (await connector.describeFields(objectType)).filter((f) => f.unique || (objectType === 'contacts' && f.name === 'email'));
	const options = toOptions(fields);
	if (objectType === 'contacts' && !options.some((o) => o.value === 'email')) options.unshift({ name: 'Email (email)', value: 'email' });
	return options;
}

/** `GET /crm/v3/owners`, every page. */
export async function getOwners(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector } = await loadConnector(this);
	const owners = cursorPaging(
		async (after, limit) => {
			const qs: IDataObject = { limit };
			if (after) qs.after = after;
			const { body } = await hubspotRequest(this, connector.settings, { method: 'GET', path: '/crm/v3/owners', qs });
			const paging = body.paging as { next?: { after?: string } } | undefined;
			return { items: (body.results ?? []) as IDataObject[], nextCursor: paging?.next?.after };
		},
		{ maxPageSize: 100 },
	);
	const options: INodePropertyOptions[] = [];
	for await (const owner of owners) {
		const name = [owner.firstName, owner.lastName].filter(Boolean).join(' ');
		options.push({ name: name ? `${name} (${owner.email})` : String(owner.email ?? owner.id), value: String(owner.id) });
	}
	return options;
}

async function pipelines(ctx: ILoadOptionsFunctions): Promise<IDataObject[]> {
	const { connector, objectType } = await loadConnector(ctx);
	const type = objectType === 'tickets' ? 'tickets' : 'deals';
	const { body } = await hubspotRequest(ctx, connector.settings, { method: 'GET', path: `/crm/v3/pipelines/${type}` });
	return (body.results ?? []) as IDataObject[];
}

/** `GET /crm/v3/pipelines/deals`. */
export async function getPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await pipelines(this)).map((p) => ({ name: String(p.label), value: String(p.id) }));
}

/** The stages of the chosen pipeline (or of every pipeline when none is chosen). */
export async function getStages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const chosen = String(this.getNodeParameter('additionalFields.pipeline', '') ?? '');
	const all = await pipelines(this);
	return all
		.filter((p) => !chosen || String(p.id) === chosen)
		.flatMap((p) =>
			((p.stages ?? []) as IDataObject[]).map((s) => ({
				name: chosen ? String(s.label) : `${p.label}: ${s.label}`,
				value: String(s.id),
			})),
		);
}
