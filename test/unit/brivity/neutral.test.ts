/**
 * Brivity in the CRM-neutral nodes (issue 16), against the sandbox vendor: every
 * look-up is one people list (Brivity has no search), matched here; Test
 * Connection names the account the team's people carry; a neutral lead's status
 * and source go in the v2 lead body.
 */
import { personMatches } from '../../../nodes/Brivity/connector/neutral';
import { brivitySandbox, connect, requests } from './helpers';

const sb = brivitySandbox();

const rosa = { first_name: 'Rosa', last_name: 'Diaz', email_address: 'Rosa.Diaz@Example.com', phone_number: '(206) 555-0101' };

describe('personMatches', () => {
	test('e-mail case-insensitively, phone as E.164 (a number without a country code read as US), name whole', () => {
		expect(personMatches(rosa, { field: 'email', value: ' rosa.diaz@example.COM ' })).toBe(true);
		expect(personMatches(rosa, { field: 'email', value: 'rosa@example.com' })).toBe(false);
		expect(personMatches(rosa, { field: 'phone', value: '+1 206 555 0101' })).toBe(true);
		expect(personMatches(rosa, { field: 'phone', value: '+44 20 7946 0958' })).toBe(false);
		expect(personMatches(rosa, { field: 'name', value: 'rosa diaz' })).toBe(true);
		expect(personMatches(rosa, { field: 'name', value: 'Rosa' })).toBe(false);
		expect(personMatches({ ...rosa, email_address: null }, { field: 'email', value: '' })).toBe(false);
	});

	test('text: part of the name or e-mail, or 4+ digits of the phone', () => {
		expect(personMatches(rosa, { text: 'diaz' })).toBe(true);
		expect(personMatches(rosa, { text: 'example.com' })).toBe(true);
		expect(personMatches(rosa, { text: '5550101' })).toBe(true);
		expect(personMatches(rosa, { text: '555' })).toBe(false);
		expect(personMatches(rosa, { text: 'peralta' })).toBe(false);
	});
});

describe('connector', () => {
	test('findNeutral: one GET /api/people (limit 5000) per look-up, the matching people only, at most the limit', async () => {
		sb().brivity.seed({ people: 5 });
		const [a, b] = [...sb().brivity.people.values()];
		const c = await connect(sb());
		const byEmail = await c.findNeutral!('contact', { field: 'email', value: String(a.email_address).toUpperCase() }, { limit: 5 });
		expect(byEmail.map((r) => r.id)).toEqual([String(a.id)]);
		const byText = await c.findNeutral!('lead', { text: String(b.last_name) }, { limit: 1 });
		expect(byText.map((r) => r.id)).toEqual([String(b.id)]);
		expect(requests(sb())).toEqual([
			{ call: 'GET /core/api/people', query: { limit: '5000' }, body: undefined, status: 200 },
			{ call: 'GET /core/api/people', query: { limit: '5000' }, body: undefined, status: 200 },
		]);
		await expect(c.findNeutral!('company', { text: 'acme' }, { limit: 5 })).rejects.toThrow("Brivity's API has no company records: only people");
	});

	test('connectionInfo: GET /api/people?limit=1, the account of the person listed; an empty team names none', async () => {
		const c = await connect(sb());
		expect(await c.connectionInfo!()).toEqual({ details: { note: expect.stringContaining('the team has no people') } });
		sb().brivity.seed({ people: 1 });
		expect(await c.connectionInfo!()).toMatchObject({ accountId: '71606358' });
		expect(requests(sb()).map((r) => [r.call, r.query])).toEqual([
			['GET /core/api/people', { limit: '1' }],
			['GET /core/api/people', { limit: '1' }],
		]);
	});

	test('a neutral lead: status and source in the v2 lead body; a contact carries neither', async () => {
		const c = await connect(sb());
		expect(c.fromNeutral('lead', { firstName: 'Rosa', lastName: 'Diaz', status: 'hot', source: 'Website' })).toEqual({ first_name: 'Rosa', last_name: 'Diaz', status: 'hot', source: 'Website' });
		expect(c.fromNeutral('contact', { firstName: 'Rosa', lastName: 'Diaz' })).toEqual({ first_name: 'Rosa', last_name: 'Diaz' });
		const [out] = await c.createMany('people', [c.fromNeutral('lead', { firstName: 'Rosa', lastName: 'Diaz', status: 'hot', source: 'Website' })]);
		expect(out).toMatchObject({ ok: true, created: true });
		expect(requests(sb())[0]).toMatchObject({ call: 'POST /secure/api/v2/leads', body: { first_name: 'Rosa', last_name: 'Diaz', status: 'hot', source: 'Website' }, status: 201 });
		expect(c.toNeutral('lead', out.ok ? out.record : (undefined as never))).toMatchObject({ status: 'hot', source: 'Website' });
	});
});
