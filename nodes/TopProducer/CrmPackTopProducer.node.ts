import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { MAIN } from '../../shared/n8n/connections';
import { topProducerProperties } from './description';
import { composeLeadEmails, exportContacts, importContacts, importTransactions } from './operations';

/** Top Producer has no public API: this node needs no credential and calls nothing. */
export class CrmPackTopProducer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Top Producer (CRM Pack)',
		name: 'crmPackTopProducer',
		icon: { light: 'file:topProducer.svg', dark: 'file:topProducer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: "Compose Top Producer lead emails (its lead-metadata format) and read and write its contact and transaction CSV files: Top Producer has no public API",
		defaults: { name: 'Top Producer (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		properties: topProducerProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		if (resource === 'leadEmail' && operation === 'compose') return [await composeLeadEmails(this)];
		if (resource === 'contact' && operation === 'importCsv') return [await importContacts(this)];
		if (resource === 'contact' && operation === 'exportCsv') return [await exportContacts(this)];
		if (resource === 'transaction' && operation === 'importCsv') return [await importTransactions(this)];
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for the resource "${resource}"`);
	}
}
