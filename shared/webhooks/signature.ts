import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type DigestEncoding = 'hex' | 'base64';

/** Text or bytes that take part in a signature; text is encoded as UTF-8. */
export type SignedPart = string | Buffer;

function toBuffer(part: SignedPart): Buffer {
	return typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
}

/** HMAC-SHA256 of the concatenated parts, keyed with `secret`. */
export function hmacSha256(secret: string | Buffer, parts: SignedPart[], encoding: DigestEncoding): string {
	const hmac = createHmac('sha256', secret);
	for (const part of parts) hmac.update(toBuffer(part));
	return hmac.digest(encoding);
}

/** SHA-256 of the concatenated parts (the vendor's "secret + body" style, no HMAC). */
export function sha256(parts: SignedPart[], encoding: DigestEncoding): string {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(toBuffer(part));
	return hash.digest(encoding);
}

/**
 * Compares two signatures in constant time. Both sides are hashed first so the
 * comparison neither throws on nor leaks a length difference.
 */
export function safeEqual(expected: string, received: string): boolean {
	const a = createHash('sha256').update(expected, 'utf8').digest();
	const b = createHash('sha256').update(received, 'utf8').digest();
	return timingSafeEqual(a, b) && expected.length === received.length;
}

function normalise(signature: string, encoding: DigestEncoding): string {
	const trimmed = signature.trim();
	// Hex digests are case-insensitive; base64 is not.
	return encoding === 'hex' ? trimmed.toLowerCase() : trimmed;
}

/** True when `signature` is the HMAC-SHA256 of the parts under `secret`, in the given encoding. */
export function verifyHmacSha256(options: {
	secret: string | Buffer;
	parts: SignedPart[];
	signature: string | undefined;
	encoding: DigestEncoding;
}): boolean {
	if (!options.signature) return false;
	const expected = hmacSha256(options.secret, options.parts, options.encoding);
	return safeEqual(expected, normalise(options.signature, options.encoding));
}

/** True when `signature` is the SHA-256 of the concatenated parts, in the given encoding. */
export function verifySha256(options: { parts: SignedPart[]; signature: string | undefined; encoding: DigestEncoding }): boolean {
	if (!options.signature) return false;
	const expected = sha256(options.parts, options.encoding);
	return safeEqual(expected, normalise(options.signature, options.encoding));
}

/** The first value of a header in Node's lower-cased header bag. */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	if (Array.isArray(value)) return value[0];
	return value;
}
