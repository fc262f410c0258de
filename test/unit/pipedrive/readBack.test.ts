/** A Pipedrive record read back after a dropped create is matched in the shape Pipedrive stores (issue 19). */
import { madeBy } from '../../../nodes/Pipedrive/connector/failures';

const stored = {
	id: 7,
	name: 'Ada Lovelace',
	emails: [{ value: 'ada@example.com', primary: true, label: 'work' }],
	phones: [],
	owner_id: 1,
	abc: 100,
};

describe('madeBy', () => {
	it('matches the body sent (emails as a list, custom fields by key) against the stored record', () => {
		expect(madeBy({ name: 'Ada Lovelace', emails: [{ value: 'ADA@example.com', primary: true, label: 'work' }], custom_fields: { abc: 100 } }, stored)).toBe(true);
	});

	it('a different email, name or custom value is another record', () => {
		expect(madeBy({ name: 'Ada Lovelace', emails: [{ value: 'grace@example.com' }] }, stored)).toBe(false);
		expect(madeBy({ name: 'Grace Hopper', emails: [{ value: 'ada@example.com' }] }, stored)).toBe(false);
		expect(madeBy({ name: 'Ada Lovelace', custom_fields: { abc: 101 } }, stored)).toBe(false);
	});

	it('needs at least one compared value', () => {
		expect(madeBy({ address: { value: 'London' } }, stored)).toBe(false);
	});
});
