import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject } from 'n8n-workflow';
import { HubSpotConnector } from '../../../nodes/HubSpot/connector/HubSpotConnector';
import { hubspotSettings } from '../../../nodes/HubSpot/transport/hubspotApi';
import { collect } from '../../../shared/paging/paginate';
import { newStats } from '../../../shared/transport/request';
import { fakeClock, fakeContext } from '../../helpers/fakeContext';
import { API as PD, pdSetup, person } from '../pipedrive/helpers';
import { DATA, INSTANCE, contact as sfContact, setup as sfSetup } from '../salesforce/helpers';

/*
 * getMany, as each vendor documents the read of many records by id:
 *   HubSpot: POST /crm/v3/objects/{type}/batch/read {inputs:[{id}], properties}, 100 per call;
 *            ids not found come back in a 207's errors (OBJECT_NOT_FOUND, context.ids).
 *   Salesforce: SOQL SELECT ... WHERE Id IN ('...'), 200 ids per query (URL length).
 *   Pipedrive: v2 GET /api/v2/{entity}?ids=1,2,...&limit=100 ("up to 100 entity ids ... that do not
 *              exist or are not visible are not included"); v1 leads/notes: GET /api/v1/{entity}/{id}.
 */

const HS = 'https://api.hubapi.com';

async function hubspot() {
	const { ctx } = fakeContext({});
	const settings = await hubspotSettings(ctx, 'privateApp', { clock: fakeClock(), stats: newStats() });
	return new HubSpotConnector(ctx, settings);
}

isolateNock();

const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));

test('HubSpot: one batch read per 100 ids with the properties asked for; ids reported not found are left out', async () => {
	const bodies: unknown[] = [];
	const found = (list: string[]) => list.map((id) => ({ id, properties: { email: `c${id}@example.com` }, createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-01-03T03:04:05.000Z', archived: false }));
	const scope = nock(HS)
		.post('/crm/v3/objects/contacts/batch/read', (b) => (bodies.push(b), true))
		.reply(200, { status: 'COMPLETE', results: found(ids(1, 100)) })
		.post('/crm/v3/objects/contacts/batch/read', (b) => (bodies.push(b), true))
		.reply(207, {
			status: 'COMPLETE',
			results: found(['101', '103']),
			numErrors: 1,
			errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects, they may be deleted or not exist.', context: { ids: ['102'] } }],
		});
	const records = await collect((await hubspot()).getMany('contacts', ids(1, 103), ['email', 'firstname']));
	expect(records.map((r) => r.id)).toEqual([...ids(1, 101), '103']);
	expect(records[0]).toMatchObject({ objectType: 'contacts', properties: { email: 'c1@example.com' }, updatedAt: '2026-01-03T03:04:05.000Z' });
	expect(bodies).toEqual([
		{ inputs: ids(1, 100).map((id) => ({ id })), properties: ['email', 'firstname'] },
		{ inputs: ids(101, 3).map((id) => ({ id })), properties: ['email', 'firstname'] },
	]);
	scope.done();
});

test('HubSpot: no ids, no call', async () => {
	expect(await collect((await hubspot()).getMany('contacts', []))).toEqual([]);
});

test('Salesforce: SOQL Id IN, 200 ids per query, with the system fields and the fields asked for; ids not returned are left out', async () => {
	const { connector } = await sfSetup();
	const sfIds = Array.from({ length: 201 }, (_, i) => `003${String(i + 1).padStart(12, '0')}AAA`);
	const soql = (list: string[]) => `SELECT Id, CreatedDate, LastModifiedDate, SystemModstamp, Email FROM Contact WHERE Id IN (${list.map((id) => `'${id}'`).join(', ')})`;
	const scope = nock(INSTANCE)
		.get(`${DATA}/query`)
		.query({ q: soql(sfIds.slice(0, 200)) })
		.reply(200, { totalSize: 2, done: true, records: [sfContact(1), sfContact(2)] })
		.get(`${DATA}/query`)
		.query({ q: soql(sfIds.slice(200)) })
		.reply(200, { totalSize: 0, done: true, records: [] });
	const records = await collect(connector.getMany('Contact', sfIds, ['Email']));
	expect(records.map((r) => [r.id, r.objectType])).toEqual([
		[sfIds[0], 'Contact'],
		[sfIds[1], 'Contact'],
	]);
	scope.done();
});

test('Pipedrive v2: GET /api/v2/persons?ids= (100 per call); only the ids asked for are kept', async () => {
	const { connector } = await pdSetup();
	const scope = nock(PD)
		.get('/api/v2/persons')
		.query({ ids: ids(1, 100).join(','), limit: '100' })
		.reply(200, { success: true, data: ids(1, 100).filter((id) => id !== '7').map((id) => person(Number(id))), additional_data: { next_cursor: null } })
		.get('/api/v2/persons')
		.query({ ids: '101,102', limit: '100' })
		// A list that ignored `ids` would answer with other records: they are not handed out.
		.reply(200, { success: true, data: [person(102), person(555)], additional_data: { next_cursor: null } });
	const records = await collect(connector.getMany('persons', ids(1, 102)));
	expect(records.map((r) => r.id)).toEqual([...ids(1, 100).filter((id) => id !== '7'), '102']);
	expect(records[0].objectType).toBe('persons');
	scope.done();
});

test('Pipedrive v1 (leads): one GET per id; a 404 or a record marked deleted is left out', async () => {
	const { connector } = await pdSetup();
	const lead = (id: string, extra: IDataObject = {}) => ({ id, title: `Lead ${id}`, add_time: '2026-01-02T03:04:05.000Z', update_time: '2026-01-03T03:04:05.000Z', ...extra });
	const scope = nock(PD)
		.get('/api/v1/leads/a1')
		.reply(200, { success: true, data: lead('a1') })
		.get('/api/v1/leads/a2')
		.reply(404, { success: false, error: 'Lead not found' })
		.get('/api/v1/leads/a3')
		.reply(200, { success: true, data: lead('a3', { is_deleted: true }) });
	const records = await collect(connector.getMany('leads', ['a1', 'a2', 'a3']));
	expect(records.map((r) => [r.id, r.objectType])).toEqual([['a1', 'leads']]);
	scope.done();
});
