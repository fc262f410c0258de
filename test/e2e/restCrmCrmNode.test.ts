/**
 * The CRM (CRM Pack) node on the REST CRM (issue 16 for issue 13's connector),
 * beyond the every-CRM checks of crmNode.test.ts: the exact calls and stored
 * records behind each operation the standard REST CRM API supports, the plain
 * "cannot" (with its reason) where it has no data, and the node on a credential
 * whose custom resource stands in for contacts.
 */
import type { IDataObject } from 'n8n-workflow';
import { resetRateLimiters } from '../../shared/transport/rateLimiter';
import { startSandbox, type Sandbox } from '../sandbox';
import { CONTRACT_SUBJECTS, items, runCrm } from './helpers/crmNode';

jest.setTimeout(90_000);

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 61 });
});
afterAll(() => sb?.close());
beforeEach(() => {
	resetRateLimiters();
	sb.log.reset();
});

const standard = CONTRACT_SUBJECTS.find((s) => s.definition.displayName === 'REST CRM')!;
const standIn = CONTRACT_SUBJECTS.find((s) => s.definition.displayName.includes('cursor paging'))!;
/** The requests as "METHOD path?query" (query values as the API read them). */
const calls = () =>
	sb.log.all().map((e) => {
		const query = Object.entries(e.query ?? {}).map(([k, v]) => `${k}=${v}`);
		return `${e.method} ${e.path}${query.length ? `?${query.join('&')}` : ''}`;
	});
const run = async (subject = standard, parameters: IDataObject = {}, input?: IDataObject[]) => {
	const r = await runCrm(sb, subject, parameters, input);
	return r.error ? { error: String((r.error as Error).message) } : { out: items(r) };
};

describe('CRM node on the standard REST CRM API', () => {
	test('Test Connection: the principal from GET /auth/me, the API root as the account, the budget from the rate headers', async () => {
		const { out } = await run(standard, { operation: 'testConnection' });
		expect(out).toEqual([
			{ ok: true, crm: 'restCrm', accountName: `${sb.generic.baseUrl}/api/v1`, user: 'apikey', details: { method: 'api_key' }, budget: { remaining: expect.any(Number), limit: 6000, window: "the API's rate window" } },
		]);
		expect(calls()).toEqual(['GET /generic/api/v1/auth/me']);
	});

	test('Sync Customer by phone: found by ?phone= (the E.164 the node wrote), updated in place', async () => {
		const made = await run(standard, { operation: 'syncCustomer', matchBy: 'email', email: 'phoned@example.com', lastName: 'Hopper', phone: '+1 415 555 0199' });
		const id = made.out![0].id;
		expect(sb.generic.store.get('contacts', Number(id))).toMatchObject({ phone: '+14155550199', email: 'phoned@example.com' });
		sb.log.reset();
		const byPhone = await run(standard, { operation: 'syncCustomer', matchBy: 'phone', phone: '+14155550199', firstName: 'Grace', lastName: 'Hopper' });
		expect(byPhone.out![0]).toMatchObject({ result: 'updated', id });
		expect(calls()).toEqual(['GET /generic/api/v1/contacts?phone=+14155550199&page=1&per_page=1', `PATCH /generic/api/v1/contacts/${id}`]);
		expect(sb.generic.store.get('contacts', Number(id))).toMatchObject({ first_name: 'Grace', phone: '+14155550199' });
		// Not on phone: tried on mobile phone too, then created.
		sb.log.reset();
		const fresh = await run(standard, { operation: 'syncCustomer', matchBy: 'phone', phone: '+14155550777', lastName: 'Liskov' });
		expect(fresh.out![0]).toMatchObject({ result: 'created' });
		expect(calls().slice(0, 2)).toEqual(['GET /generic/api/v1/contacts?phone=+14155550777&page=1&per_page=1', 'GET /generic/api/v1/contacts?mobile_phone=+14155550777&page=1&per_page=1']);
	});

	test('Sync Appointment: an activity linked to the contact (contact_id), the booking id as the last line of its description, re-sent: the same activity updated', async () => {
		const params = { operation: 'syncAppointment', email: 'booked@example.com', lastName: 'Lovelace', title: 'Consultation', startTime: '2026-12-10T14:00:00', timeZone: 'Europe/Berlin', durationMinutes: 45, location: 'Room 4', notes: 'Bring the engine plans', bookingId: 'bk-rest-1' };
		const first = await run(standard, params);
		const made = first.out![0];
		expect(made).toMatchObject({ result: 'created', customerResult: 'created', bookingId: 'bk-rest-1' });
		const activity = sb.generic.store.get('activities', Number(made.appointmentId))!;
		expect(activity).toMatchObject({ subject: 'Consultation', contact_id: Number(made.customerId), starts_at: '2026-12-10T13:00:00.000Z', ends_at: '2026-12-10T13:45:00.000Z', location: 'Room 4', description: 'Bring the engine plans\n\nBooking ID: bk-rest-1' });
		sb.log.reset();
		const moved = await run(standard, { ...params, startTime: '2026-12-11T09:30:00+01:00', notes: 'Plans sent' });
		expect(moved.out![0]).toMatchObject({ result: 'updated', appointmentId: made.appointmentId });
		expect(calls()).toContain(`GET /generic/api/v1/activities?contact_id=${made.customerId}&page=1&per_page=100`);
		expect(sb.generic.store.get('activities', Number(made.appointmentId))).toMatchObject({ starts_at: '2026-12-11T08:30:00.000Z', description: 'Plans sent\n\nBooking ID: bk-rest-1' });
		expect(sb.generic.store.list('activities').filter((a) => String(a.description).includes('bk-rest-1'))).toHaveLength(1);
	});

	test('Search: by e-mail (?email=, lower-cased) and by text (?q=); a company by name, not by domain; a lead: the API has none', async () => {
		await run(standard, { operation: 'syncCustomer', matchBy: 'email', email: 'searched@example.com', firstName: 'Barbara', lastName: 'Liskovian' });
		sb.log.reset();
		const byEmail = await run(standard, { operation: 'search', searchKind: 'contact', searchBy: 'email', query: 'SEARCHED@example.com' });
		expect(byEmail.out).toEqual([expect.objectContaining({ email: 'searched@example.com', lastName: 'Liskovian' })]);
		const byText = await run(standard, { operation: 'search', searchKind: 'contact', searchBy: 'text', query: 'liskovian' });
		expect(byText.out!.map((o) => o.lastName)).toEqual(['Liskovian']);
		expect(calls().filter((c) => c.startsWith('GET /generic/api/v1/contacts'))).toEqual([
			expect.stringMatching(/^GET \/generic\/api\/v1\/contacts\?email=searched@example\.com&page=1&per_page=\d+$/),
			expect.stringMatching(/^GET \/generic\/api\/v1\/contacts\?q=liskovian&page=1&per_page=\d+$/),
		]);
		// A company (client) by its exact name; by domain: said plainly why not.
		const client = (await (await fetch(`${sb.generic.baseUrl}/api/v1/clients`, { method: 'POST', headers: { 'x-api-key': 'sandbox-api-key', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Initech Searchable' }) })).json()) as { data: { id: number } };
		const byName = await run(standard, { operation: 'search', searchKind: 'company', searchBy: 'name', query: 'Initech Searchable' });
		expect(byName.out).toEqual([expect.objectContaining({ id: String(client.data.id), name: 'Initech Searchable' })]);
		const byDomain = await run(standard, { operation: 'search', searchKind: 'company', searchBy: 'domain', query: 'initech.example.com' });
		expect(JSON.stringify(byDomain)).toContain('REST CRM cannot match a company by domain (the standard API filters it by name, email, phone)');
		const lead = await run(standard, { operation: 'syncLead', matchBy: 'email', email: 'lead@example.com', lastName: 'Lead' });
		expect(lead.error).toBe('REST CRM in this pack cannot keep lead records (its definition has no object for them)');
	});
});

describe('CRM node on a credential whose custom resource stands in for contacts', () => {
	test('Sync Customer writes members (matched by the mapped e-mail field), Search by e-mail finds them, text search says why it cannot', async () => {
		const contactsBefore = sb.generic.store.list('contacts').length;
		const first = await run(standIn, { operation: 'syncCustomer', matchBy: 'email', email: 'member.one@example.com', firstName: 'Radia', lastName: 'Perlman' });
		expect(first.out![0]).toMatchObject({ result: 'created' });
		const again = await run(standIn, { operation: 'syncCustomer', matchBy: 'email', email: 'Member.One@example.com', firstName: 'Radia', lastName: 'Perlman', phone: '+14155550123' });
		expect(again.out![0]).toMatchObject({ result: 'updated', id: first.out![0].id });
		expect(sb.generic.custom.store.list().filter((m) => m.email === 'member.one@example.com')).toEqual([
			expect.objectContaining({ given_name: 'Radia', family_name: 'Perlman', phone: '+14155550123' }),
		]);
		expect(sb.generic.store.list('contacts')).toHaveLength(contactsBefore);
		const found = await run(standIn, { operation: 'search', searchKind: 'contact', searchBy: 'email', query: 'member.one@example.com' });
		expect(found.out).toEqual([expect.objectContaining({ id: first.out![0].id, email: 'member.one@example.com', firstName: 'Radia' })]);
		const text = await run(standIn, { operation: 'search', searchKind: 'contact', searchBy: 'text', query: 'Perlman' });
		expect(JSON.stringify(text)).toContain('REST CRM cannot search the custom resource \\"member\\" by text (a described resource has no search parameter)');
	});
});
