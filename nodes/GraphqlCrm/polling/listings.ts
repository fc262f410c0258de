import type { IPollFunctions } from 'n8n-workflow';
import type { PollSource } from '../../../shared/n8n/polling';
import { toMillis } from '../../../shared/polling/poll';
import type { CrmRecord } from '../../../shared/types';
import { GraphqlCrmConnector } from '../connector/GraphqlCrmConnector';
import { kindOfObject } from '../connector/resources';
import { graphqlSettings, type GraphqlAuth } from '../transport/graphqlApi';

/**
 * The polling listings of one kind, over the resource definition's list
 * query: changes through its "modified since" variable (the connector sorts
 * them oldest first); new records by creation time, read from the changes
 * since then (a record created after `since` was also modified after it).
 */
export function graphqlListings(connector: GraphqlCrmConnector, objectType: string): PollSource {
	const kind = kindOfObject(objectType);
	const created = (r: CrmRecord) => toMillis(r.createdAt);
	return {
		changedSince: (since) => connector.listChanged(objectType, { since: since === undefined ? undefined : new Date(since).toISOString() }),
		async *createdSince(since) {
			const all: CrmRecord[] = [];
			for await (const record of connector.listChanged(objectType, { since: since === undefined ? undefined : new Date(since).toISOString() })) {
				const at = created(record);
				if (since === undefined || at === undefined || at >= since) all.push(record);
			}
			yield* all.sort((a, b) => (created(a) ?? 0) - (created(b) ?? 0));
		},
		async newest(watched) {
			let newest: CrmRecord | undefined;
			const time = (r: CrmRecord) => (watched === 'created' ? toMillis(r.createdAt) : toMillis(r.updatedAt)) ?? 0;
			for await (const record of connector.list(objectType)) if (!newest || time(record) > time(newest)) newest = record;
			return newest;
		},
		scope: (watched) => `${objectType}|${watched}`,
		shape(records, format) {
			if (format === 'raw') return records.map((record) => record.raw);
			return records.map((record) => connector.toNeutral(kind, record));
		},
	};
}

export async function openGraphqlListings(ctx: IPollFunctions): Promise<PollSource> {
	const auth = ctx.getNodeParameter('authentication', 'standard') as GraphqlAuth;
	const objectType = ctx.getNodeParameter('object') as string;
	return graphqlListings(new GraphqlCrmConnector(ctx, await graphqlSettings(ctx, auth)), objectType);
}
