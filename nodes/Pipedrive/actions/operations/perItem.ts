import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { itemError } from '../../../../shared/transport/errors';
import type { OperationContext } from '../context';

/** Runs a read per item; under Continue On Fail a failed item becomes an error item and the rest go on. */
export async function perItem(
	ctx: IExecuteFunctions,
	op: OperationContext,
	run: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < op.items.length; i++) {
		try {
			for (const json of await run(i)) out.push({ json, pairedItem: { item: i } });
		} catch (error) {
			if (ctx.continueOnFail()) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			throw itemError(ctx.getNode(), error, i);
		}
	}
	return out;
}
