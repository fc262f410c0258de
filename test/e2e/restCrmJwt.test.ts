/**
 * The REST CRM's JWT login preset end to end (issue 13), through n8n-core's own
 * preAuthentication path (light runner): the first run logs in and the
 * credential keeps the session; a session that expires mid-run is refreshed on
 * its 401 and the refused calls are sent again, with nothing written twice; a
 * token about to expire is renewed before it is sent (no 401 at all); a refused
 * refresh falls back to a new login.
 */
import type { IDataObject } from 'n8n-workflow';

import { restCrmApi } from './helpers/credentials';
import { Harness } from './helpers/harness';

const h = new Harness({
	seed: 31,
	node: 'REST CRM',
	workflows: 'restcrm-',
	perTest: true,
	credentials: (s) => restCrmApi(s, { auth: 'jwt' }),
});
const { run, output } = h;
const API = '/generic/api/v1';
const saved = () => h.store.crmPackRestCrmApi['restcrm-sandbox'] as IDataObject;
const people = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ fields: { last_name: `${tag}${i}`, email: `${tag}${i}@example.com` } }));

describe('REST CRM JWT login', () => {
	test('first run logs in once; the session is saved in the credential and reused by the next run', async () => {
		output(await run('create', people(2, 'first')));
		expect(h.sb.generic.authCalls).toEqual({ login: 1, refresh: 0, refreshRefused: 0 });
		expect(saved()).toMatchObject({ accessToken: expect.stringMatching(/^eyJ/), refreshToken: expect.stringMatching(/^rt_/), accessTokenRenewAt: expect.stringMatching(/^\d+$/) });
		output(await run('create', people(1, 'second')));
		expect(h.sb.generic.authCalls.login).toBe(1);
		expect(h.sb.log.all().filter((e) => e.status === 401)).toEqual([]);
	});

	test('a session expiring mid-run: the 401 answers are refreshed and sent again, every record written exactly once', async () => {
		output(await run('create', people(1, 'warmup')));
		h.sb.log.reset();
		// After 3 more authenticated calls the server deems the session expired (our clock still thinks it valid).
		h.sb.generic.expireTokensAfter(3);
		const items = output(await run('create', people(8, 'mid')));
		expect(items.map((i) => i.json.email).sort()).toEqual(people(8, 'mid').map((p) => p.fields.email).sort());
		const creates = h.sb.log.all().filter((e) => e.method === 'POST' && e.path === `${API}/contacts`);
		const refused = creates.filter((e) => e.status === 401);
		expect(refused.length).toBeGreaterThanOrEqual(1);
		expect(creates.filter((e) => e.status === 201)).toHaveLength(8);
		// Nothing written twice: each e-mail once in the store.
		const stored = h.sb.generic.store.list('contacts').map((c) => c.email).filter((e) => String(e).startsWith('mid'));
		expect(stored.sort()).toEqual([...new Set(stored)].sort());
		expect(stored).toHaveLength(8);
		// Renewed by the refresh token (a concurrent second refresh of the same single-use token logs in instead).
		expect(h.sb.generic.authCalls.refresh).toBeGreaterThanOrEqual(1);
		expect(saved().refreshToken).not.toBe('');
	});

	test('a token about to expire is renewed before it is sent: no 401 at all', async () => {
		h.sb.generic.setTokenTtl(2);
		output(await run('create', people(1, 'short')));
		expect(h.sb.generic.authCalls).toMatchObject({ login: 1, refresh: 0 });
		const before = String(saved().accessToken);
		// Renewal is due a tenth of the lifetime before expiry (1.8 s here).
		await new Promise((r) => setTimeout(r, 1900));
		h.sb.log.reset();
		output(await run('create', people(2, 'renewed')));
		expect(h.sb.log.all().filter((e) => e.status === 401)).toEqual([]);
		expect(h.sb.generic.authCalls).toMatchObject({ login: 1, refresh: 1 });
		expect(saved().accessToken).not.toBe(before);
		expect(h.sb.log.all().map((e) => `${e.method} ${e.path}`)).toEqual([`POST ${API}/auth/refresh`, `POST ${API}/contacts`, `POST ${API}/contacts`]);
	});

	test('a refused refresh falls back to a new login', async () => {
		output(await run('create', people(1, 'one')));
		// The saved refresh token is no longer valid (revoked); the session expires on the next call.
		saved().refreshToken = 'rt_revoked';
		h.sb.generic.expireTokensAfter(1);
		output(await run('create', people(1, 'two')));
		output(await run('create', people(1, 'three')));
		expect(h.sb.generic.authCalls).toMatchObject({ login: 2, refreshRefused: 1 });
		expect(h.sb.generic.store.list('contacts').map((c) => c.last_name)).toEqual(['one0', 'two0', 'three0']);
	});

	test('a wrong password fails the run naming the API\'s reason, never the password', async () => {
		const bad = restCrmApi(h.sb, { auth: 'jwt', extra: { jwtPassword: 'wrong-password-123' } });
		const r = await run('create', people(1, 'nope'), undefined, { credentials: bad });
		const message = String((r.error as Error)?.message ?? '');
		expect(message).toContain('INVALID_CREDENTIALS');
		expect(JSON.stringify(r.error)).not.toContain('wrong-password-123');
		expect(h.sb.generic.store.list('contacts')).toEqual([]);
	});
});
