import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { recordIdOf, recordJson, type OperationContext } from '../context';
import { perItem } from '../../../../shared/n8n/items';

/** GET /api/v2/{entity}/{id} (v1 for leads and notes). */
export async function execute(this: IExecuteFunctions, op: OperationContext): Promise<INodeExecutionData[]> {
	return await perItem(this, op, async (i) => [recordJson(op, await op.connector.get(op.objectType, recordIdOf(this, i), undefined, i))]);
}
