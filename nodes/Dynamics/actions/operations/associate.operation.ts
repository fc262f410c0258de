import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { recordIdOf } from '../../../../shared/n8n/parameters';
import type { DynamicsConnector } from '../../connector/DynamicsConnector';

/*
 * Associate / disassociate two rows through a navigation property
 * (webapi/associate-disassociate-entities-using-web-api): a collection-valued
 * property (a relationship name such as `contact_customer_accounts`, seen from
 * the "one" side) takes `POST …/<nav>/$ref` and `DELETE …/<nav>(<id>)/$ref`; a
 * single-valued one (a lookup's navigation property such as
 * `parentcustomerid_account`) takes `PUT …/<nav>/$ref` and `DELETE …/<nav>/$ref`.
 */

export const associateOption: INodePropertyOptions = {
	name: 'Associate',
	value: 'associate',
	description: 'Link the record to another through a relationship ($ref)',
	action: 'Associate a record',
};

export const disassociateOption: INodePropertyOptions = {
	name: 'Disassociate',
	value: 'disassociate',
	description: 'Remove the link between the record and another ($ref)',
	action: 'Disassociate a record',
};

const show = { operation: ['associate', 'disassociate'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Navigation Property',
		name: 'navigationProperty',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. contact_customer_accounts or parentcustomerid_account',
		description: "The relationship's navigation property on this table: a relationship name (collection-valued) or a lookup's navigation property (single-valued)",
		displayOptions: { show },
	},
	{
		displayName: 'Single-Valued',
		name: 'singleValued',
		type: 'boolean',
		default: false,
		description: 'Whether the navigation property is a lookup of this row (one related row) rather than a collection of related rows',
		displayOptions: { show },
	},
	{
		displayName: 'Related Table (Entity Set)',
		name: 'relatedEntitySet',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. contacts',
		description: 'The entity set of the related row',
		displayOptions: { show: { operation: ['associate'] } },
	},
	{
		displayName: 'Related Record ID',
		name: 'relatedId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 00000000-0000-0000-0000-000000000000',
		description: 'The related row (for Disassociate through a single-valued property: leave empty)',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, op: ActionContext<DynamicsConnector>, mode: 'associate' | 'disassociate'): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const id = recordIdOf(this, i);
		const nav = String(this.getNodeParameter('navigationProperty', i, '') ?? '').trim();
		const single = this.getNodeParameter('singleValued', i, false) as boolean;
		const relatedId = String(this.getNodeParameter('relatedId', i, '') ?? '').trim();
		if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(nav)) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Navigation Property": "${nav}" is not a navigation property name`, { itemIndex: i });
		if (mode === 'associate') {
			const relatedSet = String(this.getNodeParameter('relatedEntitySet', i, '') ?? '').trim();
			if (!relatedSet) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Related Table (Entity Set)" is empty`, { itemIndex: i });
			if (!relatedId) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Related Record ID" is empty`, { itemIndex: i });
			await op.connector.associate(op.objectType, id, nav, { entitySet: relatedSet, id: relatedId }, single, i);
			return [{ id, navigationProperty: nav, relatedEntitySet: relatedSet, relatedId, associated: true }];
		}
		if (!single && !relatedId) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Related Record ID" is empty (a collection-valued property names the row to unlink)`, { itemIndex: i });
		await op.connector.disassociate(op.objectType, id, nav, single ? undefined : relatedId, i);
		return [{ id, navigationProperty: nav, relatedId: relatedId || null, disassociated: true }];
	});
}
