/** Notes and tasks are created with hs_timestamp, which HubSpot requires (issue 19). */
import { withRequiredTimestamp } from '../../../nodes/HubSpot/connector/mapping';

const NOW = Date.parse('2026-12-03T04:30:00.000Z');

describe('withRequiredTimestamp', () => {
	it('a task or note without one gets the moment of the create', () => {
		expect(withRequiredTimestamp('tasks', { hs_task_subject: 'Call' }, NOW)).toEqual({ hs_task_subject: 'Call', hs_timestamp: '2026-12-03T04:30:00.000Z' });
		expect(withRequiredTimestamp('notes', { hs_note_body: 'Hi', hs_timestamp: '' }, NOW)).toEqual({ hs_note_body: 'Hi', hs_timestamp: '2026-12-03T04:30:00.000Z' });
		expect(withRequiredTimestamp('tasks', { hs_timestamp: null }, NOW)).toEqual({ hs_timestamp: '2026-12-03T04:30:00.000Z' });
	});

	it('a given one is kept, and other objects are left alone', () => {
		expect(withRequiredTimestamp('tasks', { hs_timestamp: '2026-03-05T17:00:00Z' }, NOW)).toEqual({ hs_timestamp: '2026-03-05T17:00:00Z' });
		expect(withRequiredTimestamp('contacts', { email: 'a@b.io' }, NOW)).toEqual({ email: 'a@b.io' });
		expect(withRequiredTimestamp('meetings', { hs_meeting_title: 'x' }, NOW)).toEqual({ hs_meeting_title: 'x' });
	});
});
