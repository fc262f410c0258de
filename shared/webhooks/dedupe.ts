import type { IDataObject } from 'n8n-workflow';
import type { EventClaims } from '../store/eventClaims';

export interface DedupeOptions {
	/** Key under which the ids live in the static data object. */
	key?: string;
	/** How many of the most recent ids to keep. */
	max?: number;
}

export const DEFAULT_DEDUPE_KEY = 'seenEventIds';
export const DEFAULT_DEDUPE_MAX = 1000;

function readIds(staticData: IDataObject, key: string): string[] {
	const stored = staticData[key];
	return Array.isArray(stored) ? stored.map(String) : [];
}

/**
 * Keeps only the entries whose id was not seen before (in earlier executions or
 * earlier in this batch) and records their ids, oldest first, in workflow static
 * data, trimmed to the newest `max`. Entries without an id are always kept: they
 * cannot be told apart.
 *
 * Limits (n8n 2.41.1): static data changed by a webhook is saved only if its
 * "changed" flag is still set when n8n saves it. n8n saves in the response
 * callback; starting the run wraps the same object in a new Workflow, which
 * resets the flag (workflow-runner.js establishContextForPersistence). A node
 * that answers the request itself (`noWebhookResponse`, as our triggers do:
 * shared/webhooks/delivery.ts) gets the callback, and the save, before the run
 * starts, so a replay arriving after the earlier delivery was answered is
 * caught; with n8n answering after the run started, only the first save of a
 * workflow without static data happens. Concurrent deliveries all read the
 * static data before any of them saved it, so they are not caught (measured:
 * ten identical deliveries at once start several runs), and processes do not
 * see each other's unsaved ids. Within one delivery (duplicates inside a batch)
 * it always holds. For protection against concurrent deliveries and across
 * processes use `keepUnclaimed` with the Data Table store
 * (shared/store/eventClaims.ts).
 */
export function keepUnseen<T>(
	staticData: IDataObject,
	entries: T[],
	idOf: (entry: T) => string | number | undefined | null,
	options: DedupeOptions = {},
): T[] {
	const key = options.key ?? DEFAULT_DEDUPE_KEY;
	const max = Math.max(1, options.max ?? DEFAULT_DEDUPE_MAX);
	const ids = readIds(staticData, key);
	const seen = new Set(ids);
	const fresh: T[] = [];
	let added = false;
	for (const entry of entries) {
		const raw = idOf(entry);
		if (raw === undefined || raw === null || raw === '') {
			fresh.push(entry);
			continue;
		}
		const id = String(raw);
		if (seen.has(id)) continue;
		seen.add(id);
		ids.push(id);
		added = true;
		fresh.push(entry);
	}
	// Written only when it changed, so n8n does not save static data for nothing.
	if (added) staticData[key] = ids.length > max ? ids.slice(ids.length - max) : ids;
	return fresh;
}

/** Whether an id is among the remembered ones (read only). */
export function wasSeen(staticData: IDataObject, id: string | number, options: DedupeOptions = {}): boolean {
	return readIds(staticData, options.key ?? DEFAULT_DEDUPE_KEY).includes(String(id));
}

/**
 * Keeps the entries whose id this delivery is first to claim in the store (a
 * replay, a duplicate inside the batch, or a concurrent delivery that won the
 * claim drops them), in their original order. Entries without an id are kept.
 * Throws when the store fails, so the vendor gets an error and retries rather
 * than the event being dropped or run twice.
 */
export async function keepUnclaimed<T>(
	claims: EventClaims,
	entries: T[],
	idOf: (entry: T) => string | number | undefined | null,
): Promise<T[]> {
	const ids = entries.map((entry) => {
		const raw = idOf(entry);
		return raw === undefined || raw === null || raw === '' ? undefined : String(raw);
	});
	const wanted = ids.filter((id): id is string => id !== undefined);
	const won = wanted.length ? await claims.claim(wanted) : new Set<string>();
	const taken = new Set<string>();
	return entries.filter((_, i) => {
		const id = ids[i];
		if (id === undefined) return true;
		if (!won.has(id) || taken.has(id)) return false;
		taken.add(id);
		return true;
	});
}
