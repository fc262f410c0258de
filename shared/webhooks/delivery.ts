import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import type { EventClaims } from '../store/eventClaims';
import { keepUnclaimed } from './dedupe';

/*
 * What every webhook trigger does with a delivery, after its vendor-specific
 * verification: refuse what is not verified without starting a run, split the
 * batch into entries, keep the wanted ones, drop echoes of our own writes and
 * repeats, answer the vendor, and start the run with one item per entry.
 *
 * The node always answers itself (`noWebhookResponse: true`): with
 * `responseMode: 'onReceived'`, n8n 2.41.1 otherwise answers a started run
 * with the webhook description's `responseData`, whose default is the literal
 * text `firstEntryJson` (webhook-helpers.js, webhook-on-received-response-extractor.js).
 */

export interface Answer {
	status: number;
	/** JSON (object) or text; undefined = an empty body. */
	body?: IDataObject | string;
	contentType?: string;
	headers?: Record<string, string>;
}

/** Writes the answer to the vendor; the request then starts no run unless workflow data is returned with it. */
export function answer(ctx: IWebhookFunctions, reply: Answer): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(reply.status);
	for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
	if (reply.body === undefined) {
		res.end();
	} else if (typeof reply.body === 'string') {
		res.setHeader('Content-Type', reply.contentType ?? 'text/plain; charset=utf-8');
		res.end(reply.body);
	} else {
		res.setHeader('Content-Type', reply.contentType ?? 'application/json; charset=utf-8');
		res.end(JSON.stringify(reply.body));
	}
	return { noWebhookResponse: true };
}

/** Refuses a request (401 unverified, 400 malformed, 403 not ours) without starting a run. */
export function refuse(ctx: IWebhookFunctions, status: number, message: string, headers?: Record<string, string>): IWebhookResponseData {
	return answer(ctx, { status, body: { message }, headers });
}

/** Parsed JSON that must be a list of objects (a vendor's batch); anything else is malformed. */
export function splitBatch(parsed: unknown): { ok: true; entries: IDataObject[] } | { ok: false; reason: string } {
	if (!Array.isArray(parsed)) return { ok: false, reason: 'the body is not a JSON array of events' };
	const bad = parsed.findIndex((e) => !e || typeof e !== 'object' || Array.isArray(e));
	if (bad >= 0) return { ok: false, reason: `event ${bad} of the body is not a JSON object` };
	return { ok: true, entries: parsed as IDataObject[] };
}

export interface Delivery<T> {
	/** The verified delivery's entries, in the vendor's order. */
	entries: T[];
	/** The entries the node was set to let through; absent = all. */
	wanted?: (entry: T) => boolean;
	/** Echo suppression: entries caused by our own writes (e.g. a sync writing back), dropped before de-duplication. */
	isEcho?: (entry: T) => boolean;
	/**
	 * De-duplication: the store the entries are claimed in (shared/store: the
	 * node's Replay Protection choice, or static data) and each entry's id
	 * (entries without one are always kept). A failing store throws: n8n answers
	 * an error and the vendor retries, rather than an event being dropped or run twice.
	 */
	dedupe?: { claims: EventClaims; idOf: (entry: T) => string | number | undefined | null };
	/** Items for the entries left; they start one run. */
	toItems(entries: T[]): INodeExecutionData[] | Promise<INodeExecutionData[]>;
	/** The vendor's acknowledgement; default 200 with `{ received, emitted }`. */
	acknowledge?: (received: number, emitted: number) => Answer;
}

/**
 * Filters, drops echoes and repeats, answers the vendor (also when nothing is
 * left, so it does not retry) and returns the run's items, or no run.
 */
export async function emitDelivery<T>(ctx: IWebhookFunctions, delivery: Delivery<T>): Promise<IWebhookResponseData> {
	const received = delivery.entries.length;
	let entries = delivery.entries;
	if (delivery.wanted) entries = entries.filter(delivery.wanted);
	if (delivery.isEcho) entries = entries.filter((entry) => !delivery.isEcho!(entry));
	if (delivery.dedupe && entries.length) entries = await keepUnclaimed(delivery.dedupe.claims, entries, delivery.dedupe.idOf);
	const items = entries.length ? await delivery.toItems(entries) : [];
	answer(ctx, delivery.acknowledge ? delivery.acknowledge(received, items.length) : { status: 200, body: { received, emitted: items.length } });
	return items.length ? { noWebhookResponse: true, workflowData: [items] } : { noWebhookResponse: true };
}
