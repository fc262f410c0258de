/**
 * Secrets must never reach an error, an output item or a log. Vendor messages and
 * network errors can echo a URL, a header or a whole request body, so every text
 * we surface passes here: first the exact secrets the caller knows (in the forms
 * an echo may carry them), then patterns for secrets we could not know in advance.
 *
 * A token value runs to the next whitespace, quote, comma, semicolon, `&` or
 * `<`: Salesforce access tokens are `<org id>!<secret>`, and a pattern limited to
 * base64 characters stopped at the `!` and left the secret half readable.
 */
const VALUE = `[^\\s"'\\\\,;&<>]+`;

/** Field names whose values are secrets wherever they appear (JSON keys, form/query parameters, headers, XML). */
const SECRET_NAMES = [
	'access_token',
	'accessToken',
	'refresh_token',
	'refreshToken',
	'id_token',
	'client_secret',
	'clientSecret',
	'assertion',
	'hapikey',
	'api_key',
	'apiKey',
	'apikey',
	'api_token',
	'apiToken',
	'x-api-token',
	'privateKey',
	'private_key',
	'password',
	'http_auth_password',
	'sessionId',
	'session_id',
	'token',
].join('|');

const PATTERNS: Array<[RegExp, string]> = [
	[new RegExp(`(bearer\\s+)${VALUE}`, 'gi'), '$1[redacted]'],
	[new RegExp(`(basic\\s+)${VALUE}`, 'gi'), '$1[redacted]'],
	// form bodies and query strings: `refresh_token=...&`
	[new RegExp(`((?:^|[?&\\s"'(])(?:${SECRET_NAMES})=)[^&\\s"']+`, 'gi'), '$1[redacted]'],
	// JSON: `"apiKey": "..."`, also inside a JSON-encoded string (`\"apiKey\":\"...\"`)
	[new RegExp(`(\\\\?"(?:${SECRET_NAMES})\\\\?"\\s*:\\s*\\\\?")(?:[^"\\\\]|\\\\[^"])*`, 'gi'), '$1[redacted]'],
	// headers echoed as text: `x-api-token: ...`
	[new RegExp(`((?:x-api-token|authorization|cookie)\\s*:\\s*)(?!bearer\\b|basic\\b)${VALUE}`, 'gi'), '$1[redacted]'],
	// XML: `<sessionId>...</sessionId>`, with or without a namespace prefix
	[/(<(?:[\w-]+:)?(?:sessionId|password|access_token)>)[^<]*/gi, '$1[redacted]'],
	// a Salesforce access token or session id seen anywhere: `00D<org id>!<secret>`
	[/\b00D[A-Za-z0-9]{12,15}![^\s"'\\,;&<>]+/g, '[redacted]'],
	// a JWT (a signed assertion or id token)
	[/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[redacted]'],
	[/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted]'],
	[/\bpat-[a-z0-9]{2,4}-[A-Za-z0-9-]{8,}/g, '[redacted]'],
];

/** The forms a secret takes when a vendor echoes it: as sent, URL-encoded (form bodies, query strings), JSON-escaped. */
function echoForms(secret: string): string[] {
	const forms = new Set([secret]);
	forms.add(encodeURIComponent(secret));
	forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
	forms.add(JSON.stringify(secret).slice(1, -1));
	forms.add(JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1));
	// a multi-line secret (a PEM key) is also recognised line by line
	for (const line of secret.split(/\r?\n|\\n/)) if (line.trim().length >= 16) forms.add(line.trim());
	return [...forms].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[] = []): string {
	let out = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < 4) continue;
		for (const form of echoForms(secret)) out = out.split(form).join('[redacted]');
	}
	for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
	return out;
}

/** A JSON value with every string redacted (keys kept), for error bodies shown to users. */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
	if (value === undefined || value === null) return value;
	return JSON.parse(redact(JSON.stringify(value), secrets)) as T;
}

/**
 * Credential fields that hold secrets in the pack's credential types and in
 * n8n's oAuth2Api. A transport profile may name more. Tokens n8n keeps in
 * `oauthTokenData` are read from there.
 */
export const SECRET_FIELDS = ['accessToken', 'apiKey', 'apiToken', 'clientSecret', 'privateKey', 'password', 'refreshToken', 'sessionId'];
const TOKEN_DATA_FIELDS = ['access_token', 'refresh_token', 'id_token'];

/** Every secret value a credential holds now, including tokens n8n obtained during the run. */
export function credentialSecrets(credentials: unknown, fields: readonly string[] = SECRET_FIELDS): string[] {
	if (!credentials || typeof credentials !== 'object') return [];
	const data = credentials as Record<string, unknown>;
	const token = (data.oauthTokenData && typeof data.oauthTokenData === 'object' ? data.oauthTokenData : {}) as Record<string, unknown>;
	const values = [...fields.map((f) => data[f]), ...TOKEN_DATA_FIELDS.map((f) => token[f])];
	return values.filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** Adds what is new to a secrets list in place (settings share one list for a whole execution). */
export function addSecrets(list: string[], more: readonly string[]): string[] {
	for (const s of more) if (s && !list.includes(s)) list.push(s);
	return list;
}
