import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ActionContext } from '../../../../shared/n8n/actions';
import { recordOutput } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { recordIdOf } from '../../../../shared/n8n/parameters';
import type { FreshsalesConnector } from '../../connector/FreshsalesConnector';
import { entityOf } from '../../connector/objectTypes';

/** Add Task's entry in the Operation list (contacts, accounts, deals). */
export const option: INodePropertyOptions = { name: 'Add Task', value: 'addTask', description: 'Add a task to the record', action: 'Add a task to a record' };

const show = { show: { operation: ['addTask'] } };

/** Add Task's own parameters (the record is the shared Record locator). */
export const description: INodeProperties[] = [
	{ displayName: 'Task Title', name: 'taskTitle', type: 'string', required: true, default: '', displayOptions: show },
	{ displayName: 'Due Date', name: 'taskDueDate', type: 'dateTime', required: true, default: '', displayOptions: show },
	{
		displayName: 'Task Options',
		name: 'taskOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{
				displayName: 'Owner Name or ID',
				name: 'ownerId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getOwners' },
				default: '',
				description: 'Who the task is for. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

/** POST /tasks with `targetable_type` and `targetable_id` naming the record (developers.freshworks.com/crm/api#create_task). */
export async function execute(this: IExecuteFunctions, op: ActionContext<FreshsalesConnector>): Promise<INodeExecutionData[]> {
	const spec = entityOf(op.objectType);
	return await perItem(this, op, async (i) => {
		const fail = (field: string, why: string) => new NodeOperationError(this.getNode(), `Item ${i}: field "${field}" ${why}`, { itemIndex: i });
		const id = recordIdOf(this, i);
		const title = String(this.getNodeParameter('taskTitle', i, '') ?? '').trim();
		if (!title) throw fail('Task Title', 'is empty');
		const due = Date.parse(String(this.getNodeParameter('taskDueDate', i, '') ?? ''));
		if (!Number.isFinite(due)) throw fail('Due Date', 'is not a date-time');
		const options = this.getNodeParameter('taskOptions', i, {}) as IDataObject;
		const task: IDataObject = { title, due_date: new Date(due).toISOString(), targetable_type: spec.targetable, targetable_id: Number(id) || id };
		if (options.description) task.description = String(options.description);
		if (options.ownerId) task.owner_id = Number(options.ownerId);
		return [recordOutput({ ...op, objectType: 'tasks', neutralType: 'task' }, await op.connector.createOne('tasks', task, i))];
	});
}
