import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { DROPDOWN_RETRY } from '../../../shared/transport/profile';
import { GraphqlCrmConnector } from '../connector/GraphqlCrmConnector';
import { rootFields, typeText } from '../connector/introspection';
import { graphqlSettings, type GraphqlAuth } from '../transport/graphqlApi';

/** The root fields of the schema (introspection, once per dropdown load), with their arguments as the description. */
async function rootOptions(ctx: ILoadOptionsFunctions, root: 'query' | 'mutation'): Promise<INodePropertyOptions[]> {
	const auth = ctx.getNodeParameter('authentication', 'standard') as GraphqlAuth;
	const connector = new GraphqlCrmConnector(ctx, await graphqlSettings(ctx, auth, { retry: DROPDOWN_RETRY }));
	const schema = await connector.introspect();
	return rootFields(schema, root)
		.filter((f) => !f.name.startsWith('_'))
		.map((f) => ({ name: f.name, value: f.name, description: (f.args ?? []).map((a) => `${a.name}: ${typeText(a.type)}`).join(', ') || undefined }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getMutations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await rootOptions(this, 'mutation');
}

export async function getQueries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await rootOptions(this, 'query');
}
