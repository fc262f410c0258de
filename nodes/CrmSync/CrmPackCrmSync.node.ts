import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeCredentialDescription, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { sideCredentials, sideCrms } from './connectors';
import { syncProperties } from './description';
import { resolve } from './operations/resolve';
import { getStatus, resetState } from './operations/status';
import { sync } from './operations/sync';
import { MAIN } from '../../shared/n8n/connections';

const OPERATIONS: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = {
	sync,
	getStatus,
	resetState,
	resolveConflict: resolve,
};

export class CrmPackCrmSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Sync (CRM Pack)',
		name: 'crmPackCrmSync',
		icon: { light: 'file:crmSync.svg', dark: 'file:crmSync.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Two-way sync between a CRM and another CRM or the records on its input, remembering what was synced. Two sides of the same CRM need one side as records from input (one credential per type).',
		defaults: { name: 'CRM Sync' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN, MAIN, MAIN, MAIN, MAIN],
		outputNames: ['Summary', 'Changes for A', 'Changes for B', 'Conflicts', 'Errors'],
		// Every credential type of every CRM, none required: a side that is records from input needs none, n8n cannot show
		// a credential for "A or B is this CRM", and a CRM side uses whichever of its CRM's types is set (connectors.ts).
		credentials: sideCrms()
			.flatMap((crm) => sideCredentials(crm).map((c): INodeCredentialDescription => ({ name: c.name, required: false })))
			// n8n's API, for the Data Table state store (nodes/CrmSync/state.ts)
			.concat({ name: 'crmPackN8nApi', required: true, displayOptions: { show: { stateStore: ['dataTable'] } } }),
		properties: syncProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'sync') as string;
		const run = OPERATIONS[operation];
		if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
		return run.call(this);
	}
}
