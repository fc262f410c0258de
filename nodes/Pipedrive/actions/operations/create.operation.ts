import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemProperties, type OperationContext } from '../context';
import { writeMany } from './writeMany';

/** POST /api/v2/{entity} (v1 for leads and notes), one call per item, several in flight. */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return await writeMany(
		this,
		op,
		(i) => {
			const properties = itemProperties(this, op, i, false);
			// Calls and meetings are the appointment types; a new activity without a type is a meeting.
			if (op.spec.objectType === 'activities' && properties.type === undefined) properties.type = 'meeting';
			return properties;
		},
		(values) => op.connector.createMany(op.objectType, values),
	);
}
