import { createHash, createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { CrmPackHubSpotTrigger } from '../../../nodes/HubSpot/trigger/CrmPackHubSpotTrigger.node';
import { decodeForV3, verifyHubSpotSignature } from '../../../nodes/HubSpot/trigger/verify';
import { isEcho } from '../../../nodes/HubSpot/trigger/events';

const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const NOW = Date.parse('2026-01-01T12:00:00Z');
const PROD_URL = 'https://n8n.example.com/webhook/0b7c7c2e-hs/webhook';
const TEST_URL = 'https://n8n.example.com/webhook-test/0b7c7c2e-hs/webhook';
const APP_ID = '54321';

const events = [
	{
		eventId: 100,
		subscriptionId: 12345,
		portalId: 62515,
		appId: 54321,
		occurredAt: NOW - 2000,
		subscriptionType: 'contact.creation',
		attemptNumber: 0,
		objectId: 123,
		changeSource: 'CRM_UI',
		sourceId: 'userId:777',
		changeFlag: 'NEW',
	},
	{
		eventId: 101,
		subscriptionId: 12346,
		portalId: 62515,
		appId: 54321,
		occurredAt: NOW - 1000,
		subscriptionType: 'deal.propertyChange',
		attemptNumber: 0,
		objectId: 456,
		propertyName: 'dealstage',
		propertyValue: 'closedwon',
		changeSource: 'INTEGRATION',
		sourceId: '999001',
	},
];
const BODY = JSON.stringify(events);

function v3(method: string, uri: string, body: string, timestamp: string, secret = SECRET): string {
	return createHmac('sha256', secret).update(method + uri + body + timestamp, 'utf8').digest('base64');
}

function signedHeaders(body: string, opts: { uri?: string; timestamp?: number; secret?: string } = {}) {
	const timestamp = String(opts.timestamp ?? NOW - 1000);
	return {
		'content-type': 'application/json',
		host: 'n8n.example.com',
		'x-hubspot-request-timestamp': timestamp,
		'x-hubspot-signature-v3': v3('POST', opts.uri ?? PROD_URL, body, timestamp, opts.secret),
	};
}

interface FakeResponse {
	statusCode?: number;
	headers: Record<string, string>;
	/** The body the node wrote (text), if any. */
	sent?: string;
	ended: boolean;
}

function webhookContext(options: {
	body: string;
	headers: Record<string, string>;
	path?: string;
	parameters?: IDataObject;
	staticData?: IDataObject;
	credentials?: IDataObject;
	noRawBody?: boolean;
}) {
	const response: FakeResponse = { ended: false, headers: {} };
	const res = {
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		setHeader(name: string, value: string) {
			response.headers[name.toLowerCase()] = value;
			return res;
		},
		end(data?: string) {
			response.sent = data;
			response.ended = true;
			return res;
		},
	};
	const path = options.path ?? '/webhook/0b7c7c2e-hs/webhook';
	const req = {
		method: 'POST',
		headers: options.headers,
		rawBody: options.noRawBody ? undefined : Buffer.from(options.body, 'utf8'),
		body: JSON.parse(options.body),
		originalUrl: path,
		url: path,
		protocol: 'http',
		readRawBody: async () => {},
	};
	const parameters: IDataObject = { subscriptionManagement: 'manual', events: {}, options: {}, ...(options.parameters ?? {}) };
	const staticData = options.staticData ?? {};
	const ctx = {
		getRequestObject: () => req,
		getResponseObject: () => res,
		getNode: () => ({ id: 'n1', name: 'HubSpot (CRM Pack) Trigger', type: 'crmPackHubSpotTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async () => options.credentials ?? { clientSecret: SECRET, appId: APP_ID, apiKey: '', baseUrl: 'https://api.hubapi.com' },
		getWorkflowStaticData: () => staticData,
		getNodeWebhookUrl: () => PROD_URL,
		getWebhookResourceUrl: () => PROD_URL,
		helpers: {},
	};
	return { ctx: ctx as never, response, staticData };
}

const trigger = new CrmPackHubSpotTrigger();

beforeEach(() => {
	jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => jest.restoreAllMocks());

describe('HubSpot trigger webhook()', () => {
	test('a valid v3 request yields one item per event, exactly as sent', async () => {
		const { ctx, response, staticData } = webhookContext({ body: BODY, headers: signedHeaders(BODY) });
		const result = await trigger.webhook.call(ctx);
		expect(result.workflowData).toEqual([events.map((json) => ({ json }))]);
		// Answered by the node (n8n would otherwise send the literal text "firstEntryJson"): 200 with a small JSON.
		expect(result.noWebhookResponse).toBe(true);
		expect(response).toEqual({
			statusCode: 200,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			sent: '{"received":2,"emitted":2}',
			ended: true,
		});
		expect(staticData.seenEventIds).toEqual(['62515:12345:100', '62515:12346:101']);
	});

	test('a forged signature gets 401 and starts nothing', async () => {
		const headers = signedHeaders(BODY, { secret: 'not-the-secret' });
		const { ctx, response, staticData } = webhookContext({ body: BODY, headers });
		const result = await trigger.webhook.call(ctx);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(response.statusCode).toBe(401);
		expect(response.ended).toBe(true);
		expect(response.sent).toBe('{"message":"Unauthorized: Invalid X-HubSpot-Signature-v3"}');
		expect(response.sent).not.toContain(SECRET);
		expect(staticData).toEqual({});
	});

	test('a tampered body, a missing signature and a stale timestamp get 401', async () => {
		const tampered = BODY.replace('"objectId":123', '"objectId":124');
		for (const [body, headers] of [
			[tampered, signedHeaders(BODY)],
			[BODY, { 'content-type': 'application/json' }],
			[BODY, signedHeaders(BODY, { timestamp: NOW - 5 * 60_000 - 1 })],
		] as Array<[string, Record<string, string>]>) {
			const { ctx, response } = webhookContext({ body, headers });
			const result = await trigger.webhook.call(ctx);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(response.statusCode).toBe(401);
		}
	});

	test('a signature made for another URL is rejected', async () => {
		const headers = signedHeaders(BODY, { uri: 'https://evil.example.com/webhook/0b7c7c2e-hs/webhook' });
		const { ctx, response } = webhookContext({ body: BODY, headers });
		await trigger.webhook.call(ctx);
		expect(response.statusCode).toBe(401);
	});

	test('the query string is part of the signed URI, with HubSpot’s listed characters decoded', async () => {
		const path = '/webhook/0b7c7c2e-hs/webhook?source=hub%3Aspot&x=a%2Fb';
		const signedUri = `${PROD_URL}?source=hub:spot&x=a/b`;
		const { ctx, response } = webhookContext({ body: BODY, headers: signedHeaders(BODY, { uri: signedUri }), path });
		const result = await trigger.webhook.call(ctx);
		expect(response.statusCode).toBe(200);
		expect(result.workflowData?.[0]).toHaveLength(2);
	});

	test('the Public Webhook URL option is used as the signed URL', async () => {
		const publicUrl = 'https://hooks.example.org/hubspot';
		const { ctx, response } = webhookContext({
			body: BODY,
			headers: signedHeaders(BODY, { uri: publicUrl }),
			parameters: { options: { publicUrl } },
		});
		const result = await trigger.webhook.call(ctx);
		expect(response.statusCode).toBe(200);
		expect(result.workflowData?.[0]).toHaveLength(2);
	});

	test('a repeated delivery (HubSpot retry) is dropped on the second call', async () => {
		const staticData: IDataObject = {};
		const first = webhookContext({ body: BODY, headers: signedHeaders(BODY), staticData });
		expect((await trigger.webhook.call(first.ctx)).workflowData?.[0]).toHaveLength(2);

		const retried = JSON.stringify([{ ...events[1], attemptNumber: 1 }, { ...events[0], eventId: 102 }]);
		const second = webhookContext({ body: retried, headers: signedHeaders(retried), staticData });
		const result = await trigger.webhook.call(second.ctx);
		expect(result.workflowData).toEqual([[{ json: { ...events[0], eventId: 102 } }]]);

		const third = webhookContext({ body: retried, headers: signedHeaders(retried), staticData });
		// Acknowledged (HubSpot stops retrying), no run.
		expect(await trigger.webhook.call(third.ctx)).toEqual({ noWebhookResponse: true });
		expect(third.response).toMatchObject({ statusCode: 200, sent: '{"received":2,"emitted":0}' });
	});

	test('echo suppression drops our own writes by sourceId', async () => {
		const { ctx } = webhookContext({
			body: BODY,
			headers: signedHeaders(BODY),
			parameters: { ignoreOwnChanges: true, ownSourceIds: '999001', ownChangeSources: 'INTEGRATION' },
		});
		const result = await trigger.webhook.call(ctx);
		expect(result.workflowData).toEqual([[{ json: events[0] }]]);
	});

	test('filters by configured event types and object types', async () => {
		const onlyDeals = webhookContext({
			body: BODY,
			headers: signedHeaders(BODY),
			parameters: { events: { event: [{ eventType: 'deal.propertyChange', propertyName: 'dealstage' }] } },
		});
		expect((await trigger.webhook.call(onlyDeals.ctx)).workflowData).toEqual([[{ json: events[1] }]]);

		const otherProperty = webhookContext({
			body: BODY,
			headers: signedHeaders(BODY),
			parameters: { events: { event: [{ eventType: 'deal.propertyChange', propertyName: 'amount' }] } },
		});
		expect((await trigger.webhook.call(otherProperty.ctx)).workflowData).toBeUndefined();

		const contacts = webhookContext({ body: BODY, headers: signedHeaders(BODY), parameters: { options: { objectTypes: ['contact'] } } });
		expect((await trigger.webhook.call(contacts.ctx)).workflowData).toEqual([[{ json: events[0] }]]);
	});

	test('legacy v1 is rejected unless allowed, then verified', async () => {
		const v1 = createHash('sha256').update(SECRET + BODY, 'utf8').digest('hex');
		const headers = { 'x-hubspot-signature': v1, 'x-hubspot-signature-version': 'v1' };
		const refused = webhookContext({ body: BODY, headers });
		await trigger.webhook.call(refused.ctx);
		expect(refused.response.statusCode).toBe(401);

		const allowed = webhookContext({ body: BODY, headers, parameters: { options: { acceptLegacySignatures: true } } });
		expect((await trigger.webhook.call(allowed.ctx)).workflowData?.[0]).toHaveLength(2);
	});

	test('a signed body that is not an array of event objects gets 400 and starts nothing', async () => {
		for (const [body, reason] of [
			['not json', 'the body is not JSON'],
			['42', 'the body is not a JSON array of events'],
			['{"eventId":1}', 'the body is not a JSON array of events'],
			['[{"eventId":1},7]', 'event 1 of the body is not a JSON object'],
		]) {
			const staticData: IDataObject = {};
			const { ctx, response } = webhookContext({ body: '{}', headers: signedHeaders(body), staticData });
			(ctx as unknown as { getRequestObject: () => { rawBody: Buffer } }).getRequestObject().rawBody = Buffer.from(body);
			expect(await trigger.webhook.call(ctx)).toEqual({ noWebhookResponse: true });
			expect(response).toMatchObject({ statusCode: 400, sent: JSON.stringify({ message: `Bad request: ${reason}` }) });
			expect(staticData).toEqual({});
		}
	});

	test('falls back to the parsed body when n8n offers no raw body', async () => {
		const { ctx } = webhookContext({ body: BODY, headers: signedHeaders(BODY), noRawBody: true });
		expect((await trigger.webhook.call(ctx)).workflowData?.[0]).toHaveLength(2);
	});
});

describe('HubSpot signature versions', () => {
	const uris = [PROD_URL];
	const base = { clientSecret: SECRET, nowMs: NOW, acceptLegacy: true };

	// Examples from HubSpot's request-validation guide (v1 and v2, secret yyyyyyyy-…).
	const docBody =
		'[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';

	test('v1 matches the documented example hash', () => {
		const headers = { 'x-hubspot-signature': '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de', 'x-hubspot-signature-version': 'v1' };
		expect(verifyHubSpotSignature({ method: 'POST', uris, rawBody: Buffer.from(docBody), headers }, base)).toEqual({ ok: true, version: 'v1' });
	});

	test('v2 matches the documented GET example hash', () => {
		const headers = { 'x-hubspot-signature': 'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e', 'x-hubspot-signature-version': 'v2' };
		const request = { method: 'GET', uris: ['https://www.example.com/webhook_uri'], rawBody: Buffer.alloc(0), headers };
		expect(verifyHubSpotSignature(request, base)).toEqual({ ok: true, version: 'v2' });
		expect(verifyHubSpotSignature({ ...request, uris: ['https://www.example.com/other'] }, base).ok).toBe(false);
	});

	test('v2 over a POST body, computed independently', () => {
		const sig = createHash('sha256').update(`${SECRET}POST${PROD_URL}${BODY}`, 'utf8').digest('hex');
		const headers = { 'x-hubspot-signature': sig, 'x-hubspot-signature-version': 'v2' };
		expect(verifyHubSpotSignature({ method: 'POST', uris, rawBody: Buffer.from(BODY), headers }, base)).toEqual({ ok: true, version: 'v2' });
		expect(verifyHubSpotSignature({ method: 'POST', uris, rawBody: Buffer.from(`${BODY} `), headers }, base).ok).toBe(false);
	});

	test('an unknown version is rejected', () => {
		const headers = { 'x-hubspot-signature': 'abc', 'x-hubspot-signature-version': 'v9' };
		expect(verifyHubSpotSignature({ method: 'POST', uris, rawBody: Buffer.from(BODY), headers }, base)).toEqual({
			ok: false,
			reason: 'Unsupported X-HubSpot-Signature-Version',
		});
	});

	test('a request with a bad v3 signature is not rescued by a valid v1 one', () => {
		const v1 = createHash('sha256').update(SECRET + BODY, 'utf8').digest('hex');
		const headers = {
			'x-hubspot-signature': v1,
			'x-hubspot-signature-version': 'v1',
			'x-hubspot-signature-v3': 'AAAA',
			'x-hubspot-request-timestamp': String(NOW),
		};
		expect(verifyHubSpotSignature({ method: 'POST', uris, rawBody: Buffer.from(BODY), headers }, base).ok).toBe(false);
	});

	test('v3 rejects a timestamp too far in the future and a missing timestamp', () => {
		const future = String(NOW + 5 * 60_000 + 1);
		const headers = { 'x-hubspot-signature-v3': v3('POST', PROD_URL, BODY, future), 'x-hubspot-request-timestamp': future };
		expect(verifyHubSpotSignature({ method: 'POST', uris, rawBody: Buffer.from(BODY), headers }, base)).toEqual({
			ok: false,
			reason: 'Request timestamp is too far in the future',
		});
		const noTs = { 'x-hubspot-signature-v3': v3('POST', PROD_URL, BODY, '') };
		expect(verifyHubSpotSignature({ method: 'POST', uris, rawBody: Buffer.from(BODY), headers: noTs }, base).ok).toBe(false);
	});

	test('v3 fails without a client secret', () => {
		const ts = String(NOW);
		const headers = { 'x-hubspot-signature-v3': v3('POST', PROD_URL, BODY, ts, ''), 'x-hubspot-request-timestamp': ts };
		expect(verifyHubSpotSignature({ method: 'POST', uris, rawBody: Buffer.from(BODY), headers }, { ...base, clientSecret: '' }).ok).toBe(false);
	});

	test('the test URL is accepted when n8n serves the test webhook', () => {
		const ts = String(NOW);
		const headers = { 'x-hubspot-signature-v3': v3('POST', TEST_URL, BODY, ts), 'x-hubspot-request-timestamp': ts };
		expect(verifyHubSpotSignature({ method: 'POST', uris: [PROD_URL, TEST_URL], rawBody: Buffer.from(BODY), headers }, base).ok).toBe(true);
	});

	test('decodeForV3 decodes exactly the listed characters', () => {
		expect(decodeForV3('https://h/p?a=%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B&b=%20%26%3d')).toBe("https://h/p?a=:/?@!$'()*,;&b=%20%26%3d");
	});
});

describe('echo suppression rules', () => {
	const ours = { changeSources: ['INTEGRATION'], sourceIds: ['999001'] };
	test('matches sourceId (bare or prefixed) together with the change source', () => {
		expect(isEcho({ changeSource: 'INTEGRATION', sourceId: '999001' }, ours)).toBe(true);
		expect(isEcho({ changeSource: 'integration', sourceId: 'appId:999001' }, ours)).toBe(true);
		expect(isEcho({ changeSource: 'INTEGRATION', sourceId: '999002' }, ours)).toBe(false);
		expect(isEcho({ changeSource: 'CRM_UI', sourceId: '999001' }, ours)).toBe(false);
		expect(isEcho({ changeSource: 'CRM_UI', sourceId: '999001' }, { changeSources: [], sourceIds: ['999001'] })).toBe(true);
	});
	test('with no source ids, the change source alone decides', () => {
		expect(isEcho({ changeSource: 'INTEGRATION', sourceId: 'x' }, { changeSources: ['INTEGRATION'], sourceIds: [] })).toBe(true);
		expect(isEcho({ changeSource: 'CRM_UI' }, { changeSources: ['INTEGRATION'], sourceIds: [] })).toBe(false);
		expect(isEcho({ changeSource: 'INTEGRATION' }, { changeSources: [], sourceIds: [] })).toBe(false);
	});
});
