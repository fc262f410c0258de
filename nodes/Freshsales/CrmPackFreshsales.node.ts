import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { routeAction } from '../../shared/n8n/actions';
import { FRESHSALES_ACTIONS } from './actions/crm';
import { freshsalesProperties } from './actions/description';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import * as resourceMapping from './methods/resourceMapping';
import { budgetNotice, estimateCalls } from './actions/budget';
import { entityOf, RESOURCE_OBJECT_TYPE } from './connector/objectTypes';
import { FRESHSALES_CREDENTIAL, freshsalesSettings } from './transport/freshsalesApi';
import { MAIN } from '../../shared/n8n/connections';

export class CrmPackFreshsales implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Freshsales (CRM Pack)',
		name: 'crmPackFreshsales',
		icon: { light: 'file:freshsales.svg', dark: 'file:freshsales.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Read and write Freshsales contacts, accounts, deals, appointments, tasks, notes and sales activities: upsert and bulk upsert, the plan's hourly budget respected, CRM-neutral output",
		defaults: { name: 'Freshsales (CRM Pack)' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		credentials: [{ name: FRESHSALES_CREDENTIAL.apiKey, required: true }],
		properties: freshsalesProperties,
	};

	methods = { loadOptions, listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// A run longer than the plan's hourly budget waits for it: say so before it starts (editor and log).
		const objectType = RESOURCE_OBJECT_TYPE[this.getNodeParameter('resource', 0) as string];
		if (objectType) {
			const operation = this.getNodeParameter('operation', 0) as string;
			const threshold = this.getNodeParameter('options.bulkThreshold', 0, 20) as number;
			const { plan } = await freshsalesSettings(this);
			const notice = budgetNotice(plan, estimateCalls(operation, this.getInputData().length, threshold, entityOf(objectType).bulk));
			if (notice) {
				this.logger.info(notice);
				this.sendMessageToUI(notice);
			}
		}
		return await routeAction(this, FRESHSALES_ACTIONS);
	}
}
