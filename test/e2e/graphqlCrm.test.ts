/**
 * The GraphQL CRM nodes through the light runner against the sandbox's
 * GraphQL CRM (/graphql): queries with each paging style and Limit stopping
 * early, aliased batch mutations with one failing record, throttling under
 * cost limits and the polling trigger. The example GraphQL contacts <-> HubSpot
 * contacts sync is in graphqlCrmSync.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { resetCostBudgets } from '../../nodes/GraphqlCrm/transport/costBudget';
import { graphqlCrmApi, hubspotPrivateApp } from './helpers/credentials';
import { Harness } from './helpers/harness';
import { runLoadOptions } from './lightRunner';
import { CONTRACT_SUBJECTS, items, runCrm } from './helpers/crmNode';

jest.setTimeout(60_000);

const h = new Harness({
	seed: 14,
	node: 'GraphQL CRM',
	workflows: 'graphqlcrm-',
	perTest: true,
	credentials: (sb) => ({
		// The tests' workflows and the example name the credential differently: the same credential under both ids.
		crmPackGraphqlCrmApi: { ...graphqlCrmApi(sb).crmPackGraphqlCrmApi, ...graphqlCrmApi(sb, { id: 'crmPackSbxGraphqlCrm' }).crmPackGraphqlCrmApi },
		...hubspotPrivateApp(sb, { id: 'crmPackSbxPrivateApp', plan: 'pro' }),
	}),
	reset: () => resetCostBudgets(),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const gql = () => h.sb.graphql as any;
const posts = () => h.calls().filter((c) => c === 'POST /graphql/graphql').length;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ops = () => gql().operations as Array<{ query: string; variables?: any }>;

test('Relay paging: Limit stops without fetching pages it does not need; Return All walks every page', async () => {
	gql().seed({ contacts: 25 });
	const seeded = gql().list('contacts').map((c: IDataObject) => c.email);

	let out = h.output(await h.run('query', [{ limit: 12 }]));
	expect(out.map((i) => i.json.email)).toEqual(seeded.slice(0, 12));
	// 12 of pages of 10: the second page asks only for the 2 still needed, and no third page is read.
	expect(ops().map((o) => o.variables)).toEqual([{ first: 10 }, { first: 2, after: expect.any(String) }]);

	gql().operations.length = 0;
	out = h.output(await h.run('query', [{}], (node) => (node.parameters.returnAll = true)));
	expect(out.map((i) => i.json.email)).toEqual(seeded);
	expect(ops()).toHaveLength(3);
});

test('offset paging (total) and page tokens: the same records, pages of the size asked', async () => {
	gql().seed({ contacts: 7 });
	const seeded = gql().list('contacts').map((c: IDataObject) => c.email);
	const offset = h.output(
		await h.run('query', [{}], (node) => {
			Object.assign(node.parameters, {
				query: 'query($offset: Int, $limit: Int) { contactsPage(offset: $offset, limit: $limit) { items { id email } total } }',
				dataPath: 'contactsPage',
				paging: 'offset',
				returnAll: true,
				pagingOptions: { pageSize: 3, totalPath: 'total' },
			});
		}),
	);
	expect(offset.map((i) => i.json.email)).toEqual(seeded);
	expect(ops().map((o) => o.variables)).toEqual([
		{ limit: 3, offset: 0 },
		{ limit: 3, offset: 3 },
		{ limit: 3, offset: 6 },
	]);

	gql().operations.length = 0;
	const tokens = h.output(
		await h.run('query', [{}], (node) => {
			Object.assign(node.parameters, {
				query: 'query($pageSize: Int, $pageToken: String) { contactsByToken(pageSize: $pageSize, pageToken: $pageToken) { items { id email } nextPageToken } }',
				dataPath: 'contactsByToken',
				paging: 'pageToken',
				returnAll: false,
				limit: 5,
				pagingOptions: { pageSize: 4 },
			});
		}),
	);
	expect(tokens.map((i) => i.json.email)).toEqual(seeded.slice(0, 5));
	expect(ops().map((o) => o.variables)).toEqual([{ pageSize: 4 }, { pageSize: 1, pageToken: expect.any(String) }]);
});

test('Limit on a page boundary and offset pages that give a next offset: no page past what is needed', async () => {
	gql().seed({ contacts: 12 });
	const seeded = gql().list('contacts').map((c: IDataObject) => c.email);
	// Relay, Limit 10 with pages of 10: the first page says hasNextPage, and is the only one read.
	let out = h.output(await h.run('query', [{ limit: 10 }]));
	expect(out.map((i) => i.json.email)).toEqual(seeded.slice(0, 10));
	expect(ops().map((o) => o.variables)).toEqual([{ first: 10 }]);

	gql().operations.length = 0;
	out = h.output(
		await h.run('query', [{}], (node) => {
			Object.assign(node.parameters, {
				query: 'query($offset: Int, $limit: Int) { contactsPage(offset: $offset, limit: $limit) { items { id email } nextOffset } }',
				dataPath: 'contactsPage',
				paging: 'offset',
				returnAll: false,
				limit: 7,
				pagingOptions: { pageSize: 5, nextOffsetPath: 'nextOffset' },
			});
		}),
	);
	expect(out.map((i) => i.json.email)).toEqual(seeded.slice(0, 7));
	expect(ops().map((o) => o.variables)).toEqual([
		{ limit: 5, offset: 0 },
		{ limit: 2, offset: 5 },
	]);

	// Return All on next offsets: the page without one is the last.
	gql().operations.length = 0;
	out = h.output(
		await h.run('query', [{}], (node) => {
			Object.assign(node.parameters, {
				query: 'query($offset: Int, $limit: Int) { contactsPage(offset: $offset, limit: $limit) { items { id email } nextOffset } }',
				dataPath: 'contactsPage',
				paging: 'offset',
				returnAll: true,
				pagingOptions: { pageSize: 6, nextOffsetPath: 'nextOffset' },
			});
		}),
	);
	expect(out.map((i) => i.json.email)).toEqual(seeded);
	expect(ops().map((o) => o.variables)).toEqual([
		{ limit: 6, offset: 0 },
		{ limit: 6, offset: 6 },
	]);
});

test('aliased batch: three items in one request, the one the server refuses fails alone (errors[].path -> its item)', async () => {
	const input = [
		{ email: 'ada@example.com', firstName: 'Ada' },
		{ email: 'not-an-email', firstName: 'Bad' },
		{ email: 'grace@example.com', firstName: 'Grace' },
	];
	const r = await h.run('mutation', input, (node) => (node.continueOnFail = true));
	const out = h.output(r);
	expect(posts()).toBe(1);
	expect(ops()[0].query).toContain('m0: createContact(input: $input_0)');
	expect(ops()[0].query).toContain('m2: createContact(input: $input_2)');
	expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(out[0].json).toEqual({ id: expect.any(String), email: 'ada@example.com', firstName: 'Ada' });
	expect(out[1].json).toEqual(expect.objectContaining({ error: expect.stringContaining('email "not-an-email" is not a valid e-mail address (BAD_USER_INPUT) at m1'), code: 'BAD_USER_INPUT' }));
	expect(out[2].json).toEqual(expect.objectContaining({ email: 'grace@example.com' }));
	expect(gql().list('contacts').map((c: IDataObject) => c.email)).toEqual(['ada@example.com', 'grace@example.com']);

	// Without Continue On Fail the node fails naming the item, and the others are written all the same.
	const again = await h.run('mutation', [{ email: 'x@example.com' }, { email: 'ada@example.com' }]);
	expect(again.error?.message).toMatch(/1 of 2 records failed, 1 written: item 1: a contact with email ada@example.com already exists/);
	expect(gql().count('contacts')).toBe(3);
});

test('query cost: the node slows down before the bucket is spent, and a THROTTLED answer is waited out, not a failure', async () => {
	gql().seed({ contacts: 5 });
	// 52 points a query (a page of 50), a bucket of 130 refilled at 200 a second.
	gql().setLimits({ maximumAvailable: 130, restoreRate: 200 });
	const run = () => h.run('query', [{}, {}, {}, {}, {}], (node) => Object.assign(node.parameters, { paging: 'none', query: '{ contacts(first: 50) { nodes { id } } }', dataPath: 'contacts.nodes' }));
	let out = h.output(await run());
	expect(out).toHaveLength(25);
	// The first answer taught the cost; every later query waited for room: none was throttled.
	expect(gql().throttled()).toBe(0);

	// A bucket another client just spent: the node's first query is THROTTLED, waits what the cost extension says, and succeeds.
	gql().setLimits({ maximumAvailable: 60, restoreRate: 100 });
	resetCostBudgets();
	const drain = await fetch(gql().endpoint, { method: 'POST', headers: { authorization: `Bearer ${gql().tokens[0]}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ contacts(first: 50) { nodes { id } } }' }) });
	expect(drain.status).toBe(200);
	gql().operations.length = 0;
	const before = gql().throttled();
	out = h.output(await h.run('query', [{}], (node) => Object.assign(node.parameters, { paging: 'none', query: '{ contacts(first: 50) { nodes { id } } }', dataPath: 'contacts.nodes' })));
	expect(out).toHaveLength(5);
	// At least one THROTTLED answer was met and waited out (how many depends on this machine's timing against the bucket's refill).
	expect(gql().throttled() - before).toBeGreaterThanOrEqual(1);
	expect(ops().length).toBe(1 + gql().throttled() - before);
});

test('polling trigger: first poll starts at now, the next emits what changed since, oldest first, neutral', async () => {
	gql().seed({ contacts: 2 });
	const first = await h.poll('polling', 'GraphQL CRM Trigger');
	expect(first.items).toEqual([]);
	gql().advanceTime(2000);
	const made = gql().write('contacts', { email: 'new@example.com', firstName: 'New' });
	gql().write('contacts', { lastName: 'Changed' }, '1');
	const second = await h.poll('polling', 'GraphQL CRM Trigger', { staticData: first.staticData });
	expect(second.items.map((i) => [i.json.id, i.json.email])).toEqual([
		[made.id, 'new@example.com'],
		['1', expect.any(String)],
	]);
	expect(second.items[1].json).toEqual(expect.objectContaining({ lastName: 'Changed', custom: expect.any(Object) }));
	const third = await h.poll('polling', 'GraphQL CRM Trigger', { staticData: second.staticData });
	expect(third.items).toEqual([]);
});

test('auth presets on the shared auth: API key header, Basic, JWT login (renewed by refresh after a 401), OAuth2 client credentials', async () => {
	gql().seed({ contacts: 2 });
	const endpoint = gql().endpoint;
	const store = {
		crmPackGraphqlCrmApi: {
			key: { endpoint, authType: 'apiKey', apiKey: gql().apiKeys[0], apiKeyIn: 'header', apiKeyName: 'X-API-Key' },
			basic: { endpoint, authType: 'basic', basicUser: 'sandbox-user', basicPassword: 'sandbox-password' },
			jwt: { endpoint, authType: 'jwt', jwtUsername: 'sandbox-user', jwtPassword: 'sandbox-password', jwtLoginPath: '/auth/login', jwtRefreshPath: '/auth/refresh' },
			wrong: { endpoint, authType: 'bearer', bearerToken: 'not-a-token' },
		},
		crmPackGraphqlCrmOAuth2Api: {
			oauth: { endpoint, grantType: 'clientCredentials', accessTokenUrl: gql().tokenUrl(), clientId: gql().oauth.clientId, clientSecret: gql().oauth.clientSecret, authentication: 'body', scope: '' },
		},
	};
	const query = (type: string, id: string, auth = 'standard') =>
		h.run(
			'query',
			[{}],
			(node) => {
				node.parameters.authentication = auth;
				node.credentials = { [type]: { id, name: id } };
				Object.assign(node.parameters, { paging: 'none', query: '{ contacts(first: 5) { nodes { email } } }', dataPath: 'contacts.nodes' });
			},
			{ credentials: store as never },
		);
	for (const id of ['key', 'basic', 'jwt']) expect(h.output(await query('crmPackGraphqlCrmApi', id))).toHaveLength(2);
	expect(gql().jwt.logins).toBe(1);
	expect(h.output(await query('crmPackGraphqlCrmOAuth2Api', 'oauth', 'oAuth2'))).toHaveLength(2);
	expect(gql().oauth.issued).toHaveLength(1);

	// The JWT expires: the 401 makes n8n run the credential's preAuthentication, which refreshes (no new login).
	gql().expireJwt();
	expect(h.output(await query('crmPackGraphqlCrmApi', 'jwt'))).toHaveLength(2);
	expect([gql().jwt.logins, gql().jwt.refreshes]).toEqual([1, 1]);

	const refused = await query('crmPackGraphqlCrmApi', 'wrong');
	expect(refused.error?.message).toMatch(/401.*Unauthorized/);
});

test('a mutation chosen from the schema: with Mutation Field empty the node writes the field from introspection', async () => {
	const r = await h.run('mutation', [{ email: 'schema@example.com', firstName: 'Schema' }], (node) =>
		Object.assign(node.parameters, { mutationName: 'createContact', mutationField: '', fieldVariables: '' }),
	);
	expect(h.output(r)[0].json).toEqual(expect.objectContaining({ id: expect.any(String), email: 'schema@example.com', firstName: 'Schema', createdAt: expect.any(String), address: null }));
	// One introspection for the run, then the aliased document with every argument and the result's scalars (one level into objects).
	expect(ops().map((o) => o.query.split('\n')[0])).toEqual(['query CrmPackIntrospection {', 'mutation CrmPackBatch($input_0: ContactInput!) {']);
	expect(ops()[1].query).toContain('m0: createContact(input: $input_0) { id firstName lastName email');
	expect(ops()[1].query).toContain('address { street city state postalCode country }');
	expect(gql().list('contacts').map((c: IDataObject) => c.email)).toEqual(['schema@example.com']);
});

test('a query chosen from the schema: with Query empty the node writes the document, and Relay paging works on it', async () => {
	gql().seed({ contacts: 4 });
	const out = h.output(await h.run('query', [{ limit: 3 }], (node) => Object.assign(node.parameters, { queryName: 'contacts', query: '' })));
	expect(out.map((i) => i.json.email)).toEqual(gql().list('contacts').slice(0, 3).map((c: IDataObject) => c.email));
	expect(ops()[0].query.split('\n')[0]).toBe('query CrmPackIntrospection {');
	expect(ops()[1].query).toMatch(/^query CrmPackQuery\(\$first: Int, \$after: String, \$updatedSince: String, \$orderBy: SortOrder\) \{ contacts\(first: \$first, after: \$after, updatedSince: \$updatedSince, orderBy: \$orderBy\) \{ edges \{ cursor \} nodes \{ id firstName/);
	expect(ops().slice(1).map((o) => o.variables)).toEqual([{ first: 3 }]);
});

test('schema dropdowns: Record Type / Record Fields / Input Fields from introspection; one introspection per execution, the choices written into the requests', async () => {
	gql().seed({ contacts: 4 });
	const dropdown = async (method: string, parameters: IDataObject) => {
		const json = h.workflow('query', (node) => Object.assign(node.parameters, parameters));
		gql().operations.length = 0;
		const { result, error } = await runLoadOptions(json, 'GraphQL CRM', 'loadOptions', method, { credentials: h.store });
		expect(error).toBeUndefined();
		// Each dropdown load is one introspection query, nothing else.
		expect(ops().map((o) => o.query.split('\n')[0])).toEqual(['query CrmPackIntrospection {']);
		return result as Array<{ name: string; value: string; description?: string }>;
	};
	const types = await dropdown('getRecordTypes', { queryName: 'contactsPage', query: '' });
	expect(types.map((t) => [t.value, t.description])).toEqual([
		['', 'Contact for this query'],
		['Contact', 'At contactsPage.items (the records)'],
		['ContactOffsetPage', 'At contactsPage'],
	]);
	const fields = await dropdown('getRecordFields', { queryName: 'contactsPage', query: '' });
	expect(fields.map((f) => f.value)).toEqual(expect.arrayContaining(['id', 'email', 'firstName', 'address', 'updatedAt']));
	expect(fields).toHaveLength(13);
	const inputs = await dropdown('getInputFields', { operation: 'mutation', mutationName: 'createContact' });
	expect(inputs.map((f) => f.value)).toEqual(expect.arrayContaining(['input.email', 'input.firstName', 'input.address']));

	// A query written from the schema with two chosen fields, three items: one introspection for the whole execution.
	gql().operations.length = 0;
	const out = h.output(
		await h.run('query', [{}, {}, {}], (node) =>
			Object.assign(node.parameters, { queryName: 'contactsPage', query: '', recordFields: ['email', 'id'], dataPath: 'contactsPage', paging: 'offset', returnAll: true, pagingOptions: { pageSize: 3, totalPath: 'total' } }),
		),
	);
	const seeded = gql().list('contacts') as IDataObject[];
	expect(out.map((i) => i.json)).toEqual([...seeded, ...seeded, ...seeded].map((c) => ({ id: c.id, email: c.email })));
	const queries = ops().map((o) => o.query);
	expect(queries.filter((q) => q.startsWith('query CrmPackIntrospection'))).toHaveLength(1);
	expect(queries.slice(1)).toHaveLength(6);
	expect(new Set(queries.slice(1))).toEqual(new Set(['query CrmPackQuery($offset: Int, $limit: Int, $updatedSince: String, $orderBy: SortOrder) { contactsPage(offset: $offset, limit: $limit, updatedSince: $updatedSince, orderBy: $orderBy) { items { id email } total nextOffset } }']));

	// A stale field name fails naming the parameter (and the item).
	const stale = await h.run('query', [{}], (node) => Object.assign(node.parameters, { queryName: 'contactsPage', query: '', recordFields: ['nickname'], dataPath: 'contactsPage', paging: 'none' }));
	expect(stale.error?.message).toBe('Item 0: field "recordFields": "nickname" is not a field of Contact');

	// A mutation from the schema whose input is filled from the items' fields (the strict server refuses unknown input fields: "nickname" is left out).
	gql().operations.length = 0;
	const created = h.output(
		await h.run('mutation', [{ email: 'ada@example.com', firstName: 'Ada', nickname: 'A' }, { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' }], (node) =>
			Object.assign(node.parameters, { mutationName: 'createContact', mutationField: '', fieldVariables: '', variablesFrom: 'item', inputFields: ['input.email', 'input.firstName'], recordFields: ['id', 'email', 'firstName', 'lastName'] }),
		),
	);
	expect(created.map((i) => i.json)).toEqual([
		{ id: expect.any(String), email: 'ada@example.com', firstName: 'Ada', lastName: null },
		{ id: expect.any(String), email: 'grace@example.com', firstName: 'Grace', lastName: null },
	]);
	expect(ops().map((o) => o.query.split('\n')[0])).toEqual(['query CrmPackIntrospection {', 'mutation CrmPackBatch($input_0: ContactInput!, $input_1: ContactInput!) {']);
	expect(ops()[1].query).toContain('m0: createContact(input: $input_0) { id firstName lastName email }');
	expect(ops()[1].variables).toEqual({ input_0: { email: 'ada@example.com', firstName: 'Ada' }, input_1: { email: 'grace@example.com', firstName: 'Grace' } });
});

test("CRM node on the GraphQL CRM: Search and Get Customer through the definition's search query (sent the text), matched exactly", async () => {
	gql().seed({ contacts: 3 });
	gql().write('contacts', { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
	gql().write('contacts', { email: 'grandada@example.com', firstName: 'Augusta', lastName: 'Lovelace' });
	const subject = CONTRACT_SUBJECTS.find((s) => s.definition.value === 'graphqlCrm')!;
	const SEL = 'id firstName lastName email phone createdAt updatedAt';
	const withSearch = (data: IDataObject) => {
		const definition = JSON.parse(String(data.resourceDefinition));
		definition.contact.search = { query: `query Find($text: String!) { contactsSearch(text: $text, first: 100) { ${SEL} } }`, path: 'contactsSearch' };
		return { ...data, resourceDefinition: JSON.stringify(definition) };
	};
	gql().operations.length = 0;
	const found = await runCrm(h.sb, subject, { operation: 'search', searchKind: 'contact', searchBy: 'email', query: 'ADA@example.com' }, [{}], { credential: withSearch });
	// The node sends the e-mail lower-cased; the search answers both (a substring of grandada@...); the node keeps the exact match only.
	expect(items(found).map((o) => o.email)).toEqual(['ada@example.com']);
	expect(ops().map((o) => [o.query.split('(')[0], o.variables])).toEqual([['query Find', { text: 'ada@example.com' }]]);

	gql().operations.length = 0;
	const byText = await runCrm(h.sb, subject, { operation: 'search', searchKind: 'contact', searchBy: 'text', query: 'lovelace' }, [{}], { credential: withSearch });
	expect(items(byText).map((o) => o.email).sort()).toEqual(['ada@example.com', 'grandada@example.com']);
	expect(ops()).toHaveLength(1);

	const customer = await runCrm(h.sb, subject, { operation: 'getCustomer', lookupBy: 'email', lookupValue: 'grandada@example.com' }, [{}], { credential: withSearch });
	expect(items(customer)).toEqual([expect.objectContaining({ found: true, email: 'grandada@example.com', firstName: 'Augusta' })]);
});
