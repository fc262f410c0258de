/**
 * End to end through n8n-core (light runner): the Pipedrive (CRM Pack) node asked to write a
 * field Pipedrive's API v2 does not take (issue 19). The sandbox refuses such bodies as
 * Pipedrive does (400 "Invalid field(s) in the payload", test/sandbox/strictPipedrive.test.ts);
 * the node does not send them at all: the item fails alone, naming item and field, and says why.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { pipedriveApiToken } from './helpers/credentials';
import { Harness, type WorkflowNode } from './helpers/harness';

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;

const h = new Harness({
	seed: 31,
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

/** The persons-create workflow with one "Fields" entry named by the item (`field`, `value`; else the name again). */
const fieldByItem = (continueOnFail: boolean) => (node: WorkflowNode) => {
	node.parameters.fieldsUi = { field: [{ name: "={{ $json.field ?? 'name' }}", value: '={{ $json.value ?? $json.name }}' }] };
	if (continueOnFail) node.onError = 'continueRegularOutput';
};

const JOB_TITLE =
	'field "job_title": a person\'s job title cannot be written through Pipedrive\'s API v2 (it only returns it, with contact sync on): leave it out, or write the value to a custom field';
const NOT_A_FIELD =
	'field "Favourite colour": not a field Pipedrive\'s API v2 writes on persons; it takes name, owner_id, org_id, add_time, update_time, emails, phones, visible_to, label_ids, marketing_status and custom fields (by name or key)';

const posts = () => sb.log.all().filter((e) => e.method === 'POST' && e.path === '/pipedrive/api/v2/persons');

describe('a field Pipedrive v2 does not take', () => {
	it('under Continue On Fail: the item fails alone naming item and field, nothing is sent for it; the other is written', async () => {
		const out = output(
			await run(
				'persons-create',
				[
					{ name: 'Ada Lovelace', email: 'ada@bad31.example' },
					{ name: 'Grace Hopper', email: 'grace@bad31.example', field: 'job_title', value: 'Rear Admiral' },
					{ name: 'Alan Turing', email: 'alan@bad31.example', field: 'Favourite colour', value: 'green' },
				],
				fieldByItem(true),
			),
		);
		expect(posts().map((e) => (e.body as IDataObject).name)).toEqual(['Ada Lovelace']);
		expect(out[0].json).toMatchObject({ fullName: 'Ada Lovelace', email: 'ada@bad31.example' });
		expect(out.slice(1)).toEqual([
			{ json: { error: `Item 1: ${JOB_TITLE}`, field: 'job_title' }, pairedItem: { item: 1 } },
			{ json: { error: `Item 2: ${NOT_A_FIELD}`, field: 'Favourite colour' }, pairedItem: { item: 2 } },
		]);
		expect(pd.list('persons').map((p: IDataObject) => p.name)).toEqual(['Ada Lovelace']);
	});

	it('with Continue On Fail off: the run fails saying how many were written and naming the item and field', async () => {
		const r = await run(
			'persons-create',
			[
				{ name: 'Edsger Dijkstra', email: 'ed@bad31.example' },
				{ name: 'Barbara Liskov', email: 'barbara@bad31.example', field: 'job_title', value: 'Professor' },
			],
			fieldByItem(false),
		);
		expect(r.status).toBe('error');
		expect(r.error?.message).toBe(`1 of 2 records failed, 1 written: item 1: ${JOB_TITLE}`);
		expect(posts().map((e) => (e.body as IDataObject).name)).toEqual(['Edsger Dijkstra']);
	});
});
