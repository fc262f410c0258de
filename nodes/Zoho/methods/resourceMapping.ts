import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';
import { mapperFields, type WriteOperation } from '../actions/fieldMapper';
import { loadConnector } from './settings';

/** Fields for the resource mapper (Define Fields: Map Each Field), from `GET /settings/fields?module=`. */
export async function getMappingFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const { connector, module } = await loadConnector(this);
	const operation = String(this.getNodeParameter('operation', 'create')) as WriteOperation;
	return { fields: mapperFields(await connector.fields(module), operation) };
}
