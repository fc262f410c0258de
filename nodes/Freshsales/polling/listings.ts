import type { IPollFunctions } from 'n8n-workflow';
import type { PollSource } from '../../../shared/n8n/polling';
import type { WatchedTime } from '../../../shared/polling/listings';
import { toMillis } from '../../../shared/polling/poll';
import type { CrmRecord } from '../../../shared/types';
import { FreshsalesConnector } from '../connector/FreshsalesConnector';
import { entityOf, RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { freshsalesSettings } from '../transport/freshsalesApi';

/** The objects the trigger watches (notes cannot be listed; sales activities have no update-time sort either, and are left out). */
export const POLLED = ['contact', 'account', 'deal', 'appointment', 'task'];

/** "New" watches the creation time (`created_at`), the others the update time (`updated_at`). */
export function cursorField(watched: WatchedTime): 'created_at' | 'updated_at' {
	return watched === 'created' ? 'created_at' : 'updated_at';
}

/**
 * Records created at or after `since`, oldest first. Contacts, accounts and
 * deals: the view sorted by `created_at` newest first, read until a creation
 * older than `since`, handed out reversed. Tasks and appointments have no such
 * sort: every record is read and sorted here.
 */
async function* createdSince(connector: FreshsalesConnector, objectType: string, since: number | undefined): AsyncGenerator<CrmRecord> {
	const spec = entityOf(objectType);
	const created = (r: CrmRecord) => toMillis(r.createdAt);
	if (spec.listing.kind === 'views') {
		const newestFirst: CrmRecord[] = [];
		for await (const record of connector.list(objectType, { sort: 'created_at', sortType: 'desc' })) {
			const at = created(record);
			if (since !== undefined && at !== undefined && at < since) break;
			newestFirst.push(record);
		}
		yield* newestFirst.reverse();
		return;
	}
	const all: CrmRecord[] = [];
	for await (const record of connector.list(objectType)) {
		const at = created(record);
		if (since === undefined || at === undefined || at >= since) all.push(record);
	}
	yield* all.sort((a, b) => (created(a) ?? 0) - (created(b) ?? 0) || Number(a.id) - Number(b.id));
}

/**
 * Freshsales' polling listings. Its times have whole seconds and the account's
 * offset; several records often share a second, which the shared (id, time)
 * de-duplication handles. Every poll of contacts, accounts or deals costs one
 * views call plus one page per 100 changes; tasks and appointments read their
 * whole list (one call per 100 records): mind the plan's hourly budget when
 * choosing the poll interval.
 */
export function freshsalesListings(connector: FreshsalesConnector, resource: string): PollSource {
	const objectType = RESOURCE_OBJECT_TYPE[resource] ?? resource;
	const spec = entityOf(objectType);
	return {
		changedSince: (since) => connector.listChanged(objectType, { since: since === undefined ? undefined : new Date(since).toISOString() }),
		createdSince: (since) => createdSince(connector, objectType, since),
		async newest(watched) {
			if (spec.listing.kind === 'views') {
				for await (const record of connector.list(objectType, { limit: 1, sort: cursorField(watched), sortType: 'desc' })) return record;
				return undefined;
			}
			let newest: CrmRecord | undefined;
			const time = (r: CrmRecord) => (watched === 'created' ? toMillis(r.createdAt) : toMillis(r.updatedAt)) ?? 0;
			for await (const record of connector.list(objectType)) if (!newest || time(record) > time(newest)) newest = record;
			return newest;
		},
		scope: (watched) => `${objectType}|${cursorField(watched)}`,
		async shape(records, format) {
			if (format === 'raw') return records.map((record) => record.raw);
			return records.map((record) => connector.toNeutral(spec.neutral, record));
		},
	};
}

export async function openFreshsalesListings(ctx: IPollFunctions): Promise<PollSource> {
	const resource = ctx.getNodeParameter('object') as string;
	return freshsalesListings(new FreshsalesConnector(ctx, await freshsalesSettings(ctx)), resource);
}
