import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { GraphqlCrmConnector } from '../connector/GraphqlCrmConnector';
import { rootFields, typeText } from '../connector/introspection';
import { graphqlSettings, type GraphqlAuth } from '../transport/graphqlApi';

/** The schema's mutations (introspection, once per dropdown load), with their arguments as the description. */
export async function getMutations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const auth = this.getNodeParameter('authentication', 'standard') as GraphqlAuth;
	const connector = new GraphqlCrmConnector(this, await graphqlSettings(this, auth, { retry: DROPDOWN_RETRY }));
	const schema = await connector.introspect();
	return rootFields(schema, 'mutation')
		.filter((f) => !f.name.startsWith('_'))
		.map((f) => ({ name: f.name, value: f.name, description: (f.args ?? []).map((a) => `${a.name}: ${typeText(a.type)}`).join(', ') || undefined }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
