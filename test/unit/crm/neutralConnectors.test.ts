/**
 * The CRM-neutral connector methods (shared/neutralOps.ts) of the CRMs on main, request by request
 * as each vendor documents them (sources in each nodes/<Crm>/connector/neutral.ts).
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';
import { HubSpotConnector } from '../../../nodes/HubSpot/connector/HubSpotConnector';
import { hubspotSettings } from '../../../nodes/HubSpot/transport/hubspotApi';
import { PipedriveConnector } from '../../../nodes/Pipedrive/connector/PipedriveConnector';
import { pipedriveSettings } from '../../../nodes/Pipedrive/transport/pipedriveApi';
import { SalesforceConnector } from '../../../nodes/Salesforce/connector/SalesforceConnector';
import { salesforceSettings } from '../../../nodes/Salesforce/transport/salesforceApi';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { newStats } from '../../../shared/transport/request';
import { fakeClock, fakeContext } from '../../helpers/fakeContext';
import { isolateNock } from '../../helpers/nockIsolation';

isolateNock();
beforeEach(() => resetRateLimiters());

const HUBSPOT = 'https://api.hubapi.com';
const SF = 'https://eu5.my.salesforce.com';
const PD = 'https://acme.pipedrive.com';

async function hubspot() {
	const { ctx } = fakeContext({ credentials: { crmPackHubSpotPrivateAppApi: { accessToken: 'pat-na1-test', plan: 'starter', baseUrl: HUBSPOT } } });
	return new HubSpotConnector(ctx, await hubspotSettings(ctx, 'privateApp', { clock: fakeClock(), stats: newStats() }));
}

async function salesforce() {
	const { ctx } = fakeContext({
		credentials: { crmPackSalesforceOAuth2Api: { apiVersion: '62.0', oauthTokenData: { access_token: 'sf-access-token-1234', instance_url: SF } } as IDataObject },
	});
	return new SalesforceConnector(ctx, await salesforceSettings(ctx, 'oAuth2', { clock: fakeClock(), stats: newStats() }));
}

async function pipedrive() {
	const { ctx } = fakeContext({ credentials: { crmPackPipedriveApi: { apiToken: 'pd-token-1234', companyDomain: 'acme', plan: 'lite' } } });
	return new PipedriveConnector(ctx, await pipedriveSettings(ctx, 'apiToken', { clock: fakeClock(), stats: newStats() }));
}

describe('HubSpot', () => {
	test('connectionInfo: GET /account-info/v3/details; the daily budget from X-HubSpot-RateLimit-Daily(-Remaining); record links from uiDomain and portal', async () => {
		const scope = nock(HUBSPOT)
			.get('/account-info/v3/details')
			.reply(200, { portalId: 62515, accountType: 'STANDARD', timeZone: 'US/Eastern', companyCurrency: 'USD', uiDomain: 'app-eu1.hubspot.com', dataHostingLocation: 'eu1' }, {
				'X-HubSpot-RateLimit-Daily': '250000',
				'X-HubSpot-RateLimit-Daily-Remaining': '249000',
				'X-HubSpot-RateLimit-Max': '100',
				'X-HubSpot-RateLimit-Remaining': '99',
			});
		const c = await hubspot();
		expect(await c.connectionInfo()).toEqual({
			accountId: '62515',
			details: { accountType: 'STANDARD', timeZone: 'US/Eastern', currency: 'USD', dataHostingLocation: 'eu1' },
			budget: { remaining: 249000, limit: 250000, window: 'day' },
		});
		// Read once per connector: the link needs no second call.
		expect(await c.recordUrl('meetings', '77')).toBe('https://app-eu1.hubspot.com/contacts/62515/record/0-47/77');
		scope.done();
	});

	test('findNeutral by phone: one search, phone or mobilephone EQ (two filter groups), the mapped properties', async () => {
		let body: IDataObject | undefined;
		nock(HUBSPOT)
			.post('/crm/v3/objects/contacts/search', (b) => ((body = b), true))
			.reply(200, { total: 1, results: [{ id: '9', properties: { phone: '+442079460958' } }] });
		const found = await (await hubspot()).findNeutral('contact', { field: 'phone', value: '+442079460958' }, { limit: 1, properties: ['phone'] });
		expect(found.map((r) => r.id)).toEqual(['9']);
		expect(body).toEqual({
			filterGroups: [
				{ filters: [{ propertyName: 'phone', operator: 'EQ', value: '+442079460958' }] },
				{ filters: [{ propertyName: 'mobilephone', operator: 'EQ', value: '+442079460958' }] },
			],
			sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
			limit: 1,
			properties: ['phone', 'hs_object_id'],
		});
	});

	test('findNeutral refuses a field HubSpot does not keep for the kind, naming what it can match by', async () => {
		await expect((await hubspot()).findNeutral('company', { field: 'email', value: 'a@b.c' }, { limit: 1 })).rejects.toThrow('HubSpot cannot match a company by email (it can by domain, name)');
	});

	test('appointmentsOf: the contact\'s meeting associations (v4), then one batch read of those meetings with the properties asked for', async () => {
		let read: IDataObject | undefined;
		const scope = nock(HUBSPOT)
			.get('/crm/v4/objects/contacts/5/associations/meetings')
			.query({ limit: '500' })
			.reply(200, { results: [{ toObjectId: 11 }, { toObjectId: 12 }] })
			.post('/crm/v3/objects/meetings/batch/read', (b) => ((read = b), true))
			.reply(200, { results: [{ id: '11', properties: { hs_internal_meeting_notes: 'Booking ID: b-1' } }, { id: '12', properties: {} }] });
		const found = await (await hubspot()).appointmentsOf('5', { limit: 50, properties: ['hs_internal_meeting_notes'] });
		expect(found.map((r) => r.id)).toEqual(['11', '12']);
		expect(read).toEqual({ inputs: [{ id: '11' }, { id: '12' }], properties: ['hs_internal_meeting_notes'] });
		scope.done();
	});

	test('linkRecords: one default association per link (PUT /crm/v4/objects/meetings/{id}/associations/default/contacts/{id})', async () => {
		const scope = nock(HUBSPOT).put('/crm/v4/objects/meetings/11/associations/default/contacts/5').reply(200, { status: 'COMPLETE', results: [] });
		await (await hubspot()).linkRecords('appointment', '11', [{ kind: 'contact', id: '5' }]);
		scope.done();
	});
});

describe('Salesforce', () => {
	test('connectionInfo: userinfo (org, user) and /limits (DailyApiRequests, 24 hours)', async () => {
		const scope = nock(SF)
			.get('/services/oauth2/userinfo')
			.reply(200, { organization_id: '00D000000000001', user_id: '005000000000001', preferred_username: 'int@acme.example' })
			.get('/services/data/v62.0/limits')
			.reply(200, { DailyApiRequests: { Max: 15000, Remaining: 14990 } });
		expect(await (await salesforce()).connectionInfo()).toEqual({
			accountId: '00D000000000001',
			user: 'int@acme.example',
			details: { userId: '005000000000001' },
			budget: { remaining: 14990, limit: 15000, window: '24 hours' },
		});
		scope.done();
	});

	test('findNeutral by phone: SOQL on Phone, then on MobilePhone, quoted; records found once', async () => {
		const queries: string[] = [];
		nock(SF)
			.get('/services/data/v62.0/query')
			.query((q) => (queries.push(String(q.q)), true))
			.times(2)
			.reply(200, () => ({ done: true, records: [{ Id: '003A', Phone: "+1 o'neil" }] }));
		const found = await (await salesforce()).findNeutral('contact', { field: 'phone', value: "+1 o'neil" }, { limit: 2, properties: ['Phone'] });
		expect(found.map((r) => r.id)).toEqual(['003A']);
		expect(queries).toEqual([
			"SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, Phone FROM Contact WHERE Phone = '+1 o\\'neil' ORDER BY CreatedDate ASC LIMIT 2",
			"SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, Phone FROM Contact WHERE MobilePhone = '+1 o\\'neil' ORDER BY CreatedDate ASC LIMIT 2",
		]);
	});

	test('appointmentsOf: the events whose WhoId is the contact, newest first; links are Lightning record pages', async () => {
		let soql = '';
		nock(SF)
			.get('/services/data/v62.0/query')
			.query((q) => ((soql = String(q.q)), true))
			.reply(200, { done: true, records: [{ Id: '00UA', Description: 'x\n\nBooking ID: b-1' }] });
		const c = await salesforce();
		const found = await c.appointmentsOf('003A', { limit: 500, properties: ['Description'] });
		expect(found.map((r) => r.id)).toEqual(['00UA']);
		expect(soql).toBe("SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, Description FROM Event WHERE WhoId = '003A' ORDER BY StartDateTime DESC LIMIT 500");
		expect(await c.recordUrl('Event', '00UA')).toBe(`${SF}/lightning/r/Event/00UA/view`);
	});
});

describe('Pipedrive', () => {
	test('connectionInfo: GET /api/v1/users/me (company, user); the 2-second burst budget from x-ratelimit-*; person links on the company domain', async () => {
		const scope = nock(PD)
			.get('/api/v1/users/me')
			.reply(200, { success: true, data: { id: 1, name: 'Ann', email: 'ann@acme.example', company_id: 77, company_name: 'Acme', company_domain: 'acme' } }, {
				'x-ratelimit-limit': '20',
				'x-ratelimit-remaining': '19',
				'x-ratelimit-reset': '2',
			});
		const c = await pipedrive();
		expect(await c.connectionInfo()).toEqual({
			accountId: '77',
			accountName: 'Acme',
			user: 'ann@acme.example',
			details: { companyDomain: 'acme' },
			budget: { remaining: 19, limit: 20, window: '2 seconds' },
		});
		expect(await c.recordUrl('persons', '5')).toBe('https://acme.pipedrive.com/person/5');
		scope.done();
	});

	test('findNeutral of a lead by email: the persons of that email (v2 search, exact), then GET /api/v1/leads?person_id=', async () => {
		const scope = nock(PD)
			.get('/api/v2/persons/search')
			.query({ term: 'ann@acme.example', fields: 'email', exact_match: 'true', limit: '50' })
			.reply(200, { success: true, data: { items: [{ item: { id: 5 } }] }, additional_data: { next_cursor: null } })
			.get('/api/v1/leads')
			.query({ person_id: '5', start: '0', limit: '1' })
			.reply(200, { success: true, data: [{ id: 'lead-uuid', title: 'Ann', person_id: 5 }], additional_data: { pagination: { more_items_in_collection: false } } });
		const found = await (await pipedrive()).findNeutral('lead', { field: 'email', value: 'ann@acme.example' }, { limit: 1 });
		expect(found.map((r) => r.id)).toEqual(['lead-uuid']);
		scope.done();
	});

	test('appointmentsOf: GET /api/v2/activities?person_id= (activities whose primary participant is the person)', async () => {
		const scope = nock(PD)
			.get('/api/v2/activities')
			.query({ person_id: '5', limit: '500' })
			.reply(200, { success: true, data: [{ id: 31, note: 'Booking ID: b-1', person_id: 5 }], additional_data: { next_cursor: null } });
		const found = await (await pipedrive()).appointmentsOf('5', { limit: 500 });
		expect(found.map((r) => [r.id, r.properties.note])).toEqual([['31', 'Booking ID: b-1']]);
		scope.done();
	});
});
