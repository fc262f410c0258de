'use strict';
/**
 * The checks of examples/crm-sync-hubspot-postgres.json (HubSpot contacts <-> the
 * `contacts` table through n8n's own Postgres nodes), shared by `npm run demo` and
 * test/e2e/crmSyncPostgres.test.ts: after two runs the table's rows and HubSpot's
 * contacts hold the same people with the same values and the second run wrote
 * nothing; an edit in the table reaches HubSpot, an edit in HubSpot reaches the table.
 * What is compared is the sandbox's store and the table itself, not the run's output.
 */

const { contactRows } = require('./contactsTable');

const EXAMPLE_ID = 'crmPackSyncHsPg';
const SYNC_NODE = 'CRM Sync';

const norm = (v) => (v === null || v === undefined ? '' : String(v));

/** HubSpot's live contacts as { email -> { first, last, phone, id } }. */
function hubspotContacts(sb) {
	const out = new Map();
	for (const c of sb.hubspot.store.list('contacts')) {
		const p = c.properties;
		if (p.email) out.set(p.email.toLowerCase(), { id: c.id, first: norm(p.firstname), last: norm(p.lastname), phone: norm(p.phone) });
	}
	return out;
}

/** The table's rows as { email -> { first, last, phone, id } }. */
async function tableContacts(client) {
	const out = new Map();
	for (const r of await contactRows(client)) {
		out.set(r.email.toLowerCase(), { id: r.id, first: norm(r.first_name), last: norm(r.last_name), phone: norm(r.phone) });
	}
	return out;
}

/** Differences between the table and HubSpot (empty when they agree). Phones compare by digits. */
async function differences(sb, client) {
	const hs = hubspotContacts(sb);
	const db = await tableContacts(client);
	const problems = [];
	const digits = (p) => p.replace(/\D/g, '');
	for (const [email, row] of db) {
		const c = hs.get(email);
		if (!c) problems.push(`${email} is in the table, not in HubSpot`);
		else if (c.first !== row.first || c.last !== row.last || digits(c.phone) !== digits(row.phone)) {
			problems.push(`${email}: table ${row.first} ${row.last} ${row.phone} vs HubSpot ${c.first} ${c.last} ${c.phone}`);
		}
	}
	for (const email of hs.keys()) if (!db.has(email)) problems.push(`${email} is in HubSpot, not in the table`);
	return { problems, rows: db.size, contacts: hs.size };
}

function summaryOf(run) {
	const tasks = run.data.resultData.runData[SYNC_NODE];
	const items = tasks?.[tasks.length - 1]?.data?.main?.[0] ?? [];
	return items[0]?.json;
}

const writes = (s) => s.a.created + s.a.updated + s.a.deleted + s.b.created + s.b.updated + s.b.deleted;

/**
 * Runs the example four times with `execute(id) -> IRun` and checks both sides each
 * time; `check(name, fn)` records each check (fn returns { ok, did }).
 */
async function checkPostgresExample({ sb, client, execute, check }) {
	const run = async () => {
		const r = await execute(EXAMPLE_ID);
		if (!r || r.status === 'error') throw new Error(`the run failed: ${r?.data?.resultData?.error?.message ?? 'no run'}`);
		const s = summaryOf(r);
		if (!s) throw new Error('CRM Sync gave no Summary');
		if (s.errors) throw new Error(`CRM Sync reported ${s.errors} errors`);
		return s;
	};
	await check('run 1: first sync', async () => {
		const s = await run();
		return { ok: s.a.created > 0 && s.b.pending > 0, did: `HubSpot: ${s.a.created} created; table: ${s.b.pending} rows sent to the Postgres nodes` };
	});
	await check('run 2: both sides hold the same contacts', async () => {
		const s = await run();
		const d = await differences(sb, client);
		const ok = d.problems.length === 0 && writes(s) === 0;
		return { ok, did: ok ? `${d.rows} rows = ${d.contacts} HubSpot contacts, the run wrote nothing` : `${writes(s)} writes; ${d.problems.slice(0, 3).join('; ')}` };
	});
	await check('run 3: a row edited in the table reaches HubSpot', async () => {
		await client.query("UPDATE contacts SET first_name = 'Augusta Ada' WHERE email = 'ada.lovelace@example.org'");
		const s = await run();
		const c = hubspotContacts(sb).get('ada.lovelace@example.org');
		const d = await differences(sb, client);
		const ok = s.a.updated === 1 && c?.first === 'Augusta Ada' && d.problems.length === 0;
		return { ok, did: `HubSpot: ${s.a.updated} updated (firstname now "${c?.first}")${d.problems.length ? `; ${d.problems[0]}` : ''}` };
	});
	await check('run 4: a contact edited in HubSpot reaches the table', async () => {
		const t = sb.hubspot.store.resolveType('contacts');
		const target = hubspotContacts(sb).get('alan.turing@example.org');
		// An edit made in HubSpot's UI: another source than the pack's private app.
		sb.hubspot.store.update(t, sb.hubspot.store.get(t, target.id), { lastname: 'Mathison Turing', phone: '+44 161 555 0199' }, { sourceId: 'crm-ui' });
		const s = await run();
		const row = (await tableContacts(client)).get('alan.turing@example.org');
		const d = await differences(sb, client);
		const ok = s.b.pending === 1 && row?.last === 'Mathison Turing' && d.problems.length === 0;
		return { ok, did: `table: ${s.b.pending} update applied by the Postgres node (last_name now "${row?.last}", phone ${row?.phone})${d.problems.length ? `; ${d.problems[0]}` : ''}` };
	});
}

module.exports = { EXAMPLE_ID, checkPostgresExample, differences };
