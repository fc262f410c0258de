/**
 * Issue 18, queue mode: every action node of the pack (package.json n8n.nodes)
 * besides HubSpot's (actions.queue.ts) and CRM Sync's (syncState.queue.ts),
 * one representative write each (Top Producer, which calls no API: its composed
 * lead email; CRM Search: a read across two CRMs). Each runs an e2e workflow
 * of test/e2e/workflows (the CRM node and CRM Search: their e2e helper
 * workflow) with its e2e sandbox credential, published behind a webhook
 * (test/queue/workflows.ts) and called through the webhook processor, which
 * queues it for a worker and answers with the node's items. Checked: the
 * requests the vendor received (login and metadata reads left out), what it
 * holds afterwards, the node's answer, one execution queued by the webhook
 * processor and run by a worker. Each case has a sandbox of its own (its log
 * is its own), so the cases run at the same time.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CredentialStore, WorkflowJson } from '../e2e/lightRunner';
import { brivityApiKey, dynamicsClientCredentials, freshsalesApiKey, graphqlCrmApi, pipedriveApiToken, restCrmApi, salesforceJwt, zohoOAuth2 } from '../e2e/helpers/credentials';
import { CONTRACT_SUBJECTS, crmWorkflow, subjectCredential } from '../e2e/helpers/crmNode';
import { loadWorkflow } from '../e2e/helpers/harness';
import { startSandbox, type Sandbox } from '../sandbox';
import { deactivate } from './stack';
import { oneRunOnAWorker, pick, publishBehindWebhook } from './workflows';

type Json = Record<string, unknown>;

interface ActionCase {
	/** The node's display name without "(CRM Pack)". */
	node: string;
	workflow(sb: Sandbox): WorkflowJson;
	credentials(sb: Sandbox): CredentialStore;
	prepare?(sb: Sandbox): void;
	input: Json[];
	/** Every request the vendor received, [method, path, query of a GET or body], in any order. */
	requests(sb: Sandbox): Array<[string, string, unknown]>;
	/** What the vendor holds afterwards, reduced to what was written (vendor field names). */
	stored?(sb: Sandbox): Json[];
	expectStored?: Json[];
	/** The node's answer, reduced to what is checked; ids are the stored ones (`ids` in stored order). */
	answer(items: Json[]): unknown;
	expectAnswer(ids: string[]): unknown;
}

/** Requests that are not the node's own work: logins and token calls, Dataverse metadata reads (cached per process). */
const housekeeping = (path: string) => /\/oauth2\/|\/token$|\/userinfo$|\/EntityDefinitions/.test(path);

const subject = (value: string) => CONTRACT_SUBJECTS.find((s) => s.definition.value === value)!;

/** The CRM node's or CRM Search's e2e workflow over these CRMs, with each CRM's contract-subject credential. */
function crmNode(type: string, parameters: IDataObject, crms: string[]): Pick<ActionCase, 'workflow' | 'credentials'> {
	const made = (sb: Sandbox) => crms.map((value) => subjectCredential(sb, subject(value)));
	return {
		workflow: (sb) => crmWorkflow(parameters, Object.assign({}, ...made(sb).map((m) => m.ref)), type),
		credentials: (sb) => Object.assign({}, ...made(sb).map((m) => m.store)),
	};
}

const ada = { email: 'ada@queue.example', firstName: 'Ada', lastName: 'Lovelace' };
const alan = { email: 'alan@queue.example', firstName: 'Alan', lastName: 'Turing' };
const byEmail = (a: Json, b: Json) => String(a.email ?? a.emailaddress1).localeCompare(String(b.email ?? b.emailaddress1));

/** The Pipedrive field's key, made by the sandbox when the case adds the field. */
let shoeSizeKey = '';

const CASES: ActionCase[] = [
	{
		node: 'Pipedrive',
		workflow: () => loadWorkflow('pipedrive-persons-create.json'),
		credentials: (sb) => pipedriveApiToken(sb),
		prepare: (sb) => {
			shoeSizeKey = String(sb.pipedrive.addField('persons', { name: 'Shoe Size', field_type: 'enum', options: ['Large', 'Small'] }).key);
		},
		input: [
			{ name: 'Ada Lovelace', email: 'Ada@Queue.example', shoeSize: 'Large' },
			{ name: 'Alan Turing', email: 'alan@queue.example', shoeSize: 'Small' },
		],
		requests: () => {
			const key = shoeSizeKey;
			return [
				['GET', '/pipedrive/api/v1/personFields', { start: '0', limit: '500' }],
				['POST', '/pipedrive/api/v2/persons', { name: 'Ada Lovelace', emails: [{ value: 'ada@queue.example', primary: true, label: 'work' }], custom_fields: { [key]: 100 } }],
				['POST', '/pipedrive/api/v2/persons', { name: 'Alan Turing', emails: [{ value: 'alan@queue.example', primary: true, label: 'work' }], custom_fields: { [key]: 101 } }],
			];
		},
		// The two creates may go out at once: stored in either order.
		stored: (sb) => sb.pipedrive.list('persons').map((p: Json) => ({ id: p.id, name: p.name, email: (p.emails as Json[])[0].value })).sort(byEmail),
		expectStored: [
			{ name: 'Ada Lovelace', email: 'ada@queue.example' },
			{ name: 'Alan Turing', email: 'alan@queue.example' },
		],
		answer: (items) => items.map(pick(['id', 'fullName', 'email', 'custom'])),
		expectAnswer: (ids) => [
			{ id: ids[0], fullName: 'Ada Lovelace', email: 'ada@queue.example', custom: { 'Shoe Size': 100 } },
			{ id: ids[1], fullName: 'Alan Turing', email: 'alan@queue.example', custom: { 'Shoe Size': 101 } },
		],
	},
	{
		node: 'Salesforce',
		workflow: () => loadWorkflow('salesforce-contacts-create.json'),
		credentials: (sb) => salesforceJwt(sb),
		input: [ada, alan],
		requests: () => [
			[
				'POST',
				'/salesforce/services/data/v62.0/composite/sobjects',
				{
					allOrNone: false,
					records: [
						{ attributes: { type: 'Contact' }, FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@queue.example' },
						{ attributes: { type: 'Contact' }, FirstName: 'Alan', LastName: 'Turing', Email: 'alan@queue.example' },
					],
				},
			],
		],
		stored: (sb) => sb.salesforce.store.list('Contact').map(pick(['Id', 'FirstName', 'LastName', 'Email'])).map(({ Id, ...r }: Json) => ({ id: Id, ...r })),
		expectStored: [
			{ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@queue.example' },
			{ FirstName: 'Alan', LastName: 'Turing', Email: 'alan@queue.example' },
		],
		answer: (items) => items.map(pick(['id', 'firstName', 'lastName', 'email'])),
		expectAnswer: (ids) => [
			{ id: ids[0], ...ada },
			{ id: ids[1], ...alan },
		],
	},
	{
		node: 'Freshsales',
		workflow: () => loadWorkflow('freshsales-contacts-create.json'),
		credentials: (sb) => freshsalesApiKey(sb),
		input: [{ ...ada, jobTitle: 'Analyst' }],
		requests: () => [['POST', '/freshsales/crm/sales/api/contacts', { contact: { email: 'ada@queue.example', first_name: 'Ada', last_name: 'Lovelace', job_title: 'Analyst' } }]],
		stored: (sb) => sb.freshsales.list('contacts').map(pick(['id', 'email', 'first_name', 'last_name', 'job_title'])),
		expectStored: [{ email: 'ada@queue.example', first_name: 'Ada', last_name: 'Lovelace', job_title: 'Analyst' }],
		answer: (items) => items.map(pick(['id', 'firstName', 'lastName', 'email', 'jobTitle'])),
		expectAnswer: (ids) => [{ id: ids[0], ...ada, jobTitle: 'Analyst' }],
	},
	{
		node: 'Dynamics 365',
		workflow: () => loadWorkflow('dynamics-contacts-create.json'),
		credentials: (sb) => dynamicsClientCredentials(sb),
		input: [
			{ first: 'Ada', last: 'Lovelace', email: 'ada@queue.example' },
			{ first: 'Alan', last: 'Turing', email: 'alan@queue.example' },
		],
		requests: () => [
			['POST', '/dynamics/api/data/v9.2/contacts', { firstname: 'Ada', lastname: 'Lovelace', emailaddress1: 'ada@queue.example' }],
			['POST', '/dynamics/api/data/v9.2/contacts', { firstname: 'Alan', lastname: 'Turing', emailaddress1: 'alan@queue.example' }],
		],
		// The two creates go out at once: stored in either order.
		stored: (sb) => sb.dynamics.list('contact').map((c: Json) => ({ id: c.contactid, firstname: c.firstname, lastname: c.lastname, emailaddress1: c.emailaddress1 })).sort(byEmail),
		expectStored: [
			{ firstname: 'Ada', lastname: 'Lovelace', emailaddress1: 'ada@queue.example' },
			{ firstname: 'Alan', lastname: 'Turing', emailaddress1: 'alan@queue.example' },
		],
		answer: (items) => items.map(pick(['id', 'firstName', 'lastName', 'email'])),
		expectAnswer: (ids) => [
			{ id: ids[0], ...ada },
			{ id: ids[1], ...alan },
		],
	},
	{
		node: 'Zoho CRM',
		workflow: () => loadWorkflow('zoho-leads-create.json'),
		credentials: (sb) => zohoOAuth2(sb),
		input: [
			{ last: 'Lovelace', company: 'Analytical Engines' },
			{ last: 'Turing', company: 'Bletchley Park' },
		],
		requests: () => [['POST', '/zoho/us/crm/v8/Leads', { data: [{ Last_Name: 'Lovelace', Company: 'Analytical Engines' }, { Last_Name: 'Turing', Company: 'Bletchley Park' }] }]],
		stored: (sb) => sb.zoho.list('Leads').map(pick(['id', 'Last_Name', 'Company'])),
		expectStored: [
			{ Last_Name: 'Lovelace', Company: 'Analytical Engines' },
			{ Last_Name: 'Turing', Company: 'Bletchley Park' },
		],
		answer: (items) => items.map(pick(['id', 'lastName', 'company'])),
		expectAnswer: (ids) => [
			{ id: ids[0], lastName: 'Lovelace', company: 'Analytical Engines' },
			{ id: ids[1], lastName: 'Turing', company: 'Bletchley Park' },
		],
	},
	{
		node: 'Brivity',
		workflow: () => loadWorkflow('brivity-lead-create.json'),
		credentials: (sb) => brivityApiKey(sb),
		input: [{ first: 'Nia', last: 'Holt', email: 'nia@queue.example', phone: '206-555-0142', property: 'MLS NWM2001' }],
		requests: () => [
			[
				'POST',
				'/brivity/secure/api/v2/leads',
				{ first_name: 'Nia', last_name: 'Holt', email: 'nia@queue.example', phone: '206-555-0142', lead_type: 'Buyer', source: 'Website', tags: ['web', 'n8n'], description: 'Property of interest: MLS NWM2001' },
			],
		],
		stored: (sb) => [...sb.brivity.people.values()].map(pick(['id', 'first_name', 'last_name', 'email_address', 'phone_number', 'lead_type', 'source', 'tags', 'description'])),
		expectStored: [{ first_name: 'Nia', last_name: 'Holt', email_address: 'nia@queue.example', phone_number: '206-555-0142', lead_type: 'Buyer', source: 'Website', tags: ['web', 'n8n'], description: 'Property of interest: MLS NWM2001' }],
		answer: (items) => items.map(pick(['id', 'firstName', 'lastName', 'email', 'phone'])),
		expectAnswer: (ids) => [{ id: ids[0], firstName: 'Nia', lastName: 'Holt', email: 'nia@queue.example', phone: '206-555-0142' }],
	},
	{
		node: 'GraphQL CRM',
		workflow: () => loadWorkflow('graphqlcrm-mutation.json'),
		credentials: (sb) => graphqlCrmApi(sb),
		input: [
			{ email: 'ada@queue.example', firstName: 'Ada' },
			{ email: 'alan@queue.example', firstName: 'Alan' },
		],
		requests: () => [
			[
				'POST',
				'/graphql/graphql',
				{
					query: 'mutation CrmPackBatch($input_0: ContactInput!, $input_1: ContactInput!) {\n  m0: createContact(input: $input_0) { id email firstName }\n  m1: createContact(input: $input_1) { id email firstName }\n}',
					variables: { input_0: { email: 'ada@queue.example', firstName: 'Ada' }, input_1: { email: 'alan@queue.example', firstName: 'Alan' } },
				},
			],
		],
		stored: (sb) => sb.graphql.list('contacts').map(pick(['id', 'email', 'firstName'])),
		expectStored: [
			{ email: 'ada@queue.example', firstName: 'Ada' },
			{ email: 'alan@queue.example', firstName: 'Alan' },
		],
		answer: (items) => items,
		expectAnswer: (ids) => [
			{ id: ids[0], email: 'ada@queue.example', firstName: 'Ada' },
			{ id: ids[1], email: 'alan@queue.example', firstName: 'Alan' },
		],
	},
	{
		node: 'REST CRM',
		workflow: () => loadWorkflow('restcrm-create.json'),
		credentials: (sb) => restCrmApi(sb),
		input: [{ fields: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@queue.example' } }],
		requests: () => [['POST', '/generic/api/v1/contacts', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@queue.example' }]],
		stored: (sb) => sb.generic.store.list('contacts').map(pick(['id', 'first_name', 'last_name', 'email'])),
		expectStored: [{ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@queue.example' }],
		answer: (items) => items.map(pick(['id', 'firstName', 'lastName', 'email'])),
		expectAnswer: (ids) => [{ id: ids[0], ...ada }],
	},
	{
		node: 'Top Producer',
		workflow: () => loadWorkflow('top-producer-lead-email.json'),
		credentials: () => ({}),
		input: [{ name: 'Rosa Diaz', email: 'rosa@queue.example', phone: '206-555-0101', message: 'Is it still available?', property: '12 Pine St, Seattle, WA' }],
		requests: () => [],
		answer: (items) => items.map((i) => ({ ...pick(['to', 'subject', 'meta'])(i), text: String(i.text).split('\n') })),
		expectAnswer: () => [
			{
				to: 'agent@leads.example.com',
				subject: 'New buyer lead: Rosa Diaz (AgentWebsite.com)',
				meta: {
					lead_information_version: '1.0',
					lead_source: 'AgentWebsite.com',
					lead_type: 'Buyer',
					lead_name: 'Rosa Diaz',
					lead_email: 'rosa@queue.example',
					lead_phone: '206-555-0101',
					lead_property_address: '12 Pine St, Seattle, WA',
					lead_message: 'Is it still available?',
				},
				text: [
					'New buyer lead: Rosa Diaz (AgentWebsite.com)',
					'',
					'Source: AgentWebsite.com',
					'Type: Buyer',
					'Name: Rosa Diaz',
					'Email: rosa@queue.example',
					'Phone: 206-555-0101',
					'Property address: 12 Pine St, Seattle, WA',
					'Message: Is it still available?',
				],
			},
		],
	},
	{
		node: 'CRM',
		...crmNode('n8n-nodes-crm-pack.crmPackCrm', { crm: 'freshsales', operation: 'syncCustomer', matchBy: 'email', email: '={{ $json.email }}', firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}' }, ['freshsales']),
		input: [ada],
		requests: () => [['POST', '/freshsales/crm/sales/api/contacts/upsert', { unique_identifier: { emails: 'ada@queue.example' }, contact: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@queue.example' } }]],
		stored: (sb) => sb.freshsales.list('contacts').map(pick(['id', 'email', 'first_name', 'last_name'])),
		expectStored: [{ email: 'ada@queue.example', first_name: 'Ada', last_name: 'Lovelace' }],
		answer: (items) => items.map((i) => ({ ...pick(['crm', 'result', 'id'])(i), customer: pick(['id', 'firstName', 'lastName', 'email'])(i.customer as Json) })),
		expectAnswer: (ids) => [{ crm: 'freshsales', result: 'created', id: ids[0], customer: { id: ids[0], ...ada } }],
	},
	{
		node: 'CRM Search',
		...crmNode('n8n-nodes-crm-pack.crmPackCrmSearch', { crms: ['pipedrive', 'freshsales'], recordKind: 'contact', limit: 20, searchBy: 'email', query: '={{ $json.email }}' }, ['pipedrive', 'freshsales']),
		prepare: (sb) => {
			sb.pipedrive.write('persons', { name: 'Ada Lovelace', first_name: 'Ada', last_name: 'Lovelace', emails: [{ value: 'ada@queue.example', primary: true }] });
			sb.freshsales.write('contacts', { email: 'ada@queue.example', first_name: 'Ada', last_name: 'Lovelace' });
		},
		input: [{ email: 'ADA@queue.example' }],
		requests: () => [
			['GET', '/pipedrive/api/v2/persons/search', { term: 'ada@queue.example', limit: '50', fields: 'email', exact_match: 'true' }],
			['GET', '/pipedrive/api/v2/persons', { ids: '1', limit: '100' }],
			['GET', '/pipedrive/api/v1/users/me', {}],
			['POST', '/freshsales/crm/sales/api/filtered_search/contact', { filter_rule: [{ attribute: 'contact_email.email', operator: 'is_in', value: ['ada@queue.example'] }] }],
		],
		// One person, found in both CRMs by the e-mail (asked in capitals), nothing in conflict.
		answer: (items) => items.map((i) => ({ ...pick(['kind', 'email', 'firstName', 'lastName', 'conflicts', 'matchedBy'])(i), sources: (i.sources as Json[]).map(pick(['crm', 'id'])) })),
		expectAnswer: () => [
			{ kind: 'contact', email: 'ada@queue.example', firstName: 'Ada', lastName: 'Lovelace', conflicts: [], matchedBy: ['email:ada@queue.example'], sources: [{ crm: 'pipedrive', id: '1' }, { crm: 'freshsales', id: '1001' }] },
		],
	},
];

const sandboxes: Sandbox[] = [];
const workflowIds: string[] = [];
afterAll(async () => {
	for (const id of workflowIds) await deactivate(id).catch(() => undefined);
	for (const sb of sandboxes) await sb.close();
});

const sorted = <T>(list: T[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

test.concurrent.each(CASES.map((c, i) => [c.node, c, i] as const))('%s (CRM Pack) runs on a worker: the vendor gets exactly the write, holds the records, the webhook answers the node\'s items', async (_node, c, i) => {
	const sb = await startSandbox({ port: 0, seed: 30 + i });
	sandboxes.push(sb);
	c.prepare?.(sb);
	const wf = await publishBehindWebhook(c.workflow(sb), c.credentials(sb), `queue-action-${i}`);
	workflowIds.push(wf.workflowId);
	sb.log.reset();

	const answer = await wf.call(c.input);
	expect(answer.status).toBe(200);
	await oneRunOnAWorker(wf.workflowId, 0);

	const requests = sb.log.all().filter((e) => !housekeeping(e.path)).map((e) => [e.method, e.path, e.method === 'GET' ? e.query : e.body]);
	const stored = c.stored?.(sb) ?? [];
	expect(sorted(requests)).toEqual(sorted(c.requests(sb)));
	expect(stored.map(({ id: _id, ...rest }) => rest)).toEqual(c.expectStored ?? []);
	expect(c.answer(answer.items)).toEqual(c.expectAnswer(stored.map((s) => String(s.id))));
});
