import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { CrmConnector, CrmDefinition } from '../../../shared/types';
import { errorReason, objectTypeFor } from '../support';

/**
 * Test Connection never throws: a credential that fails (missing, refused, expired, unreachable)
 * gives `ok: false` with the CRM's reason, so a flow can branch on it. A CRM whose connector has
 * no `connectionInfo` is tested by reading one contact; it reports no account then.
 */
export async function testConnection(ctx: IExecuteFunctions, crm: CrmDefinition, open: () => Promise<CrmConnector>): Promise<INodeExecutionData[]> {
	let json: IDataObject;
	try {
		const connector = await open();
		if (connector.connectionInfo) {
			const info = await connector.connectionInfo();
			json = { ok: true, crm: crm.value, ...info };
		} else {
			await connector.list(objectTypeFor(crm, 'contact'), { limit: 1 })[Symbol.asyncIterator]().next();
			json = { ok: true, crm: crm.value, note: `${crm.displayName} reports no account details in this pack: one contact was read to test the credential` };
		}
	} catch (error) {
		json = { ok: false, crm: crm.value, ...errorReason(error) };
	}
	return [{ json, pairedItem: { item: 0 } }];
}
