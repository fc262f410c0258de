import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { CrmConnector } from '../../types';
import { perItem } from '../items';
import { readLimit } from '../options';
import type { ActionContext } from './types';

/** Searches per item with the CRM's own search (HubSpot filter groups, Salesforce SOSL, Pipedrive term search), up to the limit. */
export async function execute<C extends CrmConnector>(this: IExecuteFunctions, op: ActionContext<C>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => await op.crm.search(this, op, i, readLimit(this, i)));
}
