/**
 * End to end through n8n-core (light runner): workflows/restcrm-*.json run the
 * built REST CRM (CRM Pack) node against the sandbox's generic CRM (issue 13):
 * every standard resource, the sub-resources and task operations, lists with
 * filters and limits, the custom resource, webhook deliveries, the health
 * check, OAuth2 client credentials and the API's rate-limit headers. Each test
 * checks output items, the sandbox's store and the requests in its log.
 */
import type { IDataObject } from 'n8n-workflow';

import { restCrmApi, restCrmOAuth2 } from './helpers/credentials';
import { Harness } from './helpers/harness';

const h = new Harness({
	seed: 13,
	node: 'REST CRM',
	workflows: 'restcrm-',
	credentials: (s) => ({ ...restCrmApi(s), ...restCrmOAuth2(s) }),
	reset: (x) => {
		x.sb.generic.setRateLimit({ limit: 6000, windowMs: 60_000, style: 'x' });
	},
});
const { run, output, calls } = h;
const API = '/generic/api/v1';
const json = (r: Awaited<ReturnType<typeof run>>) => output(r).map((i) => i.json);
const bodies = (method: string, path: string) => h.sb.log.all().filter((e) => e.method === method && e.path === `${API}${path}`).map((e) => e.body);
const resource = (value: string, operation?: string) => (node: { parameters: IDataObject }) => {
	node.parameters.resource = value;
	if (operation) node.parameters.operation = operation;
};

describe('REST CRM (CRM Pack) through the light runner', () => {
	test('create: one POST per item with the fields as given; a refused item fails alone naming its field (Continue On Fail)', async () => {
		const r = await run(
			'create',
			[
				{ fields: { first_name: 'Ada', last_name: 'Lovelace', email: 'ADA@example.com', job_title: 'Analyst' } },
				{ fields: { last_name: 'Bad', email: 'not-an-email' } },
				{ fields: { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com' } },
			],
			(node) => (node.continueOnFail = true),
		);
		const items = json(r);
		// The bad e-mail is refused before anything is sent (the shared write pipeline), naming item and field.
		expect(items.map((i) => i.email ?? i.error)).toEqual(['ada@example.com', expect.stringMatching(/^Item 1: field "email": .*not a valid email address/), 'grace@example.com']);
		expect(items[0]).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', fullName: 'Ada Lovelace', jobTitle: 'Analyst' });
		const sent = bodies('POST', '/contacts').sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
		expect(sent).toEqual([
			{ email: 'ada@example.com', first_name: 'Ada', job_title: 'Analyst', last_name: 'Lovelace' },
			{ email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper' },
		]);
		expect(h.sb.generic.store.list('contacts').map((c) => c.email)).toEqual(['ada@example.com', 'grace@example.com']);
	});

	test('upsert by email: the existing record is updated (PATCH), a new one created with the email; nothing twice', async () => {
		const before = h.sb.generic.store.list('contacts').length;
		const r = await run('upsert', [
			{ email: 'ada@example.com', fields: { job_title: 'Countess' } },
			{ email: 'alan@example.com', fields: { last_name: 'Turing' } },
		]);
		expect(json(r).map((i) => [i.email, i.created])).toEqual([
			['ada@example.com', false],
			['alan@example.com', true],
		]);
		expect(h.sb.generic.store.list('contacts')).toHaveLength(before + 1);
		expect(h.sb.log.all().filter((e) => e.method === 'GET' && e.path === `${API}/contacts`).map((e) => e.query.email).sort()).toEqual(['ada@example.com', 'alan@example.com']);
		expect(bodies('POST', '/contacts')).toEqual([{ email: 'alan@example.com', last_name: 'Turing' }]);
		const ada = h.sb.generic.store.list('contacts').find((c) => c.email === 'ada@example.com')!;
		expect(bodies('PATCH', `/contacts/${ada.id}`)).toEqual([{ job_title: 'Countess', email: 'ada@example.com' }]);
		expect(ada.job_title).toBe('Countess');
	});

	test('every standard resource: create, get, update (only the given fields), list, delete', async () => {
		const made = h.sb.generic.seed({ users: 1, clients: 1, projects: 1 });
		const [user, client, project] = [made.users[0], made.clients[0], made.projects[0]];
		const cases: Array<[string, string, IDataObject, IDataObject]> = [
			['user', 'users', { username: 'e2e.user', email: 'e2e.user@example.com', name: 'E2E User' }, { role: 'admin' }],
			['client', 'clients', { name: 'Analytical Engines', website: 'https://engines.example.com' }, { phone: '+44 20 7123 4567' }],
			['project', 'projects', { name: 'Engine No. 2', client_id: client, budget: 17000 }, { status: 'on_hold' }],
			['task', 'tasks', { title: 'Cut the gears', project_id: project, priority: 'high' }, { due_date: '2026-03-05' }],
			['comment', 'comments', { entity_type: 'project', entity_id: project, body: 'Started', author_id: user }, { body: 'Started (edited)' }],
			['deal', 'deals', { name: 'Difference Engine', amount: 17000, currency: 'GBP', stage: 'qualified', client_id: client }, { stage: 'won' }],
			['activity', 'activities', { subject: 'Demo', starts_at: '2026-03-01T10:00:00.000Z', ends_at: '2026-03-01T11:00:00.000Z', owner_id: user }, { done: true }],
		];
		for (const [res, collection, create, change] of cases) {
			const created = json(await run('create', [{ fields: create }], resource(res)))[0];
			const id = String(created.id);
			expect(h.sb.generic.store.get(collection as never, Number(id))).toMatchObject(create);
			const got = json(await run('get', [{ id }], resource(res)))[0];
			expect(String(got.id)).toBe(id);
			const updated = h.sb.generic.store.get(collection as never, Number(id))!;
			await run('update', [{ id, fields: change }], resource(res));
			expect(bodies('PATCH', `/${collection}/${id}`)).toEqual([change]);
			expect(h.sb.generic.store.get(collection as never, Number(id))).toMatchObject({ ...create, ...change, created_at: updated.created_at });
			const listed = json(await run('get-many', [{ returnAll: true }], resource(res)));
			expect(listed.map((i) => String(i.id))).toContain(id);
			await run('delete', [{ id }], resource(res));
			expect(h.sb.generic.store.get(collection as never, Number(id))).toBeUndefined();
		}
		// Simplified output is CRM-neutral where the resource has a neutral kind, the record's own fields where not.
		const deal = json(await run('create', [{ fields: { name: 'Neutral deal', amount: 5, currency: 'EUR', client_id: client } }], resource('deal')))[0];
		expect(deal).toMatchObject({ name: 'Neutral deal', amount: 5, currency: 'EUR', associations: [{ kind: 'company', id: String(client) }] });
		const proj = json(await run('get', [{ id: String(project) }], resource('project')))[0];
		expect(proj).toMatchObject({ id: project, name: expect.any(String), client_id: expect.anything() });
	});

	test('get many: page/per_page paging, Limit stops early, Return All walks every page, filters go as query parameters', async () => {
		const made = h.sb.generic.seed({ projects: 1, tasks: 0 });
		const project = made.projects[0];
		// 130 tasks straight into the store: 120 open, 10 blocked.
		for (let n = 0; n < 130; n++) {
			const res = await fetch(`${h.sb.generic.baseUrl}/api/v1/tasks`, {
				method: 'POST',
				headers: { 'x-api-key': 'sandbox-api-key', 'content-type': 'application/json' },
				body: JSON.stringify({ title: `T${n}`, project_id: project, status: n < 10 ? 'blocked' : 'open' }),
			});
			expect(res.status).toBe(201);
		}
		h.sb.log.reset();
		const limited = json(await run('get-many', [{ limit: 5 }]));
		expect(limited).toHaveLength(5);
		expect(h.sb.log.all().map((e) => e.query)).toEqual([{ page: '1', per_page: '5' }]);
		h.sb.log.reset();
		const all = json(await run('get-many', [{ returnAll: true }]));
		expect(all.length).toBeGreaterThanOrEqual(130);
		expect(h.sb.log.all().map((e) => e.query.page)).toEqual(['1', '2']);
		h.sb.log.reset();
		const blocked = json(await run('get-many', [{ returnAll: true, status: 'blocked' }]));
		expect(blocked.map((t) => t.status)).toEqual(Array(10).fill('waiting'));
		expect(h.sb.log.all().map((e) => e.query)).toEqual([{ status: 'blocked', page: '1', per_page: '100' }]);
	});

	test('sub-resources and task operations: tasks of a project, assign, change status, search', async () => {
		const made = h.sb.generic.seed({ users: 2, clients: 1, projects: 1, tasks: 3 });
		const project = made.projects[0];
		const own = h.sb.generic.store.list('tasks').filter((t) => t.project_id === project).map((t) => String(t.id));
		const tasks = json(await run('related', [{ id: String(project) }]));
		expect(tasks.map((t) => t.id).sort()).toEqual(own.sort());
		expect(calls()).toEqual([`GET ${API}/projects/${project}/tasks`]);
		const task = made.tasks[0];
		h.sb.log.reset();
		const assigned = json(await run('task-assign', [{ id: String(task), userId: String(made.users[1]) }]))[0];
		expect(assigned.ownerId).toBe(String(made.users[1]));
		expect(bodies('PATCH', `/tasks/${task}/assign`)).toEqual([{ user_id: made.users[1] }]);
		const done = json(await run('task-status', [{ id: String(task) }]))[0];
		expect(done.status).toBe('completed');
		expect(h.sb.generic.store.get('tasks', task)).toMatchObject({ status: 'done', assignee_id: made.users[1] });
		const bad = await run('task-assign', [{ id: String(task), userId: 'x1' }]);
		expect(String((bad.error as Error)?.message)).toContain('field "User ID"');
		const clientName = String(h.sb.generic.store.get('clients', made.clients[0])!.name);
		h.sb.log.reset();
		const found = json(await run('search', [{ term: clientName.split(' ')[0] }]));
		expect(found.map((c) => c.id)).toContain(String(made.clients[0]));
		expect(h.sb.log.all()[0].query).toMatchObject({ q: clientName.split(' ')[0] });
	});

	test('custom resource: page-number list (Return All, 3 pages); PUT update reads the record and sends it whole', async () => {
		h.sb.generic.custom.seed(105);
		const listed = json(await run('custom-get-many'));
		expect(listed).toHaveLength(105);
		// No Field Map: the record's own fields, as the API sends them.
		expect(listed[0]).toMatchObject({ id: 1, given_name: 'Member1', updated_at: expect.any(String) });
		expect(calls()).toEqual([1, 2, 3].map(() => `GET ${API}/ext/page/members`));
		h.sb.log.reset();
		const member = h.sb.generic.custom.store.list()[0];
		const out = json(await run('custom-update', [{ id: String(member.id), fields: { title: 'Chair' } }]))[0];
		// The Field Map makes Simplified output CRM-neutral.
		expect(out).toMatchObject({ id: String(member.id), firstName: 'Member1', jobTitle: 'Chair' });
		expect(calls()).toEqual([`GET ${API}/ext/offset/members/${member.id}`, `PUT ${API}/ext/offset/members/${member.id}`]);
		expect(bodies('PUT', `/ext/offset/members/${member.id}`)).toEqual([{ given_name: 'Member1', family_name: 'Seeded1', email: 'member1@members.example.com', phone: null, title: 'Chair' }]);
		const bad = await run('custom-update', [{ id: '1', fields: {} }], (node) => {
			(node.parameters as IDataObject).customItemPath = '/ext/offset/members';
		});
		expect(String((bad.error as Error)?.message)).toContain('field "Item Path" must contain {id}');
	});

	test('health check and webhook deliveries (status, response code, attempts)', async () => {
		const health = json(await run('health'))[0];
		expect(health).toMatchObject({ status: 'ok', authenticated: true, method: 'api_key' });
		expect(calls()).toEqual([`GET ${API}/health`, `GET ${API}/auth/me`]);
		// A webhook whose endpoint refuses every delivery: retried, then failed.
		const refusing = await new Promise<{ url: string; close: () => void }>((resolve) => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const server = require('node:http').createServer((_req: unknown, res: { statusCode: number; end: () => void }) => {
				res.statusCode = 500;
				res.end();
			});
			server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/hook`, close: () => server.close() }));
		});
		h.sb.generic.webhooks.config.retryDelayMs = 10;
		const reg = await fetch(`${h.sb.generic.baseUrl}/api/v1/webhooks`, {
			method: 'POST',
			headers: { 'x-api-key': 'sandbox-api-key', 'content-type': 'application/json' },
			body: JSON.stringify({ url: refusing.url, events: ['client.created'], secret: 'whsec-e2e-0123456789abcdef' }),
		});
		const hook = ((await reg.json()) as { data: { id: number } }).data;
		await run('create', [{ fields: { name: 'Webhook client' } }], resource('client'));
		await h.sb.generic.webhooks.flush();
		refusing.close();
		const deliveries = json(await run('webhook-deliveries', [{ webhookId: String(hook.id) }]));
		expect(deliveries).toEqual([expect.objectContaining({ webhook_id: hook.id, event_type: 'client.created', status: 'failed', response_code: 500, attempts: 3 })]);
	});

	test('OAuth2 client credentials: n8n fetches the token, the list goes out with it', async () => {
		const listed = json(await run('oauth2-get-many'));
		expect(listed.length).toBe(h.sb.generic.store.list('contacts').length);
		const token = h.sb.log.all().find((e) => e.path === `${API}/oauth/token`);
		expect(token?.body).toMatchObject({ grant_type: 'client_credentials' });
		expect((h.store.crmPackRestCrmOAuth2Api['restcrm-oauth'].oauthTokenData as IDataObject).access_token).toEqual(expect.any(String));
	});

	test.each([
		['x', 'X-RateLimit-* (no window named)'],
		['ietf', 'IETF RateLimit-Policy / RateLimit'],
	] as const)('rate-limit headers (%s: %s) pace the node: 7 reads through a limit of 3 per 2 s meet no 429', async (style, _headers) => {
		h.sb.generic.resetRateLimits();
		h.sb.generic.setRateLimit({ limit: 3, windowMs: 2000, style });
		const made = h.sb.generic.seed({ clients: 1 });
		// A credential of its own: its own limiter buckets (kept per process, by credential id and host), learning from nothing.
		const id = `restcrm-rate-${style}`;
		const creds = restCrmApi(h.sb, { id, perMinute: 600 });
		const started = Date.now();
		const r = await run(
			'get',
			Array.from({ length: 7 }, () => ({ id: String(made.clients[0]) })),
			(node) => {
				resource('client')(node);
				(node as unknown as { credentials: IDataObject }).credentials = { crmPackRestCrmApi: { id, name: id } };
			},
			{ credentials: creds },
		);
		expect(json(r)).toHaveLength(7);
		expect(h.sb.log.all().filter((e) => e.status === 429)).toEqual([]);
		// 7 reads, 3 per window: at least two windows waited out.
		expect(Date.now() - started).toBeGreaterThanOrEqual(3900);
	});
});
