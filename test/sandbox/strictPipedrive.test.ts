/**
 * The sandbox's Pipedrive refuses v2 create and update bodies holding top-level fields the
 * entity's v2 request schema does not have, as Pipedrive does (issue 19): a misplaced custom
 * field or a v1-only field such as a person's `job_title` must fail here as it fails in
 * production, not be stored and echoed back. Sources: test/sandbox/pipedrive/schema.js
 * (V2_WRITABLE) and validate.js (`unknownFields`).
 */
import { startSandbox, type Sandbox } from '.';

let sb: Sandbox;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 19 });
});

afterAll(async () => {
	await sb.close();
});

beforeEach(() => {
	sb.log.reset();
	sb.pipedrive.resetRateLimits();
});

async function pd(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
	const res = await fetch(`${sb.pipedrive.baseUrl}${path}`, {
		method,
		headers: { 'content-type': 'application/json', 'x-api-token': sb.pipedrive.tokens[0] },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const refusal = (fields: string) => ({
	status: 400,
	body: { success: false, error: `Invalid field(s) in the payload: ${fields}`, error_info: 'Please check developers.pipedrive.com', data: null, additional_data: null },
});

describe('Pipedrive v2 bodies: unknown top-level fields are refused', () => {
	it("a person create with job_title and postal_address (not in v2's person schema) is a 400 naming both; nothing is stored", async () => {
		const before = sb.pipedrive.count('persons');
		const out = await pd('POST', '/api/v2/persons', { name: 'Ada Lovelace', job_title: 'Mathematician', postal_address: { value: 'London' } });
		expect(out).toEqual(refusal('job_title, postal_address'));
		expect(sb.pipedrive.count('persons')).toBe(before);
	});

	it('a custom field key at the root (v1 style) is refused; under custom_fields it is stored', async () => {
		const field = sb.pipedrive.addField('persons', { name: 'Shoe Size', field_type: 'varchar' }) as { key: string };
		expect(await pd('POST', '/api/v2/persons', { name: 'Grace Hopper', [field.key]: '38' })).toEqual(refusal(field.key));
		const ok = await pd('POST', '/api/v2/persons', { name: 'Grace Hopper', custom_fields: { [field.key]: '38' } });
		expect(ok.status).toBe(200);
		expect(sb.pipedrive.get('persons', ok.body.data.id)).toMatchObject({ name: 'Grace Hopper', custom_fields: { [field.key]: '38' } });
	});

	it('an update with an unknown field is refused and leaves the person as it was', async () => {
		const { body } = await pd('POST', '/api/v2/persons', { name: 'Alan Turing', emails: [{ value: 'alan@example.com', primary: true, label: 'work' }] });
		const id = body.data.id;
		expect(await pd('PATCH', `/api/v2/persons/${id}`, { name: 'Alan M. Turing', job_title: 'Cryptanalyst' })).toEqual(refusal('job_title'));
		expect(sb.pipedrive.get('persons', id)).toMatchObject({ name: 'Alan Turing' });
		expect(sb.pipedrive.get('persons', id).job_title).toBeUndefined();
	});

	it('organizations, deals and activities likewise; every documented field of each is accepted', async () => {
		expect(await pd('POST', '/api/v2/organizations', { name: 'Engines Ltd', domain: 'engines.example' })).toEqual(refusal('domain'));
		const org = await pd('POST', '/api/v2/organizations', {
			name: 'Engines Ltd',
			owner_id: 1,
			visible_to: 3,
			label_ids: [],
			address: { value: '12 Analytical Row, London' },
			custom_fields: {},
		});
		expect(org.status).toBe(200);

		expect(await pd('POST', '/api/v2/deals', { title: 'Engine', description: 'the second one' })).toEqual(refusal('description'));
		const deal = await pd('POST', '/api/v2/deals', {
			title: 'Engine',
			value: 17000,
			currency: 'GBP',
			org_id: org.body.data.id,
			expected_close_date: '2026-06-30',
			probability: 50,
			status: 'open',
			custom_fields: {},
		});
		expect(deal.status).toBe(200);

		// v2 activities take no custom_fields.
		expect(await pd('POST', '/api/v2/activities', { subject: 'Call', type: 'call', custom_fields: {} })).toEqual(refusal('custom_fields'));
		const activity = await pd('POST', '/api/v2/activities', {
			subject: 'Demo',
			type: 'meeting',
			due_date: '2026-03-01',
			due_time: '10:00',
			duration: '01:30',
			busy: true,
			done: false,
			location: { value: 'Royal Society' },
			participants: [],
			attendees: [{ email: 'ada@example.com' }],
			public_description: 'the mill',
			note: 'bring the cards',
			priority: 1,
			deal_id: deal.body.data.id,
		});
		expect(activity.status).toBe(200);
	});

	it('v1 entities (leads, notes) are not held to the v2 schemas', async () => {
		const person = await pd('POST', '/api/v2/persons', { name: 'Lead Person' });
		const note = await pd('POST', '/api/v1/notes', { content: 'hello', person_id: person.body.data.id, pinned_to_person_flag: true });
		expect(note.status).toBe(201);
	});
});
