import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';
import type { DynamicsConnector } from '../connector/DynamicsConnector';
import { idOfEntityId, literal } from '../connector/records';

/*
 * A webhook registered the way the Plug-in Registration Tool does it, through
 * the Web API (reference/entities/serviceendpoint, sdkmessageprocessingstep):
 * one `serviceendpoint` (contract 8 = Webhook, authtype 5 = HttpHeader, the
 * header as `<settings><setting name="…" value="…"/></settings>`: the form code
 * registering webhooks through the Web API uses, second-hand) and one
 * asynchronous (mode 1) post-operation (stage 40) `sdkmessageprocessingstep` per
 * message on the table, found through `sdkmessages` and `sdkmessagefilters`.
 */

export const KEY_HEADER = 'x-crm-pack-key';

export interface Registration {
	endpointId: string;
	stepIds: string[];
	secret: string;
	/** The integration's own user (WhoAmI), for echo suppression. */
	userId?: string;
}

async function firstId(connector: DynamicsConnector, set: string, filter: string, column: string): Promise<string> {
	const { body } = await connector.request<{ value?: IDataObject[] }>({ method: 'GET', path: `/${set}`, qs: { $select: column, $filter: filter } });
	const id = body?.value?.[0]?.[column];
	if (typeof id !== 'string') throw new Error(`Dataverse has no ${set} row for ${filter}`);
	return id;
}

export async function register(ctx: IHookFunctions, connector: DynamicsConnector, options: { url: string; table: string; messages: string[]; secret: string; name: string }): Promise<Registration> {
	const endpoint = await connector.request({
		method: 'POST',
		path: '/serviceendpoints',
		body: {
			name: options.name,
			url: options.url,
			contract: 8,
			connectionmode: 1,
			authtype: 5,
			authvalue: `<settings><setting name="${KEY_HEADER}" value="${options.secret}" /></settings>`,
		},
	});
	const endpointId = idOfEntityId(endpoint.headers['odata-entityid'] ?? endpoint.headers['OData-EntityId']);
	if (!endpointId) throw new Error('Dataverse created the service endpoint without telling its id (OData-EntityId)');
	const stepIds: string[] = [];
	try {
		for (const message of options.messages) {
			const messageId = await firstId(connector, 'sdkmessages', `name eq ${literal(message)}`, 'sdkmessageid');
			const filterId = await firstId(connector, 'sdkmessagefilters', `primaryobjecttypecode eq ${literal(options.table)} and _sdkmessageid_value eq ${messageId}`, 'sdkmessagefilterid');
			const step = await connector.request({
				method: 'POST',
				path: '/sdkmessageprocessingsteps',
				body: {
					name: `${options.name}: ${message} of ${options.table}`,
					mode: 1,
					stage: 40,
					rank: 1,
					supporteddeployment: 0,
					asyncautodelete: true,
					'sdkmessageid@odata.bind': `/sdkmessages(${messageId})`,
					'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filterId})`,
					'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpointId})`,
				},
			});
			const stepId = idOfEntityId(step.headers['odata-entityid'] ?? step.headers['OData-EntityId']);
			if (stepId) stepIds.push(stepId);
		}
	} catch (error) {
		// Nothing half-registered stays behind: the endpoint (and with it its steps) goes.
		await unregister(connector, { endpointId, stepIds, secret: '' }).catch(() => undefined);
		throw new NodeOperationError(ctx.getNode(), error as Error);
	}
	return { endpointId, stepIds, secret: options.secret };
}

export async function unregister(connector: DynamicsConnector, reg: Registration): Promise<void> {
	for (const id of reg.stepIds) await connector.request({ method: 'DELETE', path: `/sdkmessageprocessingsteps(${id})`, acceptStatuses: [404] });
	await connector.request({ method: 'DELETE', path: `/serviceendpoints(${reg.endpointId})`, acceptStatuses: [404] });
}

export async function exists(connector: DynamicsConnector, reg: Registration | undefined): Promise<boolean> {
	if (!reg?.endpointId) return false;
	const res = await connector.request({ method: 'GET', path: `/serviceendpoints(${reg.endpointId})`, qs: { $select: 'serviceendpointid' }, acceptStatuses: [404] });
	return res.statusCode === 200;
}
