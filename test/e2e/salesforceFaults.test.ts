/**
 * End to end through n8n-core (light runner): Salesforce creates whose connection dropped (issue 19,
 * writes of unknown outcome; shared/batching/unknownOutcome.ts). The sObject Collections call is
 * never sent twice; the records are read back (SOQL on SystemModstamp since just before the write)
 * and each item reported created with its id, or not created and safe to run again.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { salesforceJwt } from './helpers/credentials';
import { Harness, type WorkflowNode } from './helpers/harness';

const DATA = '/salesforce/services/data/v62.0';
const COLLECTIONS = `${DATA}/composite/sobjects`;

let sb: Sandbox;
const h = new Harness({
	seed: 43,
	node: 'Salesforce',
	workflows: 'salesforce-',
	credentials: (s) => salesforceJwt(s),
	setup: (x) => void (sb = x.sb),
});
const { run, output } = h;

const continueOnFail = (node: WorkflowNode) => {
	node.continueOnFail = true;
};

const people = (n: number, domain: string) => Array.from({ length: n }, (_, k) => ({ firstName: `F${k}`, lastName: `L${k}`, email: `p${k}@${domain}` }));

const idsIn = (domain: string): Record<string, string> =>
	Object.fromEntries(
		(sb.salesforce!.store.list('Contact') as IDataObject[]).filter((c) => String(c.Email).endsWith(`@${domain}`)).map((c) => [String(c.Email), String(c.Id)]),
	);

/** The one create (never re-sent), then only SOQL reads: the read-back. The JWT log-in of the first run is left aside. */
function expectCreateThenReadBack(fault: string): void {
	const log = sb.log
		.all()
		.filter((e) => !e.path.startsWith('/salesforce/services/oauth2/'))
		.map((e) => [e.method, e.path, e.fault ?? e.status]);
	expect(log[0]).toEqual(['POST', COLLECTIONS, fault]);
	expect(log.length).toBeGreaterThan(1);
	expect(log.slice(1).filter((e) => !(e[0] === 'GET' && e[1] === `${DATA}/query` && e[2] === 200))).toEqual([]);
}

describe('a dropped connection on an sObject Collections create', () => {
	it('after Salesforce saved the records: not repeated, read back, each item reported created with its id', async () => {
		sb.faults.set({ dropAfterRate: 1, methods: ['POST'], onlyPaths: /\/composite\/sobjects$/ });
		const r = await run('contacts-create', people(2, 'dropped43.example'));
		expect(r.status).toBe('success');
		expectCreateThenReadBack('drop-after');
		const ids = idsIn('dropped43.example');
		expect(Object.keys(ids).sort()).toEqual(['p0@dropped43.example', 'p1@dropped43.example']);
		expect(output(r).map((i) => [i.pairedItem, i.json.id, i.json.email])).toEqual([
			[{ item: 0 }, ids['p0@dropped43.example'], 'p0@dropped43.example'],
			[{ item: 1 }, ids['p1@dropped43.example'], 'p1@dropped43.example'],
		]);
	});

	it('before Salesforce saved them: read back finds nothing, each item reported not created; running again creates them once', async () => {
		sb.faults.set({ dropBeforeRate: 1, methods: ['POST'], onlyPaths: /\/composite\/sobjects$/ });
		const out = output(await run('contacts-create', people(2, 'lost43.example'), continueOnFail));
		expectCreateThenReadBack('drop-before');
		expect(out.map((i) => [i.pairedItem, i.json.code, i.json.error])).toEqual(
			[0, 1].map((item) => [
				{ item },
				'NOT_CREATED',
				expect.stringMatching(/^Not created: the connection dropped after the create was sent, and reading back found no record with these values created since .+; running it again is safe$/),
			]),
		);
		expect(idsIn('lost43.example')).toEqual({});
		sb.faults.clear();
		expect(output(await run('contacts-create', people(2, 'lost43.example'))).map((i) => i.json.email)).toEqual(['p0@lost43.example', 'p1@lost43.example']);
		expect(Object.keys(idsIn('lost43.example')).sort()).toEqual(['p0@lost43.example', 'p1@lost43.example']);
	});
});
