import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';
import { mapperFields, type WriteOperation } from '../actions/fieldMapper';
import { entityOf } from '../connector/objectTypes';
import { loadConnector } from './settings';

/** Fields for the resource mapper (Define Fields: Map Each Field), from `GET /settings/<entity>/fields`. */
export async function getMappingFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const { connector, objectType } = await loadConnector(this);
	if (!entityOf(objectType).fields) {
		return { fields: [], emptyFieldsNotice: 'Freshsales documents no fields list for this resource: use Define Fields: Field List' };
	}
	const operation = String(this.getNodeParameter('operation', 'create')) as WriteOperation;
	return { fields: mapperFields(await connector.fields(objectType), operation) };
}
