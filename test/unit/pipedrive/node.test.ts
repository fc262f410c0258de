import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { CrmPackPipedrive } from '../../../nodes/Pipedrive/CrmPackPipedrive.node';
import { API, pdContext, person, recordBody } from './helpers';

const node = new CrmPackPipedrive();

async function run(options: Parameters<typeof pdContext>[0]) {
	const { ctx } = pdContext(options);
	return node.execute.call(ctx);
}

isolateNock();

const raw = { options: { output: 'raw' } };

describe('Pipedrive (CRM Pack) node', () => {
	test('create many: one POST per item; under Continue On Fail the failed item is an error item paired to its input', async () => {
		nock(API)
			.post('/api/v2/persons', (b) => b.name === 'A')
			.reply(200, { success: true, data: person(1, { name: 'A' }) })
			.post('/api/v2/persons', (b) => b.name === 'B')
			.reply(400, { success: false, error: 'Validation failed: emails[0].value is not a valid email' })
			.post('/api/v2/persons', (b) => b.name === 'C')
			.reply(200, { success: true, data: person(3, { name: 'C' }) });
		const [out] = await run({
			parameters: { resource: 'person', operation: 'create', ...raw },
			items: [{ json: {} }, { json: {} }, { json: {} }],
			itemParameters: [{ additionalFields: { name: 'A' } }, { additionalFields: { name: 'B' } }, { additionalFields: { name: 'C' } }],
			continueOnFail: true,
		});
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ id: 1, name: 'A' });
		expect(out[1].json).toMatchObject({ httpCode: 400 });
		expect(String(out[1].json.error)).toContain('not a valid email');
		expect(out[2].json).toMatchObject({ id: 3 });
	});

	test('without Continue On Fail the error names the failed item and the vendor reason, and the rest is still written', async () => {
		const scope = nock(API)
			.post('/api/v2/organizations', (b) => b.name === 'ok')
			.reply(200, { success: true, data: { id: 1, name: 'ok' } })
			.post('/api/v2/organizations', (b) => b.name === 'bad')
			.reply(400, { success: false, error: 'Validation failed: owner_id must be a number' });
		const error = await run({
			parameters: { resource: 'organization', operation: 'create', ...raw },
			items: [{ json: {} }, { json: {} }],
			itemParameters: [{ additionalFields: { name: 'ok' } }, { additionalFields: { name: 'bad' } }],
		}).catch((e: Error) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/item 1: .*owner_id must be a number/);
		scope.done();
	});

	test('a bad email fails its item before any call, naming item and field', async () => {
		const error = await run({
			parameters: { resource: 'person', operation: 'create', ...raw },
			itemParameters: [{ additionalFields: { name: 'A', email: 'not-an-email' } }],
		}).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/Item 0: field "email"/);
	});

	test('upsert: items with the same email are merged into one search + one write, each gets the record', async () => {
		const bodies: unknown[] = [];
		const scope = nock(API)
			.get('/api/v2/persons/search')
			.query({ term: 'ada@example.com', fields: 'email', exact_match: 'true', limit: '50' })
			.reply(200, { success: true, data: { items: [] }, additional_data: { next_cursor: null } })
			.post('/api/v2/persons', recordBody(bodies))
			.reply(200, { success: true, data: person(7, { name: 'Ada L' }) });
		const [out] = await run({
			parameters: { resource: 'person', operation: 'upsert', matchField: 'email', ...raw },
			items: [{ json: {} }, { json: {} }],
			itemParameters: [
				{ matchValue: 'Ada@Example.com', additionalFields: { name: 'Ada' } },
				{ matchValue: 'ada@example.com', additionalFields: { name: 'Ada L' } },
			],
		});
		expect(bodies).toEqual([{ name: 'Ada L', emails: [{ value: 'ada@example.com', primary: true, label: 'work' }] }]);
		expect(out.map((i) => [i.json.id, i.json.created])).toEqual([
			[7, true],
			[7, true],
		]);
		scope.done();
	});

	test('activity create: type meeting by default, due date/time in UTC, duration and participants', async () => {
		const bodies: unknown[] = [];
		nock(API).post('/api/v2/activities', recordBody(bodies)).reply(200, { success: true, data: { id: 2, subject: 'Demo' } });
		await run({
			parameters: {
				resource: 'activity',
				operation: 'create',
				additionalFields: { subject: 'Demo', dueAt: '2026-03-01T10:30:00+01:00', durationMinutes: 45, participants: '5, 6' },
				...raw,
			},
		});
		expect(bodies[0]).toEqual({
			subject: 'Demo',
			due_date: '2026-03-01',
			due_time: '09:30',
			duration: '00:45',
			participants: [
				{ person_id: 5, primary: true },
				{ person_id: 6, primary: false },
			],
			type: 'meeting',
		});
	});

	test('get many in Simplified output: custom fields shown by name (one fields call)', async () => {
		const key = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';
		nock(API)
			.get('/api/v1/dealFields')
			.query(true)
			.reply(200, { success: true, data: [{ key, name: 'Region', field_type: 'varchar', edit_flag: true }], additional_data: { pagination: { more_items_in_collection: false } } })
			.get('/api/v2/deals')
			.query({ limit: '2' })
			.reply(200, { success: true, data: [{ id: 1, title: 'D1', custom_fields: { [key]: 'EMEA' } }, { id: 2, title: 'D2', custom_fields: {} }], additional_data: { next_cursor: 'x' } });
		const [out] = await run({ parameters: { resource: 'deal', operation: 'getAll', returnAll: false, limit: 2 } });
		expect(out.map((i) => i.json.name)).toEqual(['D1', 'D2']);
		expect(out[0].json.custom).toMatchObject({ Region: 'EMEA' });
	});

	test('get: a 404 is a NodeApiError carrying the status and Pipedrive\'s message', async () => {
		nock(API).get('/api/v2/persons/99').reply(404, { success: false, error: 'Person not found', error_info: 'Please check developers.pipedrive.com' });
		const error = await run({ parameters: { resource: 'person', operation: 'get', recordId: '99', ...raw } }).catch((e: Error) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toBe('404: Person not found');
	});

	test('search on notes is refused with a clear message', async () => {
		await expect(run({ parameters: { resource: 'note', operation: 'search' } })).rejects.toThrow(/no search for note records/);
	});
});
