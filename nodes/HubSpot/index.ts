import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, ObjectSpec } from '../../shared/types';
import { HubSpotConnector } from './connector/HubSpotConnector';
import { mappedProperties } from './connector/mapping';
import { createdProperty, displayProperties, lastModifiedProperty, RESOURCE_NEUTRAL, RESOURCE_OBJECT_TYPE } from './connector/objectTypes';
import { HUBSPOT_CREDENTIAL, hubspotSettings } from './transport/hubspotApi';

/** The action node's resources; every object the pack uses is one, and the CRM search covers them all. */
const objects: ObjectSpec[] = Object.entries(RESOURCE_OBJECT_TYPE).map(([resource, objectType]) => ({
	resource,
	objectType,
	kind: RESOURCE_NEUTRAL[resource],
	createdField: createdProperty(objectType),
	modifiedField: lastModifiedProperty(objectType),
	titleFields: displayProperties(objectType),
	searchable: true,
}));

/** HubSpot: private app token or OAuth2. */
export const hubspot: CrmDefinition = {
	value: 'hubspot',
	displayName: 'HubSpot',
	credentials: credentialsOf(HUBSPOT_CREDENTIAL, async (ctx, auth, options) => new HubSpotConnector(ctx, await hubspotSettings(ctx, auth, options))),
	objects,
	mappedFields: mappedProperties,
	limitations: {},
	// A neutral lead is a contact with a lead status (connector/mapping.ts).
	storedAs: { lead: 'contacts' },
	// "The internal notes you take for your team during a meeting" (HubSpot meetings API guide): a text
	// property the neutral mapping leaves alone, so the booking id is its whole value.
	booking: { field: 'hs_internal_meeting_notes', placement: 'whole' },
};
