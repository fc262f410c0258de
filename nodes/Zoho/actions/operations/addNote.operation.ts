import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { recordOutput } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { recordIdOf } from '../../../../shared/n8n/parameters';
import type { ZohoConnector } from '../../connector/ZohoConnector';

export const option: INodePropertyOptions = { name: 'Add Note', value: 'addNote', description: 'Add a note to the record', action: 'Add a note to a record' };

export const description: INodeProperties[] = [
	{ displayName: 'Note Title', name: 'noteTitle', type: 'string', default: '', displayOptions: { show: { operation: ['addNote'] } } },
	{
		displayName: 'Note',
		name: 'noteContent',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The text of the note',
		displayOptions: { show: { operation: ['addNote'] } },
	},
];

/** `POST /crm/v8/Notes` with `Parent_Id: { module: { api_name }, id }` (crm-oas notes.json), one note per item. */
export async function execute(this: IExecuteFunctions, op: ActionContext<ZohoConnector>): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => {
		const id = recordIdOf(this, i);
		const content = String(this.getNodeParameter('noteContent', i, '') ?? '').trim();
		if (!content) throw new NodeOperationError(this.getNode(), `Item ${i}: field "Note" is empty`, { itemIndex: i });
		const title = String(this.getNodeParameter('noteTitle', i, '') ?? '').trim();
		const [outcome] = await op.connector.createMany('Notes', [{ Note_Content: content, ...(title ? { Note_Title: title } : {}), Parent_Id: { module: { api_name: op.objectType }, id } }]);
		if (!outcome.ok) throw new NodeOperationError(this.getNode(), `Item ${i}: ${outcome.message}`, { itemIndex: i });
		return [recordOutput({ ...op, objectType: 'Notes', neutralType: 'note' }, outcome.record)];
	});
}
