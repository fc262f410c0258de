import { createVerify, generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import axios from 'axios';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { CrmPackSalesforceJwtApi, signSalesforceJwt } from '../../../credentials/CrmPackSalesforceJwtApi.credentials';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});

function decode(jwt: string) {
	const [h, c, s] = jwt.split('.');
	return {
		header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as IDataObject,
		claims: JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as IDataObject,
		valid: createVerify('RSA-SHA256').update(`${h}.${c}`).verify(publicKey, Buffer.from(s, 'base64url')),
	};
}

/** n8n's httpRequest helper, as preAuthentication receives it: over axios, throwing on HTTP errors. */
const helper = {
	helpers: {
		httpRequest: async (opts: IHttpRequestOptions) => {
			const res = await axios.request({ method: opts.method, url: opts.url, data: opts.body, headers: opts.headers as Record<string, string> });
			return res.data as unknown;
		},
	},
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('JWT bearer flow', () => {
	test('the assertion is RS256, verifies with the public key and carries iss, sub, aud and a short exp', () => {
		const jwt = signSalesforceJwt({ consumerKey: 'ck', username: 'u@example.com', audience: 'https://login.salesforce.com', privateKey, nowSeconds: 1_800_000_000 });
		const { header, claims, valid } = decode(jwt);
		expect(valid).toBe(true);
		expect(header).toEqual({ alg: 'RS256' });
		expect(claims).toEqual({ iss: 'ck', sub: 'u@example.com', aud: 'https://login.salesforce.com', exp: 1_800_000_170 });
	});

	test('a key pasted with literal \\n signs the same way', () => {
		const oneLine = privateKey.replace(/\n/g, '\\n');
		const jwt = signSalesforceJwt({ consumerKey: 'ck', username: 'u', audience: 'a', privateKey: oneLine });
		expect(decode(jwt).valid).toBe(true);
	});

	test('a tampered assertion does not verify', () => {
		const jwt = signSalesforceJwt({ consumerKey: 'ck', username: 'u', audience: 'a', privateKey });
		const [h, , s] = jwt.split('.');
		const forged = Buffer.from(JSON.stringify({ iss: 'ck', sub: 'admin', aud: 'a', exp: 9e9 })).toString('base64url');
		expect(createVerify('RSA-SHA256').update(`${h}.${forged}`).verify(publicKey, Buffer.from(s, 'base64url'))).toBe(false);
	});

	test('preAuthentication posts the grant to the login host and returns the token and instance URL', async () => {
		const bodies: string[] = [];
		const scope = nock('https://test.salesforce.com')
			.matchHeader('content-type', 'application/x-www-form-urlencoded')
			.post('/services/oauth2/token', (body: unknown) => {
				bodies.push(new URLSearchParams(body as Record<string, string>).toString());
				return true;
			})
			.reply(200, { access_token: 'SESSION', instance_url: 'https://acme--dev.sandbox.my.salesforce.com', token_type: 'Bearer' });
		const cred = new CrmPackSalesforceJwtApi();
		const out = await cred.preAuthentication.call(helper as never, {
			environment: 'sandbox',
			consumerKey: 'ck',
			username: 'u@example.com',
			privateKey,
		});
		expect(out).toEqual({ accessToken: 'SESSION', instanceUrl: 'https://acme--dev.sandbox.my.salesforce.com' });
		const params = new URLSearchParams(bodies[0]);
		expect(params.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
		const { claims, valid } = decode(String(params.get('assertion')));
		expect(valid).toBe(true);
		expect(claims).toMatchObject({ iss: 'ck', sub: 'u@example.com', aud: 'https://test.salesforce.com' });
		expect(scope.isDone()).toBe(true);
	});

	test('a refused login reports Salesforce\'s reason and nothing of the assertion or key', async () => {
		nock('https://login.salesforce.com').post('/services/oauth2/token').reply(400, { error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
		const cred = new CrmPackSalesforceJwtApi();
		const error = (await cred.preAuthentication
			.call(helper as never, { environment: 'production', consumerKey: 'ck', username: 'u', privateKey })
			.catch((e: Error) => e)) as Error;
		expect(error.message).toBe("Salesforce JWT login failed (400): user hasn't approved this consumer");
		expect(JSON.stringify(error)).not.toMatch(/eyJ|PRIVATE KEY/);
	});

	test('the credential keeps the token in an expirable hidden field and authenticates with Bearer', () => {
		const cred = new CrmPackSalesforceJwtApi();
		const token = cred.properties.find((p) => p.name === 'accessToken');
		expect(token).toMatchObject({ type: 'hidden', typeOptions: { expirable: true } });
		expect(cred.authenticate.properties.headers).toEqual({ Authorization: '=Bearer {{$credentials.accessToken}}' });
		expect(cred.test.request.url).toBe('/services/oauth2/userinfo');
	});
});
