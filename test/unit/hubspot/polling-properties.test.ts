import { createdProperty, watchedProperty } from '../../../nodes/HubSpot/polling/listings';

// The cursor, overlap and de-duplication are shared (test/unit/polling); what is HubSpot's is which date it watches.
describe('HubSpot polling: watched properties', () => {
	it('picks the watched property per object and watched time', () => {
		expect(watchedProperty('contacts', 'modified')).toBe('lastmodifieddate');
		expect(watchedProperty('deals', 'modified')).toBe('hs_lastmodifieddate');
		expect(watchedProperty('companies', 'created')).toBe('createdate');
		expect(createdProperty('meetings')).toBe('hs_createdate');
	});
});
