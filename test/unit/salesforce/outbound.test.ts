import { NodeOperationError, type IDataObject, type IHttpRequestOptions } from 'n8n-workflow';
import { CrmPackSalesforceOutboundTrigger } from '../../../nodes/Salesforce/trigger/CrmPackSalesforceOutboundTrigger.node';
import { parseOutboundMessage, sameOrgId } from '../../../nodes/Salesforce/trigger/soap';
import { SECRET_PATTERN } from '../../../nodes/Salesforce/trigger/verify';
import { startSandbox, type Sandbox } from '../../sandbox';
const { outboundMessage } = require('../../sandbox/salesforce/outbound') as {
	outboundMessage: (m: { organizationId: string; sessionId?: string; notifications: Array<{ id?: string; sobject: string; fields: IDataObject }> }) => string;
};

const ORG = '00D5e000000KQ2eEAG';

interface HookOptions {
	version?: number;
	/** The request's path, as n8n's router passes it on. */
	path?: string;
	requests?: IHttpRequestOptions[];
}

/** n8n's `httpRequest` with `returnFullResponse` and `ignoreHttpStatusErrors`, over real HTTP (the sandbox is the vendor). */
async function httpRequest(opts: IHttpRequestOptions) {
	const res = await fetch(opts.url, { method: opts.method ?? 'GET', headers: opts.headers as Record<string, string> });
	const text = await res.text();
	return { statusCode: res.status, body: text ? JSON.parse(text) : undefined, headers: {} };
}

function hook(xml: string, parameters: IDataObject = {}, staticData: IDataObject = {}, options: HookOptions = {}) {
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
	const path = options.path ?? '/webhook/5f0e/outbound';
	const ctx = {
		getRequestObject: () => ({ rawBody: Buffer.from(xml, 'utf8'), body: {}, headers: { 'content-type': 'text/xml' }, originalUrl: path, url: path }),
		getResponseObject: () => res,
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getWorkflowStaticData: () => staticData,
		getNode: () => ({ name: 'Salesforce Outbound Message', type: 'x', typeVersion: options.version ?? 1, position: [0, 0], parameters: {} }),
		helpers: {
			httpRequest: async (opts: IHttpRequestOptions) => {
				options.requests?.push(opts);
				return await httpRequest(opts);
			},
		},
	};
	return {
		run: () => new CrmPackSalesforceOutboundTrigger().webhook.call(ctx as never),
		create: () => new CrmPackSalesforceOutboundTrigger().webhookMethods.default.create.call(ctx as never),
		sent,
		staticData,
	};
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

describe('Salesforce Outbound Message trigger v2: endpoint secret', () => {
	const SECRET = 'k3Jx9_QmP2-vR7tY8uW1zA4bC6dE0fGh';
	const message = () => outboundMessage({ organizationId: ORG, notifications: contacts(2) });

	test('is the default version; the webhook path carries the secret from version 2, version 1 keeps ".../outbound"', () => {
		const { description } = new CrmPackSalesforceOutboundTrigger();
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
		expect(description.webhooks?.[0].path).toBe('={{$parameter["endpointSecret"] ? "outbound/" + $parameter["endpointSecret"] : "outbound"}}');
		const secret = description.properties.find((p) => p.name === 'endpointSecret');
		expect(secret?.displayOptions).toEqual({ show: { '@version': [{ _cnd: { gte: 2 } }] } });
	});

	test('a message to the URL with the secret starts the run and is acknowledged', async () => {
		const h = hook(message(), { endpointSecret: SECRET }, {}, { version: 2, path: `/webhook/5f0e/outbound/${SECRET}` });
		const result = await h.run();
		expect(h.sent.status).toBe(200);
		expect(h.sent.body).toContain('<Ack>true</Ack>');
		expect(result.workflowData![0]).toHaveLength(2);
	});

	test('a message without the secret, or with another one, gets 401 and a SOAP fault, no Ack, no run', async () => {
		for (const path of ['/webhook/5f0e/outbound', `/webhook/5f0e/outbound/${SECRET.slice(0, -1)}x`, `/webhook/5f0e/outbound/${SECRET}/x`]) {
			const h = hook(message(), { endpointSecret: SECRET }, {}, { version: 2, path });
			const result = await h.run();
			expect(h.sent.status).toBe(401);
			expect(h.sent.body).toContain('<faultstring>Unauthorized: this endpoint needs its secret</faultstring>');
			expect(h.sent.body).not.toContain('<Ack>');
			expect(result).toEqual({ noWebhookResponse: true });
			expect(h.staticData).toEqual({});
		}
	});

	test('version 2 refuses every message while its secret is empty or unusable', async () => {
		for (const endpointSecret of ['', 'short', 'has/slash-and-is-long-enough-0000']) {
			const h = hook(message(), { endpointSecret }, {}, { version: 2, path: `/webhook/5f0e/outbound/${endpointSecret}` });
			expect(await h.run()).toEqual({ noWebhookResponse: true });
			expect(h.sent.status).toBe(401);
		}
	});

	test('activation of version 2 without a usable secret fails and offers a generated one; version 1 activates as before', async () => {
		const empty = hook(message(), { endpointSecret: '' }, {}, { version: 2 });
		const error = await empty.create().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Set the Endpoint Secret: this node version requires one');
		const offered = /this freshly generated one: (\S+) \./.exec(String((error as NodeOperationError).description))?.[1];
		expect(offered).toMatch(SECRET_PATTERN);
		expect(offered).toHaveLength(43);

		const short = hook(message(), { endpointSecret: 'short' }, {}, { version: 2 });
		await expect(short.create()).rejects.toThrow('The Endpoint Secret must be 24 to 128 letters, digits, "-" or "_"');
		expect(await hook(message(), { endpointSecret: SECRET }, {}, { version: 2 }).create()).toBe(true);
		expect(await hook(message(), {}, {}, { version: 1 }).create()).toBe(true);
	});
});

describe('Salesforce Outbound Message trigger: session id verification (the sandbox is Salesforce)', () => {
	let sb: Sandbox;
	// The sandbox's org and a live session of it.
	const SANDBOX_ORG = '00D000000000001EAA';
	const SESSION = 'sf-sandbox-token';
	beforeAll(async () => {
		sb = await startSandbox({ port: 0, seed: 3 });
	});
	afterAll(async () => await sb.close());

	const verifying = () => ({ organizationId: SANDBOX_ORG, verifySessionId: true, salesforceUrl: sb.salesforce.baseUrl });
	const msg = (sessionId?: string) => outboundMessage({ organizationId: SANDBOX_ORG, sessionId, notifications: contacts(1) });

	test('a live session of the org: GET <Salesforce URL>/services/oauth2/userinfo with it as bearer, then the run', async () => {
		const requests: IHttpRequestOptions[] = [];
		const h = hook(msg(SESSION), verifying(), {}, { requests });
		const result = await h.run();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'GET',
			url: `${sb.salesforce.baseUrl}/services/oauth2/userinfo`,
			headers: { Authorization: `Bearer ${SESSION}`, Accept: 'application/json' },
		});
		expect(h.sent.status).toBe(200);
		expect(result.workflowData![0]).toHaveLength(1);
	});

	test('a forged session, none, or a session of another org: 401 SOAP fault naming the reason, never the session', async () => {
		const cases: Array<[string | undefined, IDataObject, string]> = [
			['00D000000000001!forged', verifying(), 'Salesforce did not accept the session id (HTTP 401)'],
			[undefined, verifying(), 'the message carries no session id (turn on &quot;Send Session ID&quot; in the outbound message)'],
		];
		for (const [session, parameters, reason] of cases) {
			const h = hook(msg(session), parameters);
			expect(await h.run()).toEqual({ noWebhookResponse: true });
			expect(h.sent.status).toBe(401);
			expect(h.sent.body?.replace(/"/g, '&quot;')).toContain(`<faultstring>Unauthorized: ${reason}</faultstring>`);
			if (session) expect(h.sent.body).not.toContain(session);
		}
		// The sandbox org's session presented for another org id.
		const other = hook(outboundMessage({ organizationId: ORG, sessionId: SESSION, notifications: contacts(1) }), {
			organizationId: ORG,
			verifySessionId: true,
			salesforceUrl: sb.salesforce.baseUrl,
		});
		expect(await other.run()).toEqual({ noWebhookResponse: true });
		expect(other.sent.body).toContain('the session id belongs to another organization');
	});

	test('without a Salesforce URL nothing is called and the message is refused', async () => {
		const requests: IHttpRequestOptions[] = [];
		const h = hook(msg(SESSION), { ...verifying(), salesforceUrl: '' }, {}, { requests });
		await h.run();
		expect(requests).toEqual([]);
		expect(h.sent.status).toBe(401);
		expect(h.sent.body).toContain('the Salesforce URL to verify sessions against is not set');
	});
});
