/**
 * CRM Sync with a custom resource as a side (issue 13: "the CRM Sync node can
 * use it as a side, with the fields the user maps to the neutral model"). The
 * REST CRM credential's "Custom Resource for CRM Sync (JSON)" describes the
 * generic sandbox's members resource in its offset/limit shape (member_id,
 * modified_at, PUT updates, no "updated since" filter: test/sandbox/generic/custom.js)
 * as contacts; CRM Sync runs it against HubSpot contacts, matched by e-mail,
 * both ways, through the light runner. Checks both stores after each run:
 * records carried across with their mapped fields, changes carried both ways,
 * nothing created twice, and a run with no change writes nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import { hubspotPrivateApp, restCrmApi } from './helpers/credentials';
import { NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow, nodeOf, onlyNode } from './helpers/harness';
import { isStoreCall } from './helpers/stateStore';

jest.setTimeout(90_000);

const MEMBERS = '/api/v1/ext/offset/members';

const customResource = JSON.stringify({
	name: 'member',
	path: '/ext/offset/members',
	pagingStyle: 'offset',
	pageSize: 50,
	idField: 'member_id',
	updatedField: 'modified_at',
	recordsPath: 'items',
	recordPath: 'item',
	updateMethod: 'PUT',
	kind: 'contact',
	fieldMap: { firstName: 'given_name', lastName: 'family_name', email: 'email', phone: 'phone', jobTitle: 'title' },
});

const h = new Harness({
	seed: 29,
	node: NODE,
	perTest: true,
	credentials: (sb) => ({
		...restCrmApi(sb, { id: 'crmPackSbxRestCrm', extra: { customResource } }),
		...hubspotPrivateApp(sb, { id: 'crmPackSbxPrivateApp', plan: 'pro' }),
	}),
});

/** The example's CRM Sync node, turned to contacts matched by e-mail. */
function workflow() {
	const json = onlyNode(loadWorkflow('examples/crm-sync-restcrm-hubspot.json'), NODE);
	Object.assign(nodeOf(json, NODE).parameters, {
		recordKind: 'contact',
		keyFields: { key: [{ field: 'email', match: 'email' }] },
		fields: 'firstName, lastName, email, phone, jobTitle',
	});
	return json;
}

test('CRM Sync: a custom resource described in the REST CRM credential <-> HubSpot contacts, both ways, nothing twice', async () => {
	let staticData: IDataObject | undefined;
	const sync = async () => {
		const run = await runCrmSync(workflow(), { credentials: h.store, staticData });
		staticData = run.staticData;
		return run;
	};
	const api = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${h.sb.generic.baseUrl}${path}`, {
			method,
			headers: { 'x-api-key': h.sb.generic.credentials.apiKey, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		expect(res.status).toBeLessThan(300);
		return (await res.json()) as IDataObject;
	};
	const ada = ((await api('POST', MEMBERS, { given_name: 'Ada', family_name: 'Lovelace', email: 'ada@engines.example.com', phone: '+442071234567' })).item as IDataObject).member_id;
	await api('POST', MEMBERS, { given_name: 'Alan', family_name: 'Turing', email: 'alan@bletchley.example.com' });
	const grace = (await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { firstname: 'Grace', lastname: 'Hopper', email: 'grace@navy.example.com', jobtitle: 'Rear Admiral' } })).id as string;
	// Already on both sides (same e-mail, other case): matched, not created again.
	await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { firstname: 'Alan', lastname: 'Turing', email: 'Alan@Bletchley.example.com' } });

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const hubspotContacts = () => h.sb.hubspot.store.list('contacts') as any[];
	const hsByEmail = (email: string) => hubspotContacts().filter((c) => String(c.properties.email).toLowerCase() === email);
	const members = () => h.sb.generic.custom.store.list();
	const memberByEmail = (email: string) => members().filter((m) => m.email === email);

	let run = await sync();
	expect(run.errors).toEqual([]);
	expect(hsByEmail('ada@engines.example.com')).toHaveLength(1);
	expect(hsByEmail('ada@engines.example.com')[0].properties).toEqual(expect.objectContaining({ firstname: 'Ada', lastname: 'Lovelace', phone: '+442071234567' }));
	expect(memberByEmail('grace@navy.example.com')).toEqual([expect.objectContaining({ given_name: 'Grace', family_name: 'Hopper', title: 'Rear Admiral' })]);
	expect(hubspotContacts()).toHaveLength(3);
	expect(members()).toHaveLength(3);
	// Nothing was written to the standard contacts: the credential's resource stood in for them.
	expect(h.sb.generic.store.list('contacts')).toHaveLength(0);

	// A change on each side is carried to the other on the next run (PUT on the members side keeps the other fields).
	await new Promise((r) => setTimeout(r, 1100));
	const current = (await api('GET', `${MEMBERS}/${ada}`)).item as IDataObject;
	await api('PUT', `${MEMBERS}/${ada}`, { given_name: current.given_name, family_name: current.family_name, email: current.email, phone: '+442079999999', title: 'Analyst' });
	await h.hubspot('PATCH', `/crm/v3/objects/contacts/${grace}`, { properties: { jobtitle: 'Commodore' } });
	run = await sync();
	expect(run.errors).toEqual([]);
	expect(hsByEmail('ada@engines.example.com')[0].properties).toEqual(expect.objectContaining({ phone: '+442079999999', jobtitle: 'Analyst', firstname: 'Ada' }));
	expect(memberByEmail('grace@navy.example.com')).toEqual([expect.objectContaining({ title: 'Commodore', given_name: 'Grace', family_name: 'Hopper', email: 'grace@navy.example.com' })]);
	expect(hubspotContacts()).toHaveLength(3);
	expect(members()).toHaveLength(3);

	// Nothing changed since: nothing is written on either side (the Data Table store's own calls to n8n are no side's).
	const before = h.sb.log.all().length;
	run = await sync();
	expect(run.errors).toEqual([]);
	const writes = h.sb.log
		.all()
		.slice(before)
		.filter((e) => e.method !== 'GET' && !(e.method === 'POST' && e.path.endsWith('/search')) && !e.path.includes('/batch/read') && !isStoreCall(e.path));
	expect(writes.map((e) => `${e.method} ${e.path}`)).toEqual([]);
});
