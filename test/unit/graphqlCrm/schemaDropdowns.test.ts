/**
 * The GraphQL CRM node's schema dropdowns (Record Type, Record Fields, Input
 * Fields) against a nock'd server answering the introspection query with the
 * schema graphql-js executes for the sandbox's SDL, and the documents and
 * variables the node writes from what was chosen.
 */
import { buildSchema, graphqlSync } from 'graphql';
import nock from 'nock';
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { INTROSPECTION_QUERY, mutationTemplate, queryDocument, readSchema } from '../../../nodes/GraphqlCrm/connector/introspection';
import { fieldPick, variablesFromFields } from '../../../nodes/GraphqlCrm/connector/schemaFields';
import { getInputFields, getRecordFields, getRecordTypes } from '../../../nodes/GraphqlCrm/methods/loadOptions';
import { resetCostBudgets } from '../../../nodes/GraphqlCrm/transport/costBudget';
import { fakeContext } from '../../helpers/fakeContext';
import { isolateNock } from '../../helpers/nockIsolation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SDL } = require('../../sandbox/graphql/schema') as { SDL: string };

const HOST = 'https://crm.example.com';
const INTROSPECTION = graphqlSync({ schema: buildSchema(SDL), source: INTROSPECTION_QUERY }) as unknown as { data: IDataObject };
const SCHEMA = readSchema(INTROSPECTION.data);

isolateNock();
beforeEach(() => resetCostBudgets());

/** A dropdown's context: the editor's current parameters (ILoadOptionsFunctions.getNodeParameter(name, fallback)). */
function dropdownContext(parameters: IDataObject): ILoadOptionsFunctions {
	const { ctx } = fakeContext({
		credentials: { crmPackGraphqlCrmApi: { endpoint: `${HOST}/graphql`, authType: 'none', requestsPerMinute: 0 } },
		node: { credentials: { crmPackGraphqlCrmApi: { id: 'gql-1', name: 'GraphQL' } } },
	});
	const all: IDataObject = { authentication: 'standard', ...parameters };
	return { ...(ctx as object), getNodeParameter: (name: string, fallback?: unknown) => (name in all ? all[name] : fallback) } as unknown as ILoadOptionsFunctions;
}

/** Expects exactly one introspection POST (the exact body), answered with the sandbox schema. */
function introspectionOnce() {
	const bodies: unknown[] = [];
	const scope = nock(HOST)
		.post('/graphql', (body) => {
			bodies.push(body);
			return true;
		})
		.matchHeader('content-type', /application\/json/)
		.reply(200, INTROSPECTION);
	return { scope, bodies };
}

test('Record Type: the types the written document selects for the chosen query, the records first', async () => {
	const { scope, bodies } = introspectionOnce();
	const options = await getRecordTypes.call(dropdownContext({ operation: 'query', queryName: 'contacts' }));
	expect(bodies).toEqual([{ query: INTROSPECTION_QUERY }]);
	expect(scope.isDone()).toBe(true);
	expect(options).toEqual([
		{ name: "Automatic (the Records' Type)", value: '', description: 'Contact for this query' },
		{ name: 'Contact', value: 'Contact', description: 'At contacts.nodes (the records)' },
		{ name: 'ContactConnection', value: 'ContactConnection', description: 'At contacts' },
		{ name: 'ContactEdge', value: 'ContactEdge', description: 'At contacts.edges' },
		{ name: 'PageInfo', value: 'PageInfo', description: 'At contacts.pageInfo' },
	]);
});

test('Record Type for a mutation payload: the record inside it; nothing chosen yet: no call, no options', async () => {
	const { bodies } = introspectionOnce();
	const options = await getRecordTypes.call(dropdownContext({ operation: 'mutation', mutationName: 'upsertCompany' }));
	expect(bodies).toHaveLength(1);
	expect(options.map((o) => [o.value, o.description])).toEqual([
		['', 'Company for this mutation'],
		['Company', 'At upsertCompany.company (the records)'],
		['UpsertCompanyPayload', 'At upsertCompany'],
	]);
	expect(await getRecordTypes.call(dropdownContext({ operation: 'query', queryName: '' }))).toEqual([]);
	expect(nock.pendingMocks()).toEqual([]);
});

test('Record Fields: the fields of the records type (or of the chosen type), with their GraphQL types', async () => {
	introspectionOnce();
	const fields = await getRecordFields.call(dropdownContext({ operation: 'query', queryName: 'dealsPage', recordType: '' }));
	expect(fields.map((f) => f.value)).toEqual(['amount', 'closeDate', 'companyId', 'createdAt', 'currency', 'description', 'id', 'name', 'ownerId', 'pipeline', 'stage', 'updatedAt']);
	expect(fields.find((f) => f.value === 'id')?.description).toBe('ID!');
	expect(fields.find((f) => f.value === 'amount')?.description).toBe('Float');

	introspectionOnce();
	const page = await getRecordFields.call(dropdownContext({ operation: 'query', queryName: 'dealsPage', recordType: 'DealOffsetPage' }));
	expect(page.map((f) => [f.value, f.description])).toEqual([
		['items', '[Deal!]!'],
		['nextOffset', 'Int'],
		['total', 'Int!'],
	]);
});

test('Input Fields: every input-object argument of the mutation, as argument.field', async () => {
	const { bodies } = introspectionOnce();
	const options = await getInputFields.call(dropdownContext({ operation: 'mutation', mutationName: 'updateContact' }));
	expect(bodies).toEqual([{ query: INTROSPECTION_QUERY }]);
	expect(options.map((o) => o.value)).toEqual([
		'input.address',
		'input.company',
		'input.email',
		'input.firstName',
		'input.jobTitle',
		'input.lastName',
		'input.lifecycleStage',
		'input.mobilePhone',
		'input.ownerId',
		'input.phone',
	]);
	expect(options.find((o) => o.value === 'input.address')?.description).toBe('AddressInput in input: ContactInput!');
});

test('an introspection refused by the server fails the dropdown with its message', async () => {
	nock(HOST).post('/graphql').reply(200, { errors: [{ message: 'GraphQL introspection is not allowed' }] });
	await expect(getRecordTypes.call(dropdownContext({ operation: 'query', queryName: 'contacts' }))).rejects.toThrow('GraphQL introspection is not allowed');
});

test('the written query selects only the chosen fields of the records, objects one level deeper', () => {
	const pick = fieldPick(SCHEMA, 'query', 'contacts', '', ['email', 'address', 'id']);
	expect(pick).toEqual({ type: 'Contact', fields: ['email', 'address', 'id'] });
	expect(queryDocument(SCHEMA, 'contacts', pick)).toBe(
		'query CrmPackQuery($first: Int, $after: String, $updatedSince: String, $orderBy: SortOrder) { contacts(first: $first, after: $after, updatedSince: $updatedSince, orderBy: $orderBy) { edges { cursor } nodes { id email address { street city state postalCode country } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }',
	);
	// Another selected type: the page info trimmed, the records keep every scalar.
	const info = fieldPick(SCHEMA, 'query', 'contacts', 'PageInfo', ['hasNextPage', 'endCursor']);
	expect(queryDocument(SCHEMA, 'contacts', info)).toContain('pageInfo { hasNextPage endCursor } totalCount');
	expect(mutationTemplate(SCHEMA, 'upsertContact', 'mutation', fieldPick(SCHEMA, 'mutation', 'upsertContact', '', ['id', 'email'])).field).toBe(
		'upsertContact(email: $email, input: $input) { contact { id email } created }',
	);
	expect(fieldPick(SCHEMA, 'query', 'contacts', '', [])).toBeUndefined();
});

test('a chosen name the schema does not have fails naming the parameter', () => {
	expect(() => fieldPick(SCHEMA, 'query', 'contacts', '', ['nickname'])).toThrow('field "recordFields": "nickname" is not a field of Contact');
	expect(() => fieldPick(SCHEMA, 'query', 'contacts', 'Deal', ['name'])).toThrow('field "recordType": "Deal" is not a type the query "contacts" selects (ContactConnection, ContactEdge, Contact, PageInfo)');
	expect(() => variablesFromFields(SCHEMA, 'createContact', ['input.nickname'], {})).toThrow('field "inputFields": "input.nickname" is not an input field of the mutation "createContact"');
});

test('variables from the item: chosen input fields into the input argument, other arguments by name, absent fields left out', () => {
	const item = { id: '7', email: 'ada@example.com', firstName: 'Ada', phone: undefined, extra: 'ignored' };
	expect(variablesFromFields(SCHEMA, 'updateContact', ['input.email', 'input.firstName', 'input.phone'], item)).toEqual({
		id: '7',
		input: { email: 'ada@example.com', firstName: 'Ada' },
	});
	expect(variablesFromFields(SCHEMA, 'upsertContact', ['input.firstName'], item)).toEqual({ email: 'ada@example.com', input: { firstName: 'Ada' } });
});
