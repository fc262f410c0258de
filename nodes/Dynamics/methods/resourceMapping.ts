import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';
import { mapperFields, type WriteOperation } from '../actions/fieldMapper';
import { loadConnector } from './settings';

/** Columns for the resource mapper (Define Fields: Map Each Field), from the table's metadata. */
export async function getMappingFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const { connector, objectType } = await loadConnector(this);
	const operation = String(this.getNodeParameter('operation', 'create')) as WriteOperation;
	return { fields: mapperFields(await connector.describeFields(objectType), operation) };
}
