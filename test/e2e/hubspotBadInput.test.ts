/**
 * End to end through n8n-core (light runner): the HubSpot (CRM Pack) node fed
 * bad input, against the CRM sandbox (issue 19, bad input). Items with nothing
 * to write fail alone instead of creating blank contacts; HubSpot's validation
 * errors come back as one readable message per item (index, field, reason);
 * a partial batch failure with Continue On Fail off says how many records were
 * written and lists every failed item.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { hubspotPrivateApp } from './helpers/credentials';
import { Harness, type WorkflowNode } from './helpers/harness';

const NODE = 'HubSpot';
const CONTACTS = '/hubspot/crm/v3/objects/contacts';

// The first run loads n8n-core and the package, slow on a busy machine.
jest.setTimeout(120_000);

let sb: Sandbox;
const h = new Harness({
	seed: 29,
	node: NODE,
	workflows: 'hubspot-',
	credentials: (s) => hubspotPrivateApp(s),
	setup: (x) => void (sb = x.sb),
});
const { output } = h;
/** Items may be anything an upstream node sends, an array included. */
const run = (name: string, input: unknown[], change?: (node: WorkflowNode) => void) => h.run(name, input as IDataObject[], change);

const continueOnFail = (node: WorkflowNode) => {
	node.onError = 'continueRegularOutput';
};

const emailsIn = (domain: string) =>
	sb.hubspot.store
		.list('contacts')
		.map((c) => String(c.properties.email))
		.filter((e) => e.endsWith(`@${domain}`))
		.sort();

const inputsOf = (n: number) => (sb.log.all()[n].body as { inputs: IDataObject[] }).inputs;

const NOTHING = 'nothing to create: every field is empty or null (a create needs at least one value)';
const NO_SHOE_SIZE = 'field "shoe_size": Property "shoe_size" does not exist';

describe('items with nothing to write (Continue On Fail)', () => {
	it('all-null fields, an empty object and an array are error items; only the real contact is sent, in ONE call', async () => {
		const before = sb.hubspot.store.count('contacts');
		const out = output(
			await run(
				'contacts-create',
				[
					{ firstName: null, lastName: null, email: null },
					{},
					['ada@blank.example'],
					{ firstName: 'Val', lastName: 'One', email: 'one@blank.example' },
				],
				continueOnFail,
			),
		);
		expect(sb.log.all().map((e) => `${e.method} ${e.path}`)).toEqual([`POST ${CONTACTS}/batch/create`]);
		expect(sb.log.all()[0].body).toEqual({
			inputs: [
				{
					properties: {
						firstname: 'Val',
						lastname: 'One',
						email: 'one@blank.example',
					},
					objectWriteTraceId: '0',
				},
			],
		});
		expect(sb.hubspot.store.count('contacts')).toBe(before + 1);
		expect(out.slice(0, 3)).toEqual(
			[0, 1, 2].map((item) => ({
				json: { error: `Item ${item}: ${NOTHING}` },
				pairedItem: { item },
			})),
		);
		expect(out[3].pairedItem).toEqual({ item: 3 });
		expect(out[3].json).toMatchObject({
			firstName: 'Val',
			lastName: 'One',
			email: 'one@blank.example',
		});
	});

	it('without Continue On Fail the run stops at the first such item, before any call', async () => {
		const r = await run('contacts-create', [{ firstName: 'Val', email: 'two@blank.example' }, { email: null }]);
		expect(r.status).toBe('error');
		expect(r.error?.message).toBe(`Item 1: ${NOTHING}`);
		expect(sb.log.all()).toEqual([]);
		expect(emailsIn('blank.example')).toEqual(['one@blank.example']);
	});
});

describe('values from "Properties (JSON)" go to HubSpot as strings', () => {
	it("numbers are sent as strings (HubSpot's v3 contract); an object fails its own item naming the property", async () => {
		const out = output(
			await run(
				'resources-companies-create',
				[
					{
						name: 'Numbers Inc',
						domain: 'numbers.example',
						extra: { numberofemployees: 250, annualrevenue: 1500000.5 },
					},
					{
						name: 'Objects Ltd',
						domain: 'objects.example',
						extra: { city: { name: 'Paris' } },
					},
				],
				continueOnFail,
			),
		);
		expect(sb.log.all().map((e) => `${e.method} ${e.path}`)).toEqual(['POST /hubspot/crm/v3/objects/companies/batch/create']);
		expect(inputsOf(0)).toEqual([
			{
				properties: {
					numberofemployees: '250',
					annualrevenue: '1500000.5',
					name: 'Numbers Inc',
					domain: 'numbers.example',
				},
				objectWriteTraceId: '0',
			},
		]);
		expect(out[0].json).toMatchObject({
			name: 'Numbers Inc',
			numberOfEmployees: 250,
			annualRevenue: 1500000.5,
		});
		expect(out[1]).toEqual({
			json: {
				error:
					'Item 1: field "city": HubSpot takes text, a number or true/false here, not an object or a list (multiple checkboxes: one text, values separated by ";")',
			},
			pairedItem: { item: 1 },
		});
	});
});

describe('HubSpot validation errors', () => {
	it("under Continue On Fail: one readable error item (index, field, HubSpot's reason), not the raw JSON; the other record is written", async () => {
		const out = output(
			await run(
				'contacts-create',
				[
					{ firstName: 'Good', email: 'good@valid19.example' },
					{
						firstName: 'Bad',
						email: 'bad@valid19.example',
						extra: { shoe_size: '42' },
					},
				],
				continueOnFail,
			),
		);
		expect(sb.log.all().map((e) => [e.method, e.path, e.status])).toEqual([['POST', `${CONTACTS}/batch/create`, 207]]);
		expect(inputsOf(0).map((i) => i.properties)).toEqual([
			{ firstname: 'Good', lastname: '', email: 'good@valid19.example' },
			{
				shoe_size: '42',
				firstname: 'Bad',
				lastname: '',
				email: 'bad@valid19.example',
			},
		]);
		expect(emailsIn('valid19.example')).toEqual(['good@valid19.example']);
		expect(out[1]).toEqual({
			json: {
				error: `Item 1: ${NO_SHOE_SIZE}`,
				field: 'shoe_size',
				code: 'VALIDATION_ERROR',
			},
			pairedItem: { item: 1 },
		});
		expect(out[0].json).toMatchObject({ email: 'good@valid19.example' });
	});

	it('with Continue On Fail off, a partial failure over 3 batches says how many were written and lists every failed item', async () => {
		const input = Array.from({ length: 250 }, (_, i) => ({
			firstName: `P${i}`,
			email: `p${i}@partial19.example`,
			extra: i % 10 === 3 ? { shoe_size: '42' } : {},
		}));
		const r = await run('contacts-create', input);
		expect(r.status).toBe('error');
		expect(sb.log.all().map((e) => [e.path, e.status, (e.body as { inputs: unknown[] }).inputs.length])).toEqual([
			[`${CONTACTS}/batch/create`, 207, 100],
			[`${CONTACTS}/batch/create`, 207, 100],
			[`${CONTACTS}/batch/create`, 207, 50],
		]);
		const failed = Array.from({ length: 25 }, (_, k) => k * 10 + 3);
		expect(emailsIn('partial19.example')).toHaveLength(225);
		expect(r.error?.message).toBe(
			`25 of 250 records failed, 225 written: ${failed
				.slice(0, 20)
				.map((i) => `item ${i}: ${NO_SHOE_SIZE}`)
				.join('; ')} (and 5 more, listed in the details)`,
		);
		expect((r.error as { description?: string } | undefined)?.description).toBe(
			`225 of 250 records were written; 25 failed. Failed items: items ${failed.join(', ')}: ${NO_SHOE_SIZE}. Turn on "Continue On Fail" to get one error item per failed record and keep the rest.`,
		);
	});
});
