import { bookingIdIn, bookingMarker } from '../../../shared/neutralOps';
import { keysOf, mergeHits, separateHits, type Hit } from '../../../nodes/CrmSearch/merge';

const hit = (crm: string, id: string, fields: Record<string, unknown>): Hit => ({ crm, id, url: `https://${crm}/${id}`, fields: { crm, id, ...fields } as never });

describe('CRM Search merge', () => {
	test('keys: a person by normalised email and phone, a company by domain or website, a deal by nothing', () => {
		expect(keysOf('contact', { email: ' Ada@Example.COM ', phone: '+44 20 7946 0958', mobilePhone: 'not a phone' })).toEqual(['email:ada@example.com', 'phone:+442079460958']);
		expect(keysOf('company', { domain: 'www.acme.com', website: 'https://acme.com/about' })).toEqual(['domain:acme.com']);
		expect(keysOf('deal', { name: 'Big deal' })).toEqual([]);
	});

	test('records sharing a key, also through a third, are one item: newest fields, gaps filled from older, every source, conflicts (a phone written two ways is none)', () => {
		const a = hit('hubspot', '1', { email: 'ada@example.com', firstName: 'Ada', jobTitle: 'Analyst', updatedAt: '2026-01-01T00:00:00Z' });
		const b = hit('salesforce', '2', { email: 'ADA@example.com', phone: '+442079460958', firstName: 'Augusta', updatedAt: '2026-02-01T00:00:00Z' });
		const c = hit('pipedrive', '3', { phone: '+44 20 7946 0958', lastName: 'Lovelace', updatedAt: '2025-12-01T00:00:00Z' });
		const d = hit('pipedrive', '4', { email: 'charles@example.com', updatedAt: '2026-03-01T00:00:00Z' });
		const out = mergeHits('contact', [a, b, c, d]);
		expect(out).toHaveLength(2);
		expect(out[0]).toEqual({
			kind: 'contact',
			email: 'ADA@example.com',
			phone: '+442079460958',
			firstName: 'Augusta',
			jobTitle: 'Analyst',
			lastName: 'Lovelace',
			sources: [
				{ crm: 'salesforce', id: '2', url: 'https://salesforce/2', updatedAt: '2026-02-01T00:00:00Z' },
				{ crm: 'hubspot', id: '1', url: 'https://hubspot/1', updatedAt: '2026-01-01T00:00:00Z' },
				{ crm: 'pipedrive', id: '3', url: 'https://pipedrive/3', updatedAt: '2025-12-01T00:00:00Z' },
			],
			conflicts: [
				{
					field: 'firstName',
					values: [
						{ crm: 'salesforce', id: '2', value: 'Augusta' },
						{ crm: 'hubspot', id: '1', value: 'Ada' },
					],
				},
			],
			updatedAt: '2026-02-01T00:00:00Z',
			matchedBy: ['email:ada@example.com', 'phone:+442079460958'],
		});
		expect(out[1]).toMatchObject({ email: 'charles@example.com', sources: [{ crm: 'pipedrive', id: '4' }], conflicts: [] });
	});

	test('keep separate: one item per record with its source', () => {
		const out = separateHits('contact', [hit('hubspot', '1', { email: 'a@b.co' }), hit('salesforce', '2', { email: 'a@b.co' })]);
		expect(out).toEqual([
			{ kind: 'contact', id: '1', email: 'a@b.co', sources: [{ crm: 'hubspot', id: '1', url: 'https://hubspot/1' }] },
			{ kind: 'contact', id: '2', email: 'a@b.co', sources: [{ crm: 'salesforce', id: '2', url: 'https://salesforce/2' }] },
		]);
	});
});

describe('booking id marker', () => {
	test('whole field (HubSpot wraps its notes in HTML) or last line under a description', () => {
		expect(bookingMarker('b-1')).toBe('Booking ID: b-1');
		expect(bookingIdIn('<p>Booking ID: b-1</p>', 'whole')).toBe('b-1');
		expect(bookingIdIn('Bring plans\n\nBooking ID: b-1', 'line')).toBe('b-1');
		expect(bookingIdIn('Booking ID: b-1\nsomething after', 'line')).toBeUndefined();
		expect(bookingIdIn('notes', 'whole')).toBeUndefined();
		expect(bookingIdIn(undefined, 'whole')).toBeUndefined();
	});
});
