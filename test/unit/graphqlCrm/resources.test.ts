import { parseResources } from '../../../nodes/GraphqlCrm/connector/resources';
import { fieldTable, neutralToGraphql } from '../../../nodes/GraphqlCrm/connector/mapping';

const list = { query: 'query ($first: Int, $after: String, $since: String) { contacts(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }', path: 'contacts' };
const getByIds = { query: 'query ($ids: [ID!]!) { contactsByIds(ids: $ids) { id } }', path: 'contactsByIds' };

test('a minimal definition: defaults for ids, times, paging, variables and batch size', () => {
	const { contact } = parseResources(JSON.stringify({ contact: { list, getByIds, create: { mutation: 'createContact(input: $input) { id }', inputType: 'ContactInput!' } } }));
	expect(contact).toEqual(
		expect.objectContaining({
			idField: 'id',
			updatedAtField: 'updatedAt',
			batchSize: 25,
			list: expect.objectContaining({ style: 'relay', pageSize: 50, sinceVariable: 'since', path: 'contacts' }),
			getByIds: expect.objectContaining({ idsVariable: 'ids', max: 100 }),
			create: { field: 'createContact(input: $input) { id }', variables: [{ name: 'input', type: 'ContactInput!' }], recordPath: '' },
		}),
	);
	expect(contact?.update).toBeUndefined();
});

test.each([
	['not JSON', '{', /not valid JSON/],
	['an unknown kind', { lead: {} }, /"lead" is not a kind the connector maps \(contact, company, deal\)/],
	['no list query', { contact: { getByIds } }, /"contact": list.query is missing/],
	['a whole document as a mutation', { contact: { list, getByIds, create: { mutation: 'mutation { createContact(input: $input) { id } }', inputType: 'X!' } } }, /mutation field only/],
	['a mutation without its variable', { contact: { list, getByIds, update: { mutation: 'updateContact(input: $input) { id }', inputType: 'X!' } } }, /update.mutation must use the variable \$id/],
	['no input type', { contact: { list, getByIds, create: { mutation: 'createContact(input: $input) { id }' } } }, /give the GraphQL type of \$input/],
	['an unknown paging style', { contact: { list: { ...list, paging: 'pages' }, getByIds } }, /list.paging "pages" is not one of/],
	['an upsert without its key field', { contact: { list, getByIds, upsert: { mutation: 'upsertContact(email: $key, input: $input) { id }', inputType: 'X!' } } }, /upsert.keyField is missing/],
])('refused with the reason: %s', (_name, value, message) => {
	expect(() => parseResources(typeof value === 'string' ? value : JSON.stringify(value))).toThrow(message);
});

test('mapping: same-name fields by default, dotted paths written as nested input objects; `fields` replaces the table', () => {
	expect(neutralToGraphql('contact', undefined, { firstName: 'Ada', address: { city: 'London' }, custom: { vip: true } })).toEqual({ firstName: 'Ada', address: { city: 'London' }, vip: true });
	const resource = { fields: { firstName: 'first_name', 'address.city': 'location.city' } };
	expect(fieldTable('contact', resource).map((f) => [f.neutral, f.vendor])).toEqual([
		['firstName', 'first_name'],
		['address.city', 'location.city'],
	]);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	expect(neutralToGraphql('contact', resource as any, { firstName: 'Ada', address: { city: 'London' } })).toEqual({ first_name: 'Ada', location: { city: 'London' } });
});
