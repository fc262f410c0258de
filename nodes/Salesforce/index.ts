import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, ObjectSpec } from '../../shared/types';
import { SalesforceConnector, type SalesforceWriteOptions } from './connector/SalesforceConnector';
import { mappedFields } from './connector/mapping';
import { NEUTRAL_SOBJECT, nameField, RESOURCE_NEUTRAL, RESOURCE_SOBJECT } from './connector/objectTypes';
import { SALESFORCE_CREDENTIAL, salesforceSettings, type SettingsExtra } from './transport/salesforceApi';

/**
 * `CreatedDate` on every sObject; `SystemModstamp` is the modification time
 * the connector's change listings run on (it changes on system saves too).
 */
function spec(objectType: string, kind: ObjectSpec['kind'], resource?: string): ObjectSpec {
	return {
		...(resource ? { resource } : {}),
		objectType,
		kind,
		createdField: 'CreatedDate',
		modifiedField: 'SystemModstamp',
		titleFields: [nameField(objectType)],
		// SOSL search is offered through the action node's resources; classic Notes have none.
		searchable: resource !== undefined,
	};
}

/** The action node's resources, then the classic `Note`, which only CRM Sync writes. */
const objects: ObjectSpec[] = [
	...Object.entries(RESOURCE_SOBJECT).map(([resource, sobject]) => spec(sobject, RESOURCE_NEUTRAL[resource], resource)),
	spec(NEUTRAL_SOBJECT.note, 'note'),
];

/** Salesforce: OAuth2 (web server flow) or JWT bearer. */
export const salesforce: CrmDefinition = {
	value: 'salesforce',
	displayName: 'Salesforce',
	credentials: credentialsOf(SALESFORCE_CREDENTIAL, async (ctx, auth, options) => {
		// The action node's Options: usage ceiling, client id and SOQL batch size (transport), all-or-nothing and Bulk API (writes).
		const vendor = options.vendor ?? {};
		const settings = await salesforceSettings(ctx, auth, { ...options, ...(vendor as SettingsExtra) });
		return new SalesforceConnector(ctx, settings, vendor as SalesforceWriteOptions);
	}),
	objects,
	mappedFields,
	limitations: {},
	// An Event has no text field the neutral mapping leaves free (Subject, Location and Description are
	// mapped) and no standard external id: the booking id is a last line of the Description.
	booking: { field: 'Description', placement: 'line' },
};
