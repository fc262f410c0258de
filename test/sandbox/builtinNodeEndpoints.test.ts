/**
 * Endpoints the sandbox serves for n8n's built-in nodes (n8n-nodes-base 2.41.1, run by
 * `npm run bench` beside ours, issue 9): HubSpot's legacy Contacts API v1 and Pipedrive's
 * Fields API v2. Same store and same limits as the rest of each vendor.
 */
import { startSandbox, type Sandbox } from '.';

let sb: Sandbox;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 9 });
});

afterAll(async () => {
	await sb.close();
});

beforeEach(() => {
	sb.log.reset();
	sb.hubspot.resetRateLimits();
	sb.hubspot.setPlan('pro');
	sb.pipedrive.resetRateLimits();
});

async function call(url: string, method = 'GET', body?: unknown, token?: string | null): Promise<{ status: number; body: any; headers: Headers }> {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (token !== null) headers.authorization = `Bearer ${token ?? sb.hubspot.tokens[0]}`;
	const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const hs = (p: string) => `${sb.hubspot.baseUrl}${p}`;
const contactsByEmail = (email: string) => sb.hubspot.store.list('contacts').filter((c) => c.properties.email === email);

describe('HubSpot Contacts API v1: create or update by email', () => {
	it('creates a contact that is then the v3 record of that id, and answers { vid, isNew: true }', async () => {
		const r = await call(hs('/contacts/v1/contact/createOrUpdate/email/Ada.V1@Example.com'), 'POST', {
			properties: [
				{ property: 'firstname', value: 'Ada' },
				{ property: 'lastname', value: 'Lovelace' },
			],
		});
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ vid: expect.any(Number), isNew: true });
		const v3 = await call(hs(`/crm/v3/objects/contacts/${r.body.vid}?properties=email,firstname,lastname`));
		expect(v3.status).toBe(200);
		expect(v3.body.properties).toMatchObject({ email: 'ada.v1@example.com', firstname: 'Ada', lastname: 'Lovelace' });
		expect(sb.log.all().map((e) => `${e.method} ${e.path} ${e.status}`)[0]).toBe('POST /hubspot/contacts/v1/contact/createOrUpdate/email/Ada.V1@Example.com 200');
	});

	it('updates the contact that has the email (any case), isNew false, no second contact', async () => {
		const first = await call(hs('/contacts/v1/contact/createOrUpdate/email/grace@example.com'), 'POST', { properties: [{ property: 'firstname', value: 'Grace' }] });
		const again = await call(hs('/contacts/v1/contact/createOrUpdate/email/GRACE@example.com'), 'POST', {
			properties: [
				{ property: 'firstname', value: 'Grace B.' },
				{ property: 'company', value: 'Navy' },
			],
		});
		expect(again.status).toBe(200);
		expect(again.body).toEqual({ vid: first.body.vid, isNew: false });
		const stored = contactsByEmail('grace@example.com');
		expect(stored).toHaveLength(1);
		expect(stored[0].properties).toMatchObject({ firstname: 'Grace B.', company: 'Navy' });
	});

	it('refuses invalid values with 400 validationResults and writes nothing', async () => {
		const before = sb.hubspot.store.count('contacts');
		const badEmail = await call(hs('/contacts/v1/contact/createOrUpdate/email/not-an-email'), 'POST', { properties: [{ property: 'firstname', value: 'X' }] });
		expect(badEmail.status).toBe(400);
		expect(badEmail.body).toMatchObject({ status: 'error', message: 'Property values were not valid', validationResults: [{ isValid: false, error: 'INVALID_EMAIL', name: 'email' }] });
		const unknown = await call(hs('/contacts/v1/contact/createOrUpdate/email/u@example.com'), 'POST', { properties: [{ property: 'shoe_size', value: '9' }] });
		expect(unknown.status).toBe(400);
		expect(unknown.body.validationResults).toEqual([{ isValid: false, message: 'Property "shoe_size" does not exist', error: 'PROPERTY_DOESNT_EXIST', name: 'shoe_size' }]);
		expect(sb.hubspot.store.count('contacts')).toBe(before);
	});

	it('answers 409 when the update would give the contact another contact\'s email', async () => {
		await call(hs('/contacts/v1/contact/createOrUpdate/email/one@example.com'), 'POST', { properties: [] });
		const two = await call(hs('/contacts/v1/contact/createOrUpdate/email/two@example.com'), 'POST', { properties: [] });
		const r = await call(hs('/contacts/v1/contact/createOrUpdate/email/two@example.com'), 'POST', { properties: [{ property: 'email', value: 'one@example.com' }] });
		expect(r.status).toBe(409);
		expect(r.body).toMatchObject({ status: 'error', error: 'CONTACT_EXISTS' });
		expect(sb.hubspot.store.getRecord('contacts', String(two.body.vid))?.properties.email).toBe('two@example.com');
	});
});

describe('HubSpot Contacts API v1: reading', () => {
	it('profile: every valued property with versions, dates in epoch ms; `property` and value_only narrow it; 404 for an unknown vid', async () => {
		const { body } = await call(hs('/contacts/v1/contact/createOrUpdate/email/lin@example.com'), 'POST', { properties: [{ property: 'firstname', value: 'Lin' }] });
		const p = await call(hs(`/contacts/v1/contact/vid/${body.vid}/profile`));
		expect(p.status).toBe(200);
		expect(p.body).toMatchObject({ vid: body.vid, 'canonical-vid': body.vid, 'merged-vids': [], 'portal-id': sb.hubspot.portalId, 'is-contact': true });
		expect(p.body.properties.firstname).toEqual({ value: 'Lin', versions: [expect.objectContaining({ value: 'Lin', 'source-type': 'API' })] });
		expect(p.body.properties.lastmodifieddate.value).toMatch(/^\d{13}$/);
		expect(p.body['identity-profiles'][0].identities[0]).toMatchObject({ type: 'EMAIL', value: 'lin@example.com' });
		const narrow = await call(hs(`/contacts/v1/contact/vid/${body.vid}/profile?property=firstname&property=email&propertyMode=value_only`));
		expect(narrow.body.properties).toEqual({ firstname: { value: 'Lin' }, email: { value: 'lin@example.com' } });
		const missing = await call(hs('/contacts/v1/contact/vid/99999999/profile'));
		expect(missing.status).toBe(404);
	});

	it('get all contacts: pages of `count` (at most 100) by vid, `has-more` and `vid-offset`, every live contact once', async () => {
		const r = await call(hs('/crm/v3/objects/contacts/batch/create'), 'POST', {
			inputs: Array.from({ length: 100 }, (_, i) => ({ properties: { email: `page${i}@example.com`, firstname: `P${i}` } })),
		});
		expect(r.status).toBe(201);
		await call(hs('/crm/v3/objects/contacts/batch/create'), 'POST', {
			inputs: Array.from({ length: 60 }, (_, i) => ({ properties: { email: `page${100 + i}@example.com`, firstname: `P${100 + i}` } })),
		});
		const live = sb.hubspot.store.list('contacts').map((c) => Number(c.id)).sort((a, b) => a - b);
		const seen: number[] = [];
		let offset: number | undefined;
		let pages = 0;
		for (;;) {
			const page = await call(hs(`/contacts/v1/lists/all/contacts/all?count=250&limit=250${offset === undefined ? '' : `&vidOffset=${offset}`}`));
			expect(page.status).toBe(200);
			pages++;
			expect(page.body.contacts.length).toBeLessThanOrEqual(100);
			seen.push(...page.body.contacts.map((c: { vid: number }) => c.vid));
			expect(page.body['vid-offset']).toBe(seen[seen.length - 1]);
			if (!page.body['has-more']) break;
			offset = page.body['vid-offset'];
		}
		expect(seen).toEqual(live);
		expect(pages).toBe(Math.ceil(live.length / 100));
		const first = await call(hs('/contacts/v1/lists/all/contacts/all?count=1'));
		expect(first.body.contacts[0]).toMatchObject({ vid: live[0], 'canonical-vid': live[0], 'is-contact': true, addedAt: expect.any(Number) });
		expect(Object.keys(first.body.contacts[0].properties).every((k) => ['firstname', 'lastname', 'company', 'lastmodifieddate'].includes(k))).toBe(true);
		const pageIds = sb.hubspot.store
			.list('contacts')
			.filter((c) => String(c.properties.email).startsWith('page'))
			.map((c) => Number(c.id))
			.sort((a, b) => a - b);
		const chosen = await call(hs(`/contacts/v1/lists/all/contacts/all?count=2&vidOffset=${pageIds[0]}&property=email&property=firstname`));
		expect(chosen.body.contacts.map((c: { properties: object }) => Object.keys(c.properties).sort())).toEqual([
			['email', 'firstname'],
			['email', 'firstname'],
		]);
		expect(chosen.body.contacts.map((c: { vid: number }) => c.vid)).toEqual([pageIds[1], pageIds[2]]);
	});
});

describe('HubSpot Contacts API v1: auth and limits', () => {
	it('needs the same token, and its calls share the ten-secondly bucket with v3 calls', async () => {
		expect((await call(hs('/contacts/v1/lists/all/contacts/all'), 'GET', undefined, null)).status).toBe(401);
		sb.hubspot.setPlan('starter'); // 100 per rolling 10 s
		sb.hubspot.resetRateLimits();
		for (let i = 0; i < 50; i++) expect((await call(hs('/crm/v3/objects/contacts?limit=1'))).status).toBe(200);
		for (let i = 0; i < 50; i++) expect((await call(hs('/contacts/v1/lists/all/contacts/all?count=1'))).status).toBe(200);
		const over = await call(hs('/contacts/v1/contact/createOrUpdate/email/late@example.com'), 'POST', { properties: [] });
		expect(over.status).toBe(429);
		expect(over.body).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING' });
		expect(contactsByEmail('late@example.com')).toHaveLength(0);
	});
});

describe('Pipedrive Fields API v2', () => {
	const pd = (p: string) => fetch(`${sb.pipedrive.baseUrl}${p}`, { headers: { 'x-api-token': sb.pipedrive.tokens[0] } }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

	it('lists the v1 person fields in the v2 shape, custom fields included, with cursor paging', async () => {
		const custom = sb.pipedrive.addField('persons', { name: 'Shoe Size', field_type: 'enum', options: ['Large', 'Small'] });
		const v1 = await pd('/api/v1/personFields?limit=500');
		const all = await pd('/api/v2/personFields');
		expect(all.status).toBe(200);
		expect(all.body.success).toBe(true);
		expect(all.body.data.map((f: { field_code: string }) => f.field_code)).toEqual(v1.body.data.map((f: { key: string }) => f.key));
		expect(all.body.data.find((f: { field_code: string }) => f.field_code === 'name')).toEqual({
			field_name: 'Name',
			field_code: 'name',
			field_type: 'varchar',
			options: null,
			subfields: null,
			is_custom_field: false,
			is_optional_response_field: false,
		});
		expect(all.body.data.find((f: { field_code: string }) => f.field_code === custom.key)).toMatchObject({ field_name: 'Shoe Size', field_type: 'enum', is_custom_field: true, options: custom.options });
		expect(all.body.additional_data).toEqual({ next_cursor: null });
		const p1 = await pd('/api/v2/personFields?limit=5');
		expect(p1.body.data).toHaveLength(5);
		const p2 = await pd(`/api/v2/personFields?limit=500&cursor=${encodeURIComponent(p1.body.additional_data.next_cursor)}`);
		expect([...p1.body.data, ...p2.body.data]).toEqual(all.body.data);
		expect((await pd('/api/v2/personFields?limit=501')).status).toBe(400);
		expect(sb.log.all().filter((e) => e.path === '/pipedrive/api/v2/personFields')).toHaveLength(4);
	});
});
