'use strict';
/**
 * The `contacts` table of examples/crm-sync-hubspot-postgres.json: created and
 * seeded by `npm start`, `npm run demo` and the tests, read back by their checks.
 *
 * `updated_at` is `timestamptz` (an instant; n8n's Postgres node returns it as an
 * ISO time in UTC) and a trigger sets it on every UPDATE, so the CRM Sync node's
 * "most recently modified wins" sees when a row really changed, whoever changed it.
 */

const TABLE_SQL = `
CREATE TABLE IF NOT EXISTS contacts (
	id serial PRIMARY KEY,
	email text NOT NULL UNIQUE,
	first_name text,
	last_name text,
	phone text,
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION contacts_touch() RETURNS trigger AS $$
BEGIN
	NEW.updated_at := now();
	RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS contacts_touch ON contacts;
CREATE TRIGGER contacts_touch BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_touch();
`;

/** Rows the table starts with (none of them in the sandbox's HubSpot). */
const SEED_ROWS = [
	{ email: 'ada.lovelace@example.org', first_name: 'Ada', last_name: 'Lovelace', phone: '+44 20 7946 0958' },
	{ email: 'alan.turing@example.org', first_name: 'Alan', last_name: 'Turing', phone: null },
	{ email: 'grace.hopper@example.org', first_name: 'Grace', last_name: 'Hopper', phone: '+1 202 555 0143' },
	{ email: 'edsger.dijkstra@example.org', first_name: 'Edsger', last_name: 'Dijkstra', phone: null },
	{ email: 'barbara.liskov@example.org', first_name: 'Barbara', last_name: 'Liskov', phone: '+1 617 555 0100' },
];

/** Creates the table (and its trigger) if missing; seeds it when empty. Returns the row count. */
async function createContactsTable(client, rows = SEED_ROWS) {
	await client.query(TABLE_SQL);
	const { rows: counted } = await client.query('SELECT count(*)::int AS n FROM contacts');
	if (counted[0].n === 0) {
		for (const r of rows) {
			await client.query('INSERT INTO contacts (email, first_name, last_name, phone) VALUES ($1, $2, $3, $4)', [r.email, r.first_name, r.last_name, r.phone]);
		}
	}
	const { rows: after } = await client.query('SELECT count(*)::int AS n FROM contacts');
	return after[0].n;
}

/** Every row, by id. */
async function contactRows(client) {
	const { rows } = await client.query('SELECT id, email, first_name, last_name, phone, updated_at FROM contacts ORDER BY id');
	return rows;
}

module.exports = { TABLE_SQL, SEED_ROWS, createContactsTable, contactRows };
