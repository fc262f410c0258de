'use strict';
/**
 * The banner `npm start` prints once n8n is up (scripts/start.js), as lines, so a
 * test can hold it to the examples it describes (test/unit/examples.test.ts): every
 * example, every credential they use, and a "try it" step that starts the trigger
 * it names.
 */

const { CREDENTIALS, EXAMPLE_IDS } = require('./examples');

/** The Manual Trigger of a workflow (the one to pick when it also has a webhook). */
function manualTriggerOf(workflow) {
	return (workflow.nodes || []).find((n) => n.type === 'n8n-nodes-base.manualTrigger' && !n.disabled);
}

/**
 * @param {object} o
 * @param {string} o.publicBase       n8n's URL
 * @param {{email: string, password: string}} o.owner
 * @param {Array<{workflow: object}>} o.examples      every imported example
 * @param {Array<{workflow: object, hooks: Array<{url: string}>}>} o.activated  the published ones
 * @param {Array<{name: string, type: string}>} o.credentials  every imported credential
 * @param {{url: string, hubspotBaseUrl: string}} o.sandbox
 * @param {object} o.secrets          SANDBOX_SECRETS
 * @param {string} o.userFolder       n8n's (temporary) user folder
 * @param {string} o.ready            how long the start took, e.g. '12.0s'
 */
function startBanner(o) {
	const lines = [];
	const say = (line = '') => lines.push(line);
	const isPublished = (wf) => o.activated.some((a) => a.workflow.id === wf.id);
	const booking = o.activated.find((a) => a.workflow.id === EXAMPLE_IDS.appointment);
	const appointment = o.examples.find((e) => e.workflow.id === EXAMPLE_IDS.appointment);
	const line = '-'.repeat(78);

	say(line);
	say(`n8n with n8n-nodes-crm-pack is running (ready in ${o.ready}).`);
	say('');
	say(`  Open        ${o.publicBase}`);
	say(`  Log in      ${o.owner.email} / ${o.owner.password}`);
	say('');
	say('  Examples (Overview → Workflows):');
	for (const { workflow } of o.examples) say(`    - ${workflow.name}${isPublished(workflow) ? '  [published]' : ''}`);
	say('');
	say('  Try it:');
	let step = 1;
	if (appointment) {
		const manual = manualTriggerOf(appointment.workflow);
		// With a Webhook trigger beside it, n8n's "Execute workflow" button starts the
		// webhook by default (it waits for a call); the sample booking is picked in its menu.
		say(`    ${step++}. Open "${appointment.workflow.name}". The "Execute workflow" button`);
		say(`       shows a menu (the arrow on its right): pick "${manual ? manual.name : 'the Manual Trigger'}", then click`);
		say('       "Execute workflow": it upserts the contact and creates a meeting in the sandbox');
		say('       HubSpot, associated with the contact.');
		say(`    ${step++}. The sandbox then sends a signed HubSpot webhook (contact.creation) to`);
		say('       "HubSpot contact changed → ...": see its Executions tab.');
	}
	if (booking) {
		say(`    ${step++}. Or post a booking to the published webhook:`);
		say(`       curl -X POST ${booking.hooks[0].url} -H 'content-type: application/json' \\`);
		say(`         -d '{"firstName":"Grace","lastName":"Hopper","email":"grace@example.com","startTime":"2030-05-01T14:00:00Z"}'`);
	}
	const others = o.examples.filter((e) => e.workflow.id !== EXAMPLE_IDS.appointment && e.workflow.id !== EXAMPLE_IDS.contactChanged);
	if (others.length) {
		say(`    ${step++}. The other examples (${others.length}) also run against the sandbox CRMs: open one and`);
		say('       click "Execute workflow".');
	}
	say('');
	say(`  CRM sandbox ${o.sandbox.url}  (HubSpot API at ${o.sandbox.hubspotBaseUrl}, token ${o.secrets.privateAppToken})`);
	say(`    what it stores: curl ${o.sandbox.url}/__sandbox/hubspot/store/contacts   (or meetings)`);
	if (o.postgres) {
		const where = o.postgres.embedded ? 'embedded PostgreSQL 17, deleted on stop' : 'yours, CRM_PACK_POSTGRES_URL';
		say(`  PostgreSQL ${o.postgres.host}:${o.postgres.port}/${o.postgres.database} (${where}), table contacts, for "CRM Sync: HubSpot contacts <-> Postgres table"`);
		say(`    psql: PGPASSWORD=${o.postgres.password} psql -h ${o.postgres.host} -p ${o.postgres.port} -U ${o.postgres.user} ${o.postgres.database}`);
	}
	say('  Credentials (all pointing at the sandbox; the examples use them by name):');
	for (const c of o.credentials) say(`    - "${c.name}"`);
	// n8n's own Postgres credential, for the PostgreSQL npm start runs beside the sandbox.
	if (!o.credentials.some((c) => c.id === CREDENTIALS.postgres.id)) say(`    - "${CREDENTIALS.postgres.name}" (n8n's Postgres credential, for the PostgreSQL above)`);
	say(`  n8n's data   ${o.userFolder}`);
	say('               thrown away on stop, with every workflow edited here: to keep one,');
	say('               download it (⋯ → Download) or see "Quick start" in the README.');
	say('');
	say('  Stop: Ctrl+C (stops n8n and the sandbox).');
	say(line);
	return lines;
}

module.exports = { startBanner, manualTriggerOf };
