import nock from 'nock';
import { crmRequest, newStats } from '../../../shared/transport/request';
import { resetRateLimiters, TokenBucket, bucketFor } from '../../../shared/transport/rateLimiter';
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

describe('token bucket', () => {
	/** The most sends inside any window of `interval` ms, given the times they went out. */
	function busiestWindow(times: number[], interval: number): number {
		let most = 0;
		for (let i = 0, j = 0; i < times.length; i++) {
			while (times[i] - times[j] >= interval) j++;
			most = Math.max(most, i - j + 1);
		}
		return most;
	}

	test('100 requests per rolling 10 s: a burst of 10, then 9 per second; never more than 100 in any 10 s', () => {
		const clock = fakeClock();
		const start = clock.now();
		const bucket = new TokenBucket({ limit: 100, intervalMs: 10_000 }, clock);
		const sendTimes = Array.from({ length: 1000 }, () => clock.now() + bucket.reserve());
		expect(sendTimes.slice(0, 10).every((t) => t === start)).toBe(true);
		expect(sendTimes[10] - start).toBe(112); // ceil(1 / (90 per 10 s))
		expect(busiestWindow(sendTimes, 10_000)).toBeLessThanOrEqual(100);
		expect(busiestWindow(sendTimes, 10_000)).toBeGreaterThanOrEqual(99);
		// 990 steady sends at 9 per second after the burst: 110 s, i.e. 1/0.9 of the nominal 100 s.
		expect(Math.round((sendTimes[999] - start) / 1000)).toBe(110);
	});

	test('5 per second (HubSpot search): one at once, then 4.5 per second; never 6 in a second', () => {
		const clock = fakeClock();
		const bucket = new TokenBucket({ limit: 5, intervalMs: 1000 }, clock);
		const sendTimes = Array.from({ length: 20 }, () => clock.now() + bucket.reserve());
		expect(sendTimes.slice(0, 5).map((t) => t - sendTimes[0])).toEqual([0, 223, 445, 667, 889]);
		expect(busiestWindow(sendTimes, 1000)).toBe(5);
	});

	test('refills over time up to the burst', () => {
		const clock = fakeClock();
		const bucket = new TokenBucket({ limit: 50, intervalMs: 1000 }, clock);
		for (let i = 0; i < 5; i++) bucket.reserve();
		expect(bucket.available).toBe(0);
		clock.advance(50);
		expect(bucket.available).toBeCloseTo(2.25, 5); // 45 per second
		clock.advance(10_000);
		expect(bucket.available).toBe(5);
	});

	test('vendor headers slow it down before a 429', () => {
		const clock = fakeClock();
		const bucket = new TokenBucket({ limit: 100, intervalMs: 10_000 }, clock);
		bucket.observe({ remaining: 3, limit: 100, intervalMs: 10_000 });
		expect(bucket.reserve()).toBe(0);
		expect(bucket.reserve()).toBe(0);
		expect(bucket.reserve()).toBe(112);
	});

	test('a report of zero remaining with a reset time holds every caller until the reset', () => {
		const clock = fakeClock();
		const bucket = new TokenBucket({ limit: 20, intervalMs: 2000 }, clock);
		bucket.observe({ remaining: 0, limit: 20, intervalMs: 2000, resetMs: 1500 });
		expect(bucket.reserve()).toBe(1500);
	});

	test('a report of zero remaining pauses every caller', () => {
		const clock = fakeClock();
		const bucket = new TokenBucket({ limit: 100, intervalMs: 10_000 }, clock);
		bucket.observe({ remaining: 0 });
		expect(bucket.reserve()).toBeGreaterThanOrEqual(100);
	});

	test('buckets are shared per key', () => {
		const clock = fakeClock();
		const a = bucketFor('cred-1|api.hubapi.com|general', { limit: 2, intervalMs: 1000 }, clock);
		const b = bucketFor('cred-1|api.hubapi.com|general', { limit: 2, intervalMs: 1000 }, clock);
		const c = bucketFor('cred-2|api.hubapi.com|general', { limit: 2, intervalMs: 1000 }, clock);
		expect(a).toBe(b);
		expect(a).not.toBe(c);
	});

	test('the limiter makes requests wait through crmRequest', async () => {
		nock(API).get('/crm/v3/objects/contacts').times(3).reply(200, {});
		const { run, clock } = call({ limiters: [{ key: 'k', policy: { limit: 2, intervalMs: 1000 } }] });
		await run({});
		await run({});
		await run({});
		// burst 1, then 1.8 per second (90% of 2): never 3 in one second
		expect(clock.waits).toEqual([556, 556]);
	});

	test('rate-limit headers feed the limiter', async () => {
		nock(API).get('/crm/v3/objects/contacts').reply(200, {}, { 'X-HubSpot-RateLimit-Remaining': '1' });
		nock(API).get('/crm/v3/objects/contacts').times(2).reply(200, {});
		const { run, clock } = call({
			limiters: [{ key: 'k2', policy: { limit: 100, intervalMs: 10_000 } }],
			rateHint: (headers: Record<string, string>) => [{ key: 'k2', hint: { remaining: Number(headers['x-hubspot-ratelimit-remaining'] ?? 100) } }],
		});
		await run({});
		expect(clock.waits).toEqual([]);
		// One request left by the vendor's count, and we keep one in reserve: the next one waits a token's time.
		await run({});
		expect(clock.waits).toEqual([112]);
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
