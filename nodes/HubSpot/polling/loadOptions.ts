import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { HubSpotConnector } from '../connector/HubSpotConnector';
import { RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { hubspotSettings, type HubSpotAuth } from '../transport/hubspotApi';

/** The account's properties of the chosen object (`GET /crm/v3/properties/{objectType}`), by label. */
export async function getProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const auth = this.getNodeParameter('authentication', 'privateApp') as HubSpotAuth;
	const resource = String(this.getCurrentNodeParameter('object') ?? this.getNodeParameter('object', 'contact'));
	const objectType = RESOURCE_OBJECT_TYPE[resource] ?? resource;
	const connector = new HubSpotConnector(this, await hubspotSettings(this, auth));
	const fields = await connector.describeFields(objectType);
	return fields
		.map((field) => ({ name: field.label, value: field.name, description: field.name }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
