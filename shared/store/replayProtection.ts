import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { DEFAULT_EVENTS_TABLE, dataTableClaims, staticDataClaims, type EventClaims } from './eventClaims';

/**
 * The "Replay Protection" choice every webhook trigger offers. Static data stays
 * the default so existing workflows keep working without a new credential; the
 * Data Table store is the one that holds in n8n 2.41.1 (see eventClaims.ts).
 * A trigger using it lists the credential literally (n8n's lint reads it):
 * `{ name: 'crmPackN8nApi', required: true, displayOptions: { show: { replayProtection: ['dataTable'] } } }`.
 */
export const replayProtectionProperties: INodeProperties[] = [
	{
		displayName: 'Replay Protection',
		name: 'replayProtection',
		type: 'options',
		options: [
			{
				name: 'n8n Data Table (Recommended)',
				value: 'dataTable',
				description:
					"Records each event ID in an n8n Data Table through n8n's API before the workflow starts, so a replayed or duplicate delivery starts no run, also when deliveries arrive at once or on several n8n processes",
			},
			{
				name: 'Workflow Static Data',
				value: 'staticData',
				description:
					'Remembers recent event IDs in the workflow\'s static data: catches duplicates inside a delivery and a replay arriving after the earlier delivery was answered, but not deliveries arriving at the same time',
			},
		],
		default: 'staticData',
	},
	{
		displayName:
			"Needs an n8n API key (Settings → n8n API) allowed to read and write Data Tables, in a CRM Pack Data Tables API credential. The table is created on the first delivery and shows in n8n's Data Tables, one row per event.",
		name: 'replayProtectionNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { replayProtection: ['dataTable'] } },
	},
	{
		displayName: 'Data Table Name',
		name: 'replayTable',
		type: 'string',
		default: DEFAULT_EVENTS_TABLE,
		description: "Name of the Data Table that records the events (in the n8n API key owner's project); several triggers can share it",
		displayOptions: { show: { replayProtection: ['dataTable'] } },
	},
];

/** The store the node's Replay Protection parameter chose. */
export function eventClaimsFor(ctx: IWebhookFunctions, staticKey: { key: string; max: number }): EventClaims {
	if (ctx.getNodeParameter('replayProtection', 'staticData') !== 'dataTable') {
		return staticDataClaims(ctx.getWorkflowStaticData('node') as IDataObject, staticKey);
	}
	const workflowId = ctx.getWorkflow().id ?? '';
	const node = ctx.getNode();
	return dataTableClaims(ctx, {
		tableName: String(ctx.getNodeParameter('replayTable', DEFAULT_EVENTS_TABLE) ?? ''),
		scope: `${workflowId}:${node.id ?? node.name}`,
	});
}
