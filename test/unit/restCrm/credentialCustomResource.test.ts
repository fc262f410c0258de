/**
 * The REST CRM credential's "Custom Resource for CRM Sync (JSON)" (issue 13):
 * read into the description CRM Sync uses, and refused before any call,
 * naming the credential field and what is wrong.
 */
import { credentialCustomResource } from '../../../nodes/RestCrm/connector/customResource';
import { standardTypeOf } from '../../../nodes/RestCrm/connector/resources';

const FIELD = 'REST CRM credential, field "Custom Resource for CRM Sync (JSON)"';

test('empty means none; JSON text and an object give the same description', () => {
	expect(credentialCustomResource('')).toBeUndefined();
	expect(credentialCustomResource('  ')).toBeUndefined();
	expect(credentialCustomResource(undefined)).toBeUndefined();
	const value = { path: '/ext/cursor/members', pagingStyle: 'cursor', idField: 'uid', updatedField: 'updated', recordsPath: 'results', kind: 'contact', fieldMap: { email: 'email', firstName: 'given_name' } };
	const parsed = credentialCustomResource(JSON.stringify(value));
	expect(parsed).toEqual(credentialCustomResource(value));
	expect(parsed).toMatchObject({
		path: '/ext/cursor/members',
		itemPath: '/ext/cursor/members/{id}',
		idField: 'uid',
		updatedField: 'updated',
		recordsPath: 'results',
		updateMethod: 'PATCH',
		paging: { style: 'cursor', pageSize: 50, positionParam: 'cursor', sizeParam: 'limit', nextPath: 'next_cursor' },
		kind: 'contact',
		fieldMap: { email: 'email', firstName: 'given_name' },
	});
	// It stands in for the standard resource of its kind.
	expect(standardTypeOf(parsed!)).toBe('contacts');
	expect(standardTypeOf({ kind: 'company' })).toBe('clients');
});

test.each([
	['{"path": ', `${FIELD}: is not valid JSON`],
	['[1]', `${FIELD}: must be a JSON object`],
	['{"kind": "contact", "fieldMap": {"email": "email"}}', `${FIELD}: field "Path" is required, e.g. /tickets`],
	['{"path": "/m", "fieldMap": {"email": "email"}}', `${FIELD}: field "Neutral Kind" is needed with a Field Map`],
	['{"path": "/m", "kind": "contact"}', `${FIELD}: needs "fieldMap" (neutral field -> resource field, e.g. {"email": "email"})`],
	['{"path": "/m", "kind": "contact", "fieldMap": {}}', `${FIELD}: needs "fieldMap" (neutral field -> resource field, e.g. {"email": "email"})`],
	['{"path": "/m", "fieldMap": {"email": "email"}, "kind": "lead"}', `${FIELD}: field "Neutral Kind" must be one of contact, company, deal, appointment, task, note (the REST CRM's kinds), not "lead"`],
	['{"path": "/m", "kind": "contact", "fieldMap": {"email": "e"}, "pagingStyle": "sideways"}', `${FIELD}: field "Paging" must be one of page, offset, cursor, linkHeader, nextUrl, not "sideways"`],
	['{"path": "/m", "kind": "contact", "fieldMap": {"email": "e"}, "updateMethod": "POST"}', `${FIELD}: field "Update Method" must be PUT or PATCH`],
])('refused: %s', (json, message) => {
	expect(() => credentialCustomResource(json)).toThrow(message);
});
