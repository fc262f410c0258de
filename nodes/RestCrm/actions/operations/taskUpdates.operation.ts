import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { recordOutput, type ActionContext } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { recordIdOf } from '../../../../shared/n8n/parameters';
import type { RestCrmConnector } from '../../connector/RestCrmConnector';
import { toRecord } from '../../connector/records';

export const options: Record<string, INodePropertyOptions> = {
	assign: { name: 'Assign', value: 'assign', description: 'Assign the task to a user, or unassign it', action: 'Assign a task' },
	changeStatus: { name: 'Change Status', value: 'changeStatus', description: "Set the task's status", action: 'Change the status of a task' },
};

export const description: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'assigneeId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 12',
		description: 'The user to assign the task to; empty unassigns it',
		displayOptions: { show: { resource: ['task'], operation: ['assign'] } },
	},
	{
		displayName: 'Status',
		name: 'taskStatus',
		type: 'options',
		options: [
			{ name: 'Blocked', value: 'blocked' },
			{ name: 'Done', value: 'done' },
			{ name: 'In Progress', value: 'in_progress' },
			{ name: 'Open', value: 'open' },
		],
		default: 'in_progress',
		displayOptions: { show: { resource: ['task'], operation: ['changeStatus'] } },
	},
];

/** `PATCH /tasks/{id}/assign {user_id}` or `PATCH /tasks/{id}/status {status}` (GENERIC-API.md); one call per item. */
export async function execute(this: IExecuteFunctions, op: ActionContext<RestCrmConnector>): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	return await perItem(this, op, async (i) => {
		const id = encodeURIComponent(recordIdOf(this, i));
		let body;
		if (operation === 'assign') {
			const raw = String(this.getNodeParameter('assigneeId', i, '') ?? '').trim();
			if (raw && !/^\d+$/.test(raw)) throw new NodeOperationError(this.getNode(), `Item ${i}: field "User ID" must be a user's numeric ID, not "${raw}"`, { itemIndex: i });
			body = { user_id: raw ? Number(raw) : null };
		} else {
			body = { status: this.getNodeParameter('taskStatus', i) as string };
		}
		const path = `/tasks/${id}/${operation === 'assign' ? 'assign' : 'status'}`;
		const res = await op.connector.request({ method: 'PATCH', path, body, idempotent: true, itemIndex: i });
		return [recordOutput(op, toRecord('tasks', (res.body?.data ?? {}) as never))];
	});
}
