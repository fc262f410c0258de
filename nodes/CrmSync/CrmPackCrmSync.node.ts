import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { sideCredentialDescriptions } from './sidePairs';
import { syncProperties } from './description';
import { resolve } from './operations/resolve';
import { getStatus, resetState } from './operations/status';
import { sync, syncNamed } from './operations/sync';
import { MAIN } from '../../shared/n8n/connections';
import { N8N_API_CREDENTIAL } from '../../shared/store/n8nApi';
import { DATA_TABLE_STORES } from './state';

const OPERATIONS: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = {
	sync,
	syncNamed,
	getStatus,
	resetState,
	resolveConflict: resolve,
};

// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool -- deliberately not an AI tool (see usableAsTool below)
export class CrmPackCrmSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Sync (CRM Pack)',
		name: 'crmPackCrmSync',
		icon: { light: 'file:crmSync.svg', dark: 'file:crmSync.dark.svg' },
		group: ['transform'],
		// 2: both sides in one "Sides" parameter, so the editor shows only the chosen CRMs' credentials (issue 20)
		// 3: State Store defaults to Automatic, the Data Table store when an n8n API credential is set (issue 18, state.ts)
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Two-way sync between a CRM and another CRM or the records on its input, remembering what was synced. Two sides of the same CRM need one side as records from input (one credential per type).',
		defaults: { name: 'CRM Sync' },
		// Not an AI tool, so no usableAsTool (issue 20): a stateful two-way sync that writes to both sides, runs for seconds
		// to minutes and answers on five outputs is no action for an agent to start on a guess; an agent can still call a
		// workflow that syncs (n8n's Call n8n Workflow Tool).
		inputs: [MAIN],
		outputs: [MAIN, MAIN, MAIN, MAIN, MAIN],
		// short enough to tell apart at canvas width, where n8n cuts labels after about 10 characters ('Changes fo…')
		outputNames: ['Summary', 'A Changes', 'B Changes', 'Conflicts', 'Errors'],
		// Every credential type of every CRM, none required (a side that is records from input needs none), each declared
		// once with its CRM's name; version 2 shows only those of the CRMs chosen in Sides (sidePairs.ts).
		credentials: sideCredentialDescriptions()
			// n8n's API, for the Data Table state store (nodes/CrmSync/state.ts). Declared once (n8n checks a credential
			// type against its first declaration only) and not required, as Automatic runs without it on static data;
			// State Store: Data Table without it fails with a clear error before any call (stateStoreOf).
			.concat({ name: N8N_API_CREDENTIAL, required: false, displayOptions: { show: { stateStore: DATA_TABLE_STORES } } }),
		properties: syncProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'sync') as string;
		const run = OPERATIONS[operation];
		if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
		return run.call(this);
	}
}
