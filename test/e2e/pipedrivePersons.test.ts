/**
 * End to end through n8n-core (light runner): the workflow JSON files in
 * workflows/pipedrive-*.json run the built Pipedrive (CRM Pack) node against the
 * sandbox's Pipedrive. Each test checks output items, the sandbox's store and
 * the requests in its log.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { pipedriveApiToken } from './helpers/credentials';
import { Harness } from './helpers/harness';

const NODE = 'Pipedrive';

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;

/** Workflows pipedrive-<name>.json run from the Pipedrive node (API token, Lite plan). */
const h = new Harness({
	seed: 3,
	node: NODE,
	workflows: 'pipedrive-',
	credentials: (s) => pipedriveApiToken(s, { plan: 'lite' }),
	setup: (x) => {
		sb = x.sb;
		pd = sb.pipedrive;
	},
	reset: () => {
		pd.resetRateLimits();
		pd.setPlan('lite');
	},
});
const { run, output, calls } = h;

describe('Pipedrive persons through the light runner', () => {
	test('create: one POST per item, custom field by name written by key, Simplified output by name', async () => {
		const size = pd.addField('persons', { name: 'Shoe Size', field_type: 'enum', options: ['Large', 'Small'] });
		const r = await run('persons-create', [
			{ name: 'Ada Lovelace', email: 'ADA@example.com', shoeSize: 'Large' },
			{ name: 'Grace Hopper', email: 'grace@example.com', shoeSize: 'Small' },
		]);
		const items = output(r);
		expect(items.map((i) => i.json.email)).toEqual(['ada@example.com', 'grace@example.com']);
		expect(items[0].json).toMatchObject({ fullName: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace', custom: { 'Shoe Size': 7 + 93 } });
		const stored = pd.list('persons').find((p: IDataObject) => p.name === 'Ada Lovelace');
		expect(stored.custom_fields).toEqual({ [size.key]: 100 });
		expect(calls().filter((c) => c === 'POST /pipedrive/api/v2/persons')).toHaveLength(2);
	});

	test('upsert: a search then PATCH for a known email, a search then POST for a new one', async () => {
		const r = await run('persons-upsert', [
			{ email: 'grace@example.com', name: 'Grace B. Hopper' },
			{ email: 'alan@example.com', name: 'Alan Turing' },
		]);
		const items = output(r);
		expect(items.map((i) => i.json.created)).toEqual([false, true]);
		expect(pd.list('persons').map((p: IDataObject) => p.name).sort()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace B. Hopper']);
		const log = calls();
		expect(log.filter((c) => c === 'GET /pipedrive/api/v2/persons/search')).toHaveLength(2);
		expect(log.filter((c) => c.startsWith('PATCH /pipedrive/api/v2/persons/'))).toHaveLength(1);
		expect(log.filter((c) => c === 'POST /pipedrive/api/v2/persons')).toHaveLength(1);
	});

	test('get many walks every cursor page (500 per page)', async () => {
		pd.seed({ persons: 1100 });
		const items = output(await run('persons-get-many', [{}]));
		expect(items).toHaveLength(pd.count('persons'));
		const pages = sb.log.all().filter((e) => e.path === '/pipedrive/api/v2/persons' && e.method === 'GET');
		expect(pages.map((p) => p.query.limit)).toEqual(['500', '500', '500']);
		expect(pages[1].query.cursor).toBeTruthy();
	});

	test('search (exact email) and get by id', async () => {
		const search = output(
			await run('persons-get-many', [{}], (n) => {
				n.parameters = { ...n.parameters, operation: 'search', term: 'alan@example.com', searchFields: 'email', exactMatch: true, returnAll: true };
			}),
		);
		expect(search.map((i) => i.json.fullName)).toEqual(['Alan Turing']);
		const id = String(search[0].json.id);
		const got = output(
			await run('persons-get-many', [{}], (n) => {
				n.parameters = { ...n.parameters, operation: 'get', recordId: { __rl: true, mode: 'id', value: id } };
			}),
		);
		expect(got[0].json).toMatchObject({ id, email: 'alan@example.com' });
	});

	test('a burst of 60 creates on the Lite plan (20 per 2 s) is paced by the headers: no 429, every record written', async () => {
		const before = pd.count('persons');
		const input = Array.from({ length: 60 }, (_, i) => ({ name: `Burst ${i}`, email: `burst${i}@example.com`, shoeSize: 'Small' }));
		const started = Date.now();
		const items = output(await run('persons-create', input));
		expect(items).toHaveLength(60);
		expect(items.every((i) => !i.json.error)).toBe(true);
		expect(pd.count('persons')).toBe(before + 60);
		expect(sb.log.all().filter((e) => e.status === 429)).toHaveLength(0);
		// 60 + 1 fields call at 20 per 2 s cannot finish in under ~4 s.
		expect(Date.now() - started).toBeGreaterThanOrEqual(3500);
	}, 60_000);

	test('Continue On Fail: an invalid record fails alone as an error item', async () => {
		const r = await run(
			'persons-create',
			[
				{ name: 'Fine', email: 'fine@example.com', shoeSize: 'Large' },
				{ name: 'Unknown size', email: 'size@example.com', shoeSize: 'Huge' },
			],
			(n) => {
				n.continueOnFail = true;
			},
		);
		const items = output(r);
		expect(items[0].json.email).toBe('fine@example.com');
		expect(String(items[1].json.error)).toMatch(/is not an option id/);
		expect(items[1].json.httpCode).toBe(400);
	});

	test('delete: one DELETE per item; the records are gone', async () => {
		const ids = pd.list('persons').slice(0, 3).map((p: IDataObject) => ({ id: String(p.id) }));
		const before = pd.count('persons');
		const items = output(await run('persons-delete', ids));
		expect(items.every((i) => i.json.deleted === true)).toBe(true);
		expect(pd.count('persons')).toBe(before - 3);
	});

	test('meetings: an activity with due date/time, duration and a participant', async () => {
		const personId = pd.list('persons')[0].id;
		const items = output(await run('activities-create', [{ subject: 'Demo', start: '2026-03-01T10:30:00+01:00', minutes: 90, personId: String(personId) }]));
		expect(items[0].json).toMatchObject({ title: 'Demo', startTime: '2026-03-01T09:30:00Z', endTime: '2026-03-01T11:00:00Z', associations: [{ kind: 'contact', id: String(personId) }] });
		const stored = pd.list('activities').find((a: IDataObject) => a.subject === 'Demo');
		expect(stored).toMatchObject({ type: 'meeting', due_date: '2026-03-01', due_time: '09:30', duration: '01:30' });
	});
});
