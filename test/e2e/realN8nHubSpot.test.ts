/**
 * The package in a real n8n 2.41.1 (Node 24, installed once into a cache, see
 * realN8n.ts): n8n loads every node and credential package.json lists, the
 * example workflows import and run against the CRM sandbox (headless
 * `n8n execute`), and a published HubSpot (CRM Pack) Trigger accepts a correctly
 * signed HubSpot v3 delivery and rejects a forged one without starting a run.
 *
 * One n8n instance and one sandbox (in this process, on 127.0.0.1) for the file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import {
	FIRST_INSTALL_TIMEOUT_MS,
	createInstance,
	ensureRuntime,
	nodeOutput,
	waitFor,
	type CredentialToImport,
	type N8nInstance,
	type WorkflowToImport,
} from './realN8n';

interface ExamplesModule {
	EXAMPLE_IDS: { appointment: string; contactChanged: string };
	CREDENTIALS: Record<'privateApp' | 'developerApp', { id: string; name: string; type: string }>;
	SANDBOX_SECRETS: { clientSecret: string };
	sandboxCredentials(sandboxUrl: string): CredentialToImport[];
	loadExamples(): Array<{ file: string; workflow: WorkflowToImport & { id: string; name: string } }>;
	writeExamplesForImport(dir: string): Array<{ file: string; workflow: WorkflowToImport & { id: string; name: string } }>;
	webhooksOf(workflow: WorkflowToImport): Array<{ node: string; path: string; method: string }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const examples = require('../../scripts/lib/examples.js') as ExamplesModule;

jest.setTimeout(FIRST_INSTALL_TIMEOUT_MS);

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};
const { appointment: APPOINTMENT_ID, contactChanged: CONTACT_CHANGED_ID } = examples.EXAMPLE_IDS;

const timings: Record<string, number> = {};
let fileStarted = 0;
let sb: Sandbox;
let n8n: N8nInstance | undefined;
let apiKey: string;
let appointmentRun: { contactId: string; meetingId: string; email: string } | undefined;

async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
	const t = Date.now();
	try {
		return await fn();
	} finally {
		timings[label] = Date.now() - t;
	}
}

/** The `name` a node or credential file declares, read from the built file n8n loads. */
function declaredName(distFile: string, kind: 'node' | 'credential'): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(path.join(ROOT, distFile)) as Record<string, new () => { name?: string; description?: { name: string } }>;
	const Class = Object.values(mod).find((v) => typeof v === 'function');
	if (!Class) throw new Error(`${distFile} exports no class`);
	const instance = new Class();
	const name = kind === 'node' ? instance.description?.name : instance.name;
	if (!name) throw new Error(`${distFile} declares no name`);
	return name;
}

let serverStarted: Promise<void> | undefined;
/**
 * Starts the server once (after the headless runs: `n8n execute` and the server
 * share the SQLite database), sets up the owner and an API key, and activates
 * (publishes) the examples that have webhooks through the public API, as a user
 * would with the editor's toggle.
 */
function ensureServer(): Promise<void> {
	serverStarted ??= (async () => {
		const instance = n8n!;
		const { healthyMs } = await instance.start();
		timings.startUntilHealthy = healthyMs;
		await instance.setupOwner({ email: 'owner@example.com', password: 'Passw0rd-e2e-Owner' });
		apiKey = await instance.createApiKey();
		const activated = Date.now();
		for (const { workflow } of examples.loadExamples()) {
			const hooks = examples.webhooksOf(workflow);
			if (!hooks.length) continue;
			await instance.api(apiKey, 'POST', `/workflows/${workflow.id}/activate`);
			for (const hook of hooks) {
				await waitFor(`webhook ${hook.path}`, async () => ((await instance.webhookRegistered(hook.path, hook.method)) ? true : undefined));
			}
		}
		timings.activateUntilWebhooksReady = Date.now() - activated;
	})();
	return serverStarted;
}

interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	data?: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
}

async function executionsOf(workflowId: string, includeData = false): Promise<ExecutionSummary[]> {
	const res = await n8n!.api<{ data: ExecutionSummary[] }>(
		apiKey,
		'GET',
		`/executions?workflowId=${workflowId}&limit=100${includeData ? '&includeData=true' : ''}`,
	);
	return res.data;
}

beforeAll(async () => {
	// A cold install (5-7 minutes) is reported apart from the file's own time.
	await timed('ensureRuntime', () => ensureRuntime({ log: (m) => process.stderr.write(`[n8n-runtime] ${m}\n`) }));
	fileStarted = Date.now();
	sb = await startSandbox({ port: 0, seed: 7 });
	sb.hubspot.seed({ contacts: 5, companies: 2 });
	n8n = await timed('createInstance', () => createInstance({ packageDir: ROOT }));
	await timed('importCredentials', () => n8n!.importCredentials(examples.sandboxCredentials(sb.url)));
	// every example, in one CLI call, the way a user imports a folder of exports
	await timed('importExamples', async () => {
		const dir = path.join(n8n!.userFolder, 'examples-import');
		examples.writeExamplesForImport(dir);
		const r = await n8n!.cli(['import:workflow', '--separate', `--input=${dir}`]);
		if (r.code !== 0) throw new Error(`import:workflow failed:\n${r.stdout}\n${r.stderr}`);
	});
});

afterAll(async () => {
	timings.memoryMb = n8n?.memoryMb() ?? 0;
	await n8n?.stop();
	await sb?.close();
	if (fileStarted) timings.fileWithoutInstall = Date.now() - fileStarted;
	process.stderr.write(`[real n8n HubSpot timings ms] ${JSON.stringify(timings)}\n`);
});

describe('the package in a real n8n 2.41.1', () => {
	it('runs the appointment example headlessly: contact upserted, meeting created and associated', async () => {
		const before = sb.hubspot.store.count('meetings');
		const result = await timed('executeAppointment', () => n8n!.execute(APPOINTMENT_ID));
		if (result.exitCode !== 0) throw new Error(`n8n execute failed:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-2000)}`);
		expect(result.run?.status).toBe('success');

		const [contact] = nodeOutput(result.run!, 'Upsert contact');
		expect(contact).toMatchObject({ email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace', created: true });
		const [meeting] = nodeOutput(result.run!, 'Create meeting');
		expect(meeting).toMatchObject({ title: 'Intro call with Ada Lovelace' });
		const [summary] = nodeOutput(result.run!, 'Summary');
		expect(summary).toEqual({
			contactId: contact.id,
			contactCreated: true,
			email: 'ada.lovelace@example.com',
			meetingId: meeting.id,
			meetingStart: meeting.startTime,
			associated: true,
		});
		const contactId = String(contact.id);
		const meetingId = String(meeting.id);

		// the sandbox's store: one contact with the booking's fields, one new meeting linked to it
		const stored = sb.hubspot.store.list('contacts').filter((c) => c.properties.email === 'ada.lovelace@example.com');
		expect(stored).toHaveLength(1);
		expect(stored[0].id).toBe(contactId);
		expect(stored[0].properties).toMatchObject({ firstname: 'Ada', lastname: 'Lovelace', phone: '+44 20 7946 0958', lifecyclestage: 'lead' });
		expect(sb.hubspot.store.count('meetings')).toBe(before + 1);
		const storedMeeting = sb.hubspot.store.getRecord('meetings', meetingId)!;
		expect(storedMeeting.properties).toMatchObject({
			hs_meeting_title: 'Intro call with Ada Lovelace',
			hs_meeting_body: 'Booked online by ada.lovelace@example.com',
		});
		const start = Date.parse(String(storedMeeting.properties.hs_meeting_start_time));
		const end = Date.parse(String(storedMeeting.properties.hs_meeting_end_time));
		expect(end - start).toBe(30 * 60 * 1000);
		expect(start).toBeGreaterThan(Date.now());
		expect(sb.hubspot.store.associationsOf('meetings', meetingId, 'contacts').map((a) => String(a.toObjectId))).toEqual([contactId]);
		expect(sb.log.count('POST /hubspot/crm/v3/objects/contacts/batch/upsert')).toBe(1);

		// a second run updates the same contact (upsert by email) and books another meeting
		const again = await timed('executeAppointmentAgain', () => n8n!.execute(APPOINTMENT_ID));
		expect(again.exitCode).toBe(0);
		expect(nodeOutput(again.run!, 'Summary')[0]).toMatchObject({ contactId, contactCreated: false });
		expect(sb.hubspot.store.list('contacts').filter((c) => c.properties.email === 'ada.lovelace@example.com')).toHaveLength(1);
		expect(sb.hubspot.store.associationsOf('contacts', contactId, 'meetings')).toHaveLength(2);
		appointmentRun = { contactId, meetingId, email: 'ada.lovelace@example.com' };
	});

	it("loads every node and credential listed in package.json's n8n field", async () => {
		await timed('ensureServer', () => ensureServer());
		const nodeTypes = await n8n!.rest<Array<{ name: string }>>('GET', '/types/nodes.json');
		const loadedNodes = new Set(nodeTypes.map((t) => t.name));
		const wantedNodes = pkg.n8n.nodes.map((f) => `${pkg.name}.${declaredName(f, 'node')}`);
		expect(wantedNodes.length).toBeGreaterThan(0);
		expect(wantedNodes.filter((n) => !loadedNodes.has(n))).toEqual([]);

		const credentialTypes = await n8n!.rest<Array<{ name: string }>>('GET', '/types/credentials.json');
		const loadedCredentials = new Set(credentialTypes.map((t) => t.name));
		const wantedCredentials = pkg.n8n.credentials.map((f) => declaredName(f, 'credential'));
		expect(wantedCredentials.length).toBeGreaterThan(0);
		expect(wantedCredentials.filter((c) => !loadedCredentials.has(c))).toEqual([]);

		// the examples and the credentials they use are there, owned by the owner
		const workflows = await n8n!.api<{ data: Array<{ id: string; active: boolean }> }>(apiKey, 'GET', '/workflows');
		const ids = workflows.data.map((w) => w.id);
		for (const { workflow } of examples.loadExamples()) expect(ids).toContain(workflow.id);
		expect(workflows.data.find((w) => w.id === CONTACT_CHANGED_ID)?.active).toBe(true);
	});

	it('starts the contact-changed example for a signed HubSpot v3 delivery and rejects a forged one with 401 and no run', async () => {
		await ensureServer();
		const contactChanged = examples.loadExamples().find((e) => e.workflow.id === CONTACT_CHANGED_ID)!.workflow;
		const url = `${n8n!.baseUrl}/${examples.webhooksOf(contactChanged)[0].path}`;
		const contactId = appointmentRun?.contactId ?? sb.hubspot.store.list('contacts')[0].id;
		const before = (await executionsOf(CONTACT_CHANGED_ID)).length;
		const event = { subscriptionType: 'contact.creation', objectId: Number(contactId), changeSource: 'CRM_UI' };

		const signed = await timed('signedDelivery', () =>
			sb.webhooks.deliver(url, [event], { clientSecret: examples.SANDBOX_SECRETS.clientSecret }),
		);
		expect(signed.status).toBe(200);
		expect(signed.requestHeaders['X-HubSpot-Signature-v3'] ?? signed.requestHeaders['x-hubspot-signature-v3']).toBeTruthy();

		const execution = await timed('executionRecorded', () =>
			waitFor('the execution of the signed delivery', async () => {
				const list = await executionsOf(CONTACT_CHANGED_ID, true);
				return list.length > before && list[0].status !== 'running' && list[0].status !== 'new' ? list[0] : undefined;
			}),
		);
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		const shaped = execution.data!.resultData.runData['Shape the change'][0].data!.main[0].map((i) => i.json);
		const stored = sb.hubspot.store.getRecord('contacts', String(contactId))!;
		expect(shaped).toEqual([
			expect.objectContaining({
				event: 'contact.creation',
				contactId: String(contactId),
				email: stored.properties.email,
				changeSource: 'CRM_UI',
			}),
		]);

		// signed with another secret: 401, and n8n records no execution
		const forged = await sb.webhooks.deliver(url, [{ ...event, eventId: 999001 }], {
			clientSecret: examples.SANDBOX_SECRETS.clientSecret,
			forge: true,
		});
		expect(forged.status).toBe(401);
		// an unsigned request too
		const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([event]) });
		expect(unsigned.status).toBe(401);
		await new Promise((r) => setTimeout(r, 1500));
		expect((await executionsOf(CONTACT_CHANGED_ID)).length).toBe(before + 1);
	});

	it('runs the appointment example from its booking webhook too', async () => {
		await ensureServer();
		const appointment = examples.loadExamples().find((e) => e.workflow.id === APPOINTMENT_ID)!.workflow;
		const hook = examples.webhooksOf(appointment)[0];
		expect(await n8n!.webhookRegistered(hook.path, 'POST')).toBe(true);
		const res = await fetch(`${n8n!.baseUrl}/${hook.path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				firstName: 'Grace',
				lastName: 'Hopper',
				email: 'Grace.Hopper@Example.com',
				phone: '+1 202 555 0143',
				startTime: '2030-05-01T14:00:00.000Z',
				title: 'Demo',
			}),
		});
		expect(res.status).toBe(200);
		const summary = (await res.json()) as Record<string, unknown>;
		expect(summary).toMatchObject({ contactCreated: true, email: 'grace.hopper@example.com', associated: true });
		const meeting = sb.hubspot.store.getRecord('meetings', String(summary.meetingId))!;
		expect(meeting.properties).toMatchObject({ hs_meeting_title: 'Demo with Grace Hopper' });
		expect(Date.parse(String(meeting.properties.hs_meeting_start_time))).toBe(Date.parse('2030-05-01T14:00:00.000Z'));
		expect(Date.parse(String(meeting.properties.hs_meeting_end_time))).toBe(Date.parse('2030-05-01T14:30:00.000Z'));
		expect(sb.hubspot.store.associationsOf('meetings', String(summary.meetingId), 'contacts').map((a) => String(a.toObjectId))).toEqual([
			String(summary.contactId),
		]);
	});
});
