import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { MAIN } from '../../shared/n8n/connections';
import type { NeutralMatchField } from '../../shared/neutralOps';
import type { NeutralType } from '../../shared/types';
import { crmCredentialDescriptions } from '../Crm/connect';
import { searchQuery } from '../Crm/operations/read';
import { crmSearchProperties } from './description';
import { mergeHits, separateHits } from './merge';
import { searchOne } from './searchOne';

export class CrmPackCrmSearch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'CRM Search (CRM Pack)',
		name: 'crmPackCrmSearch',
		icon: { light: 'file:crmSearch.svg', dark: 'file:crmSearch.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["recordKind"] + ": " + $parameter["query"]}}',
		description:
			'Search contacts, companies or deals in several CRMs at once: one item per person or company merged across CRMs by email, phone or domain, with the CRM records it came from and the fields that disagree. A CRM that fails is reported, the others still answer.',
		defaults: { name: 'CRM Search' },
		usableAsTool: true,
		inputs: [MAIN],
		outputs: [MAIN],
		// Every CRM's credential types, none required, each shown when CRMs includes its CRM.
		credentials: crmCredentialDescriptions('crms'),
		properties: crmSearchProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const count = this.getInputData().length;
		for (let itemIndex = 0; itemIndex < count; itemIndex++) {
			const crms = (this.getNodeParameter('crms', itemIndex, []) as string[]) ?? [];
			if (!crms.length) throw new NodeOperationError(this.getNode(), 'Choose at least one CRM under CRMs', { itemIndex });
			const kind = this.getNodeParameter('recordKind', itemIndex, 'contact') as NeutralType;
			const by = this.getNodeParameter('searchBy', itemIndex, 'text') as NeutralMatchField | 'text';
			const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
			const keepSeparate = this.getNodeParameter('keepSeparate', itemIndex, false) as boolean;
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			let query;
			try {
				query = searchQuery(by, String(this.getNodeParameter('query', itemIndex, '') ?? ''), (options.defaultCountry as string) || undefined);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
			}
			// Every CRM at once; each connector's own rate limiter paces its calls. A CRM that fails is one error entry.
			const answers = await Promise.all([...new Set(crms)].map((value) => searchOne(this, value, kind, query, limit)));
			const hits = answers.flatMap((a) => a.hits);
			const found = keepSeparate ? separateHits(kind, hits) : mergeHits(kind, hits);
			for (const json of found) out.push({ json, pairedItem: { item: itemIndex } });
			for (const a of answers) if (a.error) out.push({ json: { crm: a.crm, ok: false, ...a.error }, pairedItem: { item: itemIndex } });
		}
		return [out];
	}
}
