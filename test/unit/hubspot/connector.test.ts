import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject } from 'n8n-workflow';
import { HubSpotConnector } from '../../../nodes/HubSpot/connector/HubSpotConnector';
import { hubspotSettings } from '../../../nodes/HubSpot/transport/hubspotApi';
import { runBatches } from '../../../shared/batching';
import { collect } from '../../../shared/paging/paginate';
import { newStats } from '../../../shared/transport/request';
import { fakeClock, fakeContext } from '../../helpers/fakeContext';

/*
 * Request shapes follow HubSpot's CRM v3 objects reference:
 *   GET  /crm/v3/objects/{objectType}?limit=&after=&properties=a,b&archived=
 *   GET  /crm/v3/objects/{objectType}/{id}?properties=&idProperty=
 *   POST /crm/v3/objects/{objectType}/batch/{create|update|upsert|archive} with {inputs:[...]}
 *        (create: {properties, objectWriteTraceId}; update: {id, properties, objectWriteTraceId};
 *         upsert: {idProperty, id, properties, objectWriteTraceId}, results carry `new`;
 *         archive: {id}, answered with 204 No Content; 207 Multi-Status carries `errors`)
 *   PUT  /crm/v4/objects/{from}/{fromId}/associations/default/{to}/{toId}
 *   GET  /crm/v3/properties/{objectType}
 */

const API = 'https://api.hubapi.com';
const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

async function setup(credentials?: IDataObject) {
	const { ctx } = fakeContext(credentials ? { credentials: { crmPackHubSpotPrivateAppApi: credentials } } : {});
	const clock = fakeClock();
	const stats = newStats();
	const settings = await hubspotSettings(ctx, 'privateApp', { clock, stats });
	return { connector: new HubSpotConnector(ctx, settings), clock, stats, settings };
}

function contact(id: number | string, extra: IDataObject = {}): IDataObject {
	return {
		id: String(id),
		properties: { email: `c${id}@example.com`, hs_object_id: String(id), ...extra },
		createdAt: '2026-01-02T03:04:05.000Z',
		updatedAt: '2026-01-03T03:04:05.000Z',
		archived: false,
	};
}

/** Records each matched JSON body, so tests compare bodies exactly with toEqual. */
function recordBody(into: unknown[]) {
	return (body: unknown) => {
		into.push(body);
		return true;
	};
}

isolateNock();

describe('list', () => {
	test('pages with `after`, asks only for what the limit still needs, and makes no 4th call', async () => {
		const { connector, stats } = await setup();
		const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => contact(from + i));
		const scope = nock(API)
			.matchHeader('authorization', `Bearer ${TOKEN}`)
			.get('/crm/v3/objects/contacts')
			.query({ limit: '100', properties: 'email,firstname' })
			.reply(200, { results: page(1, 100), paging: { next: { after: '100', link: `${API}/crm/v3/objects/contacts?after=100` } } })
			.get('/crm/v3/objects/contacts')
			.query({ limit: '100', properties: 'email,firstname', after: '100' })
			.reply(200, { results: page(101, 100), paging: { next: { after: '200' } } })
			.get('/crm/v3/objects/contacts')
			.query({ limit: '30', properties: 'email,firstname', after: '200' })
			// HubSpot still says there is more; the limit is met, so the walk must stop here.
			.reply(200, { results: page(201, 30), paging: { next: { after: '230' } } });

		const records = await collect(connector.list('contacts', { limit: 230, properties: ['email', 'firstname'] }));

		expect(records.map((r) => r.id)).toEqual(Array.from({ length: 230 }, (_, i) => String(i + 1)));
		expect(records[0]).toEqual({
			id: '1',
			objectType: 'contacts',
			properties: { email: 'c1@example.com', hs_object_id: '1' },
			createdAt: '2026-01-02T03:04:05.000Z',
			updatedAt: '2026-01-03T03:04:05.000Z',
			archived: false,
			raw: contact(1),
		});
		expect(scope.isDone()).toBe(true);
		expect(stats.calls).toBe(3);
	});

	test('return all walks until HubSpot gives no `paging.next`; archived and object type ids are passed through', async () => {
		const { connector } = await setup();
		const scope = nock(API)
			.get('/crm/v3/objects/deals')
			.query({ limit: '100', archived: 'true' })
			.reply(200, { results: [contact(1)], paging: { next: { after: 'abc' } } })
			.get('/crm/v3/objects/deals')
			.query({ limit: '100', archived: 'true', after: 'abc' })
			.reply(200, { results: [contact(2)] });

		const records = await collect(connector.list('0-3', { archived: true }));

		expect(records.map((r) => [r.id, r.objectType])).toEqual([
			['1', 'deals'],
			['2', 'deals'],
		]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('get', () => {
	test('by record id with properties', async () => {
		const { connector } = await setup();
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/51')
			.query({ properties: 'email,lastname' })
			.reply(200, contact(51, { lastname: 'Lovelace' }));

		const record = await connector.get('contacts', '51', ['email', 'lastname']);

		expect(record.id).toBe('51');
		expect(record.properties).toEqual({ email: 'c51@example.com', hs_object_id: '51', lastname: 'Lovelace' });
		expect(scope.isDone()).toBe(true);
	});

	test('by a unique property (idProperty), with the value path-encoded', async () => {
		const { connector } = await setup();
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/ada%40example.com')
			.query({ properties: 'email', idProperty: 'email' })
			.reply(200, contact(7, { email: 'ada@example.com' }));

		const record = await connector.get('contacts', 'ada@example.com', ['email'], 'email');

		expect(record.id).toBe('7');
		expect(scope.isDone()).toBe(true);
	});

	test('without options sends no query string at all', async () => {
		const { connector } = await setup();
		const scope = nock(API).get('/crm/v3/objects/companies/9').reply(200, { id: '9', properties: { name: 'Acme' } });
		const record = await connector.get('companies', '9');
		expect(record).toEqual({
			id: '9',
			objectType: 'companies',
			properties: { name: 'Acme' },
			createdAt: undefined,
			updatedAt: undefined,
			archived: undefined,
			raw: { id: '9', properties: { name: 'Acme' } },
		});
		expect(scope.isDone()).toBe(true);
	});
});

describe('createMany', () => {
	const inputs = [
		{ email: 'a@example.com', firstname: 'Ada' },
		{ email: 'not-an-email', firstname: 'Bad' },
		{ email: 'c@example.com', firstname: 'Cy' },
	];

	test('sends {inputs:[{properties, objectWriteTraceId}]} and maps a 207 error to exactly its input', async () => {
		const { connector } = await setup();
		const bodies: unknown[] = [];
		const scope = nock(API)
			.post('/crm/v3/objects/contacts/batch/create', recordBody(bodies))
			.reply(207, {
				status: 'COMPLETE',
				// HubSpot does not promise result order; trace ids put each result in its slot.
				results: [
					{ id: '303', properties: { email: 'c@example.com' }, objectWriteTraceId: '2', createdAt: '2026-01-05T00:00:00Z' },
					{ id: '301', properties: { email: 'a@example.com' }, objectWriteTraceId: '0', createdAt: '2026-01-05T00:00:00Z' },
				],
				numErrors: 1,
				errors: [
					{
						status: 'error',
						category: 'VALIDATION_ERROR',
						message: 'Property values were not valid',
						context: { objectWriteTraceId: ['1'] },
						errors: [{ message: 'Email address not-an-email is invalid', code: 'INVALID_EMAIL' }],
					},
				],
			});

		const outcomes = await connector.createMany('contacts', inputs);

		expect(bodies).toEqual([
			{
				inputs: [
					{ properties: { email: 'a@example.com', firstname: 'Ada' }, objectWriteTraceId: '0' },
					{ properties: { email: 'not-an-email', firstname: 'Bad' }, objectWriteTraceId: '1' },
					{ properties: { email: 'c@example.com', firstname: 'Cy' }, objectWriteTraceId: '2' },
				],
			},
		]);
		expect(outcomes.map((o) => [o.index, o.ok, o.ok ? o.record.id : o.message])).toEqual([
			[0, true, '301'],
			[1, false, 'Property values were not valid: Email address not-an-email is invalid'],
			[2, true, '303'],
		]);
		expect(outcomes[1]).toEqual({
			index: 1,
			ok: false,
			message: 'Property values were not valid: Email address not-an-email is invalid',
			code: 'VALIDATION_ERROR',
			context: { objectWriteTraceId: ['1'] },
		});
		expect(scope.isDone()).toBe(true);
	});

	test('a 201 with every record created', async () => {
		const { connector } = await setup();
		const scope = nock(API)
			.post('/crm/v3/objects/companies/batch/create', {
				inputs: [{ properties: { name: 'Acme' }, objectWriteTraceId: '0' }],
			})
			.reply(201, { status: 'COMPLETE', results: [{ id: '1', properties: { name: 'Acme' }, objectWriteTraceId: '0' }] });

		const outcomes = await connector.createMany('companies', [{ name: 'Acme' }]);

		expect(outcomes).toEqual([
			{
				index: 0,
				ok: true,
				created: undefined,
				record: {
					id: '1',
					objectType: 'companies',
					properties: { name: 'Acme' },
					createdAt: undefined,
					updatedAt: undefined,
					archived: undefined,
					raw: { id: '1', properties: { name: 'Acme' }, objectWriteTraceId: '0' },
				},
			},
		]);
		expect(scope.isDone()).toBe(true);
	});

	test('a 503 on create is not retried: HubSpot may already have created the records', async () => {
		const { connector, stats, clock } = await setup();
		const scope = nock(API)
			.post('/crm/v3/objects/contacts/batch/create')
			.reply(503, { status: 'error', message: 'Service Unavailable' })
			.post('/crm/v3/objects/contacts/batch/create')
			.reply(201, { results: [] });

		await expect(connector.createMany('contacts', [inputs[0]])).rejects.toMatchObject({
			httpCode: '503',
			message: '503: Service Unavailable',
		});
		expect(stats.calls).toBe(1);
		expect(clock.waits).toEqual([]);
		// The second reply is still waiting: the create went out exactly once.
		expect(scope.pendingMocks()).toHaveLength(1);
	});

	test('a 429 on create is retried (HubSpot rejected it before doing anything)', async () => {
		const { connector, stats, clock } = await setup();
		const bodies: unknown[] = [];
		const scope = nock(API)
			.post('/crm/v3/objects/contacts/batch/create', recordBody(bodies))
			.reply(429, { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT' }, { 'Retry-After': '1' })
			.post('/crm/v3/objects/contacts/batch/create', recordBody(bodies))
			.reply(201, { results: [{ id: '1', properties: {}, objectWriteTraceId: '0' }] });

		const outcomes = await connector.createMany('contacts', [inputs[0]]);

		expect(outcomes.map((o) => o.ok)).toEqual([true]);
		expect(bodies).toHaveLength(2);
		expect(bodies[1]).toEqual(bodies[0]);
		expect(stats.calls).toBe(2);
		expect(clock.waits).toEqual([1000]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('updateMany / upsertMany / deleteMany', () => {
	test('updateMany sends {inputs:[{id, properties, objectWriteTraceId}]}; an error naming ids maps to that input', async () => {
		const { connector } = await setup();
		const bodies: unknown[] = [];
		const scope = nock(API)
			.post('/crm/v3/objects/deals/batch/update', recordBody(bodies))
			.reply(207, {
				status: 'COMPLETE',
				results: [{ id: '11', properties: { amount: '10' } }],
				errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some DEAL objects, they may be deleted or not exist.', context: { ids: ['12'] } }],
			});

		const outcomes = await connector.updateMany('deals', [
			{ id: '11', properties: { amount: '10' } },
			{ id: '12', properties: { amount: '20' } },
		]);

		expect(bodies).toEqual([
			{
				inputs: [
					{ id: '11', properties: { amount: '10' }, objectWriteTraceId: '0' },
					{ id: '12', properties: { amount: '20' }, objectWriteTraceId: '1' },
				],
			},
		]);
		expect(outcomes.map((o) => [o.index, o.ok, o.ok ? o.record.id : o.message])).toEqual([
			[0, true, '11'],
			[1, false, 'Could not get some DEAL objects, they may be deleted or not exist.'],
		]);
		expect(scope.isDone()).toBe(true);
	});

	test('updateMany is retried after a 503 (setting the same values twice is harmless)', async () => {
		const { connector, stats } = await setup();
		const scope = nock(API)
			.post('/crm/v3/objects/deals/batch/update')
			.reply(503, { message: 'Service Unavailable' })
			.post('/crm/v3/objects/deals/batch/update')
			.reply(200, { status: 'COMPLETE', results: [{ id: '11', properties: {}, objectWriteTraceId: '0' }] });
		const outcomes = await connector.updateMany('deals', [{ id: '11', properties: { amount: '1' } }]);
		expect(outcomes.map((o) => o.ok)).toEqual([true]);
		expect(stats.calls).toBe(2);
		expect(scope.isDone()).toBe(true);
	});

	test('upsertMany by email sends {inputs:[{idProperty, id, properties, objectWriteTraceId}]} and maps `new` to `created`', async () => {
		const { connector } = await setup();
		const bodies: unknown[] = [];
		const scope = nock(API)
			.post('/crm/v3/objects/contacts/batch/upsert', recordBody(bodies))
			.reply(200, {
				status: 'COMPLETE',
				results: [
					{ id: '2', new: true, properties: { email: 'new@example.com' }, objectWriteTraceId: '1' },
					{ id: '1', new: false, properties: { email: 'old@example.com' }, objectWriteTraceId: '0' },
				],
			});

		const outcomes = await connector.upsertMany('contacts', 'email', [
			{ id: 'old@example.com', properties: { firstname: 'Old' } },
			{ id: 'new@example.com', properties: { firstname: 'New' } },
		]);

		expect(bodies).toEqual([
			{
				inputs: [
					{ idProperty: 'email', id: 'old@example.com', properties: { firstname: 'Old' }, objectWriteTraceId: '0' },
					{ idProperty: 'email', id: 'new@example.com', properties: { firstname: 'New' }, objectWriteTraceId: '1' },
				],
			},
		]);
		expect(outcomes.map((o) => (o.ok ? [o.index, o.record.id, o.created] : [o.index, o.message]))).toEqual([
			[0, '1', false],
			[1, '2', true],
		]);
		expect(scope.isDone()).toBe(true);
	});

	test('deleteMany archives through batch/archive ({inputs:[{id}]}, 204 No Content)', async () => {
		const { connector } = await setup();
		const scope = nock(API)
			.post('/crm/v3/objects/contacts/batch/archive', { inputs: [{ id: '1' }, { id: '2' }] })
			.reply(204);

		const outcomes = await connector.deleteMany('contacts', ['1', '2']);

		expect(outcomes).toEqual([
			{ index: 0, ok: true, record: { id: '1', objectType: 'contacts', properties: {}, archived: true, raw: { id: '1', archived: true } } },
			{ index: 1, ok: true, record: { id: '2', objectType: 'contacts', properties: {}, archived: true, raw: { id: '2', archived: true } } },
		]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('250 items through runBatches', () => {
	test('go out as 100/100/50 and the one failed record is mapped back to its item index', async () => {
		const { connector } = await setup();
		const bodies: Array<{ inputs: IDataObject[] }> = [];
		const failingEmail = 'c207@example.com'; // item 207 = 3rd batch, position 7
		const scope = nock(API)
			.post('/crm/v3/objects/contacts/batch/create')
			.times(3)
			.reply((_uri, body) => {
				const { inputs } = body as { inputs: Array<{ properties: IDataObject; objectWriteTraceId: string }> };
				bodies.push(body as { inputs: IDataObject[] });
				const batchNo = bodies.length;
				const failing = inputs.filter((i) => i.properties.email === failingEmail);
				const results = inputs
					.filter((i) => i.properties.email !== failingEmail)
					.map((i) => ({ id: `${batchNo}-${i.objectWriteTraceId}`, properties: i.properties, objectWriteTraceId: i.objectWriteTraceId }));
				if (!failing.length) return [201, { status: 'COMPLETE', results }];
				return [
					207,
					{
						status: 'COMPLETE',
						results,
						numErrors: 1,
						errors: [
							{
								status: 'error',
								category: 'CONFLICT',
								message: 'Contact already exists. Existing ID: 999',
								context: { objectWriteTraceId: failing.map((f) => f.objectWriteTraceId) },
							},
						],
					},
				];
			});

		const inputs = Array.from({ length: 250 }, (_, i) => ({ itemIndex: i, value: { email: `c${i}@example.com` } as IDataObject }));
		const results = await runBatches(inputs, connector.maxBatchSize, (values) => connector.createMany('contacts', values));

		expect(connector.maxBatchSize).toBe(100);
		expect(bodies.map((b) => b.inputs.length)).toEqual([100, 100, 50]);
		// Every batch numbers its inputs from 0, and carries the items in order.
		expect(bodies[2].inputs[0]).toEqual({ properties: { email: 'c200@example.com' }, objectWriteTraceId: '0' });
		expect(bodies[2].inputs[49]).toEqual({ properties: { email: 'c249@example.com' }, objectWriteTraceId: '49' });
		expect(bodies.flatMap((b) => b.inputs.map((i) => (i.properties as IDataObject).email))).toEqual(inputs.map((i) => i.value.email));

		expect(results).toHaveLength(250);
		expect(results.map((r) => r.itemIndex)).toEqual(inputs.map((i) => i.itemIndex));
		const failed = results.filter((r) => !r.outcome.ok);
		expect(failed).toEqual([
			{
				itemIndex: 207,
				outcome: {
					index: 7,
					ok: false,
					message: 'Contact already exists. Existing ID: 999',
					code: 'CONFLICT',
					context: { objectWriteTraceId: ['7'] },
				},
			},
		]);
		const ok = results[206].outcome;
		expect(ok.ok && ok.record.id).toBe('3-6');
		const ok208 = results[208].outcome;
		expect(ok208.ok && ok208.record.id).toBe('3-8');
		expect(scope.isDone()).toBe(true);
	});
});

describe('retries', () => {
	test('a 429 with Retry-After waits exactly that long, then succeeds', async () => {
		const { connector, clock, stats } = await setup();
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/5')
			.reply(
				429,
				{ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' },
				{ 'Retry-After': '3' },
			)
			.get('/crm/v3/objects/contacts/5')
			.reply(200, contact(5));

		const record = await connector.get('contacts', '5');

		expect(record.id).toBe('5');
		expect(clock.waits).toEqual([3000]);
		expect(stats).toEqual({ calls: 2, retries: 1, waitedMs: 3000 });
		expect(scope.isDone()).toBe(true);
	});
});

describe('listChanged', () => {
	const SINCE = '2026-01-01T00:00:00.000Z';
	const SINCE_MS = String(Date.parse(SINCE)); // 1767225600000

	test('contacts: GTE on lastmodifieddate in epoch ms, ascending', async () => {
		const { connector } = await setup();
		const bodies: unknown[] = [];
		const scope = nock(API)
			.post('/crm/v3/objects/contacts/search', recordBody(bodies))
			.reply(200, { total: 1, results: [contact(1, { lastmodifieddate: '2026-01-02T00:00:00Z' })] });

		const records = await collect(connector.listChanged('contacts', { since: SINCE }));

		expect(SINCE_MS).toBe('1767225600000');
		expect(bodies).toEqual([
			{
				filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: SINCE_MS }] }],
				sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
				limit: 200,
			},
		]);
		expect(records.map((r) => r.id)).toEqual(['1']);
		expect(scope.isDone()).toBe(true);
	});

	test('deals: hs_lastmodifieddate; requested properties gain the sort key; limit shrinks the page', async () => {
		const { connector } = await setup();
		const bodies: unknown[] = [];
		const scope = nock(API)
			.post('/crm/v3/objects/deals/search', recordBody(bodies))
			.reply(200, { total: 1, results: [{ id: '4', properties: { dealname: 'Big', hs_lastmodifieddate: '2026-01-02T00:00:00Z' } }] });

		await collect(connector.listChanged('deals', { since: SINCE, properties: ['dealname'], limit: 10 }));

		expect(bodies).toEqual([
			{
				filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: SINCE_MS }] }],
				sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
				properties: ['dealname', 'hs_lastmodifieddate'],
				limit: 10,
			},
		]);
		expect(scope.isDone()).toBe(true);
	});

	test('without `since`: no filter groups, still ascending', async () => {
		const { connector } = await setup();
		const bodies: unknown[] = [];
		const scope = nock(API).post('/crm/v3/objects/companies/search', recordBody(bodies)).reply(200, { total: 0, results: [] });
		await collect(connector.listChanged('companies'));
		expect(bodies).toEqual([{ filterGroups: [], sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }], limit: 200 }]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('associate', () => {
	test('PUT /crm/v4/objects/contacts/1/associations/default/companies/2 with no body', async () => {
		const { connector } = await setup();
		const sent: Array<{ body: unknown; length: unknown }> = [];
		const answer = {
			status: 'COMPLETE',
			results: [
				{ from: { id: '1' }, to: { id: '2' }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 } },
				{ from: { id: '2' }, to: { id: '1' }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 280 } },
			],
		};
		const scope = nock(API)
			.put('/crm/v4/objects/contacts/1/associations/default/companies/2')
			.reply(function (_uri, body) {
				sent.push({ body, length: this.req.headers['content-length'] });
				return [200, answer];
			});

		const result = await connector.associate('0-1', '1', 'companies', '2');

		expect(result).toEqual(answer);
		// The default association needs no body at all.
		expect(sent.map((s) => s.body)).toEqual(['']);
		expect(scope.isDone()).toBe(true);
	});
});

describe('describeFields', () => {
	test('maps /crm/v3/properties/contacts to field descriptions', async () => {
		const { connector } = await setup();
		const scope = nock(API)
			.get('/crm/v3/properties/contacts')
			.reply(200, {
				results: [
					{
						name: 'email',
						label: 'Email',
						type: 'string',
						fieldType: 'text',
						groupName: 'contactinformation',
						options: [],
						hasUniqueValue: false,
						modificationMetadata: { archivable: true, readOnlyDefinition: true, readOnlyValue: false },
					},
					{
						name: 'lifecyclestage',
						label: 'Lifecycle Stage',
						type: 'enumeration',
						fieldType: 'radio',
						options: [
							{ label: 'Lead', value: 'lead', displayOrder: 1, hidden: false },
							{ label: 'Customer', value: 'customer', displayOrder: 5, hidden: false },
						],
						modificationMetadata: { archivable: true, readOnlyDefinition: true, readOnlyValue: false },
					},
					{
						name: 'hs_object_id',
						label: 'Record ID',
						type: 'number',
						fieldType: 'number',
						hasUniqueValue: true,
						modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: true },
					},
					{ name: 'bare' },
				],
			});

		const fields = await connector.describeFields('contacts');

		expect(fields).toEqual([
			{ name: 'email', label: 'Email', type: 'string', options: [], readOnly: false, unique: false },
			{
				name: 'lifecyclestage',
				label: 'Lifecycle Stage',
				type: 'enumeration',
				options: [
					{ label: 'Lead', value: 'lead' },
					{ label: 'Customer', value: 'customer' },
				],
				readOnly: false,
				unique: false,
			},
			{ name: 'hs_object_id', label: 'Record ID', type: 'number', options: [], readOnly: true, unique: true },
			{ name: 'bare', label: 'bare', type: 'string', options: [], readOnly: false, unique: false },
		]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('secrets', () => {
	test('a 401 error names the status and HubSpot message but never the access token', async () => {
		const { connector, stats } = await setup();
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/1')
			.times(2)
			.reply(401, {
				status: 'error',
				// Deliberately echoes the token, as a proxy or a verbose vendor message might.
				message: `Authentication credentials not found. Token ${TOKEN} is invalid (Authorization: Bearer ${TOKEN})`,
				correlationId: 'c0ffee',
				category: 'INVALID_AUTHENTICATION',
			});

		const error = await connector.get('contacts', '1').then(
			() => undefined,
			(e: unknown) => e as Error & { httpCode?: string; description?: string },
		);

		expect(error).toBeDefined();
		expect(error!.httpCode).toBe('401');
		expect(error!.message).toMatch(/^401: Authentication credentials not found\./);
		const everything = [error!.message, error!.description, error!.stack, JSON.stringify(error), JSON.stringify((error as unknown as IDataObject).cause)].join('\n');
		expect(everything).not.toContain(TOKEN);
		expect(everything).not.toContain('11111111-2222-3333-4444-555555555555');
		expect(stats.calls).toBe(2); // a 401 is sent once more, in throwing mode, for n8n to renew the token; no further retries
		expect(scope.isDone()).toBe(true);
	});

	test('OAuth2: an access or refresh token in any form (not just "Bearer …") is removed from the error', async () => {
		const access = 'COz5-oauth-access-0123456789abcdef';
		const refresh = 'na1-refresh-fedcba9876543210';
		const { ctx } = fakeContext({
			credentials: { crmPackHubSpotOAuth2Api: { clientSecret: 'client-secret-42', oauthTokenData: { access_token: access, refresh_token: refresh } } },
			node: { credentials: { crmPackHubSpotOAuth2Api: { id: 'cred-o', name: 'oauth' } } },
		});
		const settings = await hubspotSettings(ctx, 'oAuth2', { clock: fakeClock(), stats: newStats() });
		const connector = new HubSpotConnector(ctx, settings);
		const scope = nock(API)
			.get('/crm/v3/objects/contacts/1')
			.times(2)
			.reply(401, {
				status: 'error',
				message: `The OAuth token used to make this call expired: ${access} (refresh with ${refresh}, client client-secret-42)`,
				category: 'EXPIRED_AUTHENTICATION',
			});

		const error = await connector.get('contacts', '1').then(
			() => undefined,
			(e: unknown) => e as Error & { httpCode?: string; description?: string },
		);

		expect(error?.httpCode).toBe('401');
		expect(error?.message).toBe('401: The OAuth token used to make this call expired: [redacted] (refresh with [redacted], client [redacted])');
		const everything = [error!.message, error!.description, error!.stack, JSON.stringify(error)].join('\n');
		for (const secret of [access, refresh, 'client-secret-42']) expect(everything).not.toContain(secret);
		expect(scope.isDone()).toBe(true);
	});

	test('a network error that echoes the token does not leak it either', async () => {
		const failed: string[] = [];
		const { ctx } = fakeContext({
			networkFailure: (opts) => {
				failed.push(`${opts.method} ${opts.url}`);
				return Object.assign(new Error(`socket hang up (Authorization: Bearer ${TOKEN})`), { code: 'ECONNRESET' });
			},
		});
		const connector = new HubSpotConnector(ctx, await hubspotSettings(ctx, 'privateApp', { clock: fakeClock(), stats: newStats() }));

		const error = await connector.get('contacts', '1').then(
			() => undefined,
			(e: unknown) => e as Error & { description?: string },
		);

		expect(error).toBeDefined();
		const everything = [error!.message, error!.description, error!.stack, JSON.stringify(error)].join('\n');
		expect(error!.message).toContain('ECONNRESET');
		expect(everything).not.toContain(TOKEN);
		// a read is retried up to the default 5 attempts
		expect(failed).toEqual(Array(5).fill(`GET ${API}/crm/v3/objects/contacts/1`));
	});
});
