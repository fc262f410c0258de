/**
 * End to end through n8n-core (light runner): the HubSpot (CRM Pack) node against
 * the CRM sandbox with faults on. A 429 storm is ridden out with every record
 * written once; a 503 on a create is not repeated (the create may have happened);
 * a bad item fails alone under Continue On Fail.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { hubspotPrivateApp } from './helpers/credentials';
import { Harness, type WorkflowNode } from './helpers/harness';

const NODE = 'HubSpot';
const CONTACTS = '/hubspot/crm/v3/objects/contacts';

let sb: Sandbox;
const h = new Harness({
	seed: 23,
	node: NODE,
	workflows: 'hubspot-',
	credentials: (s) => hubspotPrivateApp(s),
	setup: (x) => void (sb = x.sb),
	reset: () => sb.hubspot.resetRateLimits(),
});
const { run, output } = h;

const continueOnFail = (node: WorkflowNode) => {
	node.onError = 'continueRegularOutput';
};

const people = (n: number, domain: string, from = 0) =>
	Array.from({ length: n }, (_, k) => ({ firstName: `F${from + k}`, lastName: `L${from + k}`, email: `p${from + k}@${domain}` }));

const emailsIn = (domain: string) =>
	sb.hubspot.store
		.list('contacts')
		.map((c) => String(c.properties.email))
		.filter((e) => e.endsWith(`@${domain}`));

describe('a 429 storm on writes', () => {
	it('is ridden out: creates and upserts retried after Retry-After, every record written exactly once', async () => {
		sb.faults.set({ status429Rate: 0.5, methods: ['POST'], onlyPaths: /\/batch\//, seed: 4 });
		const domain = 'storm.example';
		const retries = (node: WorkflowNode) => {
			node.parameters.options = { retries: { values: { maxAttempts: 10, maxWaitSeconds: 5 } } };
		};

		// 150 creates (100 + 50) then 250 upserts (100/100/50) of which the first 150 already exist.
		const created = output(await run('contacts-create', people(150, domain), retries));
		const upserted = output(await run('contacts-upsert', people(250, domain), retries));

		const log = sb.log.all();
		const tries = (p: string) => log.filter((e) => e.path === `${CONTACTS}/batch/${p}`);
		const ok = (p: string) => tries(p).filter((e) => e.status !== 429);
		// Every call is a 429 (nothing processed) or a success; nothing else happened.
		expect(log.every((e) => e.status === 429 || e.status === 201 || e.status === 200)).toBe(true);
		expect(log.filter((e) => e.status === 429).every((e) => e.fault === '429')).toBe(true);
		expect(ok('create').map((e) => (e.body as { inputs: unknown[] }).inputs.length)).toEqual([100, 50]);
		expect(ok('upsert').map((e) => (e.body as { inputs: unknown[] }).inputs.length)).toEqual([100, 100, 50]);
		const stormed = log.filter((e) => e.status === 429).length;
		expect(stormed).toBe(log.length - 5);
		// With this fault seed the storm is real: at least one 429 per kind of write.
		expect(tries('create').length).toBeGreaterThan(2);
		expect(tries('upsert').length).toBeGreaterThan(3);

		// A 429 carries Retry-After: 1; the retry came no sooner.
		for (let i = 0; i < log.length - 1; i++) {
			if (log[i].status === 429) expect(log[i + 1].at - log[i].at).toBeGreaterThanOrEqual(950);
		}
		// A retried batch is the same batch: each 429'd body is sent again unchanged.
		for (let i = 0; i < log.length - 1; i++) {
			if (log[i].status === 429) expect(log[i + 1].body).toEqual(log[i].body);
		}

		const stored = emailsIn(domain);
		expect(stored).toHaveLength(250);
		expect(new Set(stored).size).toBe(250);
		expect(stored.sort()).toEqual(people(250, domain).map((p) => p.email).sort());

		expect(created).toHaveLength(150);
		expect(created.every((item, i) => (item.pairedItem as { item: number }).item === i && item.json.email === `p${i}@${domain}`)).toBe(true);
		expect(upserted.map((item) => item.json.created)).toEqual([...Array(150).fill(false), ...Array(100).fill(true)]);
		expect(upserted.every((item, i) => (item.pairedItem as { item: number }).item === i && item.json.email === `p${i}@${domain}`)).toBe(
			true,
		);
	});

	it('gives up after Max Attempts with HubSpot\'s 429 message, and wrote nothing', async () => {
		sb.faults.set({ status429Rate: 1, methods: ['POST'], onlyPaths: /\/batch\/create$/ });
		const r = await run('contacts-create', people(2, 'giveup.example'), (node) => {
			node.parameters.options = { retries: { values: { maxAttempts: 2, maxWaitSeconds: 5 } } };
		});
		expect(r.status).toBe('error');
		expect(sb.log.count(`POST ${CONTACTS}/batch/create`)).toBe(2);
		expect(r.error?.message).toMatch(/^2 of 2 records failed, 0 written: item 0: 429: .+; item 1: 429: /);
		expect(emailsIn('giveup.example')).toEqual([]);
	});
});

describe('a 503 on batch create', () => {
	const SERVICE_UNAVAILABLE = '503: The service is temporarily unavailable. Please try again later.';

	it('is not retried (the create may have been processed): one call, the run fails with the vendor message', async () => {
		sb.faults.set({ status503Rate: 1, methods: ['POST'], onlyPaths: /\/batch\/create$/ });
		const before = sb.hubspot.store.count('contacts');
		const r = await run('contacts-create', people(3, 'down.example'));
		expect(r.status).toBe('error');
		expect(sb.log.all().map((e) => [e.method, e.path, e.status])).toEqual([['POST', `${CONTACTS}/batch/create`, 503]]);
		expect(r.error?.message).toBe(
			`3 of 3 records failed, 0 written: item 0: ${SERVICE_UNAVAILABLE}; item 1: ${SERVICE_UNAVAILABLE}; item 2: ${SERVICE_UNAVAILABLE}`,
		);
		expect(sb.hubspot.store.count('contacts')).toBe(before);
	});

	it('under Continue On Fail gives one error item per input, paired to it, still after ONE call', async () => {
		sb.faults.set({ status503Rate: 1, methods: ['POST'], onlyPaths: /\/batch\/create$/ });
		const out = output(await run('contacts-create', people(3, 'down.example'), continueOnFail));
		expect(sb.log.count(`POST ${CONTACTS}/batch/create`)).toBe(1);
		expect(sb.log.all()).toHaveLength(1);
		expect(out).toEqual([0, 1, 2].map((item) => ({ json: { error: SERVICE_UNAVAILABLE, httpCode: 503 }, pairedItem: { item } })));
		expect(emailsIn('down.example')).toEqual([]);
	});
});

/** The one create (never re-sent), then only searches: the read-back of what was created since just before it (pages of earlier tests' records included). */
function expectCreateThenReadBack(fault: string): void {
	const log = sb.log.all().map((e) => [e.method, e.path, e.fault ?? e.status]);
	expect(log[0]).toEqual(['POST', `${CONTACTS}/batch/create`, fault]);
	expect(log.length).toBeGreaterThan(1);
	expect(log.slice(1).filter((e) => !(e[0] === 'POST' && e[1] === `${CONTACTS}/search` && e[2] === 200))).toEqual([]);
}

describe('ambiguous failures', () => {
	it('a connection dropped after HubSpot applied a batch create is not repeated, and is read back: each record reported created with its id', async () => {
		sb.faults.set({ dropAfterRate: 1, methods: ['POST'], onlyPaths: /\/batch\/create$/ });
		const r = await run('contacts-create', people(2, 'dropped.example'));
		expect(r.status).toBe('success');
		expectCreateThenReadBack('drop-after');
		const ids = Object.fromEntries(sb.hubspot.store.list('contacts').map((c) => [String(c.properties.email), String(c.id)]));
		expect(emailsIn('dropped.example').sort()).toEqual(['p0@dropped.example', 'p1@dropped.example']);
		const out = output(r);
		expect(out.map((i) => [i.pairedItem, i.json.id, i.json.email])).toEqual([
			[{ item: 0 }, ids['p0@dropped.example'], 'p0@dropped.example'],
			[{ item: 1 }, ids['p1@dropped.example'], 'p1@dropped.example'],
		]);
	});

	it('a connection dropped before HubSpot applied a batch create: read back finds nothing, each record reported not created, safe to run again', async () => {
		sb.faults.set({ dropBeforeRate: 1, methods: ['POST'], onlyPaths: /\/batch\/create$/ });
		const out = output(await run('contacts-create', people(2, 'lost.example'), continueOnFail));
		expectCreateThenReadBack('drop-before');
		expect(out.map((i) => [i.pairedItem, i.json.code, i.json.error])).toEqual(
			[0, 1].map((item) => [{ item }, 'NOT_CREATED', expect.stringMatching(/^Not created: the connection dropped after the create was sent, and reading back found no record with these values created since .+; running it again is safe$/)]),
		);
		expect(emailsIn('lost.example')).toEqual([]);
		sb.faults.clear();
		expect(output(await run('contacts-create', people(2, 'lost.example'))).map((i) => i.json.id)).toHaveLength(2);
		expect(emailsIn('lost.example').sort()).toEqual(['p0@lost.example', 'p1@lost.example']);
	});

	it('a 503 on batch upsert is retried (upsert is idempotent): every record written once', async () => {
		sb.faults.set({ status503Rate: 1, methods: ['POST'], onlyPaths: /\/batch\/upsert$/ });
		// Lift the fault once the first attempt has been answered 503.
		const lift = setInterval(() => {
			if (sb.log.all().some((e) => e.status === 503)) {
				sb.faults.clear();
				clearInterval(lift);
			}
		}, 5);
		try {
			const out = output(
				await run('contacts-upsert', people(3, 'retry503.example'), (node) => {
					node.parameters.options = { retries: { values: { maxAttempts: 3, maxWaitSeconds: 2 } } };
				}),
			);
			expect(sb.log.all().map((e) => [e.path, e.status])).toEqual([
				[`${CONTACTS}/batch/upsert`, 503],
				[`${CONTACTS}/batch/upsert`, 200],
			]);
			expect(emailsIn('retry503.example').sort()).toEqual(['p0@retry503.example', 'p1@retry503.example', 'p2@retry503.example']);
			expect(out.map((i) => [i.json.email, i.json.created])).toEqual([
				['p0@retry503.example', true],
				['p1@retry503.example', true],
				['p2@retry503.example', true],
			]);
		} finally {
			clearInterval(lift);
		}
	});
});

describe('one invalid email among valid items', () => {
	const input = [
		{ firstName: 'Val', lastName: 'One', email: 'one@valid.example' },
		{ firstName: 'Bad', lastName: 'Email', email: 'not-an-email' },
		{ firstName: 'Val', lastName: 'Two', email: 'two@valid.example' },
	];

	it('fails the run naming item and field, before any call, when Continue On Fail is off', async () => {
		const r = await run('contacts-create', input);
		expect(r.status).toBe('error');
		expect(r.error?.message).toMatch(/^Item 1: field "email": /);
		expect(sb.log.all()).toEqual([]);
		expect(emailsIn('valid.example')).toEqual([]);
	});

	it('under Continue On Fail: exactly one error item naming item and field; the others written in one call', async () => {
		const out = output(await run('contacts-create', input, continueOnFail));
		expect(sb.log.all().map((e) => `${e.method} ${e.path}`)).toEqual([`POST ${CONTACTS}/batch/create`]);
		expect((sb.log.all()[0].body as { inputs: Array<{ properties: IDataObject }> }).inputs.map((i) => i.properties.email)).toEqual([
			'one@valid.example',
			'two@valid.example',
		]);
		expect(emailsIn('valid.example').sort()).toEqual(['one@valid.example', 'two@valid.example']);

		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const errors = out.filter((i) => i.json.error !== undefined);
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 1 });
		expect(errors[0].json.error).toMatch(/^Item 1: field "email": /);
		expect(Object.keys(errors[0].json)).toEqual(['error']);
		expect([out[0].json.email, out[2].json.email]).toEqual(['one@valid.example', 'two@valid.example']);
		expect(typeof out[0].json.id).toBe('string');
	});
});
