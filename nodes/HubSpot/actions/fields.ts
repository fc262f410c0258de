import type { IDataObject } from 'n8n-workflow';
import type { WriteFieldsSpec } from '../../../shared/n8n/writeFields';

/**
 * HubSpot's v3 object API takes every property value as a string (numbers,
 * booleans and dates included; "" clears a value), the form the Neutral Record
 * mapping already produces. Values from "Properties (JSON)" and the list are
 * brought to it too. Objects and arrays have no string form HubSpot documents
 * (multiple checkboxes are one string, values separated by ";"), so they fail
 * their item naming the property.
 * Source: HubSpot CRM API objects guide, "Create records": property values are strings.
 */
export function hubspotValue(value: IDataObject[string]): IDataObject[string] {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`${value} is not a number HubSpot can store`);
		return String(value);
	}
	if (typeof value === 'boolean') return String(value);
	throw new Error('HubSpot takes text, a number or true/false here, not an object or a list (multiple checkboxes: one text, values separated by ";")');
}

/** HubSpot's write-field parameters: "Properties" list, "Properties (JSON)", owner, pipeline and stage. */
export const HUBSPOT_WRITE_FIELDS: WriteFieldsSpec = {
	json: { key: 'propertiesJson', label: 'Properties (JSON)' },
	list: { parameter: 'propertiesUi.property', label: 'Properties', noun: 'property' },
	emailFields: ['email'],
	dedicated: (_ctx, additional) => {
		const out: IDataObject = {};
		if (additional.ownerId) out.hubspot_owner_id = additional.ownerId;
		if (additional.pipeline) out.pipeline = additional.pipeline;
		if (additional.stage) out.dealstage = additional.stage;
		return out;
	},
	vendorValue: hubspotValue,
};
