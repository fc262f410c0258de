/**
 * The example examples/crm-sync-restcrm-hubspot.json (issue 13): CRM Sync between
 * the REST CRM's clients and HubSpot companies, matched by name, both ways,
 * through the light runner with the sandbox as both CRMs. Checks both stores
 * after each run: records carried across, a change carried back, nothing twice.
 */
import type { IDataObject } from 'n8n-workflow';

import { hubspotPrivateApp, restCrmApi } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow, onlyNode } from './helpers/harness';

jest.setTimeout(90_000);

const h = new Harness({
	seed: 17,
	node: NODE,
	perTest: true,
	credentials: (sb) => ({ ...restCrmApi(sb, { id: 'crmPackSbxRestCrm' }), ...hubspotPrivateApp(sb, { id: 'crmPackSbxPrivateApp', plan: 'pro' }) }),
});

test('example crm-sync-restcrm-hubspot.json: REST CRM clients <-> HubSpot companies, both ways, changes carried, nothing duplicated', async () => {
	let staticData: IDataObject | undefined;
	const sync = async () => {
		const run = await runCrmSync(onlyNode(loadWorkflow('examples/crm-sync-restcrm-hubspot.json'), NODE), { credentials: h.store, staticData });
		staticData = run.staticData;
		return run;
	};
	const api = (method: string, path: string, body?: unknown) =>
		fetch(`${h.sb.generic.baseUrl}/api/v1${path}`, { method, headers: { 'x-api-key': 'sandbox-api-key', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const created = (await (await api('POST', '/clients', { name: 'Analytical Engines', phone: '+442071234567', website: 'https://engines.example.com' })).json()) as { data: { id: number } };
	await h.hubspot('POST', '/crm/v3/objects/companies', { properties: { name: 'Hopper Compilers', phone: '+14155550101', domain: 'compilers.example.com' } });

	let run = await sync();
	expect(run.errors).toEqual([]);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const hsByName = (name: string): IDataObject[] => (h.sb.hubspot.store.list('companies') as any[]).filter((c) => c.properties.name === name);
	const clientsByName = (name: string) => h.sb.generic.store.list('clients').filter((c) => c.name === name);
	expect(hsByName('Analytical Engines')).toHaveLength(1);
	expect((hsByName('Analytical Engines')[0].properties as IDataObject).phone).toBe('+442071234567');
	expect(clientsByName('Hopper Compilers')).toEqual([expect.objectContaining({ phone: '+14155550101' })]);

	// A change on the REST CRM side is carried to HubSpot on the next run; nothing is created twice.
	await new Promise((r) => setTimeout(r, 1100));
	expect((await api('PATCH', `/clients/${created.data.id}`, { phone: '+442079999999' })).status).toBe(200);
	run = await sync();
	expect(run.errors).toEqual([]);
	expect((hsByName('Analytical Engines')[0].properties as IDataObject).phone).toBe('+442079999999');
	expect(hsByName('Analytical Engines')).toHaveLength(1);
	expect(clientsByName('Hopper Compilers')).toHaveLength(1);
	expect(clientsByName('Analytical Engines')).toHaveLength(1);
});
