import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { displayProperties } from '../connector/objectTypes';
import { loadConnector } from './settings';

/**
 * Record picker: HubSpot's search `query` (matched against the object's default
 * searchable properties, e.g. name and email), 20 per page. `filterGroups` is
 * sent even though it is empty: HubSpot's search contract
 * (PublicObjectSearchRequest, POST /crm/v3/objects/{objectType}/search) lists it as required.
 */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const { connector, objectType } = await loadConnector(this);
	const properties = displayProperties(objectType);
	const body: IDataObject = { filterGroups: [], limit: 20, properties, sorts: [{ propertyName: 'hs_object_id', direction: 'DESCENDING' }] };
	if (filter) body.query = filter;
	if (paginationToken) body.after = paginationToken;
	const page = await connector.searchPage(objectType, body);
	return {
		results: page.results.map((r) => {
			const p = (r.properties ?? {}) as IDataObject;
			const label = properties.map((name) => p[name]).filter(Boolean).join(' ').trim();
			return { name: label ? `${label} (${r.id})` : String(r.id), value: String(r.id) };
		}),
		paginationToken: page.after,
	};
}
