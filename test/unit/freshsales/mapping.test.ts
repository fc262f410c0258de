/**
 * Neutral ↔ Freshsales mapping: what Freshsales keeps its own way (times with
 * the account's offset, emails as a list, dropdown ids, task status 0/1, the
 * record a task, appointment or note belongs to, custom fields cf_*).
 */
import { freshsalesToNeutral, neutralToFreshsales } from '../../../nodes/Freshsales/connector/mapping';
import { toRecord } from '../../../nodes/Freshsales/connector/records';

describe('Freshsales → neutral', () => {
	test('a contact: primary email lower-cased from the list when `email` is absent, owner id as text, times in UTC, cf_ fields under custom', () => {
		const record = toRecord('contacts', {
			id: 16000012345,
			first_name: 'Ada',
			last_name: 'Lovelace',
			emails: [
				{ value: 'other@example.com', is_primary: false },
				{ value: 'ADA@Example.com', is_primary: true },
			],
			work_number: '+442071234567',
			owner_id: 7001,
			city: 'London',
			created_at: '2026-01-02T15:04:05+05:30',
			updated_at: '2026-01-03T10:00:00+05:30',
			custom_field: { cf_tier: 'Gold' },
			display_name: 'Ada Lovelace',
		});
		expect(record.updatedAt).toBe('2026-01-03T04:30:00.000Z');
		expect(freshsalesToNeutral('contact', record)).toEqual({
			id: '16000012345',
			firstName: 'Ada',
			lastName: 'Lovelace',
			fullName: 'Ada Lovelace',
			email: 'ada@example.com',
			phone: '+442071234567',
			ownerId: '7001',
			address: { city: 'London' },
			createdAt: '2026-01-02T09:34:05.000Z',
			updatedAt: '2026-01-03T04:30:00.000Z',
			custom: { cf_tier: 'Gold' },
		});
	});

	test('a task: status 1 is completed, the record it belongs to is an association', () => {
		const record = toRecord('tasks', { id: 5, title: 'Call', status: 1, due_date: '2026-03-05T10:00:00Z', targetable_type: 'SalesAccount', targetable_id: 77 });
		expect(freshsalesToNeutral('task', record)).toMatchObject({ subject: 'Call', status: 'completed', dueDate: '2026-03-05T10:00:00Z', associations: [{ kind: 'company', id: '77' }] });
	});
});

describe('neutral → Freshsales', () => {
	test('a task belongs to the first contact, company or deal it names; its status is 0 or 1', () => {
		expect(
			neutralToFreshsales('task', {
				subject: 'Send the notes',
				status: 'completed',
				associations: [
					{ kind: 'note', id: '1' },
					{ kind: 'deal', id: '42' },
				],
			}),
		).toEqual({ title: 'Send the notes', status: 1, targetable_type: 'Deal', targetable_id: 42 });
	});

	test('a deal: stage and pipeline ids as numbers, its company as its account, the close date as a day; null clears', () => {
		expect(neutralToFreshsales('deal', { name: 'Engine', amount: '17000', stage: '33', closeDate: '2026-06-30', ownerId: null, associations: [{ kind: 'company', id: '9' }] })).toEqual({
			name: 'Engine',
			amount: 17000,
			deal_stage_id: 33,
			expected_close: '2026-06-30',
			owner_id: null,
			sales_account_id: 9,
		});
	});

	test('only fields present are written; custom ones pass through by name', () => {
		expect(neutralToFreshsales('contact', { email: 'ada@example.com', custom: { cf_tier: 'Gold' } })).toEqual({ email: 'ada@example.com', cf_tier: 'Gold' });
	});
});
