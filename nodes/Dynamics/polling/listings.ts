import type { IPollFunctions } from 'n8n-workflow';
import type { PollSource } from '../../../shared/n8n/polling';
import type { WatchedTime } from '../../../shared/polling/listings';
import { DynamicsConnector } from '../connector/DynamicsConnector';
import { TABLE_BY_SET } from '../connector/objectTypes';
import { entitySetOf } from '../methods/settings';
import { dynamicsSettings, type DynamicsAuth } from '../transport/dynamicsApi';

/** "New" watches `createdon`, the others `modifiedon`. */
export function cursorField(watched: WatchedTime): 'createdon' | 'modifiedon' {
	return watched === 'created' ? 'createdon' : 'modifiedon';
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * Dataverse's polling listings: `$filter=<field> ge <since>` ordered by that
 * field then `versionnumber` (whole seconds: rows sharing a second keep their
 * write order; the shared (id, time) de-duplication drops the ones seen), one
 * page per 5,000 changes. The newest row: `$orderby=<field> desc`, `$top`-like
 * limit 1.
 */
export function dynamicsListings(connector: DynamicsConnector, entitySet: string): PollSource {
	const neutral = TABLE_BY_SET.get(entitySet)?.neutral;
	const since = (field: string, at: number | undefined) => (at === undefined ? undefined : `${field} ge ${iso(at)}`);
	return {
		changedSince: (at) => connector.list(entitySet, { filter: since('modifiedon', at), orderBy: 'modifiedon asc,versionnumber asc' }),
		createdSince: (at) => connector.list(entitySet, { filter: since('createdon', at), orderBy: 'createdon asc,versionnumber asc' }),
		async newest(watched) {
			for await (const record of connector.list(entitySet, { limit: 1, orderBy: `${cursorField(watched)} desc,versionnumber desc` })) return record;
			return undefined;
		},
		scope: (watched) => `${entitySet}|${cursorField(watched)}`,
		async shape(records, format) {
			if (format === 'raw' || !neutral) return records.map((record) => (format === 'raw' ? record.raw : { id: record.id, ...record.properties, createdAt: record.createdAt, updatedAt: record.updatedAt }));
			return records.map((record) => connector.toNeutral(neutral, record));
		},
	};
}

export async function openDynamicsListings(ctx: IPollFunctions): Promise<PollSource> {
	const auth = ctx.getNodeParameter('authentication', 'oAuth2') as DynamicsAuth;
	const entitySet = entitySetOf(ctx.getNodeParameter('object') as string, ctx.getNodeParameter('entitySet', ''));
	return dynamicsListings(new DynamicsConnector(ctx, await dynamicsSettings(ctx, auth)), entitySet);
}
