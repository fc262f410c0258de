/**
 * CRM Sync with Brivity as a side, through the light runner: people are read
 * from Brivity's one list, records new to Brivity are created as leads, and the
 * updates Brivity's API cannot take are not sent but counted in the Summary
 * (`notWritten`, with the reason, and a warning), staying unsynced until then.
 */
import type { IDataObject } from 'n8n-workflow';
import { brivityApiKey } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow } from './helpers/harness';
import { isStoreCall } from './helpers/stateStore';

jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let bv: any;
const h = new Harness({ seed: 7, node: NODE, perTest: true, credentials: (s) => brivityApiKey(s), setup: (x) => {
		bv = x.sb.brivity;
	},
});

/** The POSTs the run sent to the CRMs (the Data Table store's calls to n8n are not CRM writes). */
const brivityPosts = () => h.sb.log.all().filter((e) => e.method === 'POST' && !isStoreCall(e.path));

const rows = (list: IDataObject[]) => list.map((json) => ({ json }));

test('Brivity <-> records from input: creates go to Brivity as leads, updates are held and reported, the rest flows to the input side', async () => {
	const rosa = bv.addPerson({ first_name: 'Rosa', last_name: 'Diaz', email: 'rosa@example.com', phone: '206-555-0101' });
	bv.addPerson({ first_name: 'Kai', last_name: 'Lee', email: 'kai@example.com', phone: '425-555-0123' });
	const input = [
		// Same person as Brivity's Rosa, another phone: the input side wins, which means an update of a Brivity person.
		{ id: 'r1', email: 'rosa@example.com', firstName: 'Rosa', lastName: 'Diaz', phone: '206-555-0999' },
		{ id: 'r2', email: 'nia@example.com', firstName: 'Nia', lastName: 'Holt', phone: '206-555-0142' },
	];
	const wf = loadWorkflow('brivity-crm-sync-input.json');
	let run = await runCrmSync(wf, { credentials: h.store, input: rows(input) });
	expect(run.errors).toEqual([]);
	// Nia became a Brivity lead; Kai went out on B's Changes; Rosa's new phone was not sent.
	expect(brivityPosts().map((e) => [e.path, e.body])).toEqual([
		['/brivity/secure/api/v2/leads', { first_name: 'Nia', last_name: 'Holt', email: 'nia@example.com', phone: '206-555-0142' }],
	]);
	expect(run.changesB.map((i) => [i.json.operation, (i.json.fields as IDataObject).email])).toEqual([['create', 'kai@example.com']]);
	expect(run.summary.a).toMatchObject({ created: 1, updated: 0 });
	expect(run.summary.notWritten).toEqual({
		a: { update: { count: 1, reason: expect.stringContaining("Brivity's API cannot update a person") } },
	});
	expect(run.summary.warnings).toContainEqual(expect.stringMatching(/^Side A \(Brivity\): 1 update\(s\) not written: Brivity's API cannot update a person/));
	expect(bv.people.get(String(rosa.id)).phone_number).toBe('206-555-0101');

	// Next run: the held update is planned and reported again (never recorded as synced), nothing is duplicated.
	h.sb.log.reset();
	run = await runCrmSync(wf, { credentials: h.store, input: rows([...input, { id: 'r3', email: 'kai@example.com', firstName: 'Kai', lastName: 'Lee', phone: '425-555-0123' }]), staticData: run.staticData });
	expect(run.errors).toEqual([]);
	expect(brivityPosts()).toEqual([]);
	expect((run.summary.notWritten as IDataObject).a).toMatchObject({ update: { count: 1 } });
	expect(bv.count()).toBe(3);
});
