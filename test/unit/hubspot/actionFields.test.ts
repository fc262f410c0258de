import { explainHubSpotFailure } from '../../../nodes/HubSpot/actions/failures';
import { hubspotValue } from '../../../nodes/HubSpot/actions/fields';

describe('HubSpot property values are sent as strings (the v3 API takes every value as a string)', () => {
	test.each([
		[250, '250'],
		[-1.5, '-1.5'],
		[true, 'true'],
		[false, 'false'],
		[null, ''],
		['as is', 'as is'],
	])('%p -> %p', (value, expected) => {
		expect(hubspotValue(value)).toBe(expected);
	});

	test('objects, lists and non-finite numbers have no HubSpot form', () => {
		expect(() => hubspotValue({ a: 1 })).toThrow('HubSpot takes text, a number or true/false here');
		expect(() => hubspotValue(['a', 'b'] as never)).toThrow('HubSpot takes text, a number or true/false here');
		expect(() => hubspotValue(Number.NaN)).toThrow('NaN is not a number HubSpot can store');
	});
});

describe('HubSpot validation errors read field by field', () => {
	const failed = (message: string) => ({ index: 0, ok: false as const, message, code: 'VALIDATION_ERROR' });

	test('one reason per property of "Property values were not valid: [...]"', () => {
		const message =
			'Property values were not valid: [{"isValid":false,"message":"Email address not-an-email is invalid","error":"INVALID_EMAIL","name":"email","localizedErrorMessage":"Email address not-an-email is invalid"},{"isValid":false,"message":"Property \\"shoe_size\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"shoe_size"}]';
		expect(explainHubSpotFailure(failed(message))).toEqual([
			{ field: 'email', reason: 'Email address not-an-email is invalid' },
			{ field: 'shoe_size', reason: 'Property "shoe_size" does not exist' },
		]);
	});

	test('text after the list (details HubSpot appends) does not hide it', () => {
		const message = 'Property values were not valid: [{"isValid":false,"message":"x is not a valid number","error":"INVALID_DECIMAL","name":"amount"}]: see [docs]';
		expect(explainHubSpotFailure(failed(message))).toEqual([{ field: 'amount', reason: 'x is not a valid number' }]);
	});

	test('other failures are left as HubSpot said them', () => {
		expect(explainHubSpotFailure(failed('Contact already exists. Existing ID: 51'))).toBeUndefined();
		expect(explainHubSpotFailure(failed('Property values were not valid: [not json'))).toBeUndefined();
	});
});
