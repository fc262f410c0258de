import type { WriteFieldsSpec } from '../../../shared/n8n/writeFields';

/**
 * Dataverse's write-field parameters: the "Columns" list (logical names from
 * the table's metadata), "Columns (JSON)" (any column, `<nav>@odata.bind`
 * keys included) and the Neutral Record. Emails are Dataverse's
 * `emailaddress1`…`3`.
 */
export const DYNAMICS_WRITE_FIELDS: WriteFieldsSpec = {
	json: { key: 'fieldsJson', label: 'Columns (JSON)' },
	list: { parameter: 'fieldsUi.field', label: 'Columns', noun: 'column' },
	emailFields: ['emailaddress1', 'emailaddress2', 'emailaddress3'],
};
