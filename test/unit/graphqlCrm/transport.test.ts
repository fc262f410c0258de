/**
 * The GraphQL CRM transport against a nock'd server, on a fake clock: a 429
 * is waited out for its Retry-After (a query and a mutation: a 429 ran
 * nothing); the query-cost budget holds the next operation back before the
 * server's bucket is spent (Shopify-style extensions.cost) or a points window
 * runs out (GitHub-style rateLimit); a THROTTLED answer is re-sent after the
 * wait the cost extension gives, not failed.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { resetCostBudgets } from '../../../nodes/GraphqlCrm/transport/costBudget';
import { graphqlCall, graphqlSettings } from '../../../nodes/GraphqlCrm/transport/graphqlApi';
import { newStats } from '../../../shared/transport/request';
import { fakeClock, fakeContext } from '../../helpers/fakeContext';
import { isolateNock } from '../../helpers/nockIsolation';

const HOST = 'https://crm.example.com';
const QUERY = '{ contacts(first: 50) { nodes { id } } }';

isolateNock();
beforeEach(() => resetCostBudgets());

async function setup() {
	const { ctx } = fakeContext({
		credentials: { crmPackGraphqlCrmApi: { endpoint: `${HOST}/graphql`, authType: 'none', requestsPerMinute: 0 } },
		node: { credentials: { crmPackGraphqlCrmApi: { id: 'gql-1', name: 'GraphQL' } } },
	});
	const clock = fakeClock();
	const stats = newStats();
	const settings = await graphqlSettings(ctx, 'standard', { clock, stats });
	return { call: (query: string, write = false) => graphqlCall(ctx, settings, { query, write }), clock, stats };
}

/** Records each request body with the fake time it was sent at. */
function sentAt(clock: { now: () => number }, into: Array<{ at: number; body: IDataObject }>) {
	return (body: IDataObject) => {
		into.push({ at: clock.now(), body });
		return true;
	};
}

const cost = (actual: number, available: number, maximum = 100, restoreRate = 10) => ({
	cost: { requestedQueryCost: actual, actualQueryCost: actual, throttleStatus: { maximumAvailable: maximum, currentlyAvailable: available, restoreRate } },
});

test('a 429 waits its Retry-After and is sent again, a query and a mutation alike', async () => {
	const { call, clock } = await setup();
	const sent: Array<{ at: number; body: IDataObject }> = [];
	nock(HOST)
		.post('/graphql', sentAt(clock, sent))
		.reply(429, { errors: [{ message: 'Too many requests' }] }, { 'Retry-After': '7' })
		.post('/graphql', sentAt(clock, sent))
		.reply(200, { data: { contacts: { nodes: [{ id: '1' }] } } });
	const answer = await call(QUERY);
	expect(answer.data).toEqual({ contacts: { nodes: [{ id: '1' }] } });
	expect(sent.map((s) => s.body)).toEqual([{ query: QUERY }, { query: QUERY }]);
	expect(sent[1].at - sent[0].at).toBe(7000);
	expect(clock.waits).toEqual([7000]);

	const mutation = 'mutation { createContact(input: { email: "a@b.co" }) { id } }';
	sent.length = 0;
	nock(HOST)
		.post('/graphql', sentAt(clock, sent))
		.reply(429, '', { 'Retry-After': '2' })
		.post('/graphql', sentAt(clock, sent))
		.reply(200, { data: { createContact: { id: '9' } } });
	expect((await call(mutation, true)).data).toEqual({ createContact: { id: '9' } });
	expect(sent.map((s) => s.body)).toEqual([{ query: mutation }, { query: mutation }]);
	expect(sent[1].at - sent[0].at).toBe(2000);
});

test('extensions.cost: the next operation waits until the bucket, refilled, covers its cost plus a tenth, before the server must throttle', async () => {
	const { call, clock, stats } = await setup();
	const sent: Array<{ at: number; body: IDataObject }> = [];
	nock(HOST)
		.post('/graphql', sentAt(clock, sent))
		.reply(200, { data: { contacts: { nodes: [] } }, extensions: cost(50, 45) })
		.post('/graphql', sentAt(clock, sent))
		.reply(200, { data: { contacts: { nodes: [] } }, extensions: cost(50, 10) });
	await call(QUERY);
	// 45 left, 50 + 10 needed: 15 points at 10 a second.
	await call(QUERY);
	expect(sent[1].at - sent[0].at).toBe(1500);
	expect(clock.waits).toEqual([1500]);
	expect(stats.waitedMs).toBe(1500);
	expect(nock.pendingMocks()).toEqual([]);
});

test('a GitHub-style rateLimit field: too few points left waits for resetAt', async () => {
	const { call, clock } = await setup();
	const sent: Array<{ at: number; body: IDataObject }> = [];
	const resetAt = new Date(clock.now() + 45_000).toISOString();
	const q = '{ rateLimit { limit cost remaining resetAt } contacts(first: 5) { nodes { id } } }';
	nock(HOST)
		.post('/graphql', sentAt(clock, sent))
		.reply(200, { data: { rateLimit: { limit: 100, cost: 3, remaining: 2, resetAt }, contacts: { nodes: [] } } })
		.post('/graphql', sentAt(clock, sent))
		.reply(200, { data: { rateLimit: { limit: 100, cost: 3, remaining: 97, resetAt }, contacts: { nodes: [] } } });
	await call(q);
	await call(q);
	expect(sent[1].at - sent[0].at).toBe(45_000);
});

test('a THROTTLED answer (no data) is re-sent after the wait the cost extension gives; an error that is not throttling is returned', async () => {
	const { call, clock, stats } = await setup();
	const sent: Array<{ at: number; body: IDataObject }> = [];
	nock(HOST)
		.post('/graphql', sentAt(clock, sent))
		.reply(200, { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: cost(52, 12) })
		.post('/graphql', sentAt(clock, sent))
		.reply(200, { data: { contacts: { nodes: [{ id: '1' }] } }, extensions: cost(52, 48) })
		.post('/graphql', sentAt(clock, sent))
		.reply(200, { errors: [{ message: 'first must be at most 100', extensions: { code: 'BAD_USER_INPUT' } }] });
	const answer = await call(QUERY);
	expect(answer.data).toEqual({ contacts: { nodes: [{ id: '1' }] } });
	// 52 requested, 12 available, 10 a second: 4 s until the server has room, then 1 s more for the tenth of the bucket kept in reserve.
	expect(clock.waits).toEqual([4000, 1000]);
	expect(sent[1].at - sent[0].at).toBe(5000);
	expect(stats.retries).toBe(1);
	const refused = await call('{ contacts(first: 500) { nodes { id } } }');
	expect(refused.errors).toEqual([{ message: 'first must be at most 100', extensions: { code: 'BAD_USER_INPUT' } }]);
});
