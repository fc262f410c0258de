import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { RESOURCE_BY_NAME } from '../connector/resources';

/**
 * The fields the standard API writes on the chosen resource (GENERIC-API.md;
 * the API has no field metadata endpoint, and refuses any other field).
 */
export async function getWritableFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const spec = RESOURCE_BY_NAME.get(String(this.getNodeParameter('resource', 'contact') || 'contact'));
	if (!spec) return [];
	return spec.fields
		.map((f) => ({ name: f.required ? `${f.name} (required)` : f.name, value: f.name, description: f.options ? `${f.type}: ${f.options.join(', ')}` : f.type }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
