import type { IDataObject } from 'n8n-workflow';
import { HubSpotConnector } from '../../../nodes/HubSpot/connector/HubSpotConnector';
import { hubspotToNeutral, mappedProperties, neutralToHubSpot } from '../../../nodes/HubSpot/connector/mapping';
import { NEUTRAL_OBJECT_TYPE, canonicalObjectType, lastModifiedProperty } from '../../../nodes/HubSpot/connector/objectTypes';
import { toRecord } from '../../../nodes/HubSpot/connector/records';
import type { NeutralType } from '../../../shared/types';

/*
 * HubSpot returns every property value as a string (numbers "1500.5", date-times ISO
 * 8601 or epoch ms); the neutral model holds numbers as numbers and date-times as ISO
 * 8601 with offset. Meetings need hs_timestamp; task status/priority are HubSpot enums.
 */

function rec(objectType: string, properties: IDataObject, extra: IDataObject = {}) {
	return toRecord(objectType, { id: '101', properties, ...extra });
}

const SYSTEM = {
	hs_object_id: '101',
	createdate: '2026-01-02T03:04:05.000Z',
	lastmodifieddate: '2026-01-03T03:04:05.000Z',
	hs_createdate: '2026-01-02T03:04:05.000Z',
	hs_lastmodifieddate: '2026-01-03T03:04:05.000Z',
};

describe('contact', () => {
	const properties = {
		firstname: 'Ada',
		lastname: 'Lovelace',
		email: 'ada@example.com',
		phone: '+442079460958',
		company: 'Analytical Engines',
		jobtitle: 'Countess',
		hubspot_owner_id: '42',
		lifecyclestage: 'lead',
		address: '12 St James Sq',
		city: 'London',
		state: 'Greater London',
		zip: 'SW1Y 4JH',
		country: 'United Kingdom',
		favorite_color: 'blue',
		hs_persona: 'persona_1',
	};

	test('hubspotToNeutral: mapped fields, nested address, full name, timestamps; unmapped properties kept under custom, system ones dropped', () => {
		const record = rec('contacts', { ...properties, ...SYSTEM, mobilephone: '', twitterhandle: null }, {
			createdAt: '2026-01-02T03:04:05.000Z',
			updatedAt: '2026-01-03T03:04:05.000Z',
		});
		expect(hubspotToNeutral('contact', record)).toEqual({
			id: '101',
			firstName: 'Ada',
			lastName: 'Lovelace',
			fullName: 'Ada Lovelace',
			email: 'ada@example.com',
			phone: '+442079460958',
			company: 'Analytical Engines',
			jobTitle: 'Countess',
			ownerId: '42',
			lifecycleStage: 'lead',
			address: { street: '12 St James Sq', city: 'London', state: 'Greater London', postalCode: 'SW1Y 4JH', country: 'United Kingdom' },
			createdAt: '2026-01-02T03:04:05.000Z',
			updatedAt: '2026-01-03T03:04:05.000Z',
			custom: { favorite_color: 'blue', hs_persona: 'persona_1' },
		});
	});

	test('neutralToHubSpot: only present fields are written, explicit null clears, custom passes through', () => {
		expect(
			neutralToHubSpot('contact', {
				firstName: 'Ada',
				email: 'ada@example.com',
				phone: null,
				address: { city: 'London', postalCode: 'SW1Y 4JH' },
				custom: { favorite_color: 'blue', firstname: 'ignored: the mapped field wins' },
			}),
		).toEqual({ firstname: 'Ada', email: 'ada@example.com', phone: '', city: 'London', zip: 'SW1Y 4JH', favorite_color: 'blue' });
	});

	test('a full name alone is split into firstname/lastname; given first/last names win over it', () => {
		expect(neutralToHubSpot('contact', { fullName: 'Mary Ann van der Berg' })).toEqual({ firstname: 'Mary Ann', lastname: 'van der Berg' });
		expect(neutralToHubSpot('contact', { fullName: 'Someone Else', firstName: 'Ada' })).toEqual({ firstname: 'Ada' });
	});

	test('round trip HubSpot -> neutral -> HubSpot gives back every non-system property', () => {
		const neutral = hubspotToNeutral('contact', rec('contacts', { ...properties, ...SYSTEM }));
		expect(neutralToHubSpot('contact', neutral)).toEqual(properties);
	});

	test('lead is a contact with hs_lead_status and hs_analytics_source', () => {
		const neutral = hubspotToNeutral('lead', rec('contacts', { email: 'l@example.com', hs_lead_status: 'NEW', hs_analytics_source: 'ORGANIC_SEARCH' }));
		expect(neutral).toEqual({ id: '101', email: 'l@example.com', status: 'NEW', source: 'ORGANIC_SEARCH', custom: {} });
		expect(neutralToHubSpot('lead', neutral)).toEqual({ email: 'l@example.com', hs_lead_status: 'NEW', hs_analytics_source: 'ORGANIC_SEARCH' });
		expect(NEUTRAL_OBJECT_TYPE.lead).toBe('contacts');
	});
});

describe('company', () => {
	test('numbers become numbers and back to strings', () => {
		const properties = {
			name: 'Acme',
			domain: 'acme.example',
			numberofemployees: '250',
			annualrevenue: '1000000.5',
			industry: 'COMPUTER_SOFTWARE',
			city: 'Berlin',
			hs_num_child_companies: '0',
		};
		const neutral = hubspotToNeutral('company', rec('companies', { ...properties, ...SYSTEM }));
		expect(neutral).toEqual({
			id: '101',
			name: 'Acme',
			domain: 'acme.example',
			numberOfEmployees: 250,
			annualRevenue: 1000000.5,
			industry: 'COMPUTER_SOFTWARE',
			address: { city: 'Berlin' },
			custom: { hs_num_child_companies: '0' },
		});
		expect(neutralToHubSpot('company', neutral)).toEqual(properties);
	});
});

describe('deal', () => {
	test('amount is a number, close date a calendar date', () => {
		const neutral = hubspotToNeutral(
			'deal',
			rec('deals', {
				dealname: 'Big one',
				amount: '1500.50',
				deal_currency_code: 'EUR',
				dealstage: 'appointmentscheduled',
				pipeline: 'default',
				closedate: '2026-03-31T00:00:00.000Z',
				hubspot_owner_id: '7',
				...SYSTEM,
			}),
		);
		expect(neutral).toEqual({
			id: '101',
			name: 'Big one',
			amount: 1500.5,
			currency: 'EUR',
			stage: 'appointmentscheduled',
			pipeline: 'default',
			closeDate: '2026-03-31',
			ownerId: '7',
			custom: {},
		});
		expect(typeof neutral.amount).toBe('number');
		expect(neutralToHubSpot('deal', neutral)).toEqual({
			dealname: 'Big one',
			amount: '1500.5',
			deal_currency_code: 'EUR',
			dealstage: 'appointmentscheduled',
			pipeline: 'default',
			closedate: '2026-03-31',
			hubspot_owner_id: '7',
		});
	});

	test('an empty amount is absent in neutral; a null amount clears it in HubSpot', () => {
		expect(hubspotToNeutral('deal', rec('deals', { dealname: 'x', amount: '' }))).toEqual({ id: '101', name: 'x', custom: {} });
		expect(neutralToHubSpot('deal', { amount: null })).toEqual({ amount: '' });
		expect(neutralToHubSpot('deal', { amount: 0 })).toEqual({ amount: '0' });
	});
});

describe('appointment (meeting)', () => {
	test('times (ISO or epoch ms) become ISO 8601 UTC; unmapped meeting properties are kept under custom', () => {
		const neutral = hubspotToNeutral(
			'appointment',
			rec('meetings', {
				hs_meeting_title: 'Kick-off',
				hs_meeting_start_time: '2026-03-10T14:30:00.000Z',
				hs_meeting_end_time: '1773156600000',
				hs_meeting_location: 'Room 1',
				hs_meeting_body: 'Agenda',
				hs_meeting_outcome: 'SCHEDULED',
				hubspot_owner_id: '7',
				...SYSTEM,
			}),
		);
		expect(neutral).toEqual({
			id: '101',
			title: 'Kick-off',
			startTime: '2026-03-10T14:30:00Z',
			endTime: '2026-03-10T15:30:00Z',
			location: 'Room 1',
			description: 'Agenda',
			ownerId: '7',
			custom: { hs_meeting_outcome: 'SCHEDULED' },
		});
	});

	test('neutral times with an offset are written as UTC, and hs_timestamp is set from the start', () => {
		expect(
			neutralToHubSpot('appointment', {
				title: 'Kick-off',
				startTime: '2026-03-10T15:30:00+01:00',
				endTime: '2026-03-10T16:30:00+01:00',
				custom: { hs_meeting_outcome: 'SCHEDULED' },
			}),
		).toEqual({
			hs_meeting_title: 'Kick-off',
			hs_meeting_start_time: '2026-03-10T14:30:00Z',
			hs_meeting_end_time: '2026-03-10T15:30:00Z',
			hs_timestamp: '2026-03-10T14:30:00Z',
			hs_meeting_outcome: 'SCHEDULED',
		});
	});

	test('without a start time no hs_timestamp is invented; one given under custom is used', () => {
		expect(neutralToHubSpot('appointment', { title: 'No start' })).toEqual({ hs_meeting_title: 'No start' });
		expect(neutralToHubSpot('appointment', { title: 'T', custom: { hs_timestamp: '2026-03-10T14:30:00Z' } })).toEqual({
			hs_meeting_title: 'T',
			hs_timestamp: '2026-03-10T14:30:00Z',
		});
	});

	test('round trip neutral -> HubSpot -> neutral', () => {
		const neutral = { title: 'Kick-off', startTime: '2026-03-10T14:30:00Z', endTime: '2026-03-10T15:30:00Z', location: 'Room 1', custom: {} };
		const props = neutralToHubSpot('appointment', neutral);
		const back = hubspotToNeutral('appointment', rec('meetings', props));
		// hs_timestamp has no neutral home (it mirrors the start time), so it is kept under custom.
		expect(back).toEqual({ id: '101', ...neutral, custom: { hs_timestamp: '2026-03-10T14:30:00Z' } });
		expect(neutralToHubSpot('appointment', back)).toEqual(props);
	});
});

describe('task', () => {
	test.each([
		['NOT_STARTED', 'notStarted'],
		['IN_PROGRESS', 'inProgress'],
		['WAITING', 'waiting'],
		['COMPLETED', 'completed'],
		['DEFERRED', 'deferred'],
	])('status %s <-> %s', (hubspot, neutral) => {
		expect(hubspotToNeutral('task', rec('tasks', { hs_task_status: hubspot })).status).toBe(neutral);
		expect(neutralToHubSpot('task', { status: neutral })).toEqual({ hs_task_status: hubspot });
	});

	test.each([
		['LOW', 'low'],
		['MEDIUM', 'normal'],
		['HIGH', 'high'],
	])('priority %s <-> %s', (hubspot, neutral) => {
		expect(hubspotToNeutral('task', rec('tasks', { hs_task_priority: hubspot })).priority).toBe(neutral);
		expect(neutralToHubSpot('task', { priority: neutral })).toEqual({ hs_task_priority: hubspot });
	});

	test('subject, body, due date from hs_timestamp (epoch ms), owner; round trip', () => {
		const neutral = hubspotToNeutral(
			'task',
			rec('tasks', {
				hs_task_subject: 'Call back',
				hs_task_body: 'About the quote',
				hs_task_status: 'WAITING',
				hs_task_priority: 'HIGH',
				hs_timestamp: '1773153000000',
				hubspot_owner_id: '7',
				hs_task_type: 'CALL',
				...SYSTEM,
			}),
		);
		expect(neutral).toEqual({
			id: '101',
			subject: 'Call back',
			body: 'About the quote',
			status: 'waiting',
			priority: 'high',
			dueDate: '2026-03-10T14:30:00Z',
			ownerId: '7',
			custom: { hs_task_type: 'CALL' },
		});
		expect(neutralToHubSpot('task', neutral)).toEqual({
			hs_task_subject: 'Call back',
			hs_task_body: 'About the quote',
			hs_task_status: 'WAITING',
			hs_task_priority: 'HIGH',
			hs_timestamp: '2026-03-10T14:30:00Z',
			hubspot_owner_id: '7',
			hs_task_type: 'CALL',
		});
	});

	test('a value outside the known enums passes through unchanged (HubSpot answers with its own validation error)', () => {
		expect(neutralToHubSpot('task', { status: 'blocked', priority: 'urgent' })).toEqual({ hs_task_status: 'blocked', hs_task_priority: 'urgent' });
		expect(hubspotToNeutral('task', rec('tasks', { hs_task_status: 'SOMETHING_NEW' })).status).toBe('SOMETHING_NEW');
	});
});

describe('note', () => {
	test('body and timestamp, round trip', () => {
		const props = { hs_note_body: '<p>Met at the fair</p>', hs_timestamp: '2026-03-10T14:30:00Z', hubspot_owner_id: '7' };
		const neutral = hubspotToNeutral('note', rec('notes', { ...props, ...SYSTEM }));
		expect(neutral).toEqual({ id: '101', body: '<p>Met at the fair</p>', timestamp: '2026-03-10T14:30:00Z', ownerId: '7', custom: {} });
		expect(neutralToHubSpot('note', neutral)).toEqual(props);
	});
});

describe('helpers and connector delegation', () => {
	test('mappedProperties lists the HubSpot properties a kind reads', () => {
		expect(mappedProperties('deal')).toEqual(['dealname', 'amount', 'deal_currency_code', 'dealstage', 'pipeline', 'closedate', 'hubspot_owner_id', 'description']);
		expect(mappedProperties('task')).toEqual(['hs_task_subject', 'hs_task_body', 'hs_task_status', 'hs_task_priority', 'hs_timestamp', 'hubspot_owner_id']);
	});

	test('object type ids and last-modified properties', () => {
		expect(['0-1', '0-2', '0-3', '0-47', '0-27', '0-46', 'p123_pets'].map(canonicalObjectType)).toEqual([
			'contacts',
			'companies',
			'deals',
			'meetings',
			'tasks',
			'notes',
			'p123_pets',
		]);
		expect(lastModifiedProperty('0-1')).toBe('lastmodifieddate');
		expect(lastModifiedProperty('deals')).toBe('hs_lastmodifieddate');
		const kinds: NeutralType[] = ['contact', 'company', 'deal', 'lead', 'appointment', 'task', 'note'];
		expect(kinds.map((k) => NEUTRAL_OBJECT_TYPE[k])).toEqual(['contacts', 'companies', 'deals', 'contacts', 'meetings', 'tasks', 'notes']);
	});

	test('connector.toNeutral / fromNeutral use the same mapping', () => {
		const connector = new HubSpotConnector({} as never, {} as never);
		const record = rec('deals', { dealname: 'x', amount: '5' });
		expect(connector.toNeutral('deal', record)).toEqual({ id: '101', name: 'x', amount: 5, custom: {} });
		expect(connector.fromNeutral('deal', { name: 'x', amount: 5 })).toEqual({ dealname: 'x', amount: '5' });
	});
});
