import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject } from 'n8n-workflow';
import { collect } from '../../../shared/paging/paginate';
import { contact, DATA, INSTANCE, jwtCredentials, LIMIT_HEADER, recordBody, setup, TOKEN } from './helpers';

/*
 * Request shapes follow Salesforce's REST API reference (v62.0):
 *   GET    /services/data/vXX.X/query?q=SOQL, then GET {nextRecordsUrl} while done=false
 *          (batch size hint: header Sforce-Query-Options: batchSize=N, 200-2,000)
 *   GET    /services/data/vXX.X/sobjects/{sObject}/{id}?fields=a,b
 *   GET    /services/data/vXX.X/sobjects/{sObject}/{externalIdField}/{value}
 *   POST   /services/data/vXX.X/composite/sobjects            {allOrNone, records:[{attributes:{type}, ...}]}
 *   PATCH  /services/data/vXX.X/composite/sobjects            {allOrNone, records:[{attributes:{type}, id, ...}]}
 *   PATCH  /services/data/vXX.X/composite/sobjects/{sObject}/{externalIdField}  (results carry `created`)
 *   DELETE /services/data/vXX.X/composite/sobjects?ids=a,b&allOrNone=false
 *   GET    /services/data/vXX.X/sobjects/{sObject}/describe
 *   GET    /services/data/vXX.X/search?q=SOSL
 * Results of collection calls: [{id, success, errors:[{statusCode, message, fields}]}] in request order.
 */

isolateNock();

describe('query', () => {
	test('follows nextRecordsUrl until done, with the batch size hint, and stops at the limit without fetching more', async () => {
		const { connector, stats } = await setup({ queryBatchSize: 200 });
		const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => contact(from + i));
		const scope = nock(INSTANCE)
			.matchHeader('authorization', `Bearer ${TOKEN}`)
			.matchHeader('sforce-query-options', 'batchSize=200')
			.get(`${DATA}/query`)
			.query({ q: 'SELECT Id FROM Contact' })
			.reply(200, { totalSize: 1000, done: false, nextRecordsUrl: `${DATA}/query/01gXX-200`, records: page(1, 200) })
			.get(`${DATA}/query/01gXX-200`)
			.reply(200, { totalSize: 1000, done: false, nextRecordsUrl: `${DATA}/query/01gXX-400`, records: page(201, 200) });
		const records = await collect(connector.query('SELECT Id FROM Contact', { limit: 250 }));
		expect(records).toHaveLength(250);
		expect(records[249].id).toBe(contact(250).Id);
		expect(records[0].objectType).toBe('Contact');
		expect(stats.calls).toBe(2);
		expect(scope.isDone()).toBe(true);
	});

	test('walks every batch when no limit is set and ends at done=true', async () => {
		const { connector } = await setup();
		nock(INSTANCE)
			.get(`${DATA}/query`)
			.query(true)
			.reply(200, { totalSize: 3, done: false, nextRecordsUrl: `${DATA}/query/01gA-1`, records: [contact(1)] })
			.get(`${DATA}/query/01gA-1`)
			.reply(200, { totalSize: 3, done: false, nextRecordsUrl: `${DATA}/query/01gA-2`, records: [contact(2)] })
			.get(`${DATA}/query/01gA-2`)
			.reply(200, { totalSize: 3, done: true, records: [contact(3)] });
		const records = await collect(connector.query('SELECT Id FROM Contact'));
		expect(records.map((r) => r.properties.LastName)).toEqual(['Lovelace1', 'Lovelace2', 'Lovelace3']);
		expect(records[0].updatedAt).toBe('2026-01-03T03:04:05.000Z');
		expect(records[0].createdAt).toBe('2026-01-02T03:04:05.000Z');
	});

	test('list selects the neutral fields plus system fields, ordered by Id with LIMIT', async () => {
		const { connector } = await setup();
		const soql =
			'SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, FirstName, LastName, Email, Phone, MobilePhone, Title, OwnerId, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry FROM Contact ORDER BY Id LIMIT 5';
		const scope = nock(INSTANCE).get(`${DATA}/query`).query({ q: soql }).reply(200, { totalSize: 1, done: true, records: [contact(1)] });
		await collect(connector.list('Contact', { limit: 5 }));
		expect(scope.isDone()).toBe(true);
	});

	test('listChanged filters and orders on SystemModstamp (whole seconds, ties by Id)', async () => {
		const { connector } = await setup();
		const soql =
			'SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, Name, Industry FROM Account WHERE SystemModstamp >= 2026-01-05T10:20:30Z ORDER BY SystemModstamp ASC, Id ASC';
		const scope = nock(INSTANCE).get(`${DATA}/query`).query({ q: soql }).reply(200, { totalSize: 0, done: true, records: [] });
		await collect(connector.listChanged('Account', { since: '2026-01-05T10:20:30.999Z', properties: ['Name', 'Industry'] }));
		expect(scope.isDone()).toBe(true);
	});

	test('custom objects without a field list select every field from the describe', async () => {
		const { connector } = await setup();
		const scope = nock(INSTANCE)
			.get(`${DATA}/sobjects/Invoice__c/describe`)
			.reply(200, { name: 'Invoice__c', fields: [{ name: 'Id' }, { name: 'Name' }, { name: 'Total__c' }, { name: 'SystemModstamp' }] })
			.get(`${DATA}/query`)
			.query({ q: 'SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, Name, Total__c FROM Invoice__c ORDER BY Id' })
			.reply(200, { totalSize: 0, done: true, records: [] });
		await collect(connector.list('Invoice__c'));
		expect(scope.isDone()).toBe(true);
	});

	test('rejects object and field names that could inject SOQL', async () => {
		const { connector } = await setup();
		await expect(collect(connector.list('Contact WHERE 1=1'))).rejects.toThrow('not a valid Salesforce object API name');
		await expect(collect(connector.list('Contact', { properties: ['Id) FROM User --'] }))).rejects.toThrow('field API name');
	});
});

describe('get and search', () => {
	test('GET /sobjects/{type}/{id} with fields', async () => {
		const { connector } = await setup();
		const id = contact(7).Id as string;
		const scope = nock(INSTANCE).get(`${DATA}/sobjects/Contact/${id}`).query({ fields: 'Email,FirstName' }).reply(200, contact(7));
		const record = await connector.get('Contact', id, ['Email', 'FirstName']);
		expect(record.id).toBe(id);
		expect(record.properties.Email).toBe('ada7@example.com');
		expect(record.properties.attributes).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});

	test('GET by external id field', async () => {
		const { connector } = await setup();
		const scope = nock(INSTANCE).get(`${DATA}/sobjects/Contact/Ext_Id__c/A%2F1`).reply(200, contact(8));
		await connector.get('Contact', 'A/1', undefined, 'Ext_Id__c');
		expect(scope.isDone()).toBe(true);
	});

	test('SOSL search escapes reserved characters and names the fields and limit', async () => {
		const { connector } = await setup();
		const scope = nock(INSTANCE)
			.get(`${DATA}/search`)
			.query({ q: 'FIND {ada\\-lovelace \\(test\\)} IN ALL FIELDS RETURNING Contact(Id, CreatedDate, LastModifiedDate, SystemModstamp, Email LIMIT 10)' })
			.reply(200, { searchRecords: [contact(1)] });
		const found = await connector.search('Contact', 'ada-lovelace (test)', { properties: ['Email'], limit: 10 });
		expect(found).toHaveLength(1);
		expect(scope.isDone()).toBe(true);
	});

	test('describeFields maps picklists, read-only and external id fields', async () => {
		const { connector } = await setup();
		nock(INSTANCE)
			.get(`${DATA}/sobjects/Lead/describe`)
			.reply(200, {
				fields: [
					{ name: 'Id', label: 'Lead ID', type: 'id', createable: false, updateable: false },
					{ name: 'Status', label: 'Status', type: 'picklist', createable: true, updateable: true, picklistValues: [{ value: 'Open', label: 'Open', active: true }, { value: 'Old', label: 'Old', active: false }] },
					{ name: 'Ext__c', label: 'Ext', type: 'string', createable: true, updateable: true, externalId: true },
				],
			});
		const fields = await connector.describeFields('Lead');
		expect(fields).toEqual([
			{ name: 'Id', label: 'Lead ID', type: 'id', options: [], readOnly: true, unique: false },
			{ name: 'Status', label: 'Status', type: 'picklist', options: [{ label: 'Open', value: 'Open' }], readOnly: false, unique: false },
			{ name: 'Ext__c', label: 'Ext', type: 'string', options: [], readOnly: false, unique: true },
		]);
		expect((await connector.externalIdFields('Lead')).map((f) => f.name)).toEqual(['Ext__c']);
	});
});

describe('sObject Collections', () => {
	test('create: POST with attributes, allOrNone and Sforce-Call-Options; per-record results in order', async () => {
		const { connector } = await setup({}, { allOrNone: false });
		const bodies: unknown[] = [];
		const scope = nock(INSTANCE)
			.matchHeader('sforce-call-options', 'client=n8nCrmPack')
			.post(`${DATA}/composite/sobjects`, recordBody(bodies))
			.reply(200, [
				{ id: '003000000000001AAA', success: true, errors: [] },
				{ id: null, success: false, errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: bad', fields: ['Email'] }] },
			]);
		const outcomes = await connector.createMany('Contact', [{ LastName: 'Ok', Email: 'ok@example.com' }, { LastName: 'Bad', Email: 'bad' }]);
		expect(bodies[0]).toEqual({
			allOrNone: false,
			records: [
				{ attributes: { type: 'Contact' }, LastName: 'Ok', Email: 'ok@example.com' },
				{ attributes: { type: 'Contact' }, LastName: 'Bad', Email: 'bad' },
			],
		});
		expect(outcomes[0]).toMatchObject({ index: 0, ok: true, record: { id: '003000000000001AAA', properties: { LastName: 'Ok', Id: '003000000000001AAA' } } });
		expect(outcomes[1]).toEqual({
			index: 1,
			ok: false,
			message: 'INVALID_EMAIL_ADDRESS: Email: invalid email address: bad (fields: Email)',
			code: 'INVALID_EMAIL_ADDRESS',
			context: { fields: ['Email'] },
			fields: ['Email'],
			issues: [{ field: 'Email', reason: 'Email: invalid email address: bad' }],
		});
		expect(scope.isDone()).toBe(true);
	});

	test('create is not retried after a 503 (it may have been saved)', async () => {
		const { connector, stats } = await setup();
		nock(INSTANCE).post(`${DATA}/composite/sobjects`).reply(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }]);
		await expect(connector.createMany('Contact', [{ LastName: 'X' }])).rejects.toThrow('503');
		expect(stats.calls).toBe(1);
	});

	test('update: PATCH with ids, retried after a 503 (idempotent)', async () => {
		const { connector, stats } = await setup({ clientId: 'syncJob42' }, { allOrNone: true });
		const bodies: unknown[] = [];
		nock(INSTANCE)
			.patch(`${DATA}/composite/sobjects`)
			.reply(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }])
			.patch(`${DATA}/composite/sobjects`, recordBody(bodies))
			.matchHeader('sforce-call-options', 'client=syncJob42')
			.reply(200, [{ id: '003A', success: true, errors: [] }]);
		const outcomes = await connector.updateMany('Contact', [{ id: '003A', properties: { Title: 'CTO' } }]);
		expect(bodies[0]).toEqual({ allOrNone: true, records: [{ attributes: { type: 'Contact' }, Title: 'CTO', id: '003A' }] });
		expect(outcomes[0]).toMatchObject({ ok: true, record: { id: '003A', properties: { Title: 'CTO' } } });
		expect(stats.calls).toBe(2);
	});

	test('upsert: PATCH /composite/sobjects/{type}/{externalIdField}, created flags per record', async () => {
		const { connector } = await setup();
		const bodies: unknown[] = [];
		nock(INSTANCE)
			.patch(`${DATA}/composite/sobjects/Contact/Ext_Id__c`, recordBody(bodies))
			.reply(200, [
				{ id: '003N', success: true, errors: [], created: true },
				{ id: '003O', success: true, errors: [], created: false },
			]);
		const outcomes = await connector.upsertMany('Contact', 'Ext_Id__c', [
			{ id: 'E-1', properties: { LastName: 'New' } },
			{ id: 'E-2', properties: { LastName: 'Old' } },
		]);
		expect(bodies[0]).toEqual({
			allOrNone: false,
			records: [
				{ attributes: { type: 'Contact' }, LastName: 'New', Ext_Id__c: 'E-1' },
				{ attributes: { type: 'Contact' }, LastName: 'Old', Ext_Id__c: 'E-2' },
			],
		});
		expect(outcomes.map((o) => o.ok && o.created)).toEqual([true, false]);
	});

	test('delete: DELETE with ids and allOrNone in the query', async () => {
		const { connector } = await setup();
		const scope = nock(INSTANCE)
			.delete(`${DATA}/composite/sobjects`)
			.query({ ids: '003A,003B', allOrNone: 'false' })
			.reply(200, [
				{ id: '003A', success: true, errors: [] },
				{ id: '003B', success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] },
			]);
		const outcomes = await connector.deleteMany('Contact', ['003A', '003B']);
		expect(outcomes[0]).toMatchObject({ ok: true, record: { id: '003A', archived: true } });
		expect(outcomes[1]).toMatchObject({ ok: false, code: 'ENTITY_IS_DELETED', context: { id: '003B' } });
		expect(scope.isDone()).toBe(true);
	});

	test('allOrNone: the rolled-back records fail too', async () => {
		const { connector } = await setup({}, { allOrNone: true });
		nock(INSTANCE)
			.post(`${DATA}/composite/sobjects`)
			.reply(200, [
				{ id: null, success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] },
				{ id: null, success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] },
			]);
		const outcomes = await connector.createMany('Contact', [{ LastName: 'Ok' }, { FirstName: 'No last name' }]);
		expect(outcomes.map((o) => (o.ok ? 'ok' : [o.code, o.rolledBack === true]))).toEqual([
			['ALL_OR_NONE_OPERATION_ROLLED_BACK', true],
			['REQUIRED_FIELD_MISSING', false],
		]);
	});

	test('more than 200 records in one call is refused before sending', async () => {
		const { connector, stats } = await setup();
		await expect(connector.createMany('Contact', Array.from({ length: 201 }, () => ({ LastName: 'X' })))).rejects.toThrow('at most 200');
		expect(stats.calls).toBe(0);
	});
});

describe('daily API allocation', () => {
	test('stops before the next call once Sforce-Limit-Info passes the threshold', async () => {
		const { connector, stats } = await setup({ stopAtPercent: 90 });
		nock(INSTANCE)
			.get(`${DATA}/sobjects/Contact/003A`)
			.reply(200, contact(1), LIMIT_HEADER(89_999, 100_000))
			.get(`${DATA}/sobjects/Contact/003B`)
			.reply(200, contact(2), LIMIT_HEADER(90_000, 100_000));
		await connector.get('Contact', '003A');
		await connector.get('Contact', '003B');
		expect(connector.settings.usage).toEqual({ used: 90_000, limit: 100_000 });
		await expect(connector.get('Contact', '003C')).rejects.toThrow(
			'Stopped: the Salesforce org has used 90% of its daily API allocation (90,000 of 100,000 requests in the last 24 hours), at or above the 90% set in "Stop at Daily API Usage (%)"',
		);
		expect(stats.calls).toBe(2);
	});

	test('a threshold of 100 never stops early', async () => {
		const { connector } = await setup({ stopAtPercent: 100 });
		nock(INSTANCE)
			.get(`${DATA}/sobjects/Contact/003A`)
			.reply(200, contact(1), LIMIT_HEADER(99_999, 100_000))
			.get(`${DATA}/sobjects/Contact/003B`)
			.reply(200, contact(2), LIMIT_HEADER(100_000, 100_000));
		await connector.get('Contact', '003A');
		await expect(connector.get('Contact', '003B')).resolves.toMatchObject({ id: contact(2).Id });
	});

	test('REQUEST_LIMIT_EXCEEDED is a clear error and is not retried', async () => {
		const { connector, stats } = await setup({ stopAtPercent: 100 });
		nock(INSTANCE)
			.get(`${DATA}/sobjects/Contact/003A`)
			.reply(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], LIMIT_HEADER(100_012, 100_000));
		const error = (await connector.get('Contact', '003A').catch((e: Error) => e)) as Error;
		expect(error.message).toBe('403: The Salesforce org has exhausted its daily API allocation (100,012 of 100,000 requests): TotalRequests Limit exceeded.');
		expect((error as { description?: string }).description).toContain('does not retry');
		expect(stats.calls).toBe(1);
	});

	test('other 403s are ordinary API errors with the vendor message', async () => {
		const { connector } = await setup();
		nock(INSTANCE).get(`${DATA}/sobjects/Contact/003A`).reply(403, [{ message: 'insufficient access rights on object id', errorCode: 'INSUFFICIENT_ACCESS' }]);
		await expect(connector.get('Contact', '003A')).rejects.toThrow('403: insufficient access rights on object id');
	});
});

describe('session renewal and secrets', () => {
	test('a 401 is sent once more in throwing mode (so n8n renews the session), with no call of its own to userinfo', async () => {
		const { connector, stats, requests } = await setup();
		const scope = nock(INSTANCE)
			.get(`${DATA}/sobjects/Contact/003A`)
			.reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
			.get(`${DATA}/sobjects/Contact/003A`)
			.reply(200, contact(1));
		await expect(connector.get('Contact', '003A')).resolves.toMatchObject({ id: contact(1).Id });
		expect(stats.calls).toBe(2);
		expect(scope.isDone()).toBe(true);
		expect(requests.map((r) => [r.method, r.url, r.ignoreHttpStatusErrors])).toEqual([
			['GET', `${INSTANCE}${DATA}/sobjects/Contact/003A`, true],
			['GET', `${INSTANCE}${DATA}/sobjects/Contact/003A`, false],
		]);
	});

	test('a second 401 is reported, without the token', async () => {
		const { connector, requests } = await setup();
		const scope = nock(INSTANCE)
			.get(`${DATA}/sobjects/Contact/003A`)
			.reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
			.get(`${DATA}/sobjects/Contact/003A`)
			.reply(401, [{ message: `Session expired or invalid: Bearer ${TOKEN}`, errorCode: 'INVALID_SESSION_ID' }]);
		const error = (await connector.get('Contact', '003A').catch((e: Error) => e)) as Error;
		expect(scope.isDone()).toBe(true);
		expect(requests).toHaveLength(2);
		expect(error.message).toBe('401: Session expired or invalid: Bearer [redacted]');
		expect(JSON.stringify(error)).not.toContain(TOKEN);
		expect(error.message).not.toContain(TOKEN);
	});

	test('a JWT credential that never logged in: one userinfo call on the login host, then the instance from the credential', async () => {
		const { fakeContext } = await import('../../helpers/fakeContext');
		const { salesforceSettings } = await import('../../../nodes/Salesforce/transport/salesforceApi');
		const credentials = jwtCredentials({ accessToken: '', instanceUrl: '' });
		const { ctx, requests } = fakeContext({ credentials });
		// Stands in for n8n's preAuthentication, which runs before a request while the token field is empty.
		const scope = nock('https://login.salesforce.com')
			.get('/services/oauth2/userinfo')
			.reply(200, () => {
				Object.assign(credentials.crmPackSalesforceJwtApi, { accessToken: TOKEN, instanceUrl: INSTANCE });
				return { user_id: '005' };
			});
		const settings = await salesforceSettings(ctx, 'jwt');
		expect(scope.isDone()).toBe(true);
		expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET https://login.salesforce.com/services/oauth2/userinfo']);
		expect(settings.instanceUrl).toBe(INSTANCE);
		expect(settings.secrets).toContain(TOKEN);
	});
});

describe('settings', () => {
	test('OAuth2: the instance comes from the token response (instance_url)', async () => {
		const { fakeContext } = await import('../../helpers/fakeContext');
		const { salesforceSettings } = await import('../../../nodes/Salesforce/transport/salesforceApi');
		const { ctx } = fakeContext({
			credentials: { crmPackSalesforceOAuth2Api: { apiVersion: '61.0', oauthTokenData: { access_token: 'x'.repeat(20), instance_url: 'https://eu5.salesforce.com/' } } as IDataObject },
		});
		const settings = await salesforceSettings(ctx, 'oAuth2');
		expect(settings.instanceUrl).toBe('https://eu5.salesforce.com');
		expect(settings.apiVersion).toBe('v61.0');
		expect(settings.secrets).toContain('x'.repeat(20));
	});
});
