/**
 * The example GraphQL contacts <-> HubSpot contacts sync (CRM Sync, light runner
 * against the sandbox's GraphQL CRM and HubSpot). A file of its own so the jest
 * project "crm-sync over data table" runs it again with the Data Table store
 * without running every GraphQL CRM node test twice.
 */
import type { IDataObject } from 'n8n-workflow';

import { resetCostBudgets } from '../../nodes/GraphqlCrm/transport/costBudget';
import { graphqlCrmApi, hubspotPrivateApp } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow, onlyNode } from './helpers/harness';

jest.setTimeout(60_000);

const h = new Harness({
	seed: 14,
	node: NODE,
	perTest: true,
	credentials: (sb) => ({
		crmPackGraphqlCrmApi: graphqlCrmApi(sb, { id: 'crmPackSbxGraphqlCrm' }).crmPackGraphqlCrmApi,
		...hubspotPrivateApp(sb, { id: 'crmPackSbxPrivateApp', plan: 'pro' }),
	}),
	reset: () => resetCostBudgets(),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const gql = () => h.sb.graphql as any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ops = () => gql().operations as Array<{ query: string; variables?: any }>;

test('example crm-sync-graphql-hubspot.json: GraphQL contacts <-> HubSpot contacts, both ways, changes carried, nothing duplicated', async () => {
	let staticData: IDataObject | undefined;
	const sync = async () => {
		const run = await runCrmSync(onlyNode(loadWorkflow('examples/crm-sync-graphql-hubspot.json'), NODE), { credentials: h.store, staticData });
		staticData = run.staticData;
		return run;
	};
	gql().write('contacts', { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', phone: '+14155550101' });
	await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'grace@example.com', firstname: 'Grace', lastname: 'Hopper' } });

	let run = await sync();
	expect(run.errors).toEqual([]);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const hsByEmail = (email: string): IDataObject[] => (h.sb.hubspot.store.list('contacts') as any[]).filter((c) => c.properties.email === email);
	const gqlByEmail = (email: string) => gql().list('contacts').filter((c: IDataObject) => c.email === email);
	expect(hsByEmail('ada@example.com')).toHaveLength(1);
	expect((hsByEmail('ada@example.com')[0].properties as IDataObject).firstname).toBe('Ada');
	expect(gqlByEmail('grace@example.com')).toEqual([expect.objectContaining({ firstName: 'Grace', lastName: 'Hopper' })]);
	// Grace reached the GraphQL CRM through its upsert by email (a retried create cannot duplicate), as an aliased mutation.
	expect(ops().some((o) => /m0: upsertContact\(email: \$key_0, input: \$input_0\)/.test(o.query))).toBe(true);

	const ada = gqlByEmail('ada@example.com')[0];
	gql().advanceTime(2000);
	gql().write('contacts', { phone: '+14155550199' }, ada.id);
	run = await sync();
	expect(run.errors).toEqual([]);
	expect((hsByEmail('ada@example.com')[0].properties as IDataObject).phone).toBe('+14155550199');
	expect(hsByEmail('ada@example.com')).toHaveLength(1);
	expect(gqlByEmail('grace@example.com')).toHaveLength(1);
	expect(gqlByEmail('ada@example.com')).toHaveLength(1);
});
