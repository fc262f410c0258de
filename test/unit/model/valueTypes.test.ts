import { checkValueTypes, neutralFieldType, valueTypeProblem } from '../../../shared/model';

describe('checkValueTypes: the type each neutral field takes, before normalisation', () => {
	it('names each field whose value has the wrong type, with what it expects', () => {
		expect(
			checkValueTypes('contact', { email: 'a@b.io', firstName: 42, lastName: 'Lovelace', jobTitle: 7, phone: 4155550123, 'address.city': 75001 }),
		).toEqual([{ field: 'firstName', expected: 'a name (text)', reason: 'expected a name (text), got number 42' }]);
		expect(checkValueTypes('contact', { email: 12, fullName: true, ownerId: null, lastName: '' })).toEqual([
			{ field: 'email', expected: 'an email address (text)', reason: 'expected an email address (text), got number 12' },
			{ field: 'fullName', expected: 'a name (text)', reason: 'expected a name (text), got boolean true' },
		]);
		expect(checkValueTypes('deal', { name: 'D', amount: 'abc', closeDate: false, currency: 5 })).toEqual([
			{ field: 'closeDate', expected: 'a date (yyyy-MM-dd text or epoch milliseconds)', reason: 'expected a date (yyyy-MM-dd text or epoch milliseconds), got boolean false' },
			{ field: 'currency', expected: 'a currency code (text)', reason: 'expected a currency code (text), got number 5' },
		]);
	});

	it('leaves formats, unknown fields and compound fields to their own checks', () => {
		expect(checkValueTypes('contact', { email: 'not-an-email', phone: 'n/a', somethingElse: 1, address: '{"city":"x"}', custom: 3 })).toEqual([]);
		expect(neutralFieldType('contact', 'address.city')).toBe('text');
		expect(neutralFieldType('contact', 'address.zip.x')).toBeUndefined();
		expect(neutralFieldType('contact', 'toString')).toBeUndefined();
		expect(valueTypeProblem('text', Number.NaN)).toEqual({ expected: 'text', reason: 'expected text, got number NaN' });
	});
});
