import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readWriteFields, type WriteFieldsSpec } from '../../../shared/n8n/writeFields';
import { fakeContext } from '../../helpers/fakeContext';

const SPEC: WriteFieldsSpec = {
	json: { key: 'propertiesJson', label: 'Properties (JSON)' },
	list: { parameter: 'propertiesUi.property', label: 'Properties', noun: 'property' },
	emailFields: ['email'],
	emailLists: ['emails'],
	dedicated: (_ctx, additional) => (additional.ownerId ? { owner: additional.ownerId } : {}),
};

/** A neutral contact mapped to made-up vendor names, so the test sees the mapping happen. */
const fromNeutral = (_type: string, neutral: IDataObject): IDataObject => {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(neutral)) out[`v_${key}`] = value === null ? '' : value;
	return out;
};

function read(parameters: Record<string, unknown>, options: { partial?: boolean; own?: IDataObject; spec?: WriteFieldsSpec; neutralType?: 'contact' } = {}) {
	const { ctx } = fakeContext({ parameters });
	return readWriteFields(
		ctx as unknown as IExecuteFunctions,
		options.spec ?? SPEC,
		{ neutralType: 'neutralType' in options ? options.neutralType : 'contact', fromNeutral, partial: options.partial ?? false, own: options.own },
		0,
	);
}

describe('the shared write-field pipeline', () => {
	test('neutral record, then JSON, then dedicated fields, then the list: later sources win; the email is normalised', () => {
		expect(
			read({
				additionalFields: {
					neutralJson: '{"firstName": "Ada", "lastName": "Lovelace"}',
					propertiesJson: '{"v_lastName": "King", "city": "London", "owner": "1"}',
					ownerId: '7',
				},
				propertiesUi: { property: [{ name: 'email', value: '  ADA@Example.com ' }, { name: 'city', value: 'Paris' }] },
			}),
		).toEqual({ v_firstName: 'Ada', v_lastName: 'King', v_fullName: 'Ada Lovelace', v_custom: {}, city: 'Paris', owner: '7', email: 'ada@example.com' });
	});

	test('the resource mapper values take the list\'s place', () => {
		expect(read({ additionalFields: {}, propertiesUi: { property: [{ name: 'a', value: '1' }] } }, { own: { b: 2 } })).toEqual({ b: 2 });
	});

	test('email lists: each address normalised, plain strings become {value, primary}', () => {
		expect(read({ additionalFields: { propertiesJson: { emails: [' A@x.example ', { value: 'B@X.example', label: 'home' }] } } })).toEqual({
			emails: [
				{ value: 'a@x.example', primary: true },
				{ value: 'b@x.example', label: 'home' },
			],
		});
	});

	test.each([
		['a bad email', { propertiesUi: { property: [{ name: 'email', value: 'not-an-email' }] } }, /^Item 0: field "email": /],
		['a bad email in a list', { additionalFields: { propertiesJson: { emails: ['ok@x.example', 'nope'] } } }, /^Item 0: field "emails\[1\]": /],
		['a list entry without a name', { propertiesUi: { property: [{ name: '', value: 'x' }] } }, /^Item 0: a property in "Properties" has no name$/],
		['JSON that is not an object', { additionalFields: { propertiesJson: '[1, 2]' } }, /^Item 0: field "Properties \(JSON\)" must be a JSON object$/],
		['an invalid neutral record', { additionalFields: { neutralJson: '{"email": 42}' } }, /^Item 0: field "email"/],
	])('%s fails the item, naming the field', (_name, parameters, message) => {
		expect(() => read(parameters)).toThrow(message);
	});

	test('a neutral record for an object without a neutral shape is refused', () => {
		expect(() => read({ additionalFields: { neutralJson: '{"firstName": "Ada"}' } }, { neutralType: undefined })).toThrow(
			'Item 0: field "Neutral Record (JSON)" cannot be used with custom objects',
		);
	});

	describe('a create with nothing to write is an error, not a blank record', () => {
		test.each([
			['no field at all', { additionalFields: {} }],
			['every listed value empty', { propertiesUi: { property: [{ name: 'firstname', value: '' }, { name: 'email', value: '' }] } }],
			['every JSON value null', { additionalFields: { propertiesJson: '{"firstname": null, "lastname": null}' } }],
			['an empty JSON object', { additionalFields: { propertiesJson: '{}' } }],
		])('%s', (_name, parameters) => {
			expect(() => read(parameters)).toThrow('Item 0: nothing to create: every field is empty or null (a create needs at least one value)');
		});

		test('an update may send only clears (null) or nothing', () => {
			expect(read({ additionalFields: { propertiesJson: '{"firstname": null}' } }, { partial: true })).toEqual({ firstname: null });
			expect(read({ additionalFields: {} }, { partial: true })).toEqual({});
		});
	});

	test('the vendor\'s value form is applied last; a value it cannot take fails naming the field', () => {
		const spec: WriteFieldsSpec = {
			...SPEC,
			vendorValue: (value) => {
				if (typeof value === 'object' && value !== null) throw new Error('not an object');
				return String(value);
			},
		};
		expect(read({ additionalFields: { propertiesJson: '{"n": 250, "b": true}' } }, { spec })).toEqual({ n: '250', b: 'true' });
		expect(() => read({ additionalFields: { propertiesJson: '{"n": {"x": 1}}' } }, { spec })).toThrow('Item 0: field "n": not an object');
	});
});
