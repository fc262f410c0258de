#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: every example workflow, run headlessly in a real n8n against
 * the CRM sandbox, with a table of what each did. Exits 0 only if every example
 * did what it should; cleans up n8n and the sandbox either way.
 *
 * - "Appointment booked": run with `n8n execute` (its Manual Trigger), then
 *   through its booking webhook; checked in the sandbox's store (contact
 *   upserted, meeting created, the two associated).
 * - "HubSpot contact changed": published; a HubSpot v3-signed delivery must start
 *   a run that fetched the contact, a forged one must get 401 and start nothing,
 *   and a contact written in the sandbox must reach it through the sandbox app's
 *   own webhook delivery, as with HubSpot.
 * - "HubSpot contacts <-> Postgres table": the embedded PostgreSQL (or
 *   CRM_PACK_POSTGRES_URL) with the `contacts` table created and seeded; run four
 *   times with `n8n execute`, the table's rows and HubSpot's contacts compared after
 *   two runs, after an edit in the table and after an edit in HubSpot.
 * - "CRM Sync live: HubSpot <-> Salesforce": published; the sandbox's HubSpot
 *   delivers every contact write to its trigger, signed; an edit and a create in
 *   HubSpot must show in Salesforce within seconds (once), every run a success.
 * - "Booking flow for any CRM" and "Search across CRMs" (scripts/lib/anyCrmExamples.js):
 *   the booking run twice (the same booking updates the same meeting) and a booking
 *   POSTed to its webhook answered with the ids; the search's person merged from
 *   HubSpot and Salesforce.
 * - Any other example with a Manual Trigger is run and must succeed.
 *
 * Environment: SKIP_BUILD=1, KEEP=1 (keep n8n's folder, printed, for its log).
 */

const { createInstance } = require('./n8n-runtime');
const { startPostgres } = require('./lib/postgres');
const { createContactsTable } = require('./lib/contactsTable');
const { EXAMPLE_ID: POSTGRES_EXAMPLE, checkPostgresExample } = require('./lib/postgresExample');
const { LIVE_EXAMPLE_ID, checkLiveExample } = require('./lib/liveExample');
const ANY_CRM = require('./lib/anyCrmExamples');
const { startSandbox } = require('../test/sandbox');
const { ROOT, EXAMPLE_IDS, SANDBOX_SECRETS, hasManualTrigger, webhooksOf } = require('./lib/examples');
const {
	say,
	seconds,
	buildPack,
	ensureRuntimeWithProgress,
	runtimeMessage,
	waitUntil,
	importExamples,
	connectN8nApiCredential,
	activateWebhookExamples,
	subscribeSandboxApp,
} = require('./lib/stack');

const results = [];
let sb;
let n8n;
let apiKey;
let pg; // the embedded PostgreSQL (or CRM_PACK_POSTGRES_URL)
let pgClient;

function record(example, how, ok, did) {
	results.push({ example, how, ok, did });
	say(`    ${ok ? 'ok  ' : 'FAIL'} ${how}: ${did}`);
}

/** Runs one check; an exception is a failed check with its message. */
async function check(example, how, fn) {
	const t = Date.now();
	try {
		const { ok, did } = await fn();
		record(example, how, ok, did);
		say(`         (${seconds(Date.now() - t)})`);
	} catch (e) {
		record(example, how, false, e && e.message ? e.message.split('\n')[0] : String(e));
	}
}

/** The json of a node's main output in an n8n run (IRun or a public-API execution's data). */
function outputOf(runData, node) {
	const tasks = runData && runData[node];
	if (!tasks || !tasks.length) return [];
	const main = (tasks[tasks.length - 1].data || {}).main || [];
	return (main[0] || []).map((i) => i.json);
}

/** A CRM Sync node's summary item in a line: writes per side, conflicts, errors. */
function describeSync(summary) {
	const side = (name, w) =>
		`${name}: ${w.created || 0} created, ${w.updated || 0} updated, ${w.deleted || 0} deleted` + (w.pending ? ` (${w.pending} pending)` : '');
	const fetched = summary.fetched ? ` from ${summary.fetched.a} + ${summary.fetched.b} records` : '';
	return `synced${fetched}: ${side('A', summary.a)}; ${side('B', summary.b)}; ${summary.conflicts || 0} conflicts, ${summary.errors || 0} errors`;
}

/** What the sandbox holds for an appointment run: the contact, the meeting and their link. */
function appointmentInStore(summary) {
	const contact = sb.hubspot.store.getRecord('contacts', String(summary.contactId));
	const meeting = sb.hubspot.store.getRecord('meetings', String(summary.meetingId));
	const linked = sb.hubspot.store
		.associationsOf('meetings', String(summary.meetingId), 'contacts')
		.some((a) => String(a.toObjectId) === String(summary.contactId));
	const problems = [];
	if (!contact || contact.properties.email !== summary.email) problems.push('contact not in the sandbox');
	if (!meeting) problems.push('meeting not in the sandbox');
	if (!linked) problems.push('meeting not associated with the contact');
	const did =
		`contact ${summary.contactCreated ? 'created' : 'updated'} (id ${summary.contactId}, ${summary.email}), ` +
		`meeting created (id ${summary.meetingId}, ${meeting ? meeting.properties.hs_meeting_start_time : '?'}), associated`;
	return { ok: problems.length === 0, did: problems.length ? problems.join('; ') : did };
}

async function executionsOf(workflowId) {
	const res = await n8n.api(apiKey, 'GET', `/executions?workflowId=${workflowId}&limit=100&includeData=true`);
	return res.data;
}

/** Waits for a finished execution of the workflow, newer than `seen`, that `match`es. */
async function waitForExecution(workflowId, seen, match, timeoutMs = 20000) {
	return await waitUntil(
		`an execution of ${workflowId}`,
		async () =>
			(await executionsOf(workflowId)).find(
				(e) => !seen.has(e.id) && e.status !== 'running' && e.status !== 'new' && match(e),
			),
		timeoutMs,
	);
}

function printTable(examples) {
	const label = (name) => {
		const e = examples.find((x) => x.workflow.name === name);
		return e ? e.file.replace(/\.json$/, '') : name;
	};
	const order = (name) => examples.findIndex((x) => x.workflow.name === name);
	const sorted = [...results].sort((a, b) => order(a.example) - order(b.example));
	const rows = sorted.map((r) => [label(r.example), r.how, r.ok ? 'PASS' : 'FAIL', r.did]);
	const head = ['Example', 'Run', 'Result', 'What it did'];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const fmt = (cells) => cells.map((c, i) => (i === 3 ? c : c.padEnd(widths[i]))).join('  ');
	say('');
	say(fmt(head));
	say(fmt(widths.map((w) => '-'.repeat(w))));
	for (const r of rows) say(fmt(r));
	say('');
}

async function cleanup() {
	const keep = !!process.env.KEEP;
	if (n8n) {
		if (keep) say(`n8n's folder (database, n8n-start.log) kept: ${n8n.userFolder}`);
		await n8n.stop({ keep }).catch(() => {});
	}
	if (sb) await sb.close().catch(() => {});
	if (pgClient) await pgClient.end().catch(() => {});
	if (pg) await pg.stop().catch(() => {});
}

async function main() {
	const started = Date.now();
	let interrupted = false;
	const onSignal = async () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		say('\nInterrupted: cleaning up...');
		await cleanup();
		process.exit(130);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	if (!process.env.SKIP_BUILD) {
		say('Building the pack...');
		say(`  done in ${seconds(buildPack())}`);
	}
	say('Checking the local n8n runtime (the first run installs n8n 2.41.1, 3-5 minutes)...');
	const runtime = await ensureRuntimeWithProgress();
	say(`  ${runtimeMessage(runtime)}`);
	const setupStarted = Date.now();

	sb = await startSandbox({ port: 0, seed: 1 });
	sb.hubspot.seed({ contacts: 20, companies: 5, deals: 5, meetings: 3 });
	sb.freshsales.seed({ contacts: 10 });
	sb.graphql.seed({ contacts: 10 });
	sb.generic.seed({ users: 2, clients: 5 });
	sb.brivity.seed({ people: 10 });
	sb.dynamics.seed({ contact: 10 });
	sb.zoho.seed({ Leads: 10 });
	pg = await startPostgres({ log: (m) => say(`  ${m}`) });
	pgClient = await pg.connect();
	say(`  table contacts: ${await createContactsTable(pgClient)} rows`);
	say(`CRM sandbox on ${sb.url}; creating an n8n with the pack, the sandbox credentials and the examples...`);
	n8n = await createInstance({ packageDir: ROOT, runtime });
	const examples = await importExamples(n8n, sb.url, { postgres: pg });
	say(`  ${examples.length} examples imported: ${examples.map((e) => e.file).join(', ')}`);

	// Headless runs first: `n8n execute` and the server share n8n's database.
	say('Running the examples that start with a Manual Trigger (n8n execute)...');
	for (const { workflow } of examples) {
		// The live example's state is in n8n's Data Tables, reached through the API of the running n8n: checked below.
		if (!hasManualTrigger(workflow) || workflow.id === LIVE_EXAMPLE_ID) continue;
		if (workflow.id === POSTGRES_EXAMPLE) {
			// Four runs, the table and HubSpot compared after each (scripts/lib/postgresExample.js).
			await checkPostgresExample({
				sb,
				client: pgClient,
				execute: async (id) => (await n8n.execute(id)).run,
				check: (how, fn) => check(workflow.name, how, fn),
			});
			continue;
		}
		await check(workflow.name, 'n8n execute', async () => {
			const r = await n8n.execute(workflow.id);
			if (r.exitCode !== 0 || !r.run) {
				const error = r.run && r.run.data.resultData.error;
				return { ok: false, did: `n8n execute exited ${r.exitCode}${error ? `: ${error.message}` : ''}` };
			}
			const runData = r.run.data.resultData.runData;
			if (workflow.id === EXAMPLE_IDS.appointment) {
				const [summary] = outputOf(runData, 'Summary');
				if (!summary) return { ok: false, did: 'no Summary output' };
				return appointmentInStore(summary);
			}
			if (workflow.id === ANY_CRM.BOOKING_ID) {
				const [reply] = outputOf(runData, 'Reply');
				const executeAgain = async () => {
					const again = await n8n.execute(workflow.id);
					return again.run && outputOf(again.run.data.resultData.runData, 'Reply')[0];
				};
				return ANY_CRM.checkBookingRuns({ sb, reply, executeAgain });
			}
			if (workflow.id === ANY_CRM.SEARCH_ID) return ANY_CRM.checkSearchRun({ output: outputOf(runData, 'Search HubSpot, Salesforce and Pipedrive') });
			if (workflow.id === EXAMPLE_IDS.brivityLead) {
				const people = outputOf(runData, "Brivity people from Zillow");
				const inHubSpot = people.filter((p) => sb.hubspot.store.list('contacts').some((c) => c.properties.email === p.email));
				const ok = r.run.status === 'success' && people.length > 0 && inHubSpot.length === people.length;
				return { ok, did: `${people.length} Brivity people (source Zillow) read from the list, ${inHubSpot.length} upserted as HubSpot contacts` };
			}
			if (workflow.id === EXAMPLE_IDS.topProducerLead) {
				const [email] = outputOf(runData, 'Compose Top Producer lead email');
				const meta = email && /<meta name="lead_information_version" content="1\.0" \/>/.test(email.html) && email.html.includes('<meta name="lead_email" content="rosa.diaz@example.com" />');
				return {
					ok: r.run.status === 'success' && !!meta,
					did: meta ? `lead email composed ("${email.subject}", lead-metadata 1.0); Send Email is disabled in the example (no SMTP here)` : 'no valid lead email composed',
				};
			}
			const sync = workflow.nodes.find((n) => n.type === 'n8n-nodes-crm-pack.crmPackCrmSync' && runData[n.name]);
			if (sync) {
				const [summary] = outputOf(runData, sync.name);
				if (summary && summary.a && summary.b) return { ok: r.run.status === 'success' && !summary.errors, did: describeSync(summary) };
			}
			return { ok: r.run.status === 'success', did: `ran ${Object.keys(runData).length} nodes (${r.run.status})` };
		});
	}

	say('Starting n8n and publishing the webhook examples...');
	await n8n.start();
	await n8n.setupOwner({ email: 'demo@example.com', password: 'CrmPack-demo-1' });
	apiKey = await n8n.createApiKey({ label: 'demo' });
	await connectN8nApiCredential(n8n, apiKey);
	const activated = await activateWebhookExamples(n8n, apiKey);
	const hookOf = (id) => {
		const a = activated.find((x) => x.workflow.id === id);
		return a && a.hooks[0].url;
	};

	const contactChangedUrl = hookOf(EXAMPLE_IDS.contactChanged);
	const contactChanged = examples.find((e) => e.workflow.id === EXAMPLE_IDS.contactChanged);
	const appointment = examples.find((e) => e.workflow.id === EXAMPLE_IDS.appointment);
	const seen = new Set();
	const markSeen = async () => {
		for (const e of await executionsOf(EXAMPLE_IDS.contactChanged)) seen.add(e.id);
	};

	if (contactChanged && contactChangedUrl) {
		const name = contactChanged.workflow.name;
		const target = sb.hubspot.store.list('contacts')[3];
		const event = {
			subscriptionType: 'contact.propertyChange',
			propertyName: 'phone',
			propertyValue: '+1 202 555 0199',
			objectId: Number(target.id),
			changeSource: 'CRM_UI',
		};
		await markSeen();
		await check(name, 'signed HubSpot v3 event', async () => {
			const delivery = await sb.webhooks.deliver(contactChangedUrl, [event], { clientSecret: SANDBOX_SECRETS.clientSecret });
			if (delivery.status !== 200) return { ok: false, did: `webhook answered ${delivery.status}` };
			const execution = await waitForExecution(EXAMPLE_IDS.contactChanged, seen, () => true);
			seen.add(execution.id);
			const [shaped] = outputOf(execution.data && execution.data.resultData.runData, 'Shape the change');
			const ok = execution.status === 'success' && !!shaped && shaped.email === target.properties.email && shaped.changedProperty === 'phone';
			return {
				ok,
				did: shaped
					? `200, run ${execution.id}: ${shaped.event} (${shaped.changedProperty}) of ${shaped.name} <${shaped.email}>, contact fetched`
					: `200, run ${execution.id} ${execution.status} without output`,
			};
		});
		await check(name, 'forged signature', async () => {
			await markSeen();
			const delivery = await sb.webhooks.deliver(contactChangedUrl, [{ ...event, eventId: 424242 }], {
				clientSecret: SANDBOX_SECRETS.clientSecret,
				forge: true,
			});
			await new Promise((r) => setTimeout(r, 1500));
			const newRuns = (await executionsOf(EXAMPLE_IDS.contactChanged)).filter((e) => !seen.has(e.id));
			return {
				ok: delivery.status === 401 && newRuns.length === 0,
				did: `${delivery.status}, ${newRuns.length === 0 ? 'no run started' : `${newRuns.length} run(s) started!`}`,
			};
		});
		// From now on every contact written in the sandbox is delivered to the trigger,
		// signed by the sandbox's developer app, as HubSpot does once an app subscribes.
		await subscribeSandboxApp(sb.hubspot.baseUrl, contactChangedUrl, [{ eventType: 'contact.creation' }]);
	}

	const anyCrmUrl = hookOf(ANY_CRM.BOOKING_ID);
	const anyCrm = examples.find((e) => e.workflow.id === ANY_CRM.BOOKING_ID);
	if (anyCrm && anyCrmUrl) await check(anyCrm.workflow.name, 'booking webhook POST', () => ANY_CRM.checkBookingWebhook({ sb, url: anyCrmUrl }));

	const bookingUrl = hookOf(EXAMPLE_IDS.appointment);
	if (appointment && bookingUrl) {
		const booking = {
			firstName: 'Grace',
			lastName: 'Hopper',
			email: 'grace.hopper@example.com',
			phone: '+1 202 555 0143',
			startTime: new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 11) + '15:00:00.000Z',
			title: 'Demo',
		};
		await markSeen();
		await check(appointment.workflow.name, 'booking webhook POST', async () => {
			const res = await fetch(bookingUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(booking) });
			if (res.status !== 200) return { ok: false, did: `webhook answered ${res.status}: ${(await res.text()).slice(0, 200)}` };
			return appointmentInStore(await res.json());
		});
		if (contactChanged && contactChangedUrl) {
			await check(contactChanged.workflow.name, 'sandbox app webhook', async () => {
				await sb.webhooks.flush();
				const execution = await waitForExecution(EXAMPLE_IDS.contactChanged, seen, (e) =>
					outputOf(e.data && e.data.resultData.runData, 'Shape the change').some((s) => s.email === booking.email),
				);
				const [shaped] = outputOf(execution.data.resultData.runData, 'Shape the change');
				return {
					ok: execution.status === 'success',
					did: `the booking's new contact reached the trigger: run ${execution.id}, ${shaped.event} of ${shaped.name} <${shaped.email}>`,
				};
			});
		}
	}

	const brivityExample = examples.find((e) => e.workflow.id === EXAMPLE_IDS.brivityLead);
	const brivityUrl = hookOf(EXAMPLE_IDS.brivityLead);
	if (brivityExample && brivityUrl) {
		const name = brivityExample.workflow.name;
		const runsSoFar = async () => new Set((await executionsOf(EXAMPLE_IDS.brivityLead)).map((e) => e.id));
		await check(name, 'Brivity new_lead delivery', async () => {
			// Activation subscribed the trigger in the sandbox; a lead arriving in Brivity is delivered to it.
			const before = await runsSoFar();
			sb.brivity.newLead({ first_name: 'Omar', last_name: 'Reid', email: 'omar.reid@example.com', phone: '206-555-0177', source: 'Realtor.com' });
			await sb.brivity.flush();
			const delivery = sb.brivity.deliveries[sb.brivity.deliveries.length - 1];
			if (!delivery || delivery.status !== 200) return { ok: false, did: `delivery answered ${delivery ? delivery.status : 'nothing'}` };
			const execution = await waitForExecution(EXAMPLE_IDS.brivityLead, before, () => true);
			const contact = sb.hubspot.store.list('contacts').find((c) => c.properties.email === 'omar.reid@example.com');
			return { ok: execution.status === 'success' && !!contact, did: `200, run ${execution.id}: HubSpot contact ${contact ? contact.id : 'missing'}` };
		});
		await check(name, 'forged Brivity delivery', async () => {
			const before = await runsSoFar();
			const forged = await sb.brivity.deliverRaw(brivityUrl, { event: 'new_lead', id: 1, email_address: 'x@example.com' }, { authorization: `Basic ${Buffer.from('n8n-guess:guess').toString('base64')}` });
			await new Promise((r) => setTimeout(r, 1500));
			const added = [...(await runsSoFar())].filter((id) => !before.has(id));
			return { ok: forged.status === 401 && added.length === 0, did: `${forged.status}, ${added.length === 0 ? 'no run started' : `${added.length} run(s) started!`}` };
		});
	}

	const live = examples.find((e) => e.workflow.id === LIVE_EXAMPLE_ID);
	const liveUrl = hookOf(LIVE_EXAMPLE_ID);
	if (live && liveUrl) {
		await checkLiveExample({ sb, url: liveUrl, executionsOf, check: (how, fn) => check(live.workflow.name, how, fn) });
	}

	for (const { workflow } of examples) {
		if (!hasManualTrigger(workflow) && !results.some((r) => r.example === workflow.name)) {
			const hooks = webhooksOf(workflow);
			record(workflow.name, hooks.length ? 'published' : 'imported', true, 'no automatic check for this example');
		}
	}

	printTable(examples);
	const failed = results.filter((r) => !r.ok).length;
	say(
		`${results.length - failed} of ${results.length} checks passed` +
			` (n8n ${seconds(Date.now() - setupStarted)}, total ${seconds(Date.now() - started)}; memory ${n8n.memoryMb()} MB).`,
	);
	return failed === 0 ? 0 : 1;
}

main()
	.then(async (code) => {
		await cleanup();
		process.exit(code);
	})
	.catch(async (e) => {
		process.stderr.write(`\nnpm run demo failed: ${e && e.stack ? e.stack : e}\n`);
		const log = n8n ? n8n.readLog() : '';
		if (log) process.stderr.write(`\nLast lines of n8n's log:\n${log.trimEnd().split('\n').slice(-30).join('\n')}\n`);
		await cleanup();
		process.exit(1);
	});
