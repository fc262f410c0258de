import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';
import { mapperFields, type WriteOperation } from '../actions/fieldMapper';
import { loadConnector } from './settings';

/**
 * Fields for the resource mapper (Define Fields: Map Each Field), from
 * `GET /sobjects/{sObject}/describe`, typed, with picklist values, and marked
 * required / read-only for the operation being set up.
 */
export async function getMappingFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const { connector, objectType } = await loadConnector(this);
	if (!objectType) return { fields: [], emptyFieldsNotice: 'Enter the Object API Name first' };
	const operation = String(this.getNodeParameter('operation', 'create')) as WriteOperation;
	const fields = mapperFields(await connector.describe(objectType), operation);
	return { fields };
}
