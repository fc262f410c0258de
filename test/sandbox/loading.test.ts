/**
 * The sandbox loads every vendor folder the same way (test/sandbox/<name>/index.js
 * exporting createVendor), HubSpot included, and a folder that fails to load
 * fails the start instead of leaving that vendor out.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startSandbox } from '.';

const made: string[] = [];
afterAll(() => {
	for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A vendor folder set in a temp dir: name -> index.js source. */
function vendorDir(files: Record<string, string>): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-vendors-'));
	made.push(dir);
	for (const [name, source] of Object.entries(files)) {
		fs.mkdirSync(path.join(dir, name));
		fs.writeFileSync(path.join(dir, name, 'index.js'), source);
	}
	return dir;
}

/** A minimal vendor: answers its path and exposes a counter. */
const ECHO = `'use strict';
module.exports.createVendor = ({ seed, baseUrl }) => {
	const api = { calls: 0, seed };
	return { api, handle: (ctx) => { api.calls++; return { status: 200, body: { path: ctx.path, baseUrl: baseUrl() } }; } };
};`;

describe('sandbox vendor loading', () => {
	it('serves every folder of test/sandbox but lib/ as a vendor, HubSpot as one of them', async () => {
		const sb = await startSandbox({ port: 0 });
		try {
			const folders = fs
				.readdirSync(__dirname, { withFileTypes: true })
				.filter((d) => d.isDirectory() && d.name !== 'lib')
				.map((d) => d.name)
				.sort();
			expect(folders).toEqual(['brivity', 'dynamics', 'freshsales', 'generic', 'graphql', 'hostile', 'hubspot', 'n8n', 'pipedrive', 'salesforce', 'zoho']);
			const sbObj = sb as unknown as Record<string, { baseUrl: string }>;
			for (const name of folders) expect(sbObj[name].baseUrl).toBe(`${sb.url}/${name}`);
			const index = (await (await fetch(sb.url)).json()) as Record<string, unknown>;
			expect(index).toEqual({ sandbox: true, brivity: `${sb.url}/brivity`, dynamics: `${sb.url}/dynamics`, freshsales: `${sb.url}/freshsales`, generic: `${sb.url}/generic`, graphql: `${sb.url}/graphql`, hostile: `${sb.url}/hostile`, hubspot: `${sb.url}/hubspot`, n8n: `${sb.url}/n8n`, pipedrive: `${sb.url}/pipedrive`, salesforce: `${sb.url}/salesforce`, zoho: `${sb.url}/zoho` });
			// HubSpot's answers carry its correlation id header, added by its own plug-in.
			const res = await fetch(`${sb.hubspot.baseUrl}/crm/v3/objects/contacts`, { headers: { authorization: `Bearer ${sb.hubspot.tokens[0]}` } });
			expect(res.status).toBe(200);
			expect(res.headers.get('x-hubspot-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
			expect(sb.webhooks).toBe(sb.hubspot.webhooks);
		} finally {
			await sb.close();
		}
	});

	it('a plug-in folder is served under its name with its own api', async () => {
		const sb = await startSandbox({ port: 0, seed: 9, vendorDir: vendorDir({ echo: ECHO, lib: 'throw new Error("lib is not a vendor")' }) });
		try {
			const res = await fetch(`${sb.url}/echo/some/path?x=1`);
			expect(await res.json()).toEqual({ path: '/some/path', baseUrl: `${sb.url}/echo` });
			const echo = (sb as unknown as Record<string, { calls: number; seed: number; baseUrl: string }>).echo;
			expect(echo).toEqual({ calls: 1, seed: 9, baseUrl: `${sb.url}/echo` });
			expect(sb.log.all().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['GET /echo/some/path 200']);
		} finally {
			await sb.close();
		}
	});

	it('a vendor folder whose index.js throws fails the start, naming the vendor and the cause', async () => {
		const dir = vendorDir({ echo: ECHO, broken: `require('./missing-file');` });
		await expect(startSandbox({ port: 0, vendorDir: dir })).rejects.toThrow(
			new RegExp(`^sandbox vendor "broken" \\(${path.join(dir, 'broken').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) failed to load: Cannot find module './missing-file'`),
		);
	});

	it('a vendor folder without createVendor fails the start', async () => {
		const dir = vendorDir({ empty: 'module.exports = {};' });
		await expect(startSandbox({ port: 0, vendorDir: dir })).rejects.toThrow(`sandbox vendor "empty" (${path.join(dir, 'empty')}): its index.js must export createVendor`);
	});
});
