import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import type { PollSource } from '../../../shared/n8n/polling';
import type { WatchedTime } from '../../../shared/polling/listings';
import { toMillis } from '../../../shared/polling/poll';
import type { CrmRecord } from '../../../shared/types';
import { PipedriveConnector } from '../connector/PipedriveConnector';
import { entityOf, RESOURCE_NEUTRAL, RESOURCE_OBJECT_TYPE } from '../connector/objectTypes';
import { pipedriveSettings, type PipedriveAuth } from '../transport/pipedriveApi';

/** "New" watches the creation time (`add_time`), so a record created and changed again before we read it is still new. */
export function cursorField(watched: WatchedTime): 'add_time' | 'update_time' {
	return watched === 'created' ? 'add_time' : 'update_time';
}

/** The list sorted by `field`, as v2 (`sort_by`/`sort_direction`) or v1 (`sort=field DIR`) spells it. */
function sortFilters(objectType: string, field: string, direction: 'asc' | 'desc', extra: IDataObject = {}): IDataObject {
	return entityOf(objectType).version === 2
		? { ...extra, sort_by: field, sort_direction: direction }
		: { ...extra, sort: `${field} ${direction.toUpperCase()}` };
}

/**
 * Records created at or after `since`, oldest first. Pipedrive filters lists by
 * update time only; a record created at or after `since` was also updated at or
 * after it, so v2 lists changes since `since` sorted by add time and drops the
 * older creations. v1 (leads, notes) has no such filter: it reads newest
 * creations first until one is older than `since`, and hands them out reversed.
 */
async function* createdSince(connector: PipedriveConnector, objectType: string, since: number | undefined): AsyncGenerator<CrmRecord> {
	if (since === undefined) {
		yield* connector.list(objectType, { filters: sortFilters(objectType, 'add_time', 'asc') });
		return;
	}
	if (entityOf(objectType).version === 2) {
		const updatedSince = new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z');
		for await (const record of connector.list(objectType, { filters: sortFilters(objectType, 'add_time', 'asc', { updated_since: updatedSince }) })) {
			const created = toMillis(record.createdAt);
			if (created === undefined || created >= since) yield record;
		}
		return;
	}
	const newestFirst: CrmRecord[] = [];
	for await (const record of connector.list(objectType, { filters: sortFilters(objectType, 'add_time', 'desc') })) {
		const created = toMillis(record.createdAt);
		if (created !== undefined && created < since) break;
		newestFirst.push(record);
	}
	yield* newestFirst.reverse();
}

/**
 * Pipedrive's polling listings. Its times have whole seconds, so several
 * records often share one; the shared (id, time) de-duplication keeps each once.
 */
export function pipedriveListings(connector: PipedriveConnector, resource: string): PollSource {
	const objectType = RESOURCE_OBJECT_TYPE[resource] ?? resource;
	return {
		changedSince: (since) => connector.listChanged(objectType, { since: since === undefined ? undefined : new Date(since).toISOString() }),
		createdSince: (since) => createdSince(connector, objectType, since),
		async newest(watched) {
			for await (const record of connector.list(objectType, { limit: 1, filters: sortFilters(objectType, cursorField(watched), 'desc') })) return record;
			return undefined;
		},
		scope: (watched) => `${entityOf(objectType).objectType}|${cursorField(watched)}`,
		// A record never changed since its creation may carry no update time.
		timeOf: (record, watched) => (watched === 'created' ? toMillis(record.createdAt) : (toMillis(record.updatedAt) ?? toMillis(record.createdAt))),
		async shape(records, format) {
			if (format === 'raw') return records.map((record) => record.raw);
			// Custom fields by their names; without the field list (no permission, say) they keep their keys.
			await connector.loadLabels(objectType).catch(() => undefined);
			const neutral = RESOURCE_NEUTRAL[resource] ?? 'contact';
			return records.map((record) => connector.toNeutral(neutral, record));
		},
	};
}

export async function openPipedriveListings(ctx: IPollFunctions): Promise<PollSource> {
	const resource = ctx.getNodeParameter('object') as string;
	const auth = ctx.getNodeParameter('authentication', 'apiToken') as PipedriveAuth;
	return pipedriveListings(new PipedriveConnector(ctx, await pipedriveSettings(ctx, auth)), resource);
}
