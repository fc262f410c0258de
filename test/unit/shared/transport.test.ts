import nock from 'nock';
import { crmRequest, newStats } from '../../../shared/transport/request';
import { limiterFor, resetRateLimiters, SlidingWindowLimiter } from '../../../shared/transport/rateLimiter';
import { backoffMs, isRetryable, serverWaitMs } from '../../../shared/transport/retry';
import { redact } from '../../../shared/transport/redact';
import { NodeApiError } from 'n8n-workflow';
import { fakeClock, fakeContext, testNode } from '../../helpers/fakeContext';

const API = 'https://api.hubapi.com';
const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

beforeEach(() => {
	nock.cleanAll();
	resetRateLimiters();
});
afterAll(() => nock.restore());

function netError(code: string, message: string) {
	return Object.assign(new Error(message), { code });
}

function call(overrides: Record<string, unknown> = {}) {
	const { ctx } = fakeContext();
	const clock = fakeClock();
	const stats = newStats();
	const run = (opts: Record<string, unknown>) =>
		crmRequest.call(ctx, {
			credentialType: 'crmPackHubSpotPrivateAppApi',
			method: 'GET',
			url: `${API}/crm/v3/objects/contacts`,
			clock,
			stats,
			random: () => 0.5,
			...overrides,
			...opts,
		} as never);
	return { run, clock, stats };
}

describe('crmRequest retries', () => {
	test('a 429 with Retry-After waits exactly that long, then succeeds', async () => {
		const scope = nock(API)
			.get('/crm/v3/objects/contacts')
			.reply(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', policyName: 'TEN_SECONDLY_ROLLING' }, { 'Retry-After': '2' })
			.get('/crm/v3/objects/contacts')
			.reply(200, { results: [{ id: '1' }] });
		const { run, clock, stats } = call();
		const res = await run({});
		expect(res.body).toEqual({ results: [{ id: '1' }] });
		expect(res.attempts).toBe(2);
		expect(clock.waits).toEqual([2000]);
		expect(stats).toEqual({ calls: 2, retries: 1, waitedMs: 2000 });
		expect(scope.isDone()).toBe(true);
	});

	test('Retry-After as an HTTP date', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(serverWaitMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5000);
		expect(serverWaitMs({ 'x-ratelimit-reset': '2' }, now)).toBe(2000);
		expect(serverWaitMs({ 'X-RateLimit-Reset': String(now / 1000 + 3) }, now)).toBe(3000);
		expect(serverWaitMs({}, now)).toBeUndefined();
	});

	test('a GET is retried on 503 with exponential backoff and full jitter', async () => {
		nock(API).get('/crm/v3/objects/contacts').times(2).reply(503, { message: 'Service Unavailable' });
		nock(API).get('/crm/v3/objects/contacts').reply(200, { ok: true });
		const { run, clock } = call();
		await run({});
		// random() = 0.5 of min(cap, 500 * 2^attempt)
		expect(clock.waits).toEqual([250, 500]);
	});

	test('a create (POST) is NOT resent after a 503: it may have been processed', async () => {
		const scope = nock(API).post('/crm/v3/objects/contacts').once().reply(503, { status: 'error', message: 'Service Unavailable' });
		const { run, stats } = call();
		await expect(run({ method: 'POST', body: { properties: { email: 'a@b.co' } } })).rejects.toMatchObject({
			httpCode: '503',
			message: '503: Service Unavailable',
		});
		expect(stats.calls).toBe(1);
		expect(scope.isDone()).toBe(true);
	});

	test('a create IS resent after a 429 (the vendor rejected it before doing anything)', async () => {
		nock(API).post('/crm/v3/objects/contacts', { properties: { email: 'a@b.co' } }).reply(429, { message: 'slow down' });
		nock(API).post('/crm/v3/objects/contacts', { properties: { email: 'a@b.co' } }).reply(201, { id: '9' });
		const { run } = call();
		const res = await run({ method: 'POST', body: { properties: { email: 'a@b.co' } } });
		expect(res.statusCode).toBe(201);
		expect(res.body).toEqual({ id: '9' });
	});

	test('a write marked idempotent (upsert) is retried on 503', async () => {
		nock(API).post('/crm/v3/objects/contacts/batch/upsert').reply(503, {});
		nock(API).post('/crm/v3/objects/contacts/batch/upsert').reply(200, { results: [] });
		const { run, stats } = call();
		await run({ method: 'POST', url: `${API}/crm/v3/objects/contacts/batch/upsert`, body: { inputs: [] }, idempotent: true });
		expect(stats.calls).toBe(2);
	});

	/**
	 * Network failures reach crmRequest the way n8n-core delivers them: a
	 * NodeApiError wrapping the socket error. Scripted rather than through nock,
	 * whose mocked sockets re-emit the error unhandled under load.
	 */
	function scripted(steps: Array<Error | { statusCode: number; body: unknown }>) {
		const sent: string[] = [];
		const ctx = {
			getNode: () => testNode,
			helpers: {
				httpRequestWithAuthentication: async (_type: string, opts: { method: string }) => {
					sent.push(opts.method);
					const step = steps.shift();
					if (!step) throw new Error('no more scripted responses');
					if (step instanceof Error) throw new NodeApiError(testNode, step as never);
					return { ...step, headers: {} };
				},
			},
		};
		const clock = fakeClock();
		const stats = newStats();
		const run = (opts: Record<string, unknown>) =>
			crmRequest.call(ctx as never, {
				credentialType: 'crmPackHubSpotPrivateAppApi',
				method: 'GET',
				url: `${API}/crm/v3/objects/contacts`,
				clock,
				stats,
				random: () => 0.5,
				...opts,
			} as never);
		return { run, sent, stats };
	}

	test('a reset connection is retried for a GET but not for a create', async () => {
		const first = scripted([netError('ECONNRESET', 'socket hang up'), { statusCode: 200, body: { ok: 1 } }]);
		expect((await first.run({})).body).toEqual({ ok: 1 });
		expect(first.sent).toEqual(['GET', 'GET']);

		const second = scripted([netError('ECONNRESET', 'socket hang up'), { statusCode: 201, body: { id: '1' } }]);
		await expect(second.run({ method: 'POST', body: { properties: {} } })).rejects.toThrow(
			/ECONNRESET.*not repeated automatically because it may already have been processed/,
		);
		expect(second.sent).toEqual(['POST']);
	});

	test('a 401 is sent once more in throwing mode so n8n renews the token, then succeeds', async () => {
		const flags: boolean[] = [];
		const ctx = {
			getNode: () => testNode,
			helpers: {
				httpRequestWithAuthentication: async (_type: string, opts: { ignoreHttpStatusErrors?: boolean }) => {
					flags.push(Boolean(opts.ignoreHttpStatusErrors));
					// First call: a 401 handed back; second (throwing mode): n8n refreshed and the vendor answers 201.
					return flags.length === 1 ? { statusCode: 401, headers: {}, body: { message: 'expired' } } : { statusCode: 201, headers: {}, body: { id: '7' } };
				},
			},
		};
		const res = await crmRequest.call(ctx as never, {
			credentialType: 'crmPackHubSpotOAuth2Api',
			method: 'POST',
			url: `${API}/crm/v3/objects/contacts`,
			body: { properties: {} },
			clock: fakeClock(),
		});
		expect(res.body).toEqual({ id: '7' });
		expect(flags).toEqual([true, false]);
	});

	test('a 401 that survives the renewal is reported with the vendor message, once', async () => {
		const { run, sent } = scripted([
			{ statusCode: 401, body: { message: 'expired' } },
			// What n8n-core throws for a 401 its refresh could not cure: an axios error with the vendor's body.
			Object.assign(new Error('Request failed with status code 401'), {
				response: { status: 401, data: { status: 'error', message: 'Authentication credentials not found' } },
			}),
		]);
		await expect(run({ method: 'POST', body: {} })).rejects.toMatchObject({ httpCode: '401', message: '401: Authentication credentials not found' });
		expect(sent).toEqual(['POST', 'POST']);
	});

	test('an E-code that is not a socket failure (a refused OAuth refresh: EAUTH) is an answer, not a network error', async () => {
		const { run, sent } = scripted([
			{ statusCode: 401, body: { message: 'expired' } },
			Object.assign(new Error('The client is not authorized to request an authorization code using this method.'), { code: 'EAUTH' }),
		]);
		const error = await run({ method: 'POST', body: {} }).catch((e: Error) => e);
		expect(sent).toEqual(['POST', 'POST']);
		expect((error as Error).message).toBe('The client is not authorized to request an authorization code using this method.');
		expect((error as Error).message).not.toContain('may already have been processed');
	});

	test('a timeout is retried for an idempotent write', async () => {
		const { run, sent } = scripted([netError('ETIMEDOUT', 'timeout of 30000ms exceeded'), { statusCode: 200, body: { results: [] } }]);
		await run({ method: 'POST', idempotent: true, body: { inputs: [] } });
		expect(sent).toEqual(['POST', 'POST']);
	});

	test('a refused connection proves nothing was sent, so even a create is retried', async () => {
		const { run, sent, stats } = scripted([
			netError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:443'),
			{ statusCode: 201, body: { id: '1' } },
		]);
		const res = await run({ method: 'POST', body: { properties: {} } });
		expect(res.body).toEqual({ id: '1' });
		expect(sent).toEqual(['POST', 'POST']);
		expect(stats.retries).toBe(1);
	});

	test('attempts are capped and the vendor message survives', async () => {
		nock(API).get('/crm/v3/objects/contacts').times(3).reply(502, { message: 'Bad gateway from upstream' });
		const { run, stats } = call({ retry: { maxAttempts: 3 } });
		await expect(run({})).rejects.toMatchObject({ httpCode: '502', description: 'Bad gateway from upstream' });
		expect(stats.calls).toBe(3);
	});

	test('a server wait longer than the maximum wait ends the retries with a clear error', async () => {
		nock(API).get('/crm/v3/objects/contacts').reply(429, { message: 'daily limit' }, { 'Retry-After': '3600' });
		const { run, stats } = call({ retry: { maxWaitMs: 10_000 } });
		await expect(run({})).rejects.toMatchObject({ httpCode: '429', description: 'daily limit' });
		expect(stats.calls).toBe(1);
	});

	test('4xx other than 429 is not retried (a 401 only re-sent once for n8n to renew the token); tokens never appear', async () => {
		nock(API)
			.get('/crm/v3/objects/contacts')
			.times(2)
			.reply(401, { status: 'error', message: `Authentication credentials not found. Bearer ${TOKEN} is invalid`, category: 'INVALID_AUTHENTICATION' });
		const { run, stats } = call();
		const error = await run({}).catch((e: Error) => e);
		expect(stats.calls).toBe(2);
		const text = JSON.stringify(error) + String((error as Error).message) + String((error as { description?: string }).description);
		expect(text).not.toContain(TOKEN);
		expect((error as Error).message).toBe('401: Authentication credentials not found. Bearer [redacted] is invalid');

		nock(API).get('/crm/v3/objects/contacts').reply(403, { status: 'error', message: 'This app lacks the scope crm.objects.contacts.read' });
		const second = call();
		await expect(second.run({})).rejects.toMatchObject({ httpCode: '403', message: '403: This app lacks the scope crm.objects.contacts.read' });
		expect(second.stats.calls).toBe(1);
	});

	test('acceptStatuses hands 207 and 404 back to the caller', async () => {
		nock(API).get('/crm/v3/objects/contacts').reply(404, { message: 'not found' });
		const { run } = call();
		const res = await run({ acceptStatuses: [404] });
		expect(res).toMatchObject({ statusCode: 404, body: { message: 'not found' } });
	});
});

describe('retry classification', () => {
	test.each([
		[{ kind: 'status', status: 429 }, false, true],
		[{ kind: 'status', status: 503 }, false, false],
		[{ kind: 'status', status: 503 }, true, true],
		[{ kind: 'status', status: 500 }, true, false],
		[{ kind: 'status', status: 400 }, true, false],
		[{ kind: 'network', code: 'ETIMEDOUT' }, false, false],
		[{ kind: 'network', code: 'ETIMEDOUT' }, true, true],
		[{ kind: 'network', code: 'ECONNREFUSED' }, false, true],
	] as const)('%j idempotent=%s -> %s', (failure, idempotent, expected) => {
		expect(isRetryable(failure, idempotent)).toBe(expected);
	});

	test('backoff is capped by maxWait', () => {
		const options = { maxAttempts: 10, maxWaitMs: 3000, baseDelayMs: 500 };
		expect(backoffMs(0, options, () => 0.999)).toBe(499);
		expect(backoffMs(10, options, () => 0.999)).toBe(2997);
		expect(backoffMs(3, options, () => 0)).toBe(0);
	});
});

describe('sliding-window limiter', () => {
	/** The most sends inside any window of `interval` ms, given the times they went out. */
	function busiestWindow(times: number[], interval: number): number {
		let most = 0;
		for (let i = 0, j = 0; i < times.length; i++) {
			while (times[i] - times[j] >= interval) j++;
			most = Math.max(most, i - j + 1);
		}
		return most;
	}

	/** Sends `n` requests one after another, each answered at once; returns the send times. */
	async function sequential(limiter: SlidingWindowLimiter, clock: ReturnType<typeof fakeClock>, n: number): Promise<number[]> {
		const times: number[] = [];
		for (let i = 0; i < n; i++) {
			const slot = await limiter.acquire();
			times.push(clock.now());
			slot.release();
		}
		return times;
	}

	test('100 per rolling 10 s: the first 100 go at once (no pacing), the next 100 when the first leave the window', async () => {
		const clock = fakeClock();
		const start = clock.now();
		const limiter = new SlidingWindowLimiter({ limit: 100, intervalMs: 10_000 }, clock);
		const times = await sequential(limiter, clock, 250);
		expect(times.slice(0, 100).every((t) => t === start)).toBe(true);
		expect(times.slice(100, 200).every((t) => t === start + 10_000)).toBe(true);
		expect(times[249]).toBe(start + 20_000);
		expect(busiestWindow(times, 10_000)).toBe(100);
		expect(clock.waits).toEqual([10_000, 10_000]);
	});

	test('5 per second (HubSpot search): five at once, the sixth a second after the first was answered', async () => {
		const clock = fakeClock();
		const limiter = new SlidingWindowLimiter({ limit: 5, intervalMs: 1000 }, clock);
		const first = await limiter.acquire();
		clock.advance(300); // the first search takes 300 ms to answer
		first.release();
		const times = await sequential(limiter, clock, 5);
		// Four more fit at once; the fifth waits for the first to leave: answered at 300, gone at 1300.
		expect(times.map((t) => t - times[0])).toEqual([0, 0, 0, 0, 1000]);
		expect(times[4] - (times[0] - 300)).toBe(1300);
	});

	test('a request in flight holds its place until its answer: the next caller waits for that answer, then a whole window', async () => {
		const clock = fakeClock();
		const limiter = new SlidingWindowLimiter({ limit: 1, intervalMs: 1000 }, clock);
		const first = await limiter.acquire();
		let second: number | undefined;
		const waiting = limiter.acquire().then((slot) => {
			second = clock.now();
			slot.release();
		});
		await Promise.resolve();
		expect(second).toBeUndefined();
		clock.advance(5000); // a slow answer
		first.release();
		await waiting;
		expect(second).toBe(Date.parse('2026-01-01T00:00:00Z') + 6000);
		expect(limiter.available).toBe(0);
	});

	test('places come back as entries leave the window', async () => {
		const clock = fakeClock();
		const limiter = new SlidingWindowLimiter({ limit: 50, intervalMs: 1000 }, clock);
		for (let i = 0; i < 5; i++) {
			(await limiter.acquire()).release();
			clock.advance(100);
		}
		expect(limiter.available).toBe(45);
		clock.advance(650); // now 1150: the first two (answered at 0 and 100) have left
		expect(limiter.available).toBe(47);
		clock.advance(10_000);
		expect(limiter.available).toBe(50);
	});

	test('a vendor count lower than ours shows others on the account: their places count for a whole window', async () => {
		const clock = fakeClock();
		const limiter = new SlidingWindowLimiter({ limit: 100, intervalMs: 10_000 }, clock);
		(await limiter.acquire()).release();
		limiter.observe({ remaining: 3, limit: 100, intervalMs: 10_000 });
		// 100 - 3 left - 1 of ours = 96 taken by others until 10 s from now; of the 3 left we claim half (1),
		// since the others read the same count and may send into it too.
		expect(limiter.available).toBe(1);
		const times = await sequential(limiter, clock, 2);
		expect(times.map((t) => t - times[0])).toEqual([0, 10_000]);
	});

	test('in one process the vendor never reports more of ours than the log holds: its headers take no place away', async () => {
		const clock = fakeClock();
		const limiter = new SlidingWindowLimiter({ limit: 100, intervalMs: 10_000 }, clock);
		for (let i = 0; i < 10; i++) (await limiter.acquire()).release();
		limiter.observe({ remaining: 90, limit: 100, intervalMs: 10_000 });
		expect(limiter.available).toBe(90);
	});

	test('a report of none left with a reset time holds every caller until the reset', async () => {
		const clock = fakeClock();
		const limiter = new SlidingWindowLimiter({ limit: 20, intervalMs: 2000 }, clock);
		limiter.observe({ remaining: 0, limit: 20, intervalMs: 2000, resetMs: 1500 });
		const slot = await limiter.acquire();
		expect(slot.waited).toBe(1500);
		expect(clock.waits).toEqual([1500]);
	});

	test('none left, all of them ours: the log says when a place frees, not the reset rounded to whole seconds', async () => {
		const clock = fakeClock();
		const limiter = new SlidingWindowLimiter({ limit: 2, intervalMs: 2000 }, clock);
		(await limiter.acquire()).release();
		clock.advance(500);
		(await limiter.acquire()).release();
		// Pipedrive-like: none left, reset "2" seconds (rounded up); the first of ours leaves at 2000.
		limiter.observe({ remaining: 0, limit: 2, intervalMs: 2000, resetMs: 2000 });
		const slot = await limiter.acquire();
		expect(slot.waited).toBe(1500);
	});

	test('limiters are shared per key, and a learned limit is not replaced by the preset', () => {
		const clock = fakeClock();
		const a = limiterFor('cred-1|api.hubapi.com|general', { limit: 2, intervalMs: 1000 }, clock);
		const b = limiterFor('cred-1|api.hubapi.com|general', { limit: 2, intervalMs: 1000 }, clock);
		const c = limiterFor('cred-2|api.hubapi.com|general', { limit: 2, intervalMs: 1000 }, clock);
		expect(a).toBe(b);
		expect(a).not.toBe(c);
		a.observe({ remaining: 5, limit: 190, intervalMs: 10_000 });
		expect(limiterFor('cred-1|api.hubapi.com|general', { limit: 2, intervalMs: 1000 }, clock).policy).toEqual({ limit: 190, intervalMs: 10_000 });
	});

	test('the limiter makes requests wait through crmRequest, and frees the place when the answer is in', async () => {
		nock(API).get('/crm/v3/objects/contacts').times(3).reply(200, {});
		const { run, clock } = call({ limiters: [{ key: 'k', policy: { limit: 2, intervalMs: 1000 } }] });
		await run({});
		await run({});
		await run({});
		// two fit in the window; the third waits until the first has left it
		expect(clock.waits).toEqual([1000]);
	});

	test('a request that fails at the network still frees its place', async () => {
		nock(API).get('/crm/v3/objects/contacts').replyWithError(netError('ECONNRESET', 'socket hang up'));
		nock(API).get('/crm/v3/objects/contacts').reply(200, { ok: true });
		const { run, clock } = call({ limiters: [{ key: 'k3', policy: { limit: 1, intervalMs: 1000 } }], retry: { maxAttempts: 2, baseDelayMs: 10 } });
		const res = (await run({})) as { body: unknown };
		expect(res.body).toEqual({ ok: true });
		// the retry's backoff, then the rest of the window the failed attempt held
		expect(clock.waits.reduce((a, b) => a + b, 0)).toBe(1000);
	});

	test('a 429 reporting none left waits for its Retry-After, not a whole window', async () => {
		nock(API).get('/crm/v3/objects/contacts').reply(429, { message: 'slow down' }, { 'X-HubSpot-RateLimit-Remaining': '0', 'Retry-After': '1' });
		nock(API).get('/crm/v3/objects/contacts').reply(200, { ok: true }, { 'X-HubSpot-RateLimit-Remaining': '98' });
		const { run, clock } = call({
			limiters: [{ key: 'k4', policy: { limit: 100, intervalMs: 10_000 } }],
			rateHint: (headers: Record<string, string>) => [{ key: 'k4', hint: { remaining: Number(headers['x-hubspot-ratelimit-remaining']) } }],
			retry: { maxAttempts: 3 },
		});
		const res = (await run({})) as { body: unknown };
		expect(res.body).toEqual({ ok: true });
		// The retry's own wait (Retry-After) and the limiter's pause end together: one second in all, not ten.
		expect(clock.waits.reduce((a, b) => a + b, 0)).toBe(1000);
	});

	test('rate-limit headers feed the limiter', async () => {
		nock(API).get('/crm/v3/objects/contacts').reply(200, {}, { 'X-HubSpot-RateLimit-Remaining': '1' });
		nock(API).get('/crm/v3/objects/contacts').times(2).reply(200, {});
		const { run, clock } = call({
			limiters: [{ key: 'k2', policy: { limit: 100, intervalMs: 10_000 } }],
			rateHint: (headers: Record<string, string>) =>
				headers['x-hubspot-ratelimit-remaining'] === undefined ? undefined : [{ key: 'k2', hint: { remaining: Number(headers['x-hubspot-ratelimit-remaining']) } }],
		});
		await run({});
		expect(clock.waits).toEqual([]);
		// One left by the vendor's count, and others use the account: half of one is none, the next waits for the window.
		await run({});
		expect(clock.waits).toEqual([10_000]);
		await run({});
		expect(clock.waits).toEqual([10_000]);
	});
});

describe('redact', () => {
	test('removes tokens, keys and passwords', () => {
		expect(redact('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer [redacted]');
		expect(redact('GET /x?hapikey=secret123&limit=1')).toBe('GET /x?hapikey=[redacted]&limit=1');
		expect(redact('{"access_token":"xyz","a":1}')).toBe('{"access_token":"[redacted]","a":1}');
		expect(redact('my s3cretValue here', ['s3cretValue'])).toBe('my [redacted] here');
	});
});
