'use strict';

const { createHmac, timingSafeEqual } = require('node:crypto');

/** HS256 JSON Web Tokens with node:crypto only. */

/** @param {Buffer | string} b */
const b64url = (b) => Buffer.from(b).toString('base64url');

/**
 * @param {Record<string, unknown>} payload
 * @param {string} secret
 */
function signJwt(payload, secret) {
	const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const body = b64url(JSON.stringify(payload));
	const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
	return `${head}.${body}.${sig}`;
}

/**
 * @param {string} token @param {string} secret @param {number} nowSec
 * @returns {{ ok: true, payload: any } | { ok: false, reason: 'malformed' | 'signature' | 'expired' }}
 */
function verifyJwt(token, secret, nowSec) {
	const parts = token.split('.');
	if (parts.length !== 3) return { ok: false, reason: 'malformed' };
	const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
	const given = Buffer.from(parts[2], 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
	let payload;
	try {
		const head = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
		if (head.alg !== 'HS256') return { ok: false, reason: 'malformed' };
		payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	if (typeof payload.exp === 'number' && nowSec >= payload.exp) return { ok: false, reason: 'expired' };
	return { ok: true, payload };
}

module.exports = { signJwt, verifyJwt };
