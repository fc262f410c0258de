import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { labelOf } from '../connector/DynamicsConnector';
import { loadConnector } from './settings';

/** Columns a write may set (`IsValidForCreate` or `IsValidForUpdate`), from the table's metadata. */
export async function getWritableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	return (await connector.describeFields(objectType))
		.filter((f) => !f.readOnly)
		.map((f) => ({ name: f.label === f.name ? f.name : `${f.label} (${f.name})`, value: f.name, description: f.options?.length ? `${f.type}: ${f.options.map((o) => o.label).join(', ')}` : f.type }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every column (for `$select`), lookups by the `_<column>_value` name the Web API reads them under. */
export async function getColumns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	return (await connector.describeFields(objectType))
		.map((f) => {
			const lookup = ['Lookup', 'Customer', 'Owner'].includes(f.type);
			const value = lookup ? `_${f.name}_value` : f.name;
			return { name: f.label === f.name ? value : `${f.label} (${value})`, value };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** What an upsert may match by: the primary key and every alternate key of one column (`…/Keys`). */
export async function getMatchFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, objectType } = await loadConnector(this);
	const table = await connector.table(objectType);
	const keys = await connector.alternateKeys(objectType);
	return [
		{ name: `Primary Key (${table.primaryId})`, value: table.primaryId },
		...keys.filter((k) => k.columns.length === 1).map((k) => ({ name: `${k.name} (${k.columns[0]})`, value: k.columns[0], description: 'Alternate key' })),
	];
}

/** Every table of the environment by entity set name (`EntityDefinitions`). */
export async function getTables(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector } = await loadConnector(this);
	return (await connector.listTables())
		.filter((t) => t.EntitySetName)
		.map((t) => ({ name: `${labelOf(t.DisplayName) ?? t.LogicalName} (${t.EntitySetName})`, value: String(t.EntitySetName) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
