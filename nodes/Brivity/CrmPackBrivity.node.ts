import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { MAIN } from '../../shared/n8n/connections';
import { brivityProperties } from './actions/description';
import { createLeads, importTransactions, personOperation } from './actions/operations';
import { BRIVITY_CREDENTIAL } from './transport/brivityApi';

export class CrmPackBrivity implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Brivity (CRM Pack)',
		name: 'crmPackBrivity',
		icon: { light: 'file:brivity.svg', dark: 'file:brivity.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: "Read Brivity people, create leads, and import Brivity transaction reports (CSV): what Brivity's public API allows",
		defaults: { name: 'Brivity (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		credentials: [{ name: BRIVITY_CREDENTIAL.apiKey, required: true, displayOptions: { show: { resource: ['person', 'lead'] } } }],
		properties: brivityProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		if (resource === 'person') return [await personOperation(this, operation)];
		if (resource === 'lead' && operation === 'create') return [await createLeads(this)];
		if (resource === 'transaction' && operation === 'importCsv') return [await importTransactions(this)];
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for the resource "${resource}"`);
	}
}
