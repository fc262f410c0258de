import type { WriteFieldsSpec } from '../../../shared/n8n/writeFields';

/** The REST CRM's write-field parameters: the "Fields" list and "Fields (JSON)" (the API takes fields by name, as they are). */
export const REST_CRM_WRITE_FIELDS: WriteFieldsSpec = {
	json: { key: 'fieldsJson', label: 'Fields (JSON)' },
	list: { parameter: 'fieldsUi.field', label: 'Fields', noun: 'field' },
	emailFields: ['email'],
};
