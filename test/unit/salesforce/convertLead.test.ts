import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { CrmPackSalesforce } from '../../../nodes/Salesforce/CrmPackSalesforce.node';
import { convertLeadEnvelope, parseConvertResponse } from '../../../nodes/Salesforce/connector/convertLead';
import { getConvertedStatuses } from '../../../nodes/Salesforce/methods/loadOptions';
import { DATA, INSTANCE, jwtCredentials, sfContext, TOKEN } from './helpers';

/*
 * Convert Lead through the SOAP API (partner endpoint), per Salesforce's SOAP
 * API Developer Guide: POST /services/Soap/u/62.0, text/xml, SOAPAction "",
 * SessionHeader/sessionId = the access token, convertLead/leadConverts (up to
 * 100), convertLeadResponse/result (LeadConvertResult) in request order, and
 * SOAP faults (HTTP 500) for whole-call failures.
 *
 * The envelope sent is parsed here with xml2js (n8n-workflow's own XML
 * dependency), not with the pack's reader, and compared value by value.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const xml2js = require('xml2js') as {
	parseStringPromise(xml: string, options?: IDataObject): Promise<IDataObject>;
	processors: { stripPrefix: (name: string) => string };
};

const SOAP = '/services/Soap/u/62.0';
const NEW_TOKEN = '00D000000000001!AQ4AQRenewedSessionTokenAfterRefresh';
const node = new CrmPackSalesforce();

const lead = (n: number) => `00Q${String(n).padStart(12, '0')}AAA`;
const account = (n: number) => `001${String(n).padStart(12, '0')}AAA`;
const contactId = (n: number) => `003${String(n).padStart(12, '0')}AAA`;
const opp = (n: number) => `006${String(n).padStart(12, '0')}AAA`;

isolateNock();

interface Parsed {
	sessionId: string;
	client?: string;
	converts: Array<Array<[string, string]>>;
	namespaces: IDataObject;
}

/** The envelope as an independent XML parser reads it: header values and every leadConverts' children in order. */
async function parseEnvelope(xml: string): Promise<Parsed> {
	const doc = await xml2js.parseStringPromise(xml, { explicitChildren: true, preserveChildrenOrder: true, explicitArray: true, charkey: 'text' });
	const envelope = doc['soapenv:Envelope'] as IDataObject;
	const kids = (el: IDataObject) => ((el.$$ ?? []) as IDataObject[]).map((c) => [String(c['#name']), c] as [string, IDataObject]);
	const only = (el: IDataObject, name: string) => {
		const found = kids(el).filter(([n]) => n === name);
		expect(found).toHaveLength(1);
		return found[0][1];
	};
	const text = (el: IDataObject) => String(el.text ?? '');
	const header = only(envelope, 'soapenv:Header');
	const body = only(envelope, 'soapenv:Body');
	const call = only(body, 'urn:convertLead');
	const options = kids(header).find(([n]) => n === 'urn:CallOptions')?.[1];
	return {
		namespaces: envelope.$ as IDataObject,
		sessionId: text(only(only(header, 'urn:SessionHeader'), 'urn:sessionId')),
		client: options ? text(only(options, 'urn:client')) : undefined,
		converts: kids(call).map(([name, el]) => {
			expect(name).toBe('urn:leadConverts');
			return kids(el).map(([n, c]) => [n.replace(/^urn:/, ''), text(c)] as [string, string]);
		}),
	};
}

interface ResultSpec {
	leadId?: string | null;
	accountId?: string | null;
	contactId?: string | null;
	opportunityId?: string | null;
	errors?: Array<{ statusCode: string; message: string; fields?: string[] }>;
}

const nil = (name: string, value: string | null | undefined) => (value ? `<${name}>${value}</${name}>` : `<${name} xsi:nil="true"/>`);

/** A convertLeadResponse as Salesforce writes it (partner namespace as the default, LimitInfoHeader). */
function response(results: ResultSpec[], usage = { used: 120, limit: 15000 }): string {
	const items = results
		.map((r) => {
			const errors = (r.errors ?? [])
				.map((e) => `<errors>${(e.fields ?? []).map((f) => `<fields>${f}</fields>`).join('')}<message>${e.message}</message><statusCode>${e.statusCode}</statusCode></errors>`)
				.join('');
			return `<result>${nil('accountId', r.accountId)}${nil('contactId', r.contactId)}${errors}${nil('leadId', r.leadId)}${nil('opportunityId', r.opportunityId)}<success>${r.errors ? 'false' : 'true'}</success></result>`;
		})
		.join('');
	return (
		'<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		`<soapenv:Header><LimitInfoHeader><limitInfo><current>${usage.used}</current><limit>${usage.limit}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader></soapenv:Header>` +
		`<soapenv:Body><convertLeadResponse>${items}</convertLeadResponse></soapenv:Body></soapenv:Envelope>`
	);
}

/** A SOAP fault as the partner API returns it (assumed shape: faultcode sf:CODE, detail with exceptionCode). */
function fault(code: string, message: string): string {
	return (
		'<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		`<soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${code}: ${message}</faultstring>` +
		`<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>${code}</sf:exceptionCode><sf:exceptionMessage>${message}</sf:exceptionMessage></sf:UnexpectedErrorFault></detail>` +
		'</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
	);
}

const XML = { 'Content-Type': 'text/xml;charset=UTF-8' };

function run(
	items: IDataObject[],
	options: { continueOnFail?: boolean; itemParameters?: Array<Record<string, unknown>>; parameters?: IDataObject; credentials?: Record<string, IDataObject> } = {},
) {
	const fake = sfContext({
		parameters: { authentication: 'jwt', resource: 'lead', operation: 'convert', convertedStatus: 'Closed - Converted', createOpportunity: true, convertOptions: {}, options: {}, ...options.parameters },
		items: items.map((json) => ({ json })),
		continueOnFail: options.continueOnFail,
		itemParameters: options.itemParameters ?? items.map((it) => ({ recordId: it.leadId })),
		...(options.credentials ? { credentials: options.credentials } : {}),
	});
	return { out: node.execute.call(fake.ctx) as Promise<INodeExecutionData[][]>, requests: fake.requests };
}

const soapCalls = (requests: IHttpRequestOptions[]) => requests.filter((r) => String(r.url).endsWith(SOAP));

describe('Convert Lead: the envelope', () => {
	test('exact request: endpoint, headers, session header, CallOptions client, leadConverts in WSDL order with per-item values, XML escaped', async () => {
		const bodies: string[] = [];
		const scope = nock(INSTANCE)
			.post(SOAP, (b: string) => (bodies.push(b), true))
			.matchHeader('content-type', 'text/xml; charset=UTF-8')
			.matchHeader('soapaction', '""')
			.reply(200, response([{ leadId: lead(1), accountId: account(1), contactId: contactId(1), opportunityId: opp(1) }, { leadId: lead(2), accountId: account(7), contactId: contactId(7) }]), XML);
		const { out, requests } = run([{ leadId: lead(1) }, { leadId: lead(2) }], {
			itemParameters: [
				{
					recordId: ` ${lead(1)} `,
					convertedStatus: 'Qualified & <Won>',
					convertOptions: { opportunityName: 'Acme "Big" deal', ownerId: '005000000000002AAA', sendNotificationEmail: true },
				},
				{ recordId: lead(2), createOpportunity: false, convertOptions: { accountId: account(7), contactId: contactId(7), overwriteLeadSource: true, opportunityName: 'ignored' } },
			],
		});
		const [items] = await out;
		expect(scope.isDone()).toBe(true);

		const sent = soapCalls(requests);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'POST', url: `${INSTANCE}${SOAP}`, json: false, encoding: 'text' });
		expect(sent[0].headers).toEqual({ SOAPAction: '""', 'Content-Type': 'text/xml; charset=UTF-8', Accept: 'text/xml' });
		expect(bodies[0]).toContain('<urn:convertedStatus>Qualified &amp; &lt;Won&gt;</urn:convertedStatus>');

		const parsed = await parseEnvelope(bodies[0]);
		expect(parsed.namespaces).toEqual({ 'xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/', 'xmlns:urn': 'urn:partner.soap.sforce.com' });
		expect(parsed.sessionId).toBe(TOKEN);
		expect(parsed.client).toBe('n8nCrmPack');
		expect(parsed.converts).toEqual([
			[
				['convertedStatus', 'Qualified & <Won>'],
				['doNotCreateOpportunity', 'false'],
				['leadId', lead(1)],
				['opportunityName', 'Acme "Big" deal'],
				['overwriteLeadSource', 'false'],
				['ownerId', '005000000000002AAA'],
				['sendNotificationEmail', 'true'],
			],
			[
				['accountId', account(7)],
				['contactId', contactId(7)],
				['convertedStatus', 'Closed - Converted'],
				['doNotCreateOpportunity', 'true'],
				['leadId', lead(2)],
				['overwriteLeadSource', 'true'],
				['sendNotificationEmail', 'false'],
			],
		]);

		expect(items).toEqual([
			{ json: { leadId: lead(1), accountId: account(1), contactId: contactId(1), opportunityId: opp(1), success: true }, pairedItem: { item: 0 } },
			{ json: { leadId: lead(2), accountId: account(7), contactId: contactId(7), opportunityId: null, success: true }, pairedItem: { item: 1 } },
		]);
	});

	test('the builder drops characters XML cannot carry and escapes the rest', () => {
		const xml = convertLeadEnvelope("a'b", [{ leadId: '00Q\u0001X', convertedStatus: '<&>' }]);
		expect(xml).toContain('<urn:sessionId>a&apos;b</urn:sessionId>');
		expect(xml).toContain('<urn:leadId>00QX</urn:leadId>');
		expect(xml).toContain('<urn:convertedStatus>&lt;&amp;&gt;</urn:convertedStatus>');
		expect(xml).not.toContain('CallOptions');
	});
});

describe('Convert Lead: results mapped back to items', () => {
	test('101 items: calls of 100 and 1; a failed lead is its own error item under Continue On Fail', async () => {
		const bodies: string[] = [];
		const results = (from: number, n: number): ResultSpec[] =>
			Array.from({ length: n }, (_, i) =>
				from + i === 57
					? { errors: [{ statusCode: 'INVALID_STATUS', message: 'invalid convertedStatus: Closed - Converted', fields: ['Status'] }] }
					: { leadId: lead(from + i), accountId: account(from + i), contactId: contactId(from + i), opportunityId: opp(from + i) },
			);
		nock(INSTANCE)
			.post(SOAP, (b: string) => (bodies.push(b), true))
			.reply(200, response(results(0, 100), { used: 500, limit: 15000 }), XML)
			.post(SOAP, (b: string) => (bodies.push(b), true))
			.reply(200, response(results(100, 1), { used: 501, limit: 15000 }), XML);
		const items = Array.from({ length: 101 }, (_, i) => ({ leadId: lead(i) }));
		const { out } = run(items, { continueOnFail: true });
		const [output] = await out;

		const converts = await Promise.all(bodies.map(parseEnvelope));
		expect(converts.map((c) => c.converts.length)).toEqual([100, 1]);
		expect(converts[1].converts[0]).toContainEqual(['leadId', lead(100)]);
		expect(output).toHaveLength(101);
		expect(output[56]).toEqual({
			json: { leadId: lead(56), accountId: account(56), contactId: contactId(56), opportunityId: opp(56), success: true },
			pairedItem: { item: 56 },
		});
		expect(output[57]).toEqual({
			json: {
				error: 'INVALID_STATUS: invalid convertedStatus: Closed - Converted (fields: Status)',
				code: 'INVALID_STATUS',
				context: { leadId: lead(57), fields: ['Status'] },
			},
			pairedItem: { item: 57 },
		});
		expect(output[100].json).toEqual({ leadId: lead(100), accountId: account(100), contactId: contactId(100), opportunityId: opp(100), success: true });
	});

	test("the SOAP reply's LimitInfoHeader feeds the daily allocation guard: past the stop share the next call is not sent", async () => {
		const results = Array.from({ length: 100 }, (_, i): ResultSpec => ({ leadId: lead(i), accountId: account(i), contactId: contactId(i) }));
		const scope = nock(INSTANCE).post(SOAP).reply(200, response(results, { used: 14000, limit: 15000 }), XML);
		const items = Array.from({ length: 101 }, (_, i) => ({ leadId: lead(i) }));
		const { out, requests } = run(items, { continueOnFail: true });
		const [output] = await out;
		expect(scope.isDone()).toBe(true);
		expect(soapCalls(requests)).toHaveLength(1);
		expect(output[99].json.success).toBe(true);
		expect(String(output[100].json.error)).toMatch(/^Stopped: the Salesforce org has used 93% of its daily API allocation \(14,000 of 15,000 requests/);
	});

	test('without Continue On Fail a failed lead fails the run naming its item; the others were converted', async () => {
		nock(INSTANCE)
			.post(SOAP)
			.reply(
				200,
				response([
					{ leadId: lead(0), accountId: account(0), contactId: contactId(0) },
					{ errors: [{ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead' }] },
				]),
				XML,
			);
		const { out } = run([{ leadId: lead(0) }, { leadId: lead(1) }]);
		await expect(out).rejects.toThrow('1 of 2 records failed, 1 written: item 1: CANNOT_UPDATE_CONVERTED_LEAD: cannot reference converted lead');
	});

	test('bad items fail alone before any call: contact without account, empty status, empty lead', async () => {
		const bodies: string[] = [];
		nock(INSTANCE)
			.post(SOAP, (b: string) => (bodies.push(b), true))
			.reply(200, response([{ leadId: lead(3), accountId: account(3), contactId: contactId(3) }]), XML);
		const { out } = run([{}, {}, {}, {}], {
			continueOnFail: true,
			itemParameters: [
				{ recordId: lead(0), convertOptions: { contactId: contactId(1) } },
				{ recordId: lead(1), convertedStatus: ' ' },
				{ recordId: '' },
				{ recordId: lead(3) },
			],
		});
		const [output] = await out;
		expect((await parseEnvelope(bodies[0])).converts.map((c) => c.find(([n]) => n === 'leadId')?.[1])).toEqual([lead(3)]);
		expect(output.map((o) => o.json.error ?? o.json.leadId)).toEqual([
			'Item 0: field "Existing Contact ID" needs "Existing Account ID" too',
			'Item 1: field "Converted Status" is empty',
			'Item 2: field "Record" is empty',
			lead(3),
		]);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});

	test('a SOAP fault for the call fails its items with the fault code and message', async () => {
		nock(INSTANCE).post(SOAP).reply(500, fault('INVALID_FIELD', 'No such column on entity Lead'), XML);
		const { out } = run([{ leadId: lead(0) }, { leadId: lead(1) }], { continueOnFail: true });
		const [output] = await out;
		expect(output.map((o) => o.json)).toEqual([
			{ error: '500: INVALID_FIELD: No such column on entity Lead', httpCode: 500 },
			{ error: '500: INVALID_FIELD: No such column on entity Lead', httpCode: 500 },
		]);
	});

	test('a reply that is no SOAP envelope (a proxy page) is a clear error', async () => {
		nock(INSTANCE).post(SOAP).reply(500, '<html><body>Bad gateway</body></html>', { 'Content-Type': 'text/html' });
		const { out } = run([{ leadId: lead(0) }], { continueOnFail: true });
		const [output] = await out;
		expect(output[0].json.error).toBe("500: Salesforce's SOAP API answered 500 with an unexpected body (not a SOAP envelope: no Envelope/Body element)");
	});
});

describe('Convert Lead: an expired session', () => {
	test('INVALID_SESSION_ID: a REST call lets n8n renew the session (401, then the throwing re-send), and the convert goes out once more with the new session id', async () => {
		const credentials = jwtCredentials();
		const bodies: string[] = [];
		const scope = nock(INSTANCE)
			.post(SOAP, (b: string) => (bodies.push(b), true))
			.reply(500, fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session'), XML)
			.get('/services/oauth2/userinfo')
			.reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
			.get('/services/oauth2/userinfo')
			.reply(() => {
				// What n8n does before the throwing re-send: the JWT login runs again and the credential is saved.
				credentials.crmPackSalesforceJwtApi.accessToken = NEW_TOKEN;
				return [200, { user_id: '005000000000001AAA' }];
			})
			.post(SOAP, (b: string) => (bodies.push(b), true))
			.reply(200, response([{ leadId: lead(0), accountId: account(0), contactId: contactId(0), opportunityId: opp(0) }]), XML);
		const { out, requests } = run([{ leadId: lead(0) }], { credentials });
		const [output] = await out;
		expect(scope.isDone()).toBe(true);
		expect(requests.map((r) => `${r.method} ${String(r.url).replace(INSTANCE, '')} ${r.ignoreHttpStatusErrors}`)).toEqual([
			`POST ${SOAP} true`,
			'GET /services/oauth2/userinfo true',
			'GET /services/oauth2/userinfo false',
			`POST ${SOAP} true`,
		]);
		expect((await parseEnvelope(bodies[0])).sessionId).toBe(TOKEN);
		expect((await parseEnvelope(bodies[1])).sessionId).toBe(NEW_TOKEN);
		expect(output[0].json).toEqual({ leadId: lead(0), accountId: account(0), contactId: contactId(0), opportunityId: opp(0), success: true });
	});

	test('a session REST accepts but SOAP refuses is reported with a hint, not retried; the session id never appears', async () => {
		const scope = nock(INSTANCE)
			.post(SOAP)
			.reply(500, fault('INVALID_SESSION_ID', `Invalid Session ID found in SessionHeader: ${TOKEN}`), XML)
			.get('/services/oauth2/userinfo')
			.reply(200, { user_id: '005000000000001AAA' });
		const { out, requests } = run([{ leadId: lead(0) }]);
		const error = (await out.catch((e: Error) => e)) as Error & { description?: string };
		expect(scope.isDone()).toBe(true);
		expect(soapCalls(requests)).toHaveLength(1);
		expect(error.message).toBe('1 of 1 records failed, 0 written: item 0: 500: INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: [redacted] (Salesforce refused the session for the SOAP API although the REST API accepts it. Check that the connected app has the "api" OAuth scope and that the user has the "API Enabled" permission.)');
		expect(JSON.stringify(error)).not.toContain(TOKEN);
		expect(String(error.description)).not.toContain(TOKEN);
	});

	test('a session refused again after renewal is reported, without either token', async () => {
		const credentials = jwtCredentials();
		nock(INSTANCE)
			.post(SOAP)
			.reply(500, fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session'), XML)
			.get('/services/oauth2/userinfo')
			.reply(() => {
				credentials.crmPackSalesforceJwtApi.accessToken = NEW_TOKEN;
				return [200, {}];
			})
			.post(SOAP)
			.reply(500, fault('INVALID_SESSION_ID', `Illegal Session ${NEW_TOKEN}`), XML);
		const { out, requests } = run([{ leadId: lead(0) }], { credentials, continueOnFail: true });
		const [output] = await out;
		expect(soapCalls(requests)).toHaveLength(2);
		expect(output[0].json).toEqual({ error: '500: INVALID_SESSION_ID: Illegal Session [redacted]', httpCode: 500 });
	});
});

describe('Convert Lead: response reader and the status dropdown', () => {
	test('reads nil ids, several errors and fields, relatedPersonAccountId, and ignores other limit types', () => {
		const xml =
			'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header><LimitInfoHeader>' +
			'<limitInfo><current>3</current><limit>10</limit><type>API BURSTS</type></limitInfo><limitInfo><current>7</current><limit>100</limit><type>API REQUESTS</type></limitInfo>' +
			'</LimitInfoHeader></soapenv:Header><soapenv:Body><convertLeadResponse>' +
			'<result><accountId xsi:nil="true"/><contactId xsi:nil="true"/><errors><fields>Status</fields><fields>OwnerId</fields><message>a &amp; b</message><statusCode>X</statusCode></errors><errors><message>c</message><statusCode>Y</statusCode></errors><leadId xsi:nil="true"/><opportunityId xsi:nil="true"/><success>false</success></result>' +
			'<result><accountId>001A</accountId><contactId>003A</contactId><leadId>00QA</leadId><opportunityId xsi:nil="true"/><relatedPersonAccountId>001P</relatedPersonAccountId><success>true</success></result>' +
			'</convertLeadResponse></soapenv:Body></soapenv:Envelope>';
		expect(parseConvertResponse(xml)).toEqual({
			usage: { used: 7, limit: 100 },
			results: [
				{
					success: false,
					leadId: null,
					accountId: null,
					contactId: null,
					opportunityId: null,
					errors: [
						{ statusCode: 'X', message: 'a & b', fields: ['Status', 'OwnerId'] },
						{ statusCode: 'Y', message: 'c', fields: [] },
					],
				},
				{ success: true, leadId: '00QA', accountId: '001A', contactId: '003A', opportunityId: null, relatedPersonAccountId: '001P', errors: [] },
			],
		});
	});

	test('Converted Status options: SELECT MasterLabel FROM LeadStatus WHERE IsConverted = true', async () => {
		const scope = nock(INSTANCE)
			.get(`${DATA}/query`)
			.query({ q: 'SELECT MasterLabel FROM LeadStatus WHERE IsConverted = true' })
			.reply(200, {
				totalSize: 2,
				done: true,
				records: [
					{ attributes: { type: 'LeadStatus' }, MasterLabel: 'Closed - Converted' },
					{ attributes: { type: 'LeadStatus' }, MasterLabel: 'Qualified' },
				],
			});
		const { ctx } = sfContext({ parameters: { authentication: 'jwt', resource: 'lead' } });
		await expect(getConvertedStatuses.call(ctx)).resolves.toEqual([
			{ name: 'Closed - Converted', value: 'Closed - Converted' },
			{ name: 'Qualified', value: 'Qualified' },
		]);
		expect(scope.isDone()).toBe(true);
	});
});
