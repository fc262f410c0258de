/**
 * Issue 18, queue mode: every polling trigger of the pack (HubSpot contacts,
 * Pipedrive persons, Salesforce contacts; Freshsales, Zoho CRM, Dynamics 365
 * and GraphQL CRM contacts through their e2e workflows; every minute, "new or
 * updated"), all polling at the same time. n8n 2.41.1
 * polls on the main instance (the leader) and queues an execution for the
 * items a poll emits, which a worker runs; the trigger's cursor and the ids it
 * has emitted live in workflow static data, which main saves after the poll
 * and a worker must not overwrite with an older copy.
 *
 * Each CRM: activation (the first poll only remembers where it is), then two
 * records created; once the polls emitted both, one of them changed and a third
 * created; the next polls must emit exactly the change and the new record (the
 * other record is not emitted twice, nothing is missed). Every execution is
 * queued by main and run by a worker. About two minutes (polls are a minute
 * apart at best in n8n).
 */
import { randomUUID } from 'node:crypto';

import { dynamicsClientCredentials, freshsalesApiKey, graphqlCrmApi, salesforceKeys, zohoOAuth2 } from '../e2e/helpers/credentials';
import { loadWorkflow } from '../e2e/helpers/harness';
import type { CredentialStore } from '../e2e/lightRunner';
import { startSandbox, type Sandbox } from '../sandbox';
import { createCredential, deactivate, executions, nodeItems, pause, processesThatEnqueued, publishWorkflow, waitFor, workerOf, type Execution } from './stack';
import { stackCredentials, withStackCredentials } from './workflows';

let sb: Sandbox;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let pd: any;
const workflowIds: string[] = [];

interface Crm {
	name: string;
	workflowId: string;
	create(n: number): Promise<string>;
	update(id: string, n: number): Promise<void>;
}

async function call(method: string, url: string, token: string, body: unknown): Promise<Record<string, unknown>> {
	const res = await fetch(url, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${text.slice(0, 300)}`);
	return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** A version label of record n: its last name, changed on update. */
const lastName = (n: number, updated = false) => `Poll${n}${updated ? 'Changed' : ''}`;

async function publishPoller(name: string, trigger: Record<string, unknown>): Promise<string> {
	const id = await publishWorkflow({
		name,
		connections: { Trigger: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: randomUUID(), name: 'Trigger', position: [0, 0], ...trigger },
			{ id: randomUUID(), name: 'Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
	});
	workflowIds.push(id);
	return id;
}

/** An e2e polling workflow (test/e2e/workflows: every minute, new or updated, simplified) with its sandbox credential on the stack, its trigger renamed "Trigger". */
async function publishE2ePoller(file: string, store: CredentialStore): Promise<string> {
	const json = withStackCredentials(loadWorkflow(file), await stackCredentials(store, file));
	const { id: _id, name: _name, position: _position, ...trigger } = json.nodes[0];
	return await publishPoller(`Queue mode: ${json.name ?? file}`, trigger);
}

const pollParameters = { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newOrUpdated', output: 'simplified', options: {} };

/** Every item the workflow's executions emitted so far, as "<id>:<last name>", with the executions. */
async function emitted(workflowId: string): Promise<{ items: string[]; runs: Execution[] }> {
	const runs = (await executions(workflowId, true)).sort((a, b) => Number(a.id) - Number(b.id));
	if (runs.some((e) => e.status !== 'success')) return { items: [], runs };
	const items = runs.flatMap((e) => nodeItems(e, 'Trigger').map((i) => `${String(i.id)}:${String(i.lastName)}`));
	return { items, runs };
}

/** Waits until the executions emitted at least `count` items; returns them. A timeout names what was seen last. */
async function emittedAtLeast(crm: Crm, count: number): Promise<{ items: string[]; runs: Execution[] }> {
	let last: { items: string[]; runs: Execution[] } | undefined;
	try {
		return await waitFor(
			`${crm.name}: ${count} emitted item(s)`,
			async () => {
				last = await emitted(crm.workflowId);
				return last.items.length >= count ? last : undefined;
			},
			150000,
			// polls are a minute apart: seven of these loops asking main every second is plenty
			1000,
		);
	} catch (error) {
		const seen = last ? `executions ${JSON.stringify(last.runs.map((r) => [r.id, r.status, r.mode]))}, items ${JSON.stringify(last.items)}` : 'no answer';
		throw new Error(`${(error as Error).message} (workflow ${crm.workflowId}; seen: ${seen})`);
	}
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 22 });
	pd = sb.pipedrive;
});

afterAll(async () => {
	for (const id of workflowIds) await deactivate(id).catch(() => undefined);
	await sb?.close();
});

test('each polling trigger, polled by main with executions on the workers, emits every change once', async () => {
	const hubspot = await createCredential('HubSpot sandbox (queue polling)', 'crmPackHubSpotPrivateAppApi', { accessToken: 'pat-sandbox-token', plan: 'pro', baseUrl: sb.hubspot.baseUrl });
	const pipedrive = await createCredential('Pipedrive sandbox (queue polling)', 'crmPackPipedriveApi', { apiToken: 'pd-sandbox-token', companyDomain: sb.pipedrive.baseUrl, plan: 'lite' });
	const { privateKey, publicKey } = salesforceKeys();
	sb.salesforce.jwt.publicKey = publicKey;
	const salesforce = await createCredential('Salesforce sandbox (queue polling)', 'crmPackSalesforceJwtApi', {
		environment: 'custom',
		customLoginUrl: sb.salesforce.baseUrl,
		consumerKey: sb.salesforce.jwt.consumerKey,
		username: sb.salesforce.jwt.usernames[0],
		privateKey,
		apiVersion: 'v62.0',
	});

	const hs = `${sb.hubspot.baseUrl}/crm/v3/objects/contacts`;
	const sf = `${sb.salesforce.baseUrl}/services/data/v62.0/sobjects/Contact`;
	const crms: Crm[] = [
		{
			name: 'HubSpot',
			workflowId: await publishPoller('Queue mode: HubSpot polling trigger', {
				type: 'n8n-nodes-crm-pack.crmPackHubSpotPollingTrigger',
				typeVersion: 1,
				parameters: { ...pollParameters, authentication: 'privateApp', object: 'contact' },
				credentials: { crmPackHubSpotPrivateAppApi: hubspot },
			}),
			create: async (n) => String((await call('POST', hs, 'pat-sandbox-token', { properties: { email: `poll${n}@example.com`, firstname: 'Hub', lastname: lastName(n) } })).id),
			update: async (id, n) => void (await call('PATCH', `${hs}/${id}`, 'pat-sandbox-token', { properties: { lastname: lastName(n, true) } })),
		},
		{
			name: 'Pipedrive',
			workflowId: await publishPoller('Queue mode: Pipedrive polling trigger', {
				type: 'n8n-nodes-crm-pack.crmPackPipedrivePollingTrigger',
				typeVersion: 1,
				parameters: { ...pollParameters, authentication: 'apiToken', object: 'person' },
				credentials: { crmPackPipedriveApi: pipedrive },
			}),
			create: async (n) => String(pd.write('persons', { name: `Pipe ${lastName(n)}`, first_name: 'Pipe', last_name: lastName(n), emails: [{ value: `poll${n}@example.com`, primary: true }] }).id),
			update: async (id, n) => void pd.write('persons', { name: `Pipe ${lastName(n, true)}`, last_name: lastName(n, true) }, Number(id)),
		},
		{
			name: 'Salesforce',
			workflowId: await publishPoller('Queue mode: Salesforce polling trigger', {
				type: 'n8n-nodes-crm-pack.crmPackSalesforcePollingTrigger',
				typeVersion: 1,
				parameters: { ...pollParameters, authentication: 'jwt', object: 'contact', fields: [] },
				credentials: { crmPackSalesforceJwtApi: salesforce },
			}),
			create: async (n) => String((await call('POST', sf, 'sf-sandbox-token', { FirstName: 'Sales', LastName: lastName(n), Email: `poll${n}@example.com` })).id),
			update: async (id, n) => void (await call('PATCH', `${sf}/${id}`, 'sf-sandbox-token', { LastName: lastName(n, true) })),
		},
		{
			name: 'Freshsales',
			workflowId: await publishE2ePoller('freshsales-contacts-polling.json', freshsalesApiKey(sb)),
			create: async (n) => String(sb.freshsales.write('contacts', { email: `poll${n}@example.com`, first_name: 'Fresh', last_name: lastName(n) }).id),
			update: async (id, n) => void sb.freshsales.write('contacts', { last_name: lastName(n, true) }, Number(id)),
		},
		{
			name: 'Zoho CRM',
			workflowId: await publishE2ePoller('zoho-contacts-polling.json', zohoOAuth2(sb)),
			create: async (n) => String(sb.zoho.write('Contacts', { Email: `poll${n}@example.com`, First_Name: 'Zo', Last_Name: lastName(n) }).id),
			update: async (id, n) => void sb.zoho.write('Contacts', { Last_Name: lastName(n, true) }, id),
		},
		{
			name: 'Dynamics 365',
			workflowId: await publishE2ePoller('dynamics-contacts-polling.json', dynamicsClientCredentials(sb)),
			create: async (n) => String(sb.dynamics.insert('contact', { emailaddress1: `poll${n}@example.com`, firstname: 'Dyn', lastname: lastName(n) }).contactid),
			update: async (id, n) => void sb.dynamics.update('contact', id, { lastname: lastName(n, true) }),
		},
		{
			name: 'GraphQL CRM',
			workflowId: await publishE2ePoller('graphqlcrm-polling.json', graphqlCrmApi(sb)),
			create: async (n) => String(sb.graphql.write('contacts', { email: `poll${n}@example.com`, firstName: 'Graph', lastName: lastName(n) }).id),
			update: async (id, n) => void sb.graphql.write('contacts', { lastName: lastName(n, true) }, id),
		},
	];
	// The activation poll (on main) reads each CRM once and remembers where it is; changes come after it.
	for (const prefix of ['/hubspot/crm/v3/objects/contacts', '/pipedrive/api/', '/salesforce/services/data/', '/freshsales/', '/zoho/', '/dynamics/api/', '/graphql/']) {
		await waitFor(`the activation poll reading ${prefix}`, async () => (sb.log.count((e) => e.path.startsWith(prefix)) > 0 ? true : undefined), 60000);
	}
	await pause(2000);

	const ids: Record<string, string[]> = {};
	for (const crm of crms) ids[crm.name] = [await crm.create(1), await crm.create(2)];
	const phase1 = await Promise.all(crms.map((crm) => emittedAtLeast(crm, 2)));
	for (const [i, crm] of crms.entries()) {
		const [one, two] = ids[crm.name];
		expect({ crm: crm.name, items: [...phase1[i].items].sort() }).toEqual({ crm: crm.name, items: [`${one}:${lastName(1)}`, `${two}:${lastName(2)}`].sort() });
	}

	for (const crm of crms) {
		await crm.update(ids[crm.name][0], 1);
		ids[crm.name].push(await crm.create(3));
	}
	const phase2 = await Promise.all(crms.map((crm) => emittedAtLeast(crm, 4)));
	// one more poll's worth of quiet: nothing else may come
	await pause(5000);
	const workers = new Set<string>();
	for (const [i, crm] of crms.entries()) {
		const [one, , three] = ids[crm.name];
		const { items, runs } = await emitted(crm.workflowId);
		expect(items).toEqual(phase2[i].items);
		expect({ crm: crm.name, items: items.slice(phase1[i].items.length).sort() }).toEqual({ crm: crm.name, items: [`${one}:${lastName(1, true)}`, `${three}:${lastName(3)}`].sort() });
		const ranOn: string[] = [];
		for (const run of runs) {
			expect(run.mode).toBe('trigger');
			expect(processesThatEnqueued(run.id)).toEqual(['main']);
			ranOn.push(await workerOf(run.id));
		}
		expect(ranOn.every((w) => /^worker-\d$/.test(w))).toBe(true);
		ranOn.forEach((w) => workers.add(w));
		process.stdout.write(`[queue] ${crm.name} polling: ${runs.length} execution(s) on ${ranOn.join(', ')}\n`);
	}
	// The premise: the triggers' executions (at least fourteen) went to both workers. Bull hands each job to the
	// worker that waited longest, so they alternate (seen in every run); which trigger's runs moved varies.
	expect([...workers].sort()).toEqual(['worker-1', 'worker-2']);
});
