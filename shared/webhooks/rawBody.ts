import type { IWebhookFunctions } from 'n8n-workflow';

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;

/**
 * The exact bytes a sender signed. n8n keeps them on `req.rawBody` (a Buffer) and
 * reads them on demand with `req.readRawBody()`; if neither is available, the
 * parsed body re-serialised is the best remaining guess (senders such as HubSpot send
 * compact JSON), and the signature check still decides.
 */
export async function rawBodyOf(req: WebhookRequest): Promise<Buffer> {
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	if (req.body === undefined || req.body === null) return Buffer.alloc(0);
	return Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body), 'utf8');
}

