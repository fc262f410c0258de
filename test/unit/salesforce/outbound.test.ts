import type { IDataObject } from 'n8n-workflow';
import { CrmPackSalesforceOutboundTrigger } from '../../../nodes/Salesforce/trigger/CrmPackSalesforceOutboundTrigger.node';
import { parseOutboundMessage, sameOrgId } from '../../../nodes/Salesforce/trigger/soap';
const { outboundMessage } = require('../../sandbox/salesforce/outbound') as {
	outboundMessage: (m: { organizationId: string; sessionId?: string; notifications: Array<{ id?: string; sobject: string; fields: IDataObject }> }) => string;
};

const ORG = '00D5e000000KQ2eEAG';

function hook(xml: string, parameters: IDataObject = {}, staticData: IDataObject = {}) {
	const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
	const res = {
		status(n: number) {
			sent.status = n;
			return res;
		},
		setHeader(k: string, v: string) {
			sent.headers[k] = v;
			return res;
		},
		end(body: string) {
			sent.body = body;
		},
	};
	const params: IDataObject = { organizationId: ORG, options: {}, ...parameters };
	const ctx = {
		getRequestObject: () => ({ rawBody: Buffer.from(xml, 'utf8'), body: {}, headers: { 'content-type': 'text/xml' } }),
		getResponseObject: () => res,
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getWorkflowStaticData: () => staticData,
		getNode: () => ({ name: 'Salesforce Outbound Message', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
	};
	return { run: () => new CrmPackSalesforceOutboundTrigger().webhook.call(ctx as never), sent, staticData };
}

const contacts = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ id: `04l00000000000${String(i).padStart(2, '0')}AA`, sobject: 'Contact', fields: { Id: `003${i}`, Email: `c${i}@example.com`, Phone: null } }));

describe('Salesforce Outbound Message trigger', () => {
	test('parses up to 100 notifications, answers the SOAP Ack and emits one item per record', async () => {
		const { run, sent } = hook(outboundMessage({ organizationId: ORG, notifications: contacts(100) }));
		const result = await run();
		expect(sent.status).toBe(200);
		expect(sent.headers['Content-Type']).toContain('text/xml');
		expect(sent.body).toContain('<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>');
		expect(result.noWebhookResponse).toBe(true);
		const items = result.workflowData![0];
		expect(items).toHaveLength(100);
		expect(items[1].json).toEqual({
			id: '0031',
			sObjectType: 'Contact',
			fields: { Id: '0031', Email: 'c1@example.com', Phone: null },
			notificationId: '04l0000000000001AA',
			organizationId: ORG,
			actionId: '04k000000000001AAA',
		});
	});

	test('another organization is refused with 403 and a SOAP fault, no Ack and no items', async () => {
		const { run, sent } = hook(outboundMessage({ organizationId: '00D000000000999AAA', notifications: contacts(1) }));
		const result = await run();
		expect(sent.status).toBe(403);
		expect(sent.body).toContain('<faultstring>Organization ID does not match this endpoint</faultstring>');
		expect(sent.body).not.toContain('<Ack>');
		expect(result.workflowData).toBeUndefined();
	});

	test('15- and 18-character org ids match', () => {
		expect(sameOrgId('00D5e000000KQ2e', ORG)).toBe(true);
		expect(sameOrgId(ORG, '00D5e000000KQ2f')).toBe(false);
	});

	test('a retried message is acknowledged again but its notifications are not emitted twice', async () => {
		const staticData: IDataObject = {};
		const xml = outboundMessage({ organizationId: ORG, notifications: contacts(3) });
		expect((await hook(xml, {}, staticData).run()).workflowData![0]).toHaveLength(3);
		const again = hook(xml, {}, staticData);
		const result = await again.run();
		expect(again.sent.body).toContain('<Ack>true</Ack>');
		expect(result.workflowData).toBeUndefined();
	});

	test('more than 100 notifications or something that is not an outbound message is a 400 SOAP fault', async () => {
		let h = hook(outboundMessage({ organizationId: ORG, notifications: contacts(101) }));
		await h.run();
		expect(h.sent.status).toBe(400);
		expect(h.sent.body).toContain('at most 100');
		h = hook('<hello/>');
		await h.run();
		expect(h.sent.status).toBe(400);
		expect(h.sent.body).toContain('not a Salesforce outbound message');
	});

	test('entities are decoded and the session id is left out unless asked for', async () => {
		const xml = outboundMessage({ organizationId: ORG, sessionId: '00D!SECRET', notifications: [{ sobject: 'Account', fields: { Id: '001A', Name: 'Smith & <Sons>' } }] });
		const parsed = parseOutboundMessage(xml);
		expect(parsed.notifications[0].fields.Name).toBe('Smith & <Sons>');
		expect(parsed.sessionId).toBe('00D!SECRET');
		const plain = await hook(xml).run();
		expect(JSON.stringify(plain.workflowData)).not.toContain('SECRET');
		const withSession = await hook(xml, { options: { includeSessionId: true } }).run();
		expect(withSession.workflowData![0][0].json.sessionId).toBe('00D!SECRET');
	});
});
