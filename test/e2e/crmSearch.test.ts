/**
 * CRM Search (CRM Pack) through the light runner (issue 16): one search across every CRM of
 * nodes/crms.ts, each with its sandbox credential from its contract subject, merged by email;
 * a person in two of three CRMs with a field that disagrees; Keep Separate; a CRM that fails
 * reported without failing the search.
 */
import type { IDataObject } from 'n8n-workflow';
import { resetRateLimiters } from '../../shared/transport/rateLimiter';
import type { ContractSubject } from '../contract/subjects';
import { startSandbox, type Sandbox } from '../sandbox';
import { runWorkflow } from './lightRunner';
import { CONTRACT_SUBJECTS, crmWorkflow, items, runCrm, spoilSecrets, subjectCredential } from './helpers/crmNode';

jest.setTimeout(120_000);

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 61 });
	for (const s of SUBJECTS) s.prepare?.(sb);
});
afterAll(() => sb?.close());
beforeEach(() => resetRateLimiters());

/** One subject per CRM: the node holds one credential per type. */
const SUBJECTS = CONTRACT_SUBJECTS.filter((s, i) => CONTRACT_SUBJECTS.findIndex((o) => o.definition.value === s.definition.value) === i);
const subject = (value: string) => SUBJECTS.find((s) => s.definition.value === value)!;

/** Runs CRM Search over these CRMs (one spoiled credential for `broken`). */
async function search(crms: ContractSubject[], parameters: IDataObject, broken?: string) {
	let store = {};
	let refs: IDataObject = {};
	for (const s of crms) {
		const { store: one, ref } = subjectCredential(sb, s, s.definition.value === broken ? spoilSecrets : undefined);
		store = { ...store, ...one };
		refs = { ...refs, ...ref };
	}
	const json = crmWorkflow({ crms: crms.map((s) => s.definition.value), recordKind: 'contact', limit: 20, ...parameters }, refs, 'n8n-nodes-crm-pack.crmPackCrmSearch');
	return runWorkflow(json, { credentials: store, startNode: 'CRM', input: [{ json: {} }] });
}

/** Writes a customer through the CRM node (what a booking flow does); its id, or the error when the CRM cannot. */
async function customer(s: ContractSubject, fields: IDataObject): Promise<{ id?: string; error?: string }> {
	const r = await runCrm(sb, s, { operation: 'syncCustomer', matchBy: 'email', ...fields });
	if (r.error) return { error: String((r.error as Error).message) };
	return { id: String(items(r)[0].id) };
}

test('every CRM of the pack in one search: the person each CRM holds is one item with a source per CRM; a CRM that cannot search is reported, not fatal', async () => {
	const email = 'grace.hopper@example.com';
	const holders: Record<string, string> = {};
	for (const s of SUBJECTS) {
		const made = await customer(s, { email, firstName: 'Grace', lastName: 'Hopper' });
		if (made.id) holders[s.definition.value] = made.id;
	}
	expect(Object.keys(holders)).toEqual(expect.arrayContaining(['hubspot', 'salesforce', 'pipedrive', 'graphqlCrm']));
	const r = await search(SUBJECTS, { searchBy: 'email', query: email.toUpperCase() });
	const out = items(r);
	const people = out.filter((o) => o.ok !== false);
	const failed = out.filter((o) => o.ok === false);
	expect(people).toHaveLength(1);
	const sources = people[0].sources as IDataObject[];
	// Every CRM answered with its record, or is listed with its reason.
	for (const s of SUBJECTS) {
		const value = s.definition.value;
		const source = sources.find((x) => x.crm === value);
		const error = failed.find((f) => f.crm === value);
		expect(Boolean(source) !== Boolean(error)).toBe(true);
		if (source && holders[value]) expect(source.id).toBe(holders[value]);
		if (error) expect(String(error.error)).toMatch(new RegExp(`${s.definition.displayName} in this pack cannot|${s.definition.displayName} cannot`));
	}
	expect(people[0]).toMatchObject({ kind: 'contact', email, firstName: 'Grace', lastName: 'Hopper', conflicts: [] });
	// The GraphQL CRM finds by email through its resource definition's list query (no search query in the sandbox's definition).
	expect(sources.map((x) => x.crm)).toContain('graphqlCrm');
});

describe('three CRMs, a person in two of them', () => {
	const three = ['hubspot', 'salesforce', 'pipedrive'].map(subject);
	let ids: Record<string, string>;
	beforeAll(async () => {
		const hub = await customer(subject('hubspot'), { email: 'ada@engines.example', firstName: 'Ada', lastName: 'Lovelace', phone: '+44 20 7946 0001' });
		// Modified later in Salesforce, with another first name: the newest record's value wins, the other is listed.
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const sf = await customer(subject('salesforce'), { email: 'Ada@Engines.example', firstName: 'Augusta', lastName: 'Lovelace', phone: '+44 20 7946 0001' });
		const pd = await customer(subject('pipedrive'), { email: 'charles@engines.example', firstName: 'Charles', lastName: 'Babbage' });
		ids = { hubspot: hub.id!, salesforce: sf.id!, pipedrive: pd.id! };
	});

	test('merged by email: one item, both sources with ids and links, fields of the most recently modified record, the conflict listed', async () => {
		const out = items(await search(three, { searchBy: 'email', query: 'ada@engines.example' }));
		expect(out).toHaveLength(1);
		const [ada] = out;
		expect(ada).toMatchObject({ kind: 'contact', email: 'ada@engines.example', lastName: 'Lovelace', firstName: 'Augusta', phone: '+442079460001' });
		expect(ada.sources).toEqual([
			expect.objectContaining({ crm: 'salesforce', id: ids.salesforce, url: expect.stringContaining(`/lightning/r/Contact/${ids.salesforce}/view`) }),
			expect.objectContaining({ crm: 'hubspot', id: ids.hubspot, url: expect.stringContaining(`/record/0-1/${ids.hubspot}`) }),
		]);
		expect(ada.conflicts).toEqual(
			expect.arrayContaining([
				{
					field: 'firstName',
					values: [
						{ crm: 'salesforce', id: ids.salesforce, value: 'Augusta' },
						{ crm: 'hubspot', id: ids.hubspot, value: 'Ada' },
					],
				},
			]),
		);
		expect((ada.conflicts as IDataObject[]).map((c) => c.field)).not.toContain('email');
	});

	test('text search across the three: Lovelace merged from two CRMs, Babbage alone from the third; Keep Separate gives one item per record', async () => {
		const merged = items(await search(three, { searchBy: 'text', query: 'Lovelace' }));
		expect(merged).toHaveLength(1);
		expect((merged[0].sources as IDataObject[]).map((s) => s.crm).sort()).toEqual(['hubspot', 'salesforce']);
		const babbage = items(await search(three, { searchBy: 'text', query: 'Babbage' }));
		expect(babbage).toEqual([expect.objectContaining({ lastName: 'Babbage', sources: [expect.objectContaining({ crm: 'pipedrive', id: ids.pipedrive })] })]);
		const separate = items(await search(three, { searchBy: 'email', query: 'ada@engines.example', keepSeparate: true }));
		expect(separate).toHaveLength(2);
		expect(separate.map((s) => (s.sources as IDataObject[])[0].crm).sort()).toEqual(['hubspot', 'salesforce']);
		expect(separate.find((s) => (s.sources as IDataObject[])[0].crm === 'hubspot')).toMatchObject({ firstName: 'Ada', id: ids.hubspot });
	});

	test('a CRM whose credential is refused is reported with its reason; the others answer', async () => {
		const r = await search(three, { searchBy: 'email', query: 'ada@engines.example' }, 'salesforce');
		const out = items(r);
		expect(out).toHaveLength(2);
		expect(out[0]).toMatchObject({ email: 'ada@engines.example', firstName: 'Ada', sources: [expect.objectContaining({ crm: 'hubspot', id: ids.hubspot })] });
		expect(out[1]).toMatchObject({ crm: 'salesforce', ok: false });
		expect(String(out[1].error)).not.toBe('');
	});

	test('a query under 2 characters fails the search with that reason', async () => {
		const r = await search(three, { searchBy: 'text', query: 'A' });
		expect(String((r.error as Error)?.message)).toMatch(/at least 2 characters/);
	});
});
