import { aliasedMutation, errorFields, errorsByAlias } from '../../../nodes/GraphqlCrm/connector/aliases';
import { parseFieldVariables } from '../../../nodes/GraphqlCrm/actions/execute';

test('aliased mutation: the field repeated under m0, m1, ... with its variables renamed per alias', () => {
	const doc = aliasedMutation('CrmPackUpdate', 'updateContact(id: $id, input: $input) { id }', [
		{ name: 'id', type: 'ID!' },
		{ name: 'input', type: 'ContactInput!' },
	], [
		{ id: '1', input: { email: 'a@x.io' } },
		{ id: '2', input: { email: 'b@x.io' } },
	]);
	expect(doc.query).toBe(
		'mutation CrmPackUpdate($id_0: ID!, $input_0: ContactInput!, $id_1: ID!, $input_1: ContactInput!) {\n  m0: updateContact(id: $id_0, input: $input_0) { id }\n  m1: updateContact(id: $id_1, input: $input_1) { id }\n}',
	);
	expect(doc.variables).toEqual({ id_0: '1', input_0: { email: 'a@x.io' }, id_1: '2', input_1: { email: 'b@x.io' } });
});

test('$input is renamed, $inputs (another variable) is not', () => {
	const doc = aliasedMutation('B', 'f(a: $input, b: $inputs)', [{ name: 'input', type: 'I!' }], [{ input: 1 }]);
	expect(doc.query).toContain('m0: f(a: $input_0, b: $inputs)');
});

test('errors by alias: path[0] m<i> goes to input i, anything else concerns every input', () => {
	const { byIndex, general } = errorsByAlias(
		[
			{ message: 'bad email', path: ['m1'], extensions: { code: 'BAD_USER_INPUT', field: 'email' } },
			{ message: 'deep', path: ['m0', 'contact', 'email'] },
			{ message: 'no path' },
			{ message: 'out of range', path: ['m9'] },
		],
		2,
	);
	expect(byIndex.map((e) => e.map((x) => x.message))).toEqual([['deep'], ['bad email']]);
	expect(general.map((e) => e.message)).toEqual(['no path', 'out of range']);
	expect(errorFields(byIndex[1])).toEqual(['email']);
});

test('field variables: "name: Type" pairs, a bad one named', () => {
	expect(parseFieldVariables('input: ContactInput!, $id: ID!')).toEqual([
		{ name: 'input', type: 'ContactInput!' },
		{ name: 'id', type: 'ID!' },
	]);
	expect(() => parseFieldVariables('input')).toThrow('"input" is not "name: Type"');
});
