import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { answer, emitDelivery, refuse, splitBatch } from '../../../shared/webhooks/delivery';
import { staticDataClaims, type EventClaims } from '../../../shared/store/eventClaims';

function webhookCtx(staticData: IDataObject = {}) {
	const sent: { status?: number; headers: Record<string, string>; body?: string; ended: boolean } = { headers: {}, ended: false };
	const res = {
		status(n: number) {
			sent.status = n;
			return res;
		},
		setHeader(name: string, value: string) {
			sent.headers[name] = value;
			return res;
		},
		end(body?: string) {
			sent.body = body;
			sent.ended = true;
			return res;
		},
	};
	const ctx = { getResponseObject: () => res, getWorkflowStaticData: () => staticData } as unknown as IWebhookFunctions;
	return { ctx, sent, staticData };
}

describe('webhook answers', () => {
	it('refuse: status, JSON message, extra headers, and no run', () => {
		const { ctx, sent } = webhookCtx();
		expect(refuse(ctx, 401, 'Unauthorized', { 'WWW-Authenticate': 'Basic realm="n8n"' })).toEqual({ noWebhookResponse: true });
		expect(sent).toEqual({
			status: 401,
			headers: { 'WWW-Authenticate': 'Basic realm="n8n"', 'Content-Type': 'application/json; charset=utf-8' },
			body: '{"message":"Unauthorized"}',
			ended: true,
		});
	});

	it('answer: text with its content type, or an empty body', () => {
		const xml = webhookCtx();
		answer(xml.ctx, { status: 200, body: '<Ack>true</Ack>', contentType: 'text/xml; charset=utf-8' });
		expect(xml.sent).toEqual({ status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: '<Ack>true</Ack>', ended: true });
		const empty = webhookCtx();
		answer(empty.ctx, { status: 204 });
		expect(empty.sent).toEqual({ status: 204, headers: {}, body: undefined, ended: true });
	});

	it('splitBatch: only a JSON array of objects is a batch', () => {
		expect(splitBatch([{ a: 1 }, { b: 2 }])).toEqual({ ok: true, entries: [{ a: 1 }, { b: 2 }] });
		expect(splitBatch([])).toEqual({ ok: true, entries: [] });
		expect(splitBatch(42)).toEqual({ ok: false, reason: 'the body is not a JSON array of events' });
		expect(splitBatch({ a: 1 })).toEqual({ ok: false, reason: 'the body is not a JSON array of events' });
		expect(splitBatch([{ a: 1 }, null])).toEqual({ ok: false, reason: 'event 1 of the body is not a JSON object' });
		expect(splitBatch([[1]])).toEqual({ ok: false, reason: 'event 0 of the body is not a JSON object' });
	});
});

describe('emitDelivery', () => {
	const entries = [
		{ id: 'a', type: 'x', source: 'user' },
		{ id: 'b', type: 'y', source: 'user' },
		{ id: 'c', type: 'x', source: 'us' },
		{ id: 'd', type: 'x', source: 'user' },
	];

	it('keeps the wanted entries, drops echoes, then repeats (only what is left reaches the store), answers and starts one run', async () => {
		const { ctx, sent } = webhookCtx();
		const offered: string[][] = [];
		// A store where 'd' was claimed by an earlier delivery.
		const claims: EventClaims = {
			claim: async (keys) => {
				offered.push(keys);
				return new Set(keys.filter((k) => k !== 'd'));
			},
		};
		const result = await emitDelivery(ctx, {
			entries,
			wanted: (e) => e.type === 'x',
			isEcho: (e) => e.source === 'us',
			dedupe: { claims, idOf: (e) => e.id },
			toItems: (left) => left.map((json) => ({ json })),
		});
		expect(offered).toEqual([['a', 'd']]);
		expect(result).toEqual({ noWebhookResponse: true, workflowData: [[{ json: entries[0] }]] });
		expect(sent).toMatchObject({ status: 200, body: '{"received":4,"emitted":1}' });
	});

	it('nothing left: acknowledged (the vendor stops retrying), no run, the store not asked', async () => {
		const { ctx, sent } = webhookCtx();
		const claims = { claim: jest.fn() };
		const result = await emitDelivery(ctx, { entries, wanted: () => false, dedupe: { claims, idOf: (e) => e.id }, toItems: () => [] });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(claims.claim).not.toHaveBeenCalled();
		expect(sent).toMatchObject({ status: 200, body: '{"received":4,"emitted":0}' });
	});

	it('a vendor acknowledgement replaces the JSON one', async () => {
		const { ctx, sent } = webhookCtx();
		await emitDelivery(ctx, {
			entries: [{ id: 'n1' }],
			toItems: (left) => left.map((json) => ({ json })),
			acknowledge: (received, emitted) => ({ status: 200, body: `<Ack n="${received}/${emitted}">true</Ack>`, contentType: 'text/xml' }),
		});
		expect(sent).toMatchObject({ status: 200, headers: { 'Content-Type': 'text/xml' }, body: '<Ack n="1/1">true</Ack>' });
	});

	it('repeats are dropped through the store the trigger chose (static data here), also inside one delivery', async () => {
		const { ctx, staticData, sent } = webhookCtx();
		const claims = staticDataClaims(staticData, { key: 'seenIds', max: 10 });
		const first = await emitDelivery(ctx, { entries: ['1', '2', '1'], dedupe: { claims, idOf: (id) => id }, toItems: (ids) => ids.map((id) => ({ json: { id } })) });
		expect(first.workflowData).toEqual([[{ json: { id: '1' } }, { json: { id: '2' } }]]);
		const again = await emitDelivery(ctx, { entries: ['2', '3'], dedupe: { claims, idOf: (id) => id }, toItems: (ids) => ids.map((id) => ({ json: { id } })) });
		expect(again.workflowData).toEqual([[{ json: { id: '3' } }]]);
		expect(sent.body).toBe('{"received":2,"emitted":1}');
		expect(staticData).toEqual({ seenIds: ['1', '2', '3'] });
	});

	it('a failing store throws before anything is answered (n8n answers an error, the vendor retries)', async () => {
		const { ctx, sent } = webhookCtx();
		const claims: EventClaims = { claim: async () => Promise.reject(new Error('table unreachable')) };
		await expect(emitDelivery(ctx, { entries: ['1'], dedupe: { claims, idOf: (id) => id }, toItems: () => [] })).rejects.toThrow('table unreachable');
		expect(sent.ended).toBe(false);
	});
});
