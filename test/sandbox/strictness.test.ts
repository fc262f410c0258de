/**
 * The sandbox refuses what the real vendors refuse (issue 19), so a test cannot pass
 * where production would fail: Salesforce field lengths, the Pipedrive webhook `name`,
 * and HubSpot's per-record answer to a batch update naming an id that does not exist
 * (Pipedrive v2 bodies: strictPipedrive.test.ts). The source of each rule is cited
 * where the sandbox implements it.
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
	sb.hubspot.resetRateLimits();
	sb.pipedrive.resetRateLimits();
});

async function call(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any }> {
	const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('Salesforce field lengths (STRING_TOO_LONG)', () => {
	const sf = (method: string, p: string, body?: unknown) =>
		call(`${sb.salesforce.baseUrl}/services/data/v62.0${p}`, method, { authorization: `Bearer ${sb.salesforce.tokens[0]}` }, body);
	const long = 'L'.repeat(10_000);
	const tooLong = (label: string, field: string, value: string, max: number) => ({
		errorCode: 'STRING_TOO_LONG',
		message: `${label}: data value too large: ${value} (max length=${max})`,
		fields: [field],
	});

	it('a 10,000-character Contact LastName is refused on create, an 80-character one is stored', async () => {
		const before = sb.salesforce.store.count('Contact');
		const refused = await sf('POST', '/sobjects/Contact', { LastName: long });
		expect(refused).toEqual({ status: 400, body: [tooLong('Last Name', 'LastName', long, 80)] });
		expect(sb.salesforce.store.count('Contact')).toBe(before);

		const ok = await sf('POST', '/sobjects/Contact', { LastName: 'L'.repeat(80), FirstName: 'F'.repeat(40) });
		expect(ok.status).toBe(201);
		expect(sb.salesforce.store.get('Contact', ok.body.id)).toMatchObject({ LastName: 'L'.repeat(80), FirstName: 'F'.repeat(40) });
	});

	it('an update over the length is refused and leaves the record as it was; describe reports the lengths', async () => {
		const { body } = await sf('POST', '/sobjects/Contact', { LastName: 'Lovelace' });
		const first = 'F'.repeat(41);
		expect(await sf('PATCH', `/sobjects/Contact/${body.id}`, { FirstName: first })).toEqual({ status: 400, body: [tooLong('First Name', 'FirstName', first, 40)] });
		expect(sb.salesforce.store.get('Contact', body.id)?.FirstName).toBeUndefined();
		const describe = await sf('GET', '/sobjects/Contact/describe');
		const lengths = Object.fromEntries((describe.body.fields as Array<{ name: string; length: number }>).map((f) => [f.name, f.length]));
		expect(lengths).toMatchObject({ FirstName: 40, LastName: 80, Email: 80, Title: 128, MailingCity: 40, MailingPostalCode: 20 });
	});

	it('sObject Collections: the long record fails alone (allOrNone false), with the same error', async () => {
		const company = 'C'.repeat(256);
		const out = await sf('POST', '/composite/sobjects', {
			allOrNone: false,
			records: [
				{ attributes: { type: 'Lead' }, LastName: 'Hopper', Company: 'Navy' },
				{ attributes: { type: 'Lead' }, LastName: 'Turing', Company: company },
			],
		});
		expect(out.status).toBe(200);
		expect(out.body[0]).toMatchObject({ success: true });
		expect(out.body[1]).toEqual({ id: null, success: false, errors: [{ statusCode: 'STRING_TOO_LONG', message: `Company: data value too large: ${company} (max length=255)`, fields: ['Company'] }] });
		expect(sb.salesforce.store.list('Lead').map((l: { LastName: string }) => l.LastName)).toEqual(['Hopper']);
	});
});

describe('Pipedrive webhooks', () => {
	const pd = (method: string, p: string, body?: unknown) => call(`${sb.pipedrive.baseUrl}${p}`, method, { 'x-api-token': sb.pipedrive.tokens[0] }, body);

	it('a webhook without the name Pipedrive requires is a 400; with one it is created', async () => {
		const hook = { subscription_url: 'https://example.com/hook', event_action: 'create', event_object: 'person', version: '2.0' };
		const refused = await pd('POST', '/v1/webhooks', hook);
		expect(refused).toEqual({ status: 400, body: { success: false, error: 'name is required', error_info: 'Please check developers.pipedrive.com', data: null, additional_data: null } });
		const created = await pd('POST', '/v1/webhooks', { ...hook, name: 'n8n persons' });
		expect(created.status).toBe(201);
		expect(created.body.data).toMatchObject({ name: 'n8n persons', event_action: 'create', event_object: 'person' });
	});
});

describe('HubSpot batch update naming an unknown id: 207 Multi-Status, the others written', () => {
	const hs = (p: string, body: unknown) => call(`${sb.hubspot.baseUrl}${p}`, 'POST', { authorization: `Bearer ${sb.hubspot.tokens[0]}` }, body);

	it('answers 207 with an OBJECT_NOT_FOUND error naming the id, and updates the records that exist', async () => {
		const created = await hs('/crm/v3/objects/contacts/batch/create', {
			inputs: [{ properties: { email: 'ada@example.com', firstname: 'Ada' } }, { properties: { email: 'grace@example.com', firstname: 'Grace' } }],
		});
		const [ada, grace] = created.body.results.map((r: { id: string }) => r.id);
		const out = await hs('/crm/v3/objects/contacts/batch/update', {
			inputs: [
				{ id: ada, properties: { firstname: 'Augusta' } },
				{ id: '999999', properties: { firstname: 'Nobody' } },
				{ id: grace, properties: { firstname: 'Amazing Grace' } },
			],
		});
		expect(out.status).toBe(207);
		expect(out.body).toMatchObject({ status: 'COMPLETE', numErrors: 1 });
		expect(out.body.results.map((r: { id: string; properties: { firstname: string } }) => [r.id, r.properties.firstname])).toEqual([
			[ada, 'Augusta'],
			[grace, 'Amazing Grace'],
		]);
		expect(out.body.errors).toEqual([
			{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.', context: { ids: ['999999'] } },
		]);
		expect(sb.hubspot.store.getRecord('contacts', ada)?.properties.firstname).toBe('Augusta');
		expect(sb.hubspot.store.getRecord('contacts', grace)?.properties.firstname).toBe('Amazing Grace');
	});

	it('a batch whose every id is unknown is a 207 with no results', async () => {
		const out = await hs('/crm/v3/objects/contacts/batch/update', { inputs: [{ id: '999998', properties: { firstname: 'X' } }] });
		expect(out.status).toBe(207);
		expect(out.body.results).toEqual([]);
		expect(out.body.errors).toEqual([expect.objectContaining({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999998'] } })]);
	});
});

describe('HubSpot note body length', () => {
	const hs = (p: string, body: unknown) => call(`${sb.hubspot.baseUrl}${p}`, 'POST', { authorization: `Bearer ${sb.hubspot.tokens[0]}` }, body);
	const invalid = (errors: Array<{ error: string; name: string; message: string }>) =>
		`Property values were not valid: ${JSON.stringify(errors.map((e) => ({ isValid: false, message: e.message, error: e.error, name: e.name, localizedErrorMessage: e.message })))}`;

	it('a note body over 65,536 characters is refused; one of 65,536 is stored', async () => {
		const long = 'n'.repeat(65_537);
		const refused = await hs('/crm/v3/objects/notes', { properties: { hs_note_body: long, hs_timestamp: '2030-01-01T10:00:00Z' } });
		expect(refused.status).toBe(400);
		expect(refused.body.message).toBe(invalid([{ error: 'INVALID_LONG_STRING', name: 'hs_note_body', message: 'hs_note_body is 65537 characters long; the maximum is 65536' }]));
		const ok = await hs('/crm/v3/objects/notes', { properties: { hs_note_body: long.slice(1), hs_timestamp: '2030-01-01T10:00:00Z' } });
		expect(ok.status).toBe(201);
		expect(sb.hubspot.store.getRecord('notes', ok.body.id)?.properties.hs_note_body).toHaveLength(65_536);
	});
});
