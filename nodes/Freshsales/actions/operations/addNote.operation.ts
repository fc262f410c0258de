import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { recordOutput } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { recordIdOf } from '../../../../shared/n8n/parameters';
import type { FreshsalesConnector } from '../../connector/FreshsalesConnector';
import { entityOf } from '../../connector/objectTypes';

/** Add Note's entry in the Operation list (contacts, accounts, deals). */
export const option: INodePropertyOptions = { name: 'Add Note', value: 'addNote', description: 'Add a note to the record', action: 'Add a note to a record' };

/** Add Note's own parameters (the record is the shared Record locator). */
export const description: INodeProperties[] = [
	{
		displayName: 'Note',
		name: 'noteText',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The text of the note',
		displayOptions: { show: { operation: ['addNote'] } },
	},
];

/** POST /notes with `targetable_type` and `targetable_id` naming the record (developers.freshworks.com/crm/api#create_note). */
export async function execute(this: IExecuteFunctions, op: ActionContext<FreshsalesConnector>): Promise<INodeExecutionData[]> {
	const spec = entityOf(op.objectType);
	return await perItem(this, op, async (i) => {
		const id = recordIdOf(this, i);
		const text = String(this.getNodeParameter('noteText', i, '') ?? '').trim();
		if (!text) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Note" is empty`, { itemIndex: i });
		const note = await op.connector.createOne('notes', { description: text, targetable_type: spec.targetable, targetable_id: Number(id) || id }, i);
		return [recordOutput({ ...op, objectType: 'notes', neutralType: 'note' }, note)];
	});
}
