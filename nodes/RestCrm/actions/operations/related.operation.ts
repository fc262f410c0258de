import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { recordOutput, type ActionContext } from '../../../../shared/n8n/actions';
import { perItem } from '../../../../shared/n8n/items';
import { readLimit } from '../../../../shared/n8n/options';
import { recordIdOf } from '../../../../shared/n8n/parameters';
import type { RestCrmConnector } from '../../connector/RestCrmConnector';
import { RESOURCE_BY_TYPE, resourceOf } from '../../connector/resources';
import { listFilters } from '../filters';

/** Sub-collections of the standard API (GENERIC-API.md): what each operation lists for each resource. */
const RELATED: Record<string, Record<string, string>> = {
	getTasks: { project: 'tasks', user: 'tasks' },
	getProjects: { user: 'projects', client: 'projects' },
	getComments: { project: 'comments', task: 'comments', client: 'comments' },
};

export const options: Record<string, INodePropertyOptions> = {
	getTasks: { name: 'Get Tasks', value: 'getTasks', description: 'List the tasks of the record (a project\'s tasks, a user\'s assigned tasks)', action: 'Get tasks of a record' },
	getProjects: { name: 'Get Projects', value: 'getProjects', description: 'List the projects of the record (a client\'s projects, a user\'s owned projects)', action: 'Get projects of a record' },
	getComments: { name: 'Get Comments', value: 'getComments', description: 'List the comments on the record', action: 'Get comments of a record' },
};

export const OPERATIONS = Object.keys(RELATED);

/** `GET /<resource>/{id}/<related>`: paged and filtered like any list. */
export async function execute(this: IExecuteFunctions, op: ActionContext<RestCrmConnector>): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const related = RELATED[operation]?.[op.resource];
	if (!related) throw new NodeOperationError(this.getNode(), `A ${op.resource} has no "${operation}"`);
	const spec = resourceOf(op.objectType);
	const child = RESOURCE_BY_TYPE.get(related)!;
	return await perItem(this, op, async (i) => {
		const id = recordIdOf(this, i);
		const out: IDataObject[] = [];
		const records = op.connector.list(related, { path: `/${spec.objectType}/${encodeURIComponent(id)}/${related}`, filters: listFilters(this, i), limit: readLimit(this, i), itemIndex: i });
		for await (const record of records) out.push(recordOutput({ ...op, objectType: related, neutralType: child.kind }, record));
		return out;
	});
}
