import { pipedriveToNeutral, neutralToPipedrive } from '../../../nodes/Pipedrive/connector/mapping';
import { toRecord } from '../../../nodes/Pipedrive/connector/records';
import { validateNeutral } from '../../../shared/model/validate';

const KEY = 'ffffffffffffffffffffffffffffffffffffffff';

describe('Pipedrive ↔ neutral', () => {
	test('person → contact: name parts, primary email, work and mobile phones, custom fields by name', () => {
		const record = toRecord('persons', {
			id: 5,
			name: 'Ada Lovelace',
			first_name: 'Ada',
			last_name: 'Lovelace',
			owner_id: 1001,
			emails: [{ value: 'Ada@Example.com', primary: true, label: 'work' }],
			phones: [{ value: '+442071234567', primary: true, label: 'work' }, { value: '+447700900123', primary: false, label: 'mobile' }],
			add_time: '2026-01-01T00:00:00Z',
			update_time: '2026-01-02T00:00:00Z',
			custom_fields: { [KEY]: 'Large' },
		});
		const neutral = pipedriveToNeutral('contact', record, new Map([[KEY, 'Shoe Size']]));
		expect(neutral).toEqual({
			id: '5',
			fullName: 'Ada Lovelace',
			firstName: 'Ada',
			lastName: 'Lovelace',
			ownerId: '1001',
			email: 'ada@example.com',
			phone: '+442071234567',
			mobilePhone: '+447700900123',
			createdAt: '2026-01-01T00:00:00.000Z',
			updatedAt: '2026-01-02T00:00:00.000Z',
			custom: { 'Shoe Size': 'Large' },
		});
		expect(() => validateNeutral('contact', neutral)).not.toThrow();
	});

	test('contact → person: whole name, emails and phones lists, null clears', () => {
		expect(neutralToPipedrive('contact', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: null, ownerId: '7' })).toEqual({
			name: 'Ada Lovelace',
			owner_id: 7,
			emails: [{ value: 'ada@example.com', primary: true, label: 'work' }],
			phones: [],
		});
	});

	test('activity ↔ appointment: due date and time in UTC, duration, location, attendees, participants', () => {
		const record = toRecord('activities', {
			id: 9,
			subject: 'Demo',
			type: 'meeting',
			due_date: '2026-03-01',
			due_time: '09:30',
			duration: '01:15',
			location: { value: 'Berlin' },
			attendees: [{ email: 'Bob@example.com' }],
			participants: [{ person_id: 5, primary: true }],
			deal_id: 3,
		});
		const neutral = pipedriveToNeutral('appointment', record);
		expect(neutral).toMatchObject({
			title: 'Demo',
			startTime: '2026-03-01T09:30:00Z',
			endTime: '2026-03-01T10:45:00Z',
			location: 'Berlin',
			attendees: ['bob@example.com'],
			associations: [
				{ kind: 'deal', id: '3' },
				{ kind: 'contact', id: '5' },
			],
		});
		expect(
			neutralToPipedrive('appointment', {
				title: 'Demo',
				startTime: '2026-03-01T10:30:00+01:00',
				endTime: '2026-03-01T11:45:00+01:00',
				location: 'Berlin',
				associations: [{ kind: 'contact', id: '5' }, { kind: 'deal', id: '3' }],
			}),
		).toEqual({
			subject: 'Demo',
			due_date: '2026-03-01',
			due_time: '09:30',
			duration: '01:15',
			location: { value: 'Berlin' },
			participants: [{ person_id: 5, primary: true }],
			person_id: 5,
			deal_id: 3,
		});
	});

	test('deal ↔ deal, organization ↔ company, note ↔ note, lead ↔ lead', () => {
		expect(pipedriveToNeutral('deal', toRecord('deals', { id: 1, title: 'Big', value: 5000, currency: 'EUR', stage_id: 2, pipeline_id: 1, expected_close_date: '2026-05-01', person_id: 4, org_id: 6 }))).toMatchObject({
			name: 'Big',
			amount: 5000,
			currency: 'EUR',
			stage: '2',
			pipeline: '1',
			closeDate: '2026-05-01',
			associations: [
				{ kind: 'contact', id: '4' },
				{ kind: 'company', id: '6' },
			],
		});
		expect(neutralToPipedrive('deal', { name: 'Big', amount: 5000, stage: '2' })).toEqual({ title: 'Big', value: 5000, stage_id: 2 });
		expect(pipedriveToNeutral('company', toRecord('organizations', { id: 2, name: 'Acme', address: { route: 'Main St', street_number: '1', locality: 'Springfield', postal_code: '12345', country: 'USA' } }))).toMatchObject({
			name: 'Acme',
			address: { street: 'Main St 1', city: 'Springfield', postalCode: '12345', country: 'USA' },
		});
		expect(neutralToPipedrive('note', { body: 'Hello', associations: [{ kind: 'deal', id: '3' }] })).toEqual({ content: 'Hello', deal_id: 3 });
		expect(pipedriveToNeutral('lead', toRecord('leads', { id: 'u-1', title: 'Inbound', is_archived: false, source_name: 'API', value: { amount: 10, currency: 'EUR' } }))).toMatchObject({
			fullName: 'Inbound',
			status: 'open',
			source: 'API',
			custom: { value: 10, currency: 'EUR' },
		});
	});
});
