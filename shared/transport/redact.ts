/**
 * Secrets must never reach an error, an output item or a log. Vendor messages and
 * network errors can echo a URL or header, so every text we surface passes here.
 */
const PATTERNS: Array<[RegExp, string]> = [
	[/(bearer\s+)[A-Za-z0-9\-._~+/=]+/gi, '$1[redacted]'],
	[/(basic\s+)[A-Za-z0-9+/=]+/gi, '$1[redacted]'],
	[/((?:access_token|refresh_token|client_secret|hapikey|api_key|apikey|password|token)=)[^&\s"']+/gi, '$1[redacted]'],
	[/("(?:access_token|refresh_token|client_secret|password|apiKey|api_key|token|accessToken)"\s*:\s*")[^"]*"/gi, '$1[redacted]"'],
	[/\bpat-[a-z0-9]{2,4}-[A-Za-z0-9-]{8,}/g, '[redacted]'],
];

export function redact(text: string, secrets: string[] = []): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
	return out;
}
