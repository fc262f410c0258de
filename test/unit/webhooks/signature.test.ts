import { createHash, createHmac } from 'node:crypto';
import { hmacSha256, safeEqual, sha256, verifyHmacSha256, verifySha256, headerValue } from '../../../shared/webhooks';

const SECRET = 'test-secret-0001';

describe('HMAC-SHA256 verification', () => {
	const parts = ['POST', 'https://n8n.example.com/webhook/abc', '[{"eventId":1}]', '1767225600000'];
	const joined = parts.join('');
	const base64 = createHmac('sha256', SECRET).update(joined, 'utf8').digest('base64');
	const hex = createHmac('sha256', SECRET).update(joined, 'utf8').digest('hex');

	test('computes the same digest as node:crypto over the concatenation', () => {
		expect(hmacSha256(SECRET, parts, 'base64')).toBe(base64);
		expect(hmacSha256(SECRET, parts, 'hex')).toBe(hex);
		expect(hmacSha256(SECRET, [Buffer.from(parts[0]), ...parts.slice(1)], 'hex')).toBe(hex);
	});

	test('accepts the valid signature in base64 and hex (hex case-insensitively)', () => {
		expect(verifyHmacSha256({ secret: SECRET, parts, signature: base64, encoding: 'base64' })).toBe(true);
		expect(verifyHmacSha256({ secret: SECRET, parts, signature: hex.toUpperCase(), encoding: 'hex' })).toBe(true);
	});

	test('rejects a tampered body, a wrong secret, a missing or truncated signature', () => {
		const tampered = [...parts];
		tampered[2] = '[{"eventId":2}]';
		expect(verifyHmacSha256({ secret: SECRET, parts: tampered, signature: base64, encoding: 'base64' })).toBe(false);
		expect(verifyHmacSha256({ secret: 'other', parts, signature: base64, encoding: 'base64' })).toBe(false);
		expect(verifyHmacSha256({ secret: SECRET, parts, signature: undefined, encoding: 'base64' })).toBe(false);
		expect(verifyHmacSha256({ secret: SECRET, parts, signature: '', encoding: 'base64' })).toBe(false);
		expect(verifyHmacSha256({ secret: SECRET, parts, signature: base64.slice(0, 10), encoding: 'base64' })).toBe(false);
		// base64 is case-sensitive
		expect(verifyHmacSha256({ secret: SECRET, parts, signature: base64.toLowerCase(), encoding: 'base64' })).toBe(false);
	});
});

describe('SHA-256 of concatenations', () => {
	test('matches node:crypto and verifies hex signatures', () => {
		const expected = createHash('sha256').update(`${SECRET}body`, 'utf8').digest('hex');
		expect(sha256([SECRET, 'body'], 'hex')).toBe(expected);
		expect(verifySha256({ parts: [SECRET, 'body'], signature: expected, encoding: 'hex' })).toBe(true);
		expect(verifySha256({ parts: [SECRET, 'bodY'], signature: expected, encoding: 'hex' })).toBe(false);
		expect(verifySha256({ parts: [SECRET, 'body'], signature: undefined, encoding: 'hex' })).toBe(false);
	});
});

describe('safeEqual and headerValue', () => {
	test('compares without throwing on different lengths', () => {
		expect(safeEqual('abc', 'abc')).toBe(true);
		expect(safeEqual('abc', 'abcd')).toBe(false);
		expect(safeEqual('', '')).toBe(true);
	});

	test('reads lower-cased headers and the first of repeated ones', () => {
		expect(headerValue({ 'x-a': 'one' }, 'X-A')).toBe('one');
		expect(headerValue({ 'x-a': ['one', 'two'] }, 'x-a')).toBe('one');
		expect(headerValue({}, 'x-a')).toBeUndefined();
	});
});
