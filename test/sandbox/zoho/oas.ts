/**
 * The response schemas of Zoho CRM's published OpenAPI descriptions (GitHub
 * zoho/crm-oas, folder v8.0, read at commit 45dff2c) for the calls the pack
 * makes, restated as plain JSON-schema subsets (the files themselves are
 * Zoho's and stay out of this repository; each schema names its source:
 * file#/components/schemas/Name). Properties the pack does not read are left
 * out; `additionalProperties` is left open as in the files. `validate` checks
 * the subset of JSON Schema these use (type, properties, required, items,
 * enum, oneOf, nullable).
 */

export interface Schema {
	type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
	properties?: Record<string, Schema>;
	required?: string[];
	items?: Schema;
	enum?: unknown[];
	oneOf?: Schema[];
	nullable?: boolean;
	format?: string;
}

const str: Schema = { type: 'string' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };

/** users.json#/components/schemas/Minified_User */
const minifiedUser: Schema = { type: 'object', properties: { name: str, id: { type: 'string', nullable: true }, email: str }, required: ['name', 'id'] };

/** record.json#/components/schemas/Record */
const record: Schema = {
	type: 'object',
	properties: { id: str, Created_By: minifiedUser, Created_Time: dateTime, Modified_By: minifiedUser, Modified_Time: dateTime, name: str },
};

/** record.json#/components/schemas/Info */
const info: Schema = {
	type: 'object',
	properties: {
		call: bool,
		per_page: int,
		next_page_token: str,
		count: int,
		page: int,
		previous_page_token: str,
		page_token_expiry: dateTime,
		email: bool,
		more_records: bool,
		sort_by: str,
		sort_order: str,
	},
};

/** record.json#/components/schemas/Success_Response (`action`, `duplicate_field`: upsert) */
const success: Schema = {
	type: 'object',
	properties: {
		status: { type: 'string', enum: ['success'] },
		code: { type: 'string', enum: ['SUCCESS'] },
		duplicate_field: str,
		action: { type: 'string', enum: ['insert', 'update'] },
		message: { type: 'string', enum: ['record updated', 'record deleted', 'record added'] },
		details: { type: 'object', properties: { Modified_Time: dateTime, Modified_By: minifiedUser, Created_Time: dateTime, id: str, Created_By: minifiedUser } },
	},
};

/** record.json#/components/schemas/API_Exception (codes the sandbox answers; the file lists more) */
const apiException: Schema = {
	type: 'object',
	properties: {
		status: { type: 'string', enum: ['error'] },
		code: {
			type: 'string',
			enum: ['DUPLICATE_DATA', 'MANDATORY_NOT_FOUND', 'INVALID_MODULE', 'AUTHENTICATION_FAILURE', 'INVALID_DATA', 'LIMIT_EXCEEDED', 'INVALID_QUERY', 'INVALID_URL_PATTERN', 'INVALID_TOKEN', 'REQUIRED_PARAM_MISSING', 'INVALID_REQUEST_METHOD'],
		},
		message: str,
		details: { type: 'object' },
	},
};

export const ZOHO_OAS: Record<string, Schema> = {
	/** record.json GET /crm/v8/{module_api_name}: #/components/schemas/Response_Wrapper; search the same */
	records: { type: 'object', properties: { data: { type: 'array', items: record }, info } },
	/** record.json POST/PUT /crm/v8/{module_api_name}, POST …/upsert, DELETE: `{ data: [Success_Response | API_Exception] }` */
	writeResults: { type: 'object', properties: { data: { type: 'array', items: { oneOf: [success, apiException] } } } },
	/** record.json#/components/schemas/API_Exception as a whole answer */
	error: apiException,
	/** record.json GET …/deleted: #/components/schemas/Deleted_Records_Wrapper */
	deleted: {
		type: 'object',
		properties: {
			data: {
				type: 'array',
				items: { type: 'object', properties: { deleted_by: minifiedUser, id: str, display_name: str, type: str, created_by: minifiedUser, deleted_time: dateTime } },
			},
			info,
		},
	},
	/** coql.json POST /crm/v8/coql: #/components/schemas/Response_Wrapper (data: record.json Record, info: Info) */
	coql: { type: 'object', properties: { data: { type: 'array', items: record }, info } },
	/** users.json GET /crm/v8/users: #/components/schemas/Response_Wrapper (users, info required) */
	users: {
		type: 'object',
		properties: {
			users: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', nullable: true }, email: str, full_name: str, status: str } } },
			info: { type: 'object', properties: { per_page: int, count: int, page: int, more_records: bool }, required: ['per_page', 'count', 'page', 'more_records'] },
		},
		required: ['users', 'info'],
	},
	/** fields.json GET /crm/v8/settings/fields: #/components/schemas/Response_Wrapper */
	fields: {
		type: 'object',
		properties: {
			fields: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						api_name: str,
						data_type: str,
						display_label: str,
						system_mandatory: bool,
						read_only: bool,
						length: int,
						pick_list_values: { type: 'array', items: { type: 'object', properties: { actual_value: str, display_value: str, type: { type: 'string', enum: ['unused', 'used'] } } } },
						lookup: { type: 'object', nullable: true },
					},
				},
			},
		},
		required: ['fields'],
	},
	/** notifications.json POST/PATCH /crm/v8/actions/watch: #/components/schemas/SuccessWrapper */
	watchResults: {
		type: 'object',
		properties: {
			watch: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						status: { type: 'string', enum: ['success'] },
						code: { type: 'string', enum: ['SUCCESS'] },
						message: { type: 'string', enum: ['Successfully removed the subscribe details', 'Successfully un-subscribed from actions-watch', 'Successfully updated the subscribe details', 'Successfully subscribed for actions-watch of the given module'] },
						details: {
							type: 'object',
							properties: {
								events: {
									type: 'array',
									items: {
										type: 'object',
										properties: { resource_name: str, channel_expiry: { type: 'string', format: 'date-time', nullable: true }, resource_id: str, resource_uri: str, channel_id: str },
										required: ['resource_name', 'channel_expiry', 'resource_id', 'resource_uri', 'channel_id'],
									},
								},
								resource_uri: str,
								resource_id: str,
								channel_id: str,
							},
						},
					},
					required: ['details'],
				},
			},
		},
		required: ['watch'],
	},
	/** convert_lead.json POST /crm/v8/Leads/{id}/actions/convert: `{ data: [Success_Response] }` */
	convert: {
		type: 'object',
		properties: {
			data: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						code: { type: 'string', enum: ['SUCCESS'] },
						message: { type: 'string', enum: ['The record has been converted successfully'] },
						status: { type: 'string', enum: ['success'] },
						details: { type: 'object', properties: { Contacts: record, Deals: record, Accounts: record }, required: ['Contacts', 'Deals', 'Accounts'] },
					},
					required: ['code', 'message', 'status', 'details'],
				},
			},
		},
		required: ['data'],
	},
};

/** Where `value` breaks `schema`, as `path: reason` lines (none: it fits). */
export function validate(schema: Schema, value: unknown, path = '$'): string[] {
	if (value === null) return schema.nullable || (!schema.type && !schema.oneOf) ? [] : [`${path}: null where ${schema.type ?? 'a value'} is required`];
	if (schema.oneOf) {
		const fits = schema.oneOf.filter((s) => validate(s, value, path).length === 0).length;
		return fits === 1 ? [] : [`${path}: fits ${fits} of the oneOf schemas, not exactly one`];
	}
	const problems: string[] = [];
	const type = Array.isArray(value) ? 'array' : typeof value;
	if (schema.type === 'integer') {
		if (typeof value !== 'number' || !Number.isInteger(value)) return [`${path}: ${JSON.stringify(value)} is not an integer`];
	} else if (schema.type && schema.type !== type) return [`${path}: ${type} where ${schema.type} is required`];
	if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
	if (schema.format === 'date-time' && typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/.test(value)) problems.push(`${path}: "${value}" is not an RFC 3339 date-time`);
	if (type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
		const obj = value as Record<string, unknown>;
		for (const key of schema.required ?? []) if (!(key in obj)) problems.push(`${path}.${key}: required`);
		for (const [key, sub] of Object.entries(schema.properties ?? {})) if (key in obj) problems.push(...validate(sub, obj[key], `${path}.${key}`));
	}
	if (Array.isArray(value) && schema.items) value.forEach((v, i) => problems.push(...validate(schema.items as Schema, v, `${path}[${i}]`)));
	return problems;
}
