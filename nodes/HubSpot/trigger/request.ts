import type { IWebhookFunctions } from 'n8n-workflow';

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

/** The exact bytes signed: shared with every signed-webhook trigger (shared/webhooks/rawBody.ts). */
export { rawBodyOf } from '../../../shared/webhooks/rawBody';

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
