import { createHmac } from 'node:crypto';
import { SCHEME_PRESETS, verifyScheme, type SignatureScheme } from '../../../shared/webhooks/signedScheme';
import { REST_CRM_SCHEME } from '../../../nodes/RestCrm/trigger/subscription';

const NOW = 1_800_000_000_000;
const req = (headers: Record<string, string>, body: string, extra: { method?: string; url?: string } = {}) => ({
	method: extra.method ?? 'POST',
	url: extra.url ?? '',
	headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
	rawBody: Buffer.from(body, 'utf8'),
});

describe('GitHub-style preset', () => {
	// GitHub's own test vector (docs.github.com, "Validating webhook deliveries").
	const secret = "It's a Secret to Everybody";
	const body = 'Hello, World!';
	const header = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
	test('accepts the documented signature; refuses a changed body, another secret, no prefix, no header', () => {
		expect(verifyScheme(SCHEME_PRESETS.github, secret, req({ 'X-Hub-Signature-256': header }, body), NOW)).toEqual({ ok: true });
		expect(verifyScheme(SCHEME_PRESETS.github, secret, req({ 'X-Hub-Signature-256': header }, 'Hello, World?'), NOW)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verifyScheme(SCHEME_PRESETS.github, 'other', req({ 'X-Hub-Signature-256': header }, body), NOW)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verifyScheme(SCHEME_PRESETS.github, secret, req({ 'X-Hub-Signature-256': header.slice(7) }, body), NOW)).toEqual({ ok: false, reason: 'malformed' });
		expect(verifyScheme(SCHEME_PRESETS.github, secret, req({}, body), NOW)).toEqual({ ok: false, reason: 'unsigned' });
	});
});

describe('Stripe-style preset', () => {
	// As Stripe computes it (stripe-ruby Stripe::Webhook::Signature.compute_signature): hex HMAC-SHA256 of "<t>.<payload>".
	const secret = 'whsec_test_0123456789';
	const body = '{"id":"evt_1","object":"event","type":"customer.created"}';
	const sign = (t: number, s = secret) => createHmac('sha256', s).update(`${t}.${body}`).digest('hex');
	const t = NOW / 1000 - 10;
	test('accepts t=,v1= (also among several v1 and other schemes); refuses stale, future, forged and tampered', () => {
		expect(verifyScheme(SCHEME_PRESETS.stripe, secret, req({ 'Stripe-Signature': `t=${t},v1=${sign(t)}` }, body), NOW)).toEqual({ ok: true, timestampMs: t * 1000 });
		expect(verifyScheme(SCHEME_PRESETS.stripe, secret, req({ 'Stripe-Signature': `t=${t},v1=${sign(t, 'old')},v1=${sign(t)},v0=abc` }, body), NOW)).toMatchObject({ ok: true });
		const stale = NOW / 1000 - 301;
		expect(verifyScheme(SCHEME_PRESETS.stripe, secret, req({ 'Stripe-Signature': `t=${stale},v1=${sign(stale)}` }, body), NOW)).toEqual({ ok: false, reason: 'stale' });
		const future = NOW / 1000 + 301;
		expect(verifyScheme(SCHEME_PRESETS.stripe, secret, req({ 'Stripe-Signature': `t=${future},v1=${sign(future)}` }, body), NOW)).toEqual({ ok: false, reason: 'future' });
		// A captured signature with a fresh timestamp: the timestamp is signed, so it no longer matches.
		expect(verifyScheme(SCHEME_PRESETS.stripe, secret, req({ 'Stripe-Signature': `t=${t + 5},v1=${sign(t)}` }, body), NOW)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verifyScheme(SCHEME_PRESETS.stripe, secret, req({ 'Stripe-Signature': `t=${t},v1=${sign(t)}` }, body.replace('customer', 'charge')), NOW)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verifyScheme(SCHEME_PRESETS.stripe, secret, req({ 'Stripe-Signature': `t=${t}` }, body), NOW)).toEqual({ ok: false, reason: 'malformed' });
	});
});

describe('custom schemes', () => {
	const base: SignatureScheme = { ...SCHEME_PRESETS.github, header: 'X-Sig', prefix: '', toleranceSeconds: 0 };
	test('SHA-1 and SHA-512, base64', () => {
		for (const algorithm of ['sha1', 'sha512'] as const) {
			const sig = createHmac(algorithm, 'k').update('{"a":1}').digest('base64');
			expect(verifyScheme({ ...base, algorithm, encoding: 'base64' }, 'k', req({ 'X-Sig': sig }, '{"a":1}'), NOW)).toEqual({ ok: true });
			expect(verifyScheme({ ...base, algorithm, encoding: 'base64' }, 'k', req({ 'X-Sig': sig.toLowerCase() }, '{"a":1}'), NOW).ok).toBe(false);
		}
	});
	test('method + URL + body + timestamp (timestamp in its own header, milliseconds)', () => {
		const scheme: SignatureScheme = { ...base, signed: 'methodUrlBodyTimestamp', timestampHeader: 'X-Ts', timestampUnit: 'ms', toleranceSeconds: 300, encoding: 'base64' };
		const ts = String(NOW - 1000);
		const sig = createHmac('sha256', 'k').update(`POSThttps://n8n.example.com/webhook/x{"a":1}${ts}`).digest('base64');
		const ok = req({ 'X-Sig': sig, 'X-Ts': ts }, '{"a":1}', { url: 'https://n8n.example.com/webhook/x' });
		expect(verifyScheme(scheme, 'k', ok, NOW)).toEqual({ ok: true, timestampMs: NOW - 1000 });
		expect(verifyScheme(scheme, 'k', { ...ok, url: 'https://evil.example.com/webhook/x' }, NOW).ok).toBe(false);
		expect(verifyScheme(scheme, 'k', { ...ok, headers: { 'x-sig': sig } }, NOW)).toEqual({ ok: false, reason: 'noTimestamp' });
	});
	test("the REST CRM's own scheme matches the sandbox's signer", () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { sign } = require('../../sandbox/generic/webhooks') as { sign: (s: string, t: number, b: string) => string };
		const body = '{"id":"evt_1","type":"contact.created"}';
		const t = NOW / 1000;
		expect(verifyScheme(REST_CRM_SCHEME, 'secret-0123456789abcdef', req({ 'X-CRM-Signature': sign('secret-0123456789abcdef', t, body), 'X-CRM-Timestamp': String(t) }, body), NOW)).toEqual({ ok: true, timestampMs: NOW });
	});
});
