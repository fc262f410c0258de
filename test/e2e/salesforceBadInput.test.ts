/**
 * End to end through n8n-core (light runner): Salesforce's per-record validation errors
 * (sObject Collections SaveError: statusCode, message, fields) become one readable message per
 * item, naming the item and the field, as HubSpot's do (issue 19; shared/batching/batch.ts).
 * The sandbox refuses values over Salesforce's documented field lengths (STRING_TOO_LONG).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { salesforceJwt } from './helpers/credentials';
import { Harness } from './helpers/harness';

let sb: Sandbox;
const h = new Harness({
	seed: 37,
	node: 'Salesforce',
	workflows: 'salesforce-',
	credentials: (s) => salesforceJwt(s),
	setup: (x) => void (sb = x.sb),
});
const { run, output } = h;

const DATA = '/salesforce/services/data/v62.0';
const long = (c: string, n: number) => c.repeat(n);
const TOO_LONG = (label: string, value: string, max: number) => `${label}: data value too large: ${value} (max length=${max})`;
const lastNames = () => sb.salesforce!.store.list('Contact').map((c: IDataObject) => c.LastName);

describe('Salesforce validation errors, item by item', () => {
	it('under Continue On Fail: the refused record is one error item naming item and field with Salesforce\'s reason and code; the others are written', async () => {
		const bad = long('L', 81);
		const out = output(
			await run('contacts-create', [{ lastName: 'Lovelace' }, { lastName: bad }, { lastName: 'Hopper' }], (n) => {
				n.continueOnFail = true;
			}),
		);
		expect(sb.log.all().filter((e) => e.path === `${DATA}/composite/sobjects`).map((e) => e.status)).toEqual([200]);
		expect(out[1]).toEqual({
			json: { error: `Item 1: field "LastName": ${TOO_LONG('Last Name', bad, 80)}`, field: 'LastName', code: 'STRING_TOO_LONG' },
			pairedItem: { item: 1 },
		});
		expect([out[0].json.lastName, out[2].json.lastName]).toEqual(['Lovelace', 'Hopper']);
		expect(lastNames()).toEqual(expect.arrayContaining(['Lovelace', 'Hopper']));
		expect(lastNames()).not.toContain(bad);
	});

	it('with Continue On Fail off: the error says how many were written and lists each failed item with its field', async () => {
		const first = long('F', 41);
		const last = long('T', 81);
		const r = await run('contacts-create', [{ lastName: 'Turing' }, { firstName: first, lastName: 'Dijkstra' }, { lastName: last }]);
		expect(r.status).toBe('error');
		const one = `field "FirstName": ${TOO_LONG('First Name', first, 40)}`;
		const two = `field "LastName": ${TOO_LONG('Last Name', last, 80)}`;
		expect(r.error?.message).toBe(`2 of 3 records failed, 1 written: item 1: ${one}; item 2: ${two}`);
		expect((r.error as { description?: string } | undefined)?.description).toBe(
			`1 of 3 records were written; 2 failed. Failed items: item 1: ${one} | item 2: ${two}. Turn on "Continue On Fail" to get one error item per failed record and keep the rest.`,
		);
		expect(lastNames()).toContain('Turing');
	});
});
