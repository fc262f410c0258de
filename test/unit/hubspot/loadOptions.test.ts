import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import { searchRecords } from '../../../nodes/HubSpot/methods/listSearch';
import { getOwners, getStages } from '../../../nodes/HubSpot/methods/loadOptions';
import { fakeContext } from '../../helpers/fakeContext';

const API = 'https://api.hubapi.com';

isolateNock();

test('owners: every page of GET /crm/v3/owners (limit 100, after), named with their email', async () => {
	const scope = nock(API)
		.get('/crm/v3/owners')
		.query({ limit: '100' })
		.reply(200, {
			results: [{ id: '11', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }],
			paging: { next: { after: 'p2' } },
		})
		.get('/crm/v3/owners')
		.query({ limit: '100', after: 'p2' })
		.reply(200, { results: [{ id: '12', email: 'grace@example.com' }] });
	const { ctx } = fakeContext({ parameters: { authentication: 'privateApp', resource: 'deal' } });
	expect(await getOwners.call(ctx)).toEqual([
		{ name: 'Ada Lovelace (ada@example.com)', value: '11' },
		{ name: 'grace@example.com', value: '12' },
	]);
	expect(scope.isDone()).toBe(true);
});

test('stages: of the chosen pipeline only, or every pipeline labelled with its name', async () => {
	const pipelines = {
		results: [
			{ id: 'default', label: 'Sales', stages: [{ id: 'appointmentscheduled', label: 'Appointment' }, { id: 'closedwon', label: 'Won' }] },
			{ id: 'p2', label: 'Renewals', stages: [{ id: 's1', label: 'Due' }] },
		],
	};
	nock(API).get('/crm/v3/pipelines/deals').times(2).reply(200, pipelines);
	const chosen = fakeContext({ parameters: { authentication: 'privateApp', resource: 'deal', additionalFields: { pipeline: 'p2' } } });
	expect(await getStages.call(chosen.ctx)).toEqual([{ name: 'Due', value: 's1' }]);
	const all = fakeContext({ parameters: { authentication: 'privateApp', resource: 'deal', additionalFields: { pipeline: '' } } });
	expect(await getStages.call(all.ctx)).toEqual([
		{ name: 'Sales: Appointment', value: 'appointmentscheduled' },
		{ name: 'Sales: Won', value: 'closedwon' },
		{ name: 'Renewals: Due', value: 's1' },
	]);
});

test('record picker: POST /crm/v3/objects/{type}/search with filterGroups (required by the contract), the query, 20 per page, next page token', async () => {
	const bodies: unknown[] = [];
	const scope = nock(API)
		.post('/crm/v3/objects/contacts/search', (body) => {
			bodies.push(body);
			return true;
		})
		.reply(200, {
			total: 21,
			results: [{ id: '51', properties: { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com' } }, { id: '52', properties: {} }],
			paging: { next: { after: '20' } },
		});
	const { ctx } = fakeContext({ parameters: { authentication: 'privateApp', resource: 'contact' } });
	expect(await searchRecords.call(ctx, 'ada', 'p1')).toEqual({
		results: [
			{ name: 'Ada Lovelace ada@example.com (51)', value: '51' },
			{ name: '52', value: '52' },
		],
		paginationToken: '20',
	});
	expect(bodies).toEqual([
		{
			filterGroups: [],
			limit: 20,
			properties: ['firstname', 'lastname', 'email'],
			sorts: [{ propertyName: 'hs_object_id', direction: 'DESCENDING' }],
			query: 'ada',
			after: 'p1',
		},
	]);
	expect(scope.isDone()).toBe(true);
});
