import axios from 'axios';
import nock from 'nock';
import { NodeApiError, type IDataObject, type IHttpRequestOptions } from 'n8n-workflow';
import { CrmPackHubSpotDeveloperApi } from '../../../credentials/CrmPackHubSpotDeveloperApi.credentials';
import { CrmPackHubSpotTrigger } from '../../../nodes/HubSpot/trigger/CrmPackHubSpotTrigger.node';

const API = 'https://api.hubapi.com';
const APP_ID = '54321';
const KEY = 'dev-key-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const URL_PROD = 'https://n8n.example.com/webhook/0b7c7c2e-hs/webhook';
const credential = new CrmPackHubSpotDeveloperApi();
const creds: IDataObject = { clientSecret: 'secret-1', appId: APP_ID, apiKey: KEY, baseUrl: API };

/** Resolves the credential's `={{$credentials.x}}` values, as n8n does for `authenticate`. */
function resolve(value: string, data: IDataObject): string {
	return value.replace(/^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/, (_m, key: string) => String(data[key] ?? ''));
}

function hookContext(parameters: IDataObject, staticData: IDataObject = {}, credentialData: IDataObject = creds) {
	const node = { id: 'n1', name: 'HubSpot (CRM Pack) Trigger', type: 'crmPackHubSpotTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const requests: IHttpRequestOptions[] = [];
	const httpRequestWithAuthentication = async (_type: string, opts: IHttpRequestOptions) => {
		requests.push(opts);
		const auth = credential.authenticate.properties.qs ?? {};
		const qs: IDataObject = { ...(opts.qs ?? {}) };
		for (const [k, v] of Object.entries(auth)) qs[k] = resolve(String(v), credentialData);
		try {
			const res = await axios.request({
				method: opts.method,
				url: opts.url,
				params: qs,
				data: opts.body,
				headers: opts.headers as Record<string, string>,
				validateStatus: opts.ignoreHttpStatusErrors === false ? undefined : () => true,
				adapter: 'fetch',
			});
			return { body: res.data === '' ? undefined : res.data, headers: res.headers, statusCode: res.status };
		} catch (error) {
			throw new NodeApiError(node, error as never);
		}
	};
	const ctx = {
		getNode: () => node,
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async () => credentialData,
		getWorkflowStaticData: () => staticData,
		getNodeWebhookUrl: () => URL_PROD,
		getMode: () => 'trigger',
		helpers: { httpRequestWithAuthentication },
	};
	return { ctx: ctx as never, requests, staticData };
}

const trigger = new CrmPackHubSpotTrigger();
const methods = trigger.webhookMethods.default;
const automatic = {
	subscriptionManagement: 'automatic',
	events: {
		event: [
			{ eventType: 'contact.creation', propertyName: '' },
			{ eventType: 'deal.propertyChange', propertyName: 'dealstage' },
		],
	},
	options: {},
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	nock.cleanAll();
});
afterAll(() => {
	nock.enableNetConnect();
	nock.restore();
});

describe('HubSpot trigger subscription lifecycle (automatic)', () => {
	test('create sets the target URL and creates each subscription with the developer key', async () => {
		const scope = nock(API)
			.get(`/webhooks/v3/${APP_ID}/settings`)
			.query({ hapikey: KEY })
			.reply(404, { status: 'error', message: 'Not found' })
			.put(`/webhooks/v3/${APP_ID}/settings`, { targetUrl: URL_PROD, throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' } })
			.query({ hapikey: KEY })
			.reply(200, { targetUrl: URL_PROD, throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' } })
			.get(`/webhooks/v3/${APP_ID}/subscriptions`)
			.query({ hapikey: KEY })
			.reply(200, { results: [] })
			.post(`/webhooks/v3/${APP_ID}/subscriptions`, { eventType: 'contact.creation', active: true })
			.query({ hapikey: KEY })
			.reply(201, { id: '101', eventType: 'contact.creation', active: true })
			.post(`/webhooks/v3/${APP_ID}/subscriptions`, { eventType: 'deal.propertyChange', propertyName: 'dealstage', active: true })
			.query({ hapikey: KEY })
			.reply(201, { id: '102', eventType: 'deal.propertyChange', propertyName: 'dealstage', active: true });

		const { ctx, staticData } = hookContext(automatic);
		await expect(methods.create.call(ctx)).resolves.toBe(true);
		expect(scope.isDone()).toBe(true);
		expect(staticData.hubspotWebhook).toEqual({ subscriptionIds: ['101', '102'], targetUrl: URL_PROD });
	});

	test('create keeps existing matching subscriptions, re-activates paused ones, and records only what it created', async () => {
		const scope = nock(API)
			.get(`/webhooks/v3/${APP_ID}/settings`)
			.query({ hapikey: KEY })
			.reply(200, { targetUrl: URL_PROD })
			.get(`/webhooks/v3/${APP_ID}/subscriptions`)
			.query({ hapikey: KEY })
			.reply(200, {
				results: [
					{ id: '7', eventType: 'contact.creation', active: true },
					{ id: '8', eventType: 'deal.propertyChange', propertyName: 'dealstage', active: false },
				],
			})
			.patch(`/webhooks/v3/${APP_ID}/subscriptions/8`, { active: true })
			.query({ hapikey: KEY })
			.reply(200, { id: '8', eventType: 'deal.propertyChange', propertyName: 'dealstage', active: true });

		const { ctx, staticData } = hookContext(automatic);
		await methods.create.call(ctx);
		expect(scope.isDone()).toBe(true);
		expect(staticData.hubspotWebhook).toEqual({ subscriptionIds: [], targetUrl: URL_PROD });
	});

	test('create refuses to take over an app that sends its webhooks elsewhere', async () => {
		nock(API).get(`/webhooks/v3/${APP_ID}/settings`).query({ hapikey: KEY }).reply(200, { targetUrl: 'https://other.example.com/hook' });
		const { ctx } = hookContext(automatic);
		await expect(methods.create.call(ctx)).rejects.toThrow(`HubSpot app ${APP_ID} already sends its webhooks to another URL`);
	});

	test('create needs a property for property-change events and the key and app id', async () => {
		const { ctx } = hookContext({ ...automatic, events: { event: [{ eventType: 'deal.propertyChange', propertyName: '' }] } });
		await expect(methods.create.call(ctx)).rejects.toThrow('needs a Property Name');
		const noKey = hookContext(automatic, {}, { ...creds, apiKey: '' });
		await expect(methods.create.call(noKey.ctx)).rejects.toThrow('needs the App ID and the Developer API Key');
	});

	test('checkExists is true only when the target URL is ours and every subscription is active', async () => {
		nock(API)
			.get(`/webhooks/v3/${APP_ID}/settings`)
			.query({ hapikey: KEY })
			.reply(200, { targetUrl: URL_PROD })
			.get(`/webhooks/v3/${APP_ID}/subscriptions`)
			.query({ hapikey: KEY })
			.reply(200, {
				results: [
					{ id: '101', eventType: 'contact.creation', active: true },
					{ id: '102', eventType: 'deal.propertyChange', propertyName: 'dealstage', active: true },
				],
			});
		await expect(methods.checkExists.call(hookContext(automatic).ctx)).resolves.toBe(true);

		nock(API)
			.get(`/webhooks/v3/${APP_ID}/settings`)
			.query({ hapikey: KEY })
			.reply(200, { targetUrl: URL_PROD })
			.get(`/webhooks/v3/${APP_ID}/subscriptions`)
			.query({ hapikey: KEY })
			.reply(200, { results: [{ id: '101', eventType: 'contact.creation', active: true }] });
		await expect(methods.checkExists.call(hookContext(automatic).ctx)).resolves.toBe(false);

		nock(API).get(`/webhooks/v3/${APP_ID}/settings`).query({ hapikey: KEY }).reply(404, {});
		await expect(methods.checkExists.call(hookContext(automatic).ctx)).resolves.toBe(false);
	});

	test('delete removes the subscriptions it created and its target URL', async () => {
		const scope = nock(API)
			.delete(`/webhooks/v3/${APP_ID}/subscriptions/101`)
			.query({ hapikey: KEY })
			.reply(204)
			.delete(`/webhooks/v3/${APP_ID}/subscriptions/102`)
			.query({ hapikey: KEY })
			.reply(404, { message: 'gone already' })
			.get(`/webhooks/v3/${APP_ID}/settings`)
			.query({ hapikey: KEY })
			.reply(200, { targetUrl: URL_PROD })
			.delete(`/webhooks/v3/${APP_ID}/settings`)
			.query({ hapikey: KEY })
			.reply(204);
		const staticData: IDataObject = { hubspotWebhook: { subscriptionIds: ['101', '102'], targetUrl: URL_PROD }, seenEventIds: ['1:2:3'] };
		const { ctx } = hookContext(automatic, staticData);
		await expect(methods.delete.call(ctx)).resolves.toBe(true);
		expect(scope.isDone()).toBe(true);
		expect(staticData).toEqual({ seenEventIds: ['1:2:3'] });
	});

	test('delete leaves a target URL that points elsewhere', async () => {
		const scope = nock(API).get(`/webhooks/v3/${APP_ID}/settings`).query({ hapikey: KEY }).reply(200, { targetUrl: 'https://other.example.com/hook' });
		const { ctx } = hookContext(automatic, {});
		await methods.delete.call(ctx);
		expect(scope.isDone()).toBe(true);
	});

	test('API errors surface without the developer key', async () => {
		nock(API)
			.get(`/webhooks/v3/${APP_ID}/settings`)
			.times(2)
			.query({ hapikey: KEY })
			.reply(401, { status: 'error', message: `The API key provided is invalid. hapikey=${KEY}` });
		const { ctx } = hookContext(automatic);
		const error = await methods.create.call(ctx).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		expect(JSON.stringify({ message: (error as Error).message, description: (error as NodeApiError).description })).not.toContain(KEY);
	});
});

describe('HubSpot trigger subscription lifecycle (manual)', () => {
	test('makes no API calls and reports the webhook as set up', async () => {
		const { ctx, requests } = hookContext({ ...automatic, subscriptionManagement: 'manual' }, {}, { clientSecret: 'secret-1' });
		await expect(methods.checkExists.call(ctx)).resolves.toBe(true);
		await expect(methods.create.call(ctx)).resolves.toBe(true);
		await expect(methods.delete.call(ctx)).resolves.toBe(true);
		expect(requests).toHaveLength(0);
	});
});

describe('developer credential', () => {
	test('sends the developer key as the hapikey query parameter and tests against the subscriptions endpoint', () => {
		expect(credential.name).toBe('crmPackHubSpotDeveloperApi');
		expect(credential.authenticate).toEqual({ type: 'generic', properties: { qs: { hapikey: '={{$credentials.apiKey}}' } } });
		expect(credential.test.request.url).toBe('=/webhooks/v3/{{$credentials.appId}}/subscriptions');
		expect(credential.properties.find((p) => p.name === 'clientSecret')?.typeOptions?.password).toBe(true);
		expect(credential.properties.find((p) => p.name === 'apiKey')?.typeOptions?.password).toBe(true);
	});
});
