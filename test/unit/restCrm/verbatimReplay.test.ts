/**
 * shared/webhooks/verbatimReplay.ts: a verified delivery seen before byte for
 * byte is a replay; a retry signed anew is not; nothing counts as verbatim
 * without a signed timestamp; remembered digests age out with the tolerance.
 */
import type { IDataObject } from 'n8n-workflow';
import { isVerbatimReplay } from '../../../shared/webhooks/verbatimReplay';
import { SCHEME_PRESETS } from '../../../shared/webhooks/signedScheme';

const request = (signature: string, body = '{"id":"evt_1"}') => ({ method: 'POST', url: '', headers: { 'stripe-signature': signature }, rawBody: Buffer.from(body) });

test('the same signature and body again is a replay; a new signature, another body or another method is not', () => {
	const data: IDataObject = {};
	const t0 = 1_767_225_600_000;
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.stripe, request('t=1767225600,v1=aa'), t0)).toBe(false);
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.stripe, request('t=1767225600,v1=aa'), t0 + 1000)).toBe(true);
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.stripe, request('t=1767225601,v1=bb'), t0 + 1000)).toBe(false);
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.stripe, request('t=1767225600,v1=aa', '{"id":"evt_2"}'), t0 + 1000)).toBe(false);
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.stripe, { ...request('t=1767225600,v1=aa'), method: 'PUT' }, t0 + 1000)).toBe(false);
	// Kept as 32-hex digests, not the signatures.
	expect(Object.keys(data.seen as IDataObject)).toHaveLength(4);
	for (const key of Object.keys(data.seen as IDataObject)) expect(key).toMatch(/^[0-9a-f]{32}$/);
	// Past twice the tolerance (a copy would fail as stale anyway) the digest is forgotten.
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.stripe, request('t=1767225600,v1=aa'), t0 + 602_000)).toBe(false);
	expect(Object.keys(data.seen as IDataObject)).toHaveLength(1);
});

test('a scheme with no signed timestamp (GitHub-style) never counts a copy as a replay and keeps nothing', () => {
	const data: IDataObject = {};
	const github = { method: 'POST', url: '', headers: { 'x-hub-signature-256': 'sha256=757107ea' }, rawBody: Buffer.from('Hello, World!') };
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.github, github, 1)).toBe(false);
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.github, github, 2)).toBe(false);
	expect(data).toEqual({});
});

test('at most 1,000 deliveries are remembered, the oldest forgotten first', () => {
	const data: IDataObject = {};
	for (let i = 0; i < 1001; i++) isVerbatimReplay(data, 'seen', SCHEME_PRESETS.stripe, request(`t=1,v1=${i}`), 1000 + i);
	expect(Object.keys(data.seen as IDataObject)).toHaveLength(1000);
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.stripe, request('t=1,v1=1000'), 3000)).toBe(true);
	expect(isVerbatimReplay(data, 'seen', SCHEME_PRESETS.stripe, request('t=1,v1=0'), 3000)).toBe(false);
});
