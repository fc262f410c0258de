import nock from 'nock';
import { HubSpotConnector } from '../../../nodes/HubSpot/connector/HubSpotConnector';
import { batchOutcomes } from '../../../nodes/HubSpot/connector/records';
import { PipedriveConnector } from '../../../nodes/Pipedrive/connector/PipedriveConnector';
import { SalesforceConnector } from '../../../nodes/Salesforce/connector/SalesforceConnector';
import { collectionOutcomes } from '../../../nodes/Salesforce/connector/records';
import { CRMS, crmOf } from '../../../nodes/crms';
import { hubspot } from '../../../nodes/HubSpot';
import { pipedrive } from '../../../nodes/Pipedrive';
import { salesforce } from '../../../nodes/Salesforce';
import { kindsOf, objectOfKind } from '../../../shared/crmDefinition';
import type { CrmConnector } from '../../../shared/types';
import { fakeContext } from '../../helpers/fakeContext';
import { jwtCredentials } from '../salesforce/helpers';

const node = (credentials: string[]) => ({ credentials: Object.fromEntries(credentials.map((c) => [c, { id: `${c}-id`, name: c }])) });

describe('the list of CRMs', () => {
	test('HubSpot first (CRM Sync\'s default side), then Salesforce and Pipedrive; found by value', () => {
		expect(CRMS.slice(0, 3).map((c) => c.value)).toEqual(['hubspot', 'salesforce', 'pipedrive']);
		expect(crmOf('salesforce')).toBe(salesforce);
		expect(crmOf('nope')).toBeUndefined();
	});

	test('every credential type of each CRM, default first, with the nodes\' authentication value', () => {
		expect(CRMS.slice(0, 3).map((c) => [c.value, c.credentials.map((k) => [k.auth, k.name])])).toEqual([
			['hubspot', [['privateApp', 'crmPackHubSpotPrivateAppApi'], ['oAuth2', 'crmPackHubSpotOAuth2Api']]],
			['salesforce', [['oAuth2', 'crmPackSalesforceOAuth2Api'], ['jwt', 'crmPackSalesforceJwtApi']]],
			['pipedrive', [['apiToken', 'crmPackPipedriveApi'], ['oAuth2', 'crmPackPipedriveOAuth2Api']]],
		]);
	});

	test('object specs in one form: resource, object type, kind, created/modified fields, title fields, searchable', () => {
		expect(hubspot.objects).toEqual([
			{ resource: 'contact', objectType: 'contacts', kind: 'contact', createdField: 'createdate', modifiedField: 'lastmodifieddate', titleFields: ['firstname', 'lastname', 'email'], searchable: true },
			{ resource: 'company', objectType: 'companies', kind: 'company', createdField: 'createdate', modifiedField: 'hs_lastmodifieddate', titleFields: ['name', 'domain'], searchable: true },
			{ resource: 'deal', objectType: 'deals', kind: 'deal', createdField: 'createdate', modifiedField: 'hs_lastmodifieddate', titleFields: ['dealname'], searchable: true },
			{ resource: 'meeting', objectType: 'meetings', kind: 'appointment', createdField: 'hs_createdate', modifiedField: 'hs_lastmodifieddate', titleFields: ['hs_meeting_title'], searchable: true },
			{ resource: 'task', objectType: 'tasks', kind: 'task', createdField: 'hs_createdate', modifiedField: 'hs_lastmodifieddate', titleFields: ['hs_task_subject'], searchable: true },
			{ resource: 'note', objectType: 'notes', kind: 'note', createdField: 'hs_createdate', modifiedField: 'hs_lastmodifieddate', titleFields: ['hs_note_body'], searchable: true },
		]);
		const sf = (resource: string | undefined, objectType: string, kind: string, title: string) => ({
			...(resource ? { resource } : {}),
			objectType,
			kind,
			createdField: 'CreatedDate',
			modifiedField: 'SystemModstamp',
			titleFields: [title],
			searchable: resource !== undefined,
		});
		expect(salesforce.objects).toEqual([
			sf('lead', 'Lead', 'lead', 'Name'),
			sf('contact', 'Contact', 'contact', 'Name'),
			sf('account', 'Account', 'company', 'Name'),
			sf('opportunity', 'Opportunity', 'deal', 'Name'),
			sf('event', 'Event', 'appointment', 'Subject'),
			sf('task', 'Task', 'task', 'Subject'),
			sf(undefined, 'Note', 'note', 'Title'),
		]);
		const pd = (resource: string, objectType: string, kind: string, title: string, searchable: boolean) => ({
			resource,
			objectType,
			kind,
			createdField: 'add_time',
			modifiedField: 'update_time',
			titleFields: [title],
			searchable,
		});
		expect(pipedrive.objects).toEqual([
			pd('person', 'persons', 'contact', 'name', true),
			pd('organization', 'organizations', 'company', 'name', true),
			pd('deal', 'deals', 'deal', 'title', true),
			pd('lead', 'leads', 'lead', 'title', true),
			pd('activity', 'activities', 'appointment', 'subject', false),
			pd('note', 'notes', 'note', 'content', false),
		]);
	});

	test('kinds and the object of a kind come from the specs (HubSpot has no separate lead, Pipedrive no task object)', () => {
		expect(kindsOf(hubspot)).toEqual(['contact', 'company', 'deal', 'appointment', 'task', 'note']);
		expect(kindsOf(salesforce)).toEqual(['lead', 'contact', 'company', 'deal', 'appointment', 'task', 'note']);
		expect(kindsOf(pipedrive)).toEqual(['contact', 'company', 'deal', 'lead', 'appointment', 'note']);
		expect(objectOfKind(salesforce, 'company')?.objectType).toBe('Account');
		expect(objectOfKind(hubspot, 'lead')).toBeUndefined();
	});

	test('mapped fields are the connector mapping\'s', () => {
		expect(hubspot.mappedFields('contact')).toEqual(expect.arrayContaining(['email', 'firstname', 'lastname']));
		expect(salesforce.mappedFields('contact')).toEqual(expect.arrayContaining(['Email', 'FirstName', 'LastName']));
		expect(pipedrive.mappedFields('contact')).toEqual(expect.arrayContaining(['name', 'emails']));
	});
});

describe('connector factories, one per credential type', () => {
	beforeAll(() => nock.disableNetConnect());
	afterAll(() => nock.enableNetConnect());

	test('each opens its vendor\'s connector with that credential', async () => {
		const open = async (crm: typeof hubspot, auth: string, credentials: Record<string, object>) => {
			const type = crm.credentials.find((c) => c.auth === auth)!;
			const { ctx } = fakeContext({ credentials: credentials as never, node: node([type.name]) });
			return type.connect(ctx);
		};
		const hsPrivate = await open(hubspot, 'privateApp', { crmPackHubSpotPrivateAppApi: { accessToken: 'pat-1' } });
		const hsOauth = await open(hubspot, 'oAuth2', { crmPackHubSpotOAuth2Api: { oauthTokenData: { access_token: 'at-1' } } });
		expect(hsPrivate).toBeInstanceOf(HubSpotConnector);
		expect([(hsPrivate as HubSpotConnector).settings.auth, (hsOauth as HubSpotConnector).settings.auth]).toEqual(['privateApp', 'oAuth2']);
		const sfOauth = await open(salesforce, 'oAuth2', { crmPackSalesforceOAuth2Api: { oauthTokenData: { access_token: 'x', instance_url: 'https://a.my.salesforce.com' } } });
		const sfJwt = await open(salesforce, 'jwt', jwtCredentials());
		expect(sfOauth).toBeInstanceOf(SalesforceConnector);
		expect([(sfOauth as SalesforceConnector).settings.auth, (sfJwt as SalesforceConnector).settings.auth]).toEqual(['oAuth2', 'jwt']);
		const pdToken = await open(pipedrive, 'apiToken', { crmPackPipedriveApi: { apiToken: 't', companyDomain: 'acme' } });
		const pdOauth = await open(pipedrive, 'oAuth2', { crmPackPipedriveOAuth2Api: { oauthTokenData: { access_token: 'a', api_domain: 'https://acme.pipedrive.com' } } });
		expect(pdToken).toBeInstanceOf(PipedriveConnector);
		expect([(pdToken as PipedriveConnector).settings.auth, (pdOauth as PipedriveConnector).settings.auth]).toEqual(['apiToken', 'oAuth2']);
	});
});

describe('what the connectors add for CRM Sync', () => {
	test('upsert keys: HubSpot and Pipedrive contacts by email; Salesforce none (only External ID fields)', async () => {
		const { ctx } = fakeContext({});
		// upsertKey reads no settings: a connector without any is enough.
		const connectors: Array<[string, CrmConnector]> = [
			['hubspot', new HubSpotConnector(ctx, {} as never)],
			['pipedrive', new PipedriveConnector(ctx, {} as never)],
			['salesforce', new SalesforceConnector(ctx, {} as never)],
		];
		const table = connectors.map(([name, c]) => [name, c.upsertKey('contact', 'email'), c.upsertKey('lead', 'email'), c.upsertKey('contact', 'phone'), c.upsertKey('company', 'domain')]);
		expect(table).toEqual([
			['hubspot', 'email', 'email', undefined, undefined],
			['pipedrive', 'email', undefined, undefined, undefined],
			['salesforce', undefined, undefined, undefined, undefined],
		]);
	});

	test('Salesforce: a record rolled back with its allOrNone call is flagged, the failing one names its fields apart', () => {
		const body = [
			{ id: null, success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] },
			{ id: null, success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] },
		];
		expect(collectionOutcomes('Contact', 2, body, () => ({}))).toEqual([
			{
				index: 0,
				ok: false,
				message: 'ALL_OR_NONE_OPERATION_ROLLED_BACK: Record rolled back because not all records were valid and the request was using AllOrNone header',
				code: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
				context: undefined,
				rolledBack: true,
			},
			{
				index: 1,
				ok: false,
				message: 'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName] (fields: LastName)',
				code: 'REQUIRED_FIELD_MISSING',
				context: { fields: ['LastName'] },
				fields: ['LastName'],
				// each field with Salesforce's reason, for the per-item message (issue 19)
				issues: [{ field: 'LastName', reason: 'Required fields are missing: [LastName]' }],
			},
		]);
	});

	test('HubSpot: the properties named by "Property values were not valid" become the outcome\'s fields', () => {
		const message =
			'Property values were not valid: [{"isValid":false,"message":"Email address not-an-email is invalid","error":"INVALID_EMAIL","name":"email","localizedErrorMessage":"Email address not-an-email is invalid"}]';
		const outcomes = batchOutcomes('contacts', 2, {
			results: [{ id: '1', properties: {}, objectWriteTraceId: '1' }],
			errors: [{ status: 'error', category: 'VALIDATION_ERROR', message, context: { objectWriteTraceId: ['0'] } }],
		});
		expect(outcomes[0]).toEqual({ index: 0, ok: false, message, code: 'VALIDATION_ERROR', context: { objectWriteTraceId: ['0'] }, fields: ['email'] });
		expect(outcomes[1]).toMatchObject({ index: 1, ok: true });
	});
});
