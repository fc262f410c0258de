/**
 * End to end through n8n-core (light runner): Pipedrive creates whose connection dropped (issue 19,
 * writes of unknown outcome; shared/batching/unknownOutcome.ts). Pipedrive has no batch writes:
 * each record is its own POST, never sent twice; a dropped one is read back (persons changed since
 * just before the write) and reported created with its id, or not created and safe to run again.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { pipedriveApiToken } from './helpers/credentials';
import { Harness, type WorkflowNode } from './helpers/harness';

const PERSONS = '/pipedrive/api/v2/persons';

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;

const h = new Harness({
	seed: 41,
	node: 'Pipedrive',
	workflows: 'pipedrive-',
	credentials: (s) => pipedriveApiToken(s, { plan: 'ultimate' }),
	setup: (x) => {
		sb = x.sb;
		pd = sb.pipedrive;
	},
	reset: () => pd.resetRateLimits(),
});
const { run, output } = h;

const continueOnFail = (node: WorkflowNode) => {
	node.onError = 'continueRegularOutput';
};

/** The persons-create workflow writes name and email (its Shoe Size entry left out: no such field here). */
const plain = (node: WorkflowNode) => {
	node.parameters.fieldsUi = { field: [] };
};

const people = (n: number, domain: string) => Array.from({ length: n }, (_, k) => ({ name: `Person ${k} ${domain}`, email: `p${k}@${domain}` }));

const emailsIn = (domain: string): Record<string, string> =>
	Object.fromEntries(
		(pd.list('persons') as IDataObject[])
			.map((p) => [String((p.emails as IDataObject[])[0]?.value ?? ''), String(p.id)])
			.filter(([email]) => email.endsWith(`@${domain}`)),
	);

/**
 * Each create once (never re-sent), then only reads: the read-back of the persons changed since just
 * before. (The person fields, read once by the connector to resolve field names, are left aside.)
 */
function expectCreatesThenReadBack(fault: string, creates: number): void {
	const log = sb.log
		.all()
		.filter((e) => e.path !== '/pipedrive/api/v1/personFields')
		.map((e) => [e.method, e.path, e.fault ?? e.status]);
	expect(log.slice(0, creates)).toEqual(Array.from({ length: creates }, () => ['POST', PERSONS, fault]));
	expect(log.length).toBeGreaterThan(creates);
	expect(log.slice(creates).filter((e) => !(e[0] === 'GET' && e[1] === PERSONS && e[2] === 200))).toEqual([]);
}

describe('a dropped connection on create', () => {
	it('after Pipedrive stored the person: not repeated, read back, each item reported created with its id', async () => {
		sb.faults.set({ dropAfterRate: 1, methods: ['POST'], onlyPaths: /\/api\/v2\/persons$/ });
		const r = await run('persons-create', people(2, 'dropped41.example'), plain);
		expect(r.status).toBe('success');
		expectCreatesThenReadBack('drop-after', 2);
		const ids = emailsIn('dropped41.example');
		expect(Object.keys(ids).sort()).toEqual(['p0@dropped41.example', 'p1@dropped41.example']);
		expect(output(r).map((i) => [i.pairedItem, i.json.id, i.json.email])).toEqual([
			[{ item: 0 }, ids['p0@dropped41.example'], 'p0@dropped41.example'],
			[{ item: 1 }, ids['p1@dropped41.example'], 'p1@dropped41.example'],
		]);
	});

	it('before Pipedrive stored it: read back finds nothing, each item reported not created; running again creates them once', async () => {
		sb.faults.set({ dropBeforeRate: 1, methods: ['POST'], onlyPaths: /\/api\/v2\/persons$/ });
		const out = output(await run('persons-create', people(2, 'lost41.example'), (n) => (plain(n), continueOnFail(n))));
		expectCreatesThenReadBack('drop-before', 2);
		expect(out.map((i) => [i.pairedItem, i.json.code, i.json.error])).toEqual(
			[0, 1].map((item) => [
				{ item },
				'NOT_CREATED',
				expect.stringMatching(/^Not created: the connection dropped after the create was sent, and reading back found no record with these values created since .+; running it again is safe$/),
			]),
		);
		expect(emailsIn('lost41.example')).toEqual({});
		sb.faults.clear();
		expect(output(await run('persons-create', people(2, 'lost41.example'), plain)).map((i) => i.json.email)).toEqual(['p0@lost41.example', 'p1@lost41.example']);
		expect(Object.keys(emailsIn('lost41.example')).sort()).toEqual(['p0@lost41.example', 'p1@lost41.example']);
	});
});
