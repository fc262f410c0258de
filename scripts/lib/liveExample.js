'use strict';
/**
 * examples/crm-sync-live-hubspot-salesforce.json in a running n8n against the
 * sandbox, shared by `npm run demo` and the live-sync bench
 * (test/bench/liveSync.bench.ts): the sandbox's HubSpot delivers an event for
 * every contact write to the example's HubSpot Trigger, signed as HubSpot does,
 * and a change must show on the Salesforce contact within seconds.
 */

const { SANDBOX_SECRETS } = require('./examples');

const LIVE_EXAMPLE_ID = 'crmPackSyncLiveHsSf';
/** The HubSpot app id the sandbox puts on events of the pack's own writes (its private app). */
const OWN_SOURCE_ID = '7654321';

/** Every contact write in the sandbox's HubSpot is delivered to `url` (batched within 5 ms, up to 100 events), like a HubSpot app's webhooks. */
function deliverHubSpotEvents(sb, url) {
	return sb.webhooks.subscribe({ url, clientSecret: SANDBOX_SECRETS.clientSecret, eventTypes: ['contact.creation', 'contact.propertyChange'] });
}

const hsType = (sb) => sb.hubspot.store.resolveType('contacts');

/** An edit made in HubSpot's own UI (not by the pack's private app, so its events are not dropped as the sync's own). */
function editInHubSpot(sb, id, values) {
	const t = hsType(sb);
	sb.hubspot.store.update(t, sb.hubspot.store.get(t, id), values, { sourceId: 'crm-ui' });
}

function createInHubSpot(sb, values) {
	return sb.hubspot.store.create(hsType(sb), values, { sourceId: 'crm-ui' }).id;
}

const salesforceByEmail = (sb, email) =>
	sb.salesforce.store.list('Contact').filter((c) => String(c.Email || '').toLowerCase() === String(email).toLowerCase());

/** Polls every 20 ms until `check()` is truthy; resolves with the ms waited, rejects after `timeoutMs`. */
async function waitFor(what, check, timeoutMs = 30000) {
	const started = Date.now();
	for (;;) {
		if (check()) return Date.now() - started;
		if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/**
 * The demo's checks: an edit in HubSpot reaches the Salesforce contact, a contact
 * created in HubSpot is created once in Salesforce, every run of the workflow
 * succeeded. `check(how, fn)` records each; `executionsOf(workflowId)` lists runs.
 */
async function checkLiveExample({ sb, url, check, executionsOf }) {
	const unsubscribe = deliverHubSpotEvents(sb, url);
	try {
		await check('HubSpot edit -> Salesforce within seconds', async () => {
			const target = sb.hubspot.store.list('contacts').find((c) => c.properties.email && salesforceByEmail(sb, c.properties.email).length === 1);
			if (!target) return { ok: false, did: 'no HubSpot contact with one Salesforce contact to edit' };
			const email = target.properties.email;
			const started = Date.now();
			editInHubSpot(sb, target.id, { firstname: 'Livia', jobtitle: 'Live sync' });
			const waited = await waitFor(`${email} in Salesforce`, () => {
				const sf = salesforceByEmail(sb, email);
				return sf.length === 1 && sf[0].FirstName === 'Livia' && sf[0].Title === 'Live sync';
			});
			return { ok: salesforceByEmail(sb, email).length === 1, did: `${email}: FirstName and Title in Salesforce ${waited} ms after the edit (${Date.now() - started} ms)` };
		});
		await check('HubSpot create -> one Salesforce contact', async () => {
			const email = 'live.created@example.com';
			createInHubSpot(sb, { email, firstname: 'Nova', lastname: 'Live' });
			const waited = await waitFor(`${email} in Salesforce`, () => salesforceByEmail(sb, email).length > 0);
			await new Promise((r) => setTimeout(r, 1500)); // later events of the same create must not add a second
			const n = salesforceByEmail(sb, email).length;
			return { ok: n === 1, did: `created in Salesforce ${waited} ms after the create; ${n} Salesforce contact(s) with that email` };
		});
		await check('every live run succeeded', async () => {
			await sb.webhooks.flush();
			await new Promise((r) => setTimeout(r, 1000));
			const runs = await executionsOf(LIVE_EXAMPLE_ID);
			const bad = runs.filter((e) => e.status !== 'success');
			return { ok: runs.length > 0 && bad.length === 0, did: `${runs.length} runs, ${bad.length} not successful${bad.length ? ` (${bad.map((e) => e.status).join(', ')})` : ''}` };
		});
	} finally {
		unsubscribe();
	}
}

module.exports = { LIVE_EXAMPLE_ID, OWN_SOURCE_ID, deliverHubSpotEvents, editInHubSpot, createInHubSpot, salesforceByEmail, waitFor, checkLiveExample };
