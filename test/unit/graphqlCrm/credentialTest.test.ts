/**
 * The GraphQL CRM credentials' test request: `{ __typename }`, or the
 * credential's Test Query. n8n's credentials tester (n8n 2.41.1,
 * credentials-tester.service.js) runs `test.request` through RoutingNode,
 * which resolves the request's values with `workflow.expression.getParameterValue`
 * and `$credentials` among the additional keys: evaluated here the same way.
 */
import { Workflow, type INode, type INodeType, type IDataObject } from 'n8n-workflow';
import { CrmPackGraphqlCrmApi } from '../../../credentials/CrmPackGraphqlCrmApi.credentials';
import { CrmPackGraphqlCrmOAuth2Api } from '../../../credentials/CrmPackGraphqlCrmOAuth2Api.credentials';

const node: INode = { id: 'temp', name: 'Temp-Node', type: 'temp', typeVersion: 1, position: [0, 0], parameters: {} };
const workflow = new Workflow({
	nodes: [node],
	connections: {},
	active: false,
	nodeTypes: {
		getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
		getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
		getKnownTypes: () => ({}),
	},
});

function resolved(request: unknown, credentials: IDataObject): IDataObject {
	return workflow.expression.getParameterValue(request as never, null, 0, 0, node.name, [], 'internal', { $credentials: credentials }, undefined, false) as IDataObject;
}

test.each([
	['API key / Bearer / Basic / JWT', new CrmPackGraphqlCrmApi()],
	['OAuth2', new CrmPackGraphqlCrmOAuth2Api()],
])('%s: POST to the endpoint, { __typename } unless a Test Query is set', (_name, credential) => {
	expect(credential.properties.some((p) => p.name === 'testQuery' && p.type === 'string' && p.default === '')).toBe(true);
	const endpoint = 'https://crm.example.com/graphql';
	expect(resolved(credential.test!.request, { endpoint, testQuery: '' })).toEqual({
		method: 'POST',
		url: endpoint,
		headers: { 'Content-Type': 'application/json' },
		body: { query: '{ __typename }' },
	});
	expect(resolved(credential.test!.request.body, { endpoint })).toEqual({ query: '{ __typename }' });
	expect(resolved(credential.test!.request.body, { endpoint, testQuery: '  { viewer { id login } }\n' })).toEqual({ query: '{ viewer { id login } }' });
});
