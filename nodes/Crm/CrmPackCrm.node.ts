import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { MAIN } from '../../shared/n8n/connections';
import type { CrmConnector } from '../../shared/types';
import { crmCredentialDescriptions, crmNamed, openCrm } from './connect';
import { crmProperties } from './description';
import { getCustomer, search } from './operations/read';
import { syncAppointment, syncPersons } from './operations/sync';
import { testConnection } from './operations/testConnection';
import { nodeError } from './support';

export class CrmPackCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM (CRM Pack)',
		name: 'crmPackCrm',
		icon: { light: 'file:crm.svg', dark: 'file:crm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["crm"]}}',
		description:
			'Customers, leads and appointments in any CRM of the pack with the same fields: create or update a customer or lead by email, book or move an appointment by booking ID, find a customer, search, test the connection. Switch CRM by changing one setting.',
		defaults: { name: 'CRM' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		// Every CRM's credential types, none required, each shown only when CRM is that CRM (connect.ts).
		credentials: crmCredentialDescriptions('crm'),
		properties: crmProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const crm = crmNamed(this, this.getNodeParameter('crm', 0) as string);
		const operation = this.getNodeParameter('operation', 0) as string;
		const open = () => openCrm(this, crm);
		if (operation === 'testConnection') return [await testConnection(this, crm, open)];
		const connector: CrmConnector = await open();
		try {
			switch (operation) {
				case 'syncCustomer':
					return [await syncPersons(this, crm, connector, 'contact')];
				case 'syncLead':
					return [await syncPersons(this, crm, connector, 'lead')];
				case 'syncAppointment':
					return [await syncAppointment(this, crm, connector)];
				case 'getCustomer':
					return [await getCustomer(this, crm, connector)];
				case 'search':
					return [await search(this, crm, connector)];
				default:
					throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
			}
		} catch (error) {
			// A CRM without what the operation needs fails the run with that plain reason.
			throw nodeError(this.getNode(), error);
		}
	}
}
