/**
 * Signed Webhook (CRM Pack) Trigger (issue 13) through n8n-core's webhook
 * context (light runner), with signatures computed the way each sender
 * documents them: GitHub's own test vector (docs.github.com, "Validating
 * webhook deliveries"), Stripe's `t=…,v1=…` over "<t>.<body>" (as Stripe's
 * libraries compute it), and a described scheme (HMAC-SHA512, base64, over
 * method + URL + body + timestamp). Valid deliveries start one run; tampered,
 * stale, unsigned and replayed ones start none (401); a sender's retry of an
 * event (signed anew) is acknowledged and starts none.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { loadWorkflow } from './helpers/harness';
import { runWebhook } from './lightRunner';

const NODE = 'Signed Webhook';
const parsed = (raw: string): unknown => {
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
};
const call = (name: string, headers: Record<string, string>, rawBody: string, staticData?: IDataObject) =>
	runWebhook(loadWorkflow(`restcrm-signed-webhook-${name}.json`), NODE, { headers, rawBody, body: parsed(rawBody) }, { staticData });
const emitted = (r: Awaited<ReturnType<typeof call>>) => (((r.response as { workflowData?: Array<Array<{ json: IDataObject }>> })?.workflowData ?? [[]])[0] ?? []).map((i) => i.json);

describe('Signed Webhook (CRM Pack) Trigger', () => {
	test('GitHub-style: the documented vector starts a run; a changed body is 401; a repeated X-GitHub-Delivery starts none', async () => {
		const delivery = randomUUID();
		const headers = { 'X-Hub-Signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17', 'X-GitHub-Delivery': delivery };
		const first = await call('github', headers, 'Hello, World!');
		expect(first.answered?.status).toBe(200);
		expect(emitted(first)).toEqual([{ body: 'Hello, World!' }]);
		expect((await call('github', headers, 'Hello, World?')).answered?.status).toBe(401);
		const again = await call('github', headers, 'Hello, World!', first.staticData as IDataObject);
		expect(again.answered?.status).toBe(200);
		expect(emitted(again)).toEqual([]);
	});

	test('Stripe-style: t=,v1= over "<t>.<body>"; stale, forged, unsigned and replayed are 401; a retried event id starts none', async () => {
		const secret = 'whsec_e2e_stripe_style_secret';
		const body = JSON.stringify({ id: 'evt_e2e_1', object: 'event', type: 'invoice.paid', data: { object: { id: 'in_1' } } });
		const header = (t: number, s = secret) => `t=${t},v1=${createHmac('sha256', s).update(`${t}.${body}`).digest('hex')}`;
		const now = Math.floor(Date.now() / 1000);
		const first = await call('stripe', { 'Stripe-Signature': header(now) }, body);
		expect(first.answered?.status).toBe(200);
		expect(emitted(first)).toEqual([JSON.parse(body)]);
		expect((await call('stripe', { 'Stripe-Signature': header(now - 301) }, body)).answered?.status).toBe(401);
		expect((await call('stripe', { 'Stripe-Signature': header(now, 'whsec_forged') }, body)).answered?.status).toBe(401);
		expect((await call('stripe', {}, body)).answered?.status).toBe(401);
		// Stripe's own retry (the same event, signed anew): acknowledged, no run.
		const retry = await call('stripe', { 'Stripe-Signature': header(now + 1) }, body, first.staticData as IDataObject);
		expect(retry.answered?.status).toBe(200);
		expect(emitted(retry)).toEqual([]);
		// The first delivery sent again byte for byte (a replay): 401, no run.
		const replay = await call('stripe', { 'Stripe-Signature': header(now) }, body, retry.staticData as IDataObject);
		expect(replay.answered?.status).toBe(401);
		expect(emitted(replay)).toEqual([]);
	});

	test('custom: HMAC-SHA512, base64, over method + URL + body + timestamp', async () => {
		const body = JSON.stringify({ ticket: 7, status: 'closed' });
		const ts = String(Math.floor(Date.now() / 1000));
		const sign = (url: string, t = ts) => createHmac('sha512', 'custom-secret-0123456789').update(`POST${url}${body}${t}`).digest('base64');
		const ok = await call('custom', { 'X-Signature': sign('https://hooks.example.com/incoming'), 'X-Timestamp': ts, 'X-Event-Id': 'e-1' }, body);
		expect(ok.answered?.status).toBe(200);
		expect(emitted(ok)).toEqual([{ ticket: 7, status: 'closed' }]);
		// Signed for another URL, or with a timestamp other than the one sent: 401.
		expect((await call('custom', { 'X-Signature': sign('https://elsewhere.example.com/incoming'), 'X-Timestamp': ts, 'X-Event-Id': 'e-2' }, body)).answered?.status).toBe(401);
		expect((await call('custom', { 'X-Signature': sign('https://hooks.example.com/incoming'), 'X-Timestamp': String(Number(ts) - 1), 'X-Event-Id': 'e-3' }, body)).answered?.status).toBe(401);
	});
});
