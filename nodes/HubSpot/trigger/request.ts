import type { IWebhookFunctions } from 'n8n-workflow';

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

/**
 * The exact bytes HubSpot signed. n8n keeps them on `req.rawBody` (a Buffer) and
 * reads them on demand with `req.readRawBody()`; if neither is available, the
 * parsed body re-serialised is the best remaining guess (HubSpot sends compact
 * JSON), and the signature check still decides.
 */
export async function rawBodyOf(req: WebhookRequest): Promise<Buffer> {
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	if (req.body === undefined || req.body === null) return Buffer.alloc(0);
	return Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body), 'utf8');
}

function firstHeader(value: string | string[] | undefined): string {
	const v = Array.isArray(value) ? value[0] : value;
	return (v ?? '').split(',')[0].trim();
}

/**
 * The URLs HubSpot may have called, most likely first. HubSpot signs the URL it
 * calls (the app's target URL) plus the query string, which is what n8n's
 * Production URL (built from WEBHOOK_URL) or the Test URL is; the node's "Public
 * Webhook URL" option covers proxies that rewrite it; the URL rebuilt from the
 * request (honouring X-Forwarded-Proto/-Host) is the last resort. Trying several
 * does not weaken the check: each still needs the client secret.
 */
export function signedUris(ctx: IWebhookFunctions, req: WebhookRequest, publicUrl: string): string[] {
	const path = String(req.originalUrl ?? req.url ?? '');
	const query = path.includes('?') ? path.slice(path.indexOf('?')) : '';
	const uris: string[] = [];
	const add = (base: string | undefined, withQuery = true) => {
		if (base) uris.push(withQuery && !base.includes('?') ? base + query : base);
	};
	add(publicUrl.trim() || undefined);
	add(ctx.getNodeWebhookUrl('default'));
	if (typeof ctx.getWebhookResourceUrl === 'function') add(ctx.getWebhookResourceUrl('default'));
	const host = firstHeader(req.headers['x-forwarded-host']) || firstHeader(req.headers.host);
	const proto = firstHeader(req.headers['x-forwarded-proto']) || String(req.protocol ?? 'https');
	if (host && path) add(`${proto}://${host}${path}`, false);
	return [...new Set(uris)];
}
