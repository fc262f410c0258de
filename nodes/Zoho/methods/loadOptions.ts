import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { ZohoField } from '../connector/ZohoConnector';
import { loadConnector } from './settings';

function toOptions(fields: ZohoField[]): INodePropertyOptions[] {
	return fields
		.map((f) => ({ name: f.label === f.name ? f.name : `${f.label} (${f.name})`, value: f.name, description: f.type }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Every field of the module, custom ones included (`GET /settings/fields?module=`). */
export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, module } = await loadConnector(this);
	return toOptions((await connector.fields(module)).filter((f) => f.name !== 'id'));
}

/** Fields a user can write (not the ones Zoho keeps itself). */
export async function getWritableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, module } = await loadConnector(this);
	return toOptions((await connector.fields(module)).filter((f) => !f.readOnly && f.name !== 'id'));
}

/**
 * What an upsert may match by (`duplicate_check_fields`): the module's system
 * duplicate-check field (Leads and Contacts: Email; Accounts: Account_Name;
 * Deals: Deal_Name; custom modules: Name, Zoho's upsert docs) and its unique fields.
 */
export async function getMatchFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector, module } = await loadConnector(this);
	const system: Record<string, string> = { Leads: 'Email', Contacts: 'Email', Accounts: 'Account_Name', Deals: 'Deal_Name' };
	const own = system[module] ?? 'Name';
	const fields = await connector.fields(module);
	const out: INodePropertyOptions[] = [];
	const ownField = fields.find((f) => f.name === own);
	if (ownField) out.push({ name: `${ownField.label} (${own})`, value: own, description: 'System duplicate check' });
	for (const f of fields) if (f.unique && f.name !== own) out.push({ name: `${f.label} (${f.name})`, value: f.name, description: 'Unique field' });
	return out;
}

/** The org's modules that the API serves (`GET /settings/modules`), custom ones included. */
export async function getModules(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { connector } = await loadConnector(this);
	const { body } = await connector.request<{ modules?: Array<Record<string, unknown>> }>({ method: 'GET', path: '/settings/modules' });
	return (body?.modules ?? [])
		.filter((m) => m.api_supported !== false)
		.map((m) => ({ name: `${String(m.plural_label ?? m.api_name)} (${String(m.api_name)})`, value: String(m.api_name), description: m.generated_type === 'custom' ? 'Custom module' : undefined }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
