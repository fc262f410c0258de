/**
 * The sandbox's Zoho CRM checked with Zoho's own Node.js SDK (@zohocrm/nodejs-sdk-8.0 2.0.0, an
 * exact-version devDependency), for every call the pack makes (./sdkCheck.mjs, run as a child
 * process: the SDK is an ES module). The SDK reads each answer into its model classes, typed by
 * its own field metadata; a sandbox answer Zoho's client cannot read fails its call here.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

jest.setTimeout(120_000);

interface Check {
	results: Array<{ call: string; ok: boolean; detail: unknown }>;
	requests: string[];
}

function runCheck(): Promise<{ code: number; check: Check }> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, [join(__dirname, 'sdkCheck.mjs')], { timeout: 110_000, maxBuffer: 20 * 1024 * 1024 }, (error, stdout, stderr) => {
			const line = stdout.trim().split('\n').pop() ?? '';
			try {
				resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, check: JSON.parse(line) as Check });
			} catch {
				reject(new Error(`sdkCheck.mjs printed no result (${error?.message ?? ''}): ${stderr.slice(-2000)}`));
			}
		});
	});
}

test("Zoho's Node.js SDK reads every answer of the calls the pack makes, pointed at the sandbox (a custom Environment)", async () => {
	const { code, check } = await runCheck();
	expect(check.results.filter((r) => !r.ok)).toEqual([]);
	expect(check.results.map((r) => r.call)).toEqual([
		'GET /users?type=CurrentUser',
		'GET /settings/modules',
		'GET /settings/fields?module=Leads',
		'GET /Leads (fields, per_page, page, sort) up to 2,000 then page_token',
		'GET /Leads with If-Modified-Since (304 when nothing changed)',
		'POST /Leads (100 a call, 207 with a refused record naming its field)',
		'GET /Leads/{id}',
		'GET /Leads?ids=&fields=',
		'PUT /Leads (update by id)',
		'POST /Contacts/upsert (duplicate_check_fields Email): insert, then update',
		'GET /Contacts/search by criteria, email, phone, word',
		'POST /coql (select, where in, order by, limit/offset)',
		'POST /Leads/{id}/actions/convert',
		'DELETE /Leads?ids=',
		'GET /Leads/deleted?type=all',
		'POST /actions/watch (enable, expiry within a week)',
		'PATCH /actions/watch (renew the expiry)',
		'GET /actions/watch',
		'DELETE /actions/watch?channel_ids=',
	]);
	expect(code).toBe(0);
	// The SDK's calls reached the sandbox's US data centre and were answered as the checks say.
	expect(check.requests).toEqual(expect.arrayContaining(['POST /Leads 207', 'POST /Contacts/upsert 200', 'POST /coql 200', 'PATCH /actions/watch 200', 'GET /Leads 304']));
	expect(check.requests.every((r) => !/ 5\d\d$/.test(r))).toBe(true);
});
