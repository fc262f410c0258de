import type { WriteFieldsSpec } from '../../../shared/n8n/writeFields';

/**
 * Zoho's write-field parameters: the "Fields" list (API names from the fields
 * metadata) and "Fields (JSON)". Lookups (`Account_Name`, `Owner`...) take a
 * record id: written as `{ id }`.
 */
/** Lookup fields of the standard layouts (Zoho's v8 field reference): their value is a record id. */
const LOOKUPS = new Set(['Owner', 'Account_Name', 'Contact_Name', 'Who_Id', 'What_Id', 'Vendor_Name', 'Campaign_Source', 'Reporting_To']);

export function zohoWriteFields(lookups: ReadonlySet<string> = LOOKUPS): WriteFieldsSpec {
	return {
		json: { key: 'fieldsJson', label: 'Fields (JSON)' },
		list: { parameter: 'fieldsUi.field', label: 'Fields', noun: 'field' },
		emailFields: ['Email', 'Secondary_Email'],
		vendorValue: (value, field) => (lookups.has(field) && (typeof value === 'string' || typeof value === 'number') && value !== '' ? { id: String(value) } : value),
	};
}
