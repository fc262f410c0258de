/**
 * The GraphQL CRM connector's CRM-neutral look-ups (issue 16) against a
 * nock'd server: the definition's search query sent the text, or the list
 * query walked page by page, matched on the neutral fields, stopping at the
 * limit; Test Connection through the credential's Test Query.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { GraphqlCrmConnector } from '../../../nodes/GraphqlCrm/connector/GraphqlCrmConnector';
import { neutralMatches } from '../../../nodes/GraphqlCrm/connector/neutral';
import { resetCostBudgets } from '../../../nodes/GraphqlCrm/transport/costBudget';
import { graphqlSettings } from '../../../nodes/GraphqlCrm/transport/graphqlApi';
import { fakeClock, fakeContext } from '../../helpers/fakeContext';
import { isolateNock } from '../../helpers/nockIsolation';

const HOST = 'https://crm.example.com';
const SEL = 'id firstName lastName email phone updatedAt';
const LIST = `query ($first: Int, $after: String, $since: String) { people(first: $first, after: $after, updatedSince: $since) { nodes { ${SEL} } pageInfo { hasNextPage endCursor } } }`;
const SEARCH = `query ($q: String!) { searchPeople(query: $q) { ${SEL} } }`;
const base = {
	idField: 'id',
	list: { query: LIST, path: 'people', paging: 'relay', pageSize: 2 },
	getByIds: { query: `query ($ids: [ID!]!) { peopleByIds(ids: $ids) { ${SEL} } }`, path: 'peopleByIds' },
};

isolateNock();
beforeEach(() => resetCostBudgets());

async function connector(definition: IDataObject, extra: IDataObject = {}) {
	const { ctx } = fakeContext({
		credentials: { crmPackGraphqlCrmApi: { endpoint: `${HOST}/graphql`, authType: 'none', requestsPerMinute: 0, resourceDefinition: JSON.stringify(definition), ...extra } },
		node: { credentials: { crmPackGraphqlCrmApi: { id: 'gql-1', name: 'GraphQL' } } },
	});
	return new GraphqlCrmConnector(ctx, await graphqlSettings(ctx, 'standard', { clock: fakeClock() }));
}

const person = (id: number, email: string, extra: IDataObject = {}) => ({ id: String(id), firstName: 'Ada', lastName: `L${id}`, email, phone: null, updatedAt: '2026-01-01T00:00:00Z', ...extra });

/** Records each request body, so tests compare them exactly. */
function bodies(into: IDataObject[]) {
	return (body: IDataObject) => {
		into.push(body);
		return true;
	};
}

test('without a search query: the list query page by page, matched on the neutral email, no page past the first match', async () => {
	const c = await connector({ contact: base });
	const sent: IDataObject[] = [];
	nock(HOST)
		.post('/graphql', bodies(sent))
		.reply(200, { data: { people: { nodes: [person(1, 'a@x.io'), person(2, 'b@x.io')], pageInfo: { hasNextPage: true, endCursor: 'c2' } } } })
		.post('/graphql', bodies(sent))
		.reply(200, { data: { people: { nodes: [person(3, 'Ada.Byron@X.io'), person(4, 'd@x.io')], pageInfo: { hasNextPage: true, endCursor: 'c4' } } } });
	const found = await c.findNeutral('contact', { field: 'email', value: 'ada.byron@x.io' }, { limit: 1 });
	expect(found.map((r) => r.id)).toEqual(['3']);
	expect(sent).toEqual([
		{ query: LIST, variables: { first: 2 } },
		{ query: LIST, variables: { first: 2, after: 'c2' } },
	]);
	expect(nock.pendingMocks()).toEqual([]);
});

test("with the definition's search query: the text sent as its variable, the answer still matched exactly", async () => {
	const c = await connector({ contact: { ...base, search: { query: SEARCH, path: 'searchPeople', textVariable: 'q' } } });
	const sent: IDataObject[] = [];
	nock(HOST)
		.post('/graphql', bodies(sent))
		.reply(200, { data: { searchPeople: [person(5, 'ada@x.io'), person(6, 'ada@x.io.evil.example')] } })
		.post('/graphql', bodies(sent))
		.reply(200, { data: { searchPeople: [person(5, 'ada@x.io'), person(7, 'grace@x.io', { lastName: 'Lovelace' })] } });
	expect((await c.findNeutral('contact', { field: 'email', value: ' ADA@x.io ' }, { limit: 10 })).map((r) => r.id)).toEqual(['5']);
	expect((await c.findNeutral('contact', { text: 'lovelace' }, { limit: 10 })).map((r) => r.id)).toEqual(['7']);
	expect(sent).toEqual([
		{ query: SEARCH, variables: { q: 'ADA@x.io' } },
		{ query: SEARCH, variables: { q: 'lovelace' } },
	]);
});

test('a kind the definition does not describe: the look-up says what to add', async () => {
	const c = await connector({ contact: base });
	await expect(c.findNeutral('company', { field: 'domain', value: 'x.io' }, { limit: 1 })).rejects.toThrow('resource definition has no "company" entry');
});

test('Test Connection sends the Test Query and reports the endpoint, the answer and the cost budget the server reported', async () => {
	const c = await connector({ contact: base }, { testQuery: ' { viewer { login } } ' });
	const sent: IDataObject[] = [];
	nock(HOST)
		.post('/graphql', bodies(sent))
		.reply(200, {
			data: { viewer: { login: 'ada' } },
			extensions: { cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 999, restoreRate: 50 } } },
		});
	const info = await c.connectionInfo();
	expect(sent).toEqual([{ query: '{ viewer { login } }' }]);
	expect(info).toEqual({
		accountId: `${HOST}/graphql`,
		details: expect.objectContaining({ query: '{ viewer { login } }', answer: { viewer: { login: 'ada' } } }),
		budget: { remaining: 999, limit: 1000, window: 'query-cost points, refilled at 50 a second' },
	});

	const plain = await connector({}, {});
	nock(HOST).post('/graphql', { query: '{ __typename }' }).reply(200, { data: { __typename: 'Query' } });
	expect((await plain.connectionInfo()).details).toEqual(expect.objectContaining({ answer: { __typename: 'Query' } }));
	nock(HOST).post('/graphql').reply(401, { errors: [{ message: 'Unauthorized' }] });
	await expect(plain.connectionInfo()).rejects.toThrow();
});

test('neutral matching: email, phone in E.164, domain bare, name, text', () => {
	const ada = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958' };
	expect(neutralMatches(ada, { field: 'email', value: 'ADA@example.com' })).toBe(true);
	expect(neutralMatches(ada, { field: 'phone', value: '+442079460958' })).toBe(true);
	expect(neutralMatches(ada, { field: 'phone', value: '+442079460959' })).toBe(false);
	expect(neutralMatches(ada, { field: 'name', value: 'ada lovelace' })).toBe(true);
	expect(neutralMatches(ada, { text: 'love' })).toBe(true);
	expect(neutralMatches(ada, { text: '7946 0958' })).toBe(true);
	expect(neutralMatches(ada, { text: 'grace' })).toBe(false);
	expect(neutralMatches({ name: 'Acme', domain: 'acme.io' }, { field: 'domain', value: 'https://www.acme.io/' })).toBe(true);
	expect(neutralMatches({ name: 'Acme', website: 'https://acme.io' }, { field: 'domain', value: 'acme.io' })).toBe(true);
});
