/**
 * The Brivity connector against the sandbox vendor (real HTTP): the exact
 * requests it makes (one people list with `limit`, one v2 lead per create, on
 * the leads host), the writes it refuses with the reason and without a request,
 * and the list it refuses to hand over when it may be cut.
 */
import { brivity } from '../../../nodes/Brivity';
import { CANNOT_DELETE, CANNOT_UPDATE } from '../../../nodes/Brivity/connector/BrivityConnector';
import { brivitySandbox, connect, requests } from './helpers';

const sb = brivitySandbox();

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const x of it) out.push(x);
	return out;
}

describe('reads', () => {
	test('list: GET /api/people on the core host with limit=5000, no other request; records without times', async () => {
		sb().brivity.seed({ people: 7 });
		const c = await connect(sb());
		const people = await all(c.list('people', {}));
		expect(people).toHaveLength(7);
		expect(requests(sb())).toEqual([{ call: 'GET /core/api/people', query: { limit: '5000' }, body: undefined, status: 200 }]);
		expect(people[0].updatedAt).toBeUndefined();
		expect(people[0].createdAt).toBeUndefined();
	});

	test('a limit is sent as the list limit', async () => {
		sb().brivity.seed({ people: 7 });
		const c = await connect(sb());
		expect(await all(c.list('people', { limit: 3 }))).toHaveLength(3);
		expect(requests(sb()).map((r) => r.query)).toEqual([{ limit: '3' }]);
	});

	test('a full list that fills the People List Limit fails instead of handing over a list that may be cut', async () => {
		sb().brivity.seed({ people: 4 });
		const c = await connect(sb(), { peopleLimit: 4 });
		await expect(all(c.list('people', {}))).rejects.toThrow('Brivity returned 4 people, the list\'s limit: there may be more');
	});

	test('get and getMany read the list (Brivity has no single-person call); a missing id is a 404', async () => {
		sb().brivity.seed({ people: 3 });
		const [first, , third] = [...sb().brivity.people.values()];
		const c = await connect(sb());
		expect((await c.get('people', String(first.id))).properties.email_address).toBe(first.email_address);
		expect((await all(c.getMany('people', [String(third.id), '999']))).map((r) => r.id)).toEqual([String(third.id)]);
		await expect(c.get('people', '999')).rejects.toMatchObject({ httpCode: '404' });
		expect(requests(sb()).map((r) => r.call)).toEqual(['GET /core/api/people', 'GET /core/api/people', 'GET /core/api/people']);
	});

	test('the wrong key is refused by the vendor with 401 Bad Credentials, named in the error', async () => {
		sb().brivity.keys.length = 0;
		const c = await connect(sb());
		await expect(all(c.list('people', {}))).rejects.toThrow(/401.*Bad Credentials/);
	});
});

describe('writes', () => {
	test('create: one POST /api/v2/leads per record on the leads host, the lead body exactly; the new person named', async () => {
		const c = await connect(sb());
		const body = c.fromNeutral('contact', {
			firstName: 'Rosa',
			lastName: 'Diaz',
			email: 'rosa@example.com',
			phone: '206-555-0101',
			address: { street: '12 Pine St', city: 'Seattle', state: 'WA', postalCode: '98101' },
			custom: { source: 'Website', lead_type: 'Buyer' },
		});
		const [out] = await c.createMany('people', [body]);
		expect(requests(sb())).toEqual([
			{
				call: 'POST /secure/api/v2/leads',
				query: {},
				body: {
					first_name: 'Rosa',
					last_name: 'Diaz',
					email: 'rosa@example.com',
					phone: '206-555-0101',
					street_address: '12 Pine St',
					city: 'Seattle',
					locality: 'WA',
					postal_code: '98101',
					source: 'Website',
					lead_type: 'Buyer',
				},
				status: 201,
			},
		]);
		expect(out).toMatchObject({ index: 0, ok: true, created: true });
		const stored = sb().brivity.people.get(out.ok ? out.record.id : '');
		expect(stored).toMatchObject({ first_name: 'Rosa', email_address: 'rosa@example.com', locality: 'WA' });
	});

	test('a lead the vendor refuses fails alone, in place, with the vendor message', async () => {
		const c = await connect(sb());
		const out = await c.createMany('people', [{ first_name: 'A', last_name: 'B' }, { first_name: 'only a first name' }, { email: 'c@example.com' }]);
		expect(out.map((o) => o.ok)).toEqual([true, false, true]);
		expect(out[1]).toMatchObject({ index: 1, ok: false, status: 422, message: expect.stringContaining('A lead needs a first and last name, an email or a phone') });
		expect(sb().brivity.count()).toBe(2);
	});

	test('update, upsert and delete fail per record with the reason, and send nothing', async () => {
		const c = await connect(sb());
		expect(await c.updateMany('people', [{ id: '1', properties: { first_name: 'x' } }])).toEqual([{ index: 0, ok: false, message: CANNOT_UPDATE, code: 'NOT_SUPPORTED' }]);
		expect(await c.deleteMany('people', ['1', '2'])).toEqual([
			{ index: 0, ok: false, message: CANNOT_DELETE, code: 'NOT_SUPPORTED' },
			{ index: 1, ok: false, message: CANNOT_DELETE, code: 'NOT_SUPPORTED' },
		]);
		expect((await c.upsertMany('people', 'email', [{ id: 'a@b.c', properties: {} }]))[0]).toMatchObject({ ok: false });
		expect(requests(sb())).toEqual([]);
	});

	test('transactions and deals are no API object', async () => {
		const c = await connect(sb());
		await expect(all(c.list('transactions', {}))).rejects.toThrow('transactions and deals have no public API; use Import CSV');
	});
});

describe('definition', () => {
	test('declares what it cannot write for CRM Sync, and which fields are read-only', () => {
		expect(brivity.cannotWrite?.('contact')).toEqual({ update: CANNOT_UPDATE, delete: CANNOT_DELETE });
		expect(brivity.unwritable?.('contact')).toEqual(['company', 'jobTitle']);
	});

	test('mapping: list names read, lead names written, both read back', async () => {
		const c = await connect(sb());
		const neutral = c.toNeutral('contact', {
			id: '7',
			objectType: 'people',
			properties: { first_name: 'Kai', last_name: 'Lee', email_address: 'KAI@Example.com', phone_number: '206-555-0199', agent_id: 244059, locality: 'WA', tags: ['buyer'], source: 'Zillow', uuid: 'u' },
			raw: {},
		});
		expect(neutral).toEqual({
			id: '7',
			firstName: 'Kai',
			lastName: 'Lee',
			fullName: 'Kai Lee',
			email: 'kai@example.com',
			phone: '206-555-0199',
			ownerId: '244059',
			address: { state: 'WA' },
			custom: { tags: ['buyer'], source: 'Zillow' },
		});
		expect(c.fromNeutral('contact', { ownerId: '244059', company: 'ignored', jobTitle: 'ignored' })).toEqual({ primary_agent_id: 244059 });
	});
});
