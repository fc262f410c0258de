import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import type { CrmConnector } from '../../types';
import { perItem } from '../items';
import { readLimit } from '../options';
import type { ActionContext } from './types';

/** The operation's entry in the Operation list; the CRM says how it does it (e.g. "in batches of up to 100"). */
export const option = (description: string): INodePropertyOptions => ({ name: 'Search', value: 'search', description, action: 'Search records' });

/** Searches per item with the CRM's own search (HubSpot filter groups, Salesforce SOSL, Pipedrive term search), up to the limit. */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => await op.crm.search(this, op, i, readLimit(this, i)));
}
