/**
 * n8n's Data Table API answers 500 now and then under concurrent executions
 * (measured in n8n 2.41.1, issue 17). The pack's n8n API calls that are safe to
 * repeat are sent again after a 500; the rest are not, and the lease's
 * compare-and-set reads the row back to learn whether it holds the sync.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { n8nApi } from '../../../shared/store/n8nApi';
import { takeLease } from '../../../shared/store/syncStateTable';

type Answer = { statusCode: number; body: unknown };

function context(answer: (call: string, opts: IHttpRequestOptions) => Answer) {
	const calls: string[] = [];
	const ctx = {
		getNode: () => ({ id: 'n1', name: 'CRM Sync', type: 'n8n-nodes-crm-pack.crmPackCrmSync', typeVersion: 2, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ apiKey: 'n8n_api_0123456789abcdef', baseUrl: 'http://n8n.test:5678' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, opts: IHttpRequestOptions) => {
				const url = new URL(opts.url);
				const call = `${opts.method} ${url.pathname}${opts.qs ? `?${new URLSearchParams(opts.qs as Record<string, string>).toString()}` : ''}`;
				calls.push(call);
				const a = answer(call, opts);
				return { statusCode: a.statusCode, headers: {}, body: a.body };
			},
		},
	};
	return { ctx: ctx as never, calls };
}

beforeEach(() => {
	// No waiting between attempts: full jitter draws 0.
	jest.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => jest.restoreAllMocks());

test('a read answered 500 is sent again until it succeeds', async () => {
	let n = 0;
	const { ctx, calls } = context(() => (++n < 3 ? { statusCode: 500, body: { message: 'Internal server error' } } : { statusCode: 200, body: { data: [{ id: 1 }] } }));
	const r = await n8nApi<{ data: IDataObject[] }>(ctx, 'GET', '/data-tables/t1/rows', { qs: { limit: 1 } });
	expect(r.body.data).toEqual([{ id: 1 }]);
	expect(calls).toEqual(['GET /api/v1/data-tables/t1/rows?limit=1', 'GET /api/v1/data-tables/t1/rows?limit=1', 'GET /api/v1/data-tables/t1/rows?limit=1']);
});

test('an update by filter (idempotent) is repeated; after 6 answers of 500 the error is thrown', async () => {
	const { ctx, calls } = context(() => ({ statusCode: 500, body: { message: 'Internal server error' } }));
	await expect(n8nApi(ctx, 'PATCH', '/data-tables/t1/rows/update', { body: { filter: { filters: [] }, data: { a: 1 } }, idempotent: true })).rejects.toThrow(/Internal server error/);
	expect(calls).toHaveLength(6);
});

test('an insert (not safe to repeat) answered 500 is not sent again', async () => {
	const { ctx, calls } = context(() => ({ statusCode: 500, body: { message: 'Internal server error' } }));
	await expect(n8nApi(ctx, 'POST', '/data-tables/t1/rows', { body: { data: [{ a: 1 }] } })).rejects.toThrow(/Internal server error/);
	expect(calls).toEqual(['POST /api/v1/data-tables/t1/rows']);
});

describe('takeLease when the compare-and-set is answered 500', () => {
	function n8nWithStateRow(applied: boolean) {
		const row: IDataObject = { id: 7, syncId: 'wf:key:c', leaseToken: '', leaseUntil: 0 };
		return context((call, opts) => {
			if (call.startsWith('GET /api/v1/data-tables?')) return { statusCode: 200, body: { data: [{ id: 't1', name: 'CRM Pack sync state' }], nextCursor: null } };
			if (call.startsWith('GET /api/v1/data-tables/t1/columns')) {
				return { statusCode: 200, body: ['syncId', 'scope', 'state', 'last', 'leaseToken', 'leaseSince', 'leaseUntil'].map((name) => ({ name })) };
			}
			if (call.startsWith('GET /api/v1/data-tables/t1/rows')) return { statusCode: 200, body: { data: [row], nextCursor: null } };
			if (call.startsWith('PATCH /api/v1/data-tables/t1/rows/update')) {
				// The update went through in n8n's database (or not), and the answer was a 500 either way.
				if (applied) Object.assign(row, (opts.body as { data: IDataObject }).data);
				return { statusCode: 500, body: { message: 'Internal server error' } };
			}
			throw new Error(`unexpected ${call}`);
		});
	}

	test('applied: the row read back holds this run\'s token, so the run holds the sync', async () => {
		const { ctx, calls } = n8nWithStateRow(true);
		expect(await takeLease(ctx, 'wf:key:c', 'tok-1', 1000)).toBeUndefined();
		// The compare-and-set is sent once (not repeated), then the row read back.
		expect(calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(1);
		expect(calls[calls.length - 1]).toMatch(/^GET \/api\/v1\/data-tables\/t1\/rows\?/);
	});

	test('not applied: the run does not hold the sync and says who does (nobody: free)', async () => {
		const { ctx } = n8nWithStateRow(false);
		expect(await takeLease(ctx, 'wf:key:c', 'tok-1', 1000)).toEqual({ since: undefined, until: undefined });
	});
});
