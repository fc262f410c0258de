import type { IDataObject } from 'n8n-workflow';

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
 * cannot be told apart. Nothing is kept in memory between calls, so this works
 * across queue-mode workers as far as n8n's static data does (best effort under
 * concurrent deliveries).
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
