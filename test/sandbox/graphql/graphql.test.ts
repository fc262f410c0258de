/**
 * The sandbox GraphQL CRM as a client sees it: graphql-js's own client
 * helpers (introspection query, buildClientSchema, validate) against the
 * served schema, and the strictness the connector relies on.
 */
import { buildClientSchema, getIntrospectionQuery, parse, validate, type IntrospectionQuery } from 'graphql';
import { startSandbox, type Sandbox } from '..';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 3 });
});
afterAll(async () => sb.close());
beforeEach(() => sb.graphql.resetLimits());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function post(body: unknown, headers: Record<string, string> = { authorization: 'Bearer gql-sandbox-token' }): Promise<[number, any]> {
	const res = await fetch(sb.graphql.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return [res.status, await res.json()];
}

test('introspection answers a schema graphql-js builds, and the resource definition the tests use validates against it', async () => {
	const [status, body] = await post({ query: getIntrospectionQuery() });
	expect(status).toBe(200);
	const schema = buildClientSchema(body.data as IntrospectionQuery);
	const definition = sb.graphql.resourceDefinition({ paging: 'relay' });
	for (const kind of ['contact', 'company', 'deal']) {
		const r = definition[kind];
		for (const doc of [r.list.query, r.getByIds.query]) expect(validate(schema, parse(doc))).toEqual([]);
		for (const [name, m] of Object.entries(r).filter(([k]) => ['create', 'update', 'delete', 'upsert'].includes(k)) as Array<[string, { mutation: string; inputType?: string }]>) {
			const vars = [m.mutation.includes('$input') ? `$input: ${m.inputType}` : '', m.mutation.includes('$id') ? '$id: ID!' : '', m.mutation.includes('$key') ? '$key: String!' : ''].filter(Boolean).join(', ');
			expect([name, validate(schema, parse(`mutation (${vars}) { m0: ${m.mutation} }`))]).toEqual([name, []]);
		}
	}
});

test('strict like a real server: unknown input fields, a missing or duplicate e-mail, pages over 100, no auth', async () => {
	const create = 'mutation ($i: ContactInput!) { createContact(input: $i) { id } }';
	let [, body] = await post({ query: create, variables: { i: { email: 'a@example.com', nickname: 'x' } } });
	expect(body.data).toBeUndefined();
	expect(body.errors[0].message).toMatch(/Field "nickname" is not defined by type "ContactInput"/);
	[, body] = await post({ query: create, variables: { i: { firstName: 'No email' } } });
	expect(body.errors[0]).toEqual(expect.objectContaining({ message: 'email is required', path: ['createContact'], extensions: { code: 'BAD_USER_INPUT', field: 'email' } }));
	await post({ query: create, variables: { i: { email: 'dup@example.com' } } });
	[, body] = await post({ query: create, variables: { i: { email: 'DUP@example.com' } } });
	expect(body.errors[0].extensions.code).toBe('DUPLICATE_VALUE');
	[, body] = await post({ query: '{ contacts(first: 101) { nodes { id } } }' });
	expect(body.errors[0].message).toBe('first must be at most 100');
	const [status] = await post({ query: '{ __typename }' }, {});
	expect(status).toBe(401);
});

test('cost: every answer reports it; over the bucket THROTTLED (nothing run), over the maximum MAX_COST_EXCEEDED', async () => {
	sb.graphql.setLimits({ maximumAvailable: 100, restoreRate: 1 });
	let [, body] = await post({ query: '{ contacts(first: 60) { nodes { id } } }' });
	expect(body.extensions.cost).toEqual({ requestedQueryCost: 62, actualQueryCost: 62, throttleStatus: { maximumAvailable: 100, currentlyAvailable: 38, restoreRate: 1 } });
	[, body] = await post({ query: 'mutation ($i: ContactInput!) { createContact(input: $i) { id } m1: createContact(input: $i) { id } m2: createContact(input: $i) { id } m3: createContact(input: $i) { id } }', variables: { i: { email: 'never@example.com' } } });
	expect(body.errors).toEqual([{ message: 'Throttled', extensions: { code: 'THROTTLED' } }]);
	expect(body.data).toBeUndefined();
	expect(sb.graphql.list('contacts').some((c: { email: string }) => c.email === 'never@example.com')).toBe(false);
	[, body] = await post({ query: '{ contacts(first: 100) { nodes { id } } }' });
	expect(body.errors[0].extensions.code).toBe('MAX_COST_EXCEEDED');
});
