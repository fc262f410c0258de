import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { NeutralQuery } from '../../shared/neutralOps';
import type { NeutralType } from '../../shared/types';
import { crmNamed, openCrm } from '../Crm/connect';
import { neutralJson } from '../Crm/output';
import { errorReason, need, objectTypeFor } from '../Crm/support';
import type { Hit } from './merge';

export interface CrmAnswer {
	crm: string;
	hits: Hit[];
	error?: { error: string; httpCode?: number };
}

/** A search retries a busy or failing CRM briefly: the other CRMs' answers are waiting. */
const SEARCH_RETRY = { maxAttempts: 2, maxWaitMs: 10_000 };

/** One CRM's records for the query, in neutral fields; never throws: a failure is its `error`. */
export async function searchOne(ctx: IExecuteFunctions, value: string, kind: NeutralType, query: NeutralQuery, limit: number): Promise<CrmAnswer> {
	try {
		const crm = crmNamed(ctx, value);
		objectTypeFor(crm, kind);
		const connector = await openCrm(ctx, crm, SEARCH_RETRY);
		const find = need(crm, connector, 'findNeutral', `search ${kind} records`);
		const records = await find(kind, query, { limit });
		const hits: Hit[] = [];
		for (const record of records) {
			const fields: IDataObject = await neutralJson(crm, connector, kind, record, false);
			hits.push({ crm: value, id: record.id, url: fields.url as string | undefined, fields });
		}
		return { crm: value, hits };
	} catch (error) {
		return { crm: value, hits: [], error: errorReason(error) };
	}
}
