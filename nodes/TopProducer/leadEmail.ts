import type { IDataObject } from 'n8n-workflow';
import type { FieldIssue } from '../../shared/model/errors';
import { isValidEmail } from '../../shared/model/email';

/*
 * Top Producer takes leads by email: an HTML email carrying the Real Estate
 * Lead Metadata Specification 1.0's `<meta name="lead_*">` tags, sent to the
 * agent's lead-capture address, is read into a new lead by Top Producer CRM and
 * FiveStreet. Sources: Top Producer's page "Metadata Specification for Real
 * Estate Lead Emails" (https://www.topproducer.com/campus/fivestreet/lead-metadata-specification/,
 * also https://support.topproducer.com/fivestreet/lead-metadata-specification)
 * and the specification itself (https://www.leadmetadata.org/,
 * github.com/MoveInc/www.leadmetadata.org index.html):
 * - `lead_information_version` is the only required tag, and must be "1.0";
 * - `lead_type` is "Buyer", "Seller" or "Renter" (a consumer assumes Buyer);
 * - the other standard tags below; up to 100 custom `lead_<name>` tags;
 * - a consumer finds the version tag, checks it is 1.0, then reads every meta
 *   tag whose name begins with `lead_`, anywhere in the document (`parseLeadMeta`).
 * Version 1.0 "focuses on the transmission of new lead events": an email can
 * create a lead, never update one.
 */

export const SPEC_VERSION = '1.0';
export const LEAD_TYPES = ['Buyer', 'Seller', 'Renter'] as const;
export const MAX_CUSTOM_FIELDS = 100;

/** The specification's named tags (besides the version), in its order, with the neutral lead field each is filled from. */
export const STANDARD_TAGS: Array<{ tag: string; field: string; label: string }> = [
	{ tag: 'lead_source', field: 'source', label: 'Source' },
	{ tag: 'lead_type', field: 'type', label: 'Type' },
	{ tag: 'lead_name', field: 'name', label: 'Name' },
	{ tag: 'lead_email', field: 'email', label: 'Email' },
	{ tag: 'lead_phone', field: 'phone', label: 'Phone' },
	{ tag: 'lead_property_address', field: 'propertyAddress', label: 'Property address' },
	{ tag: 'lead_mls', field: 'mlsNumber', label: 'MLS number' },
	{ tag: 'lead_message', field: 'message', label: 'Message' },
	{ tag: 'lead_property_city', field: 'propertyCity', label: 'Property city' },
	{ tag: 'lead_property_state', field: 'propertyState', label: 'Property state' },
	{ tag: 'lead_property_zip', field: 'propertyZip', label: 'Property zip' },
	{ tag: 'lead_max_price', field: 'maxPrice', label: 'Max price' },
	{ tag: 'lead_primary_zip', field: 'primaryZip', label: 'Primary zip' },
	{ tag: 'lead_time_frame', field: 'timeFrame', label: 'Time frame' },
	{ tag: 'lead_financing', field: 'financing', label: 'Financing' },
	{ tag: 'lead_assigned_agent', field: 'assignedAgent', label: 'Assigned agent' },
	{ tag: 'lead_assigned_agent_email', field: 'assignedAgentEmail', label: 'Assigned agent email' },
	{ tag: 'lead_assigned_agent_phone', field: 'assignedAgentPhone', label: 'Assigned agent phone' },
	{ tag: 'lead_loan_officer', field: 'loanOfficer', label: 'Loan officer' },
	{ tag: 'lead_loan_officer_company', field: 'loanOfficerCompany', label: 'Loan officer company' },
	{ tag: 'lead_loan_officer_email', field: 'loanOfficerEmail', label: 'Loan officer email' },
	{ tag: 'lead_loan_officer_phone', field: 'loanOfficerPhone', label: 'Loan officer phone' },
	{ tag: 'lead_title_officer', field: 'titleOfficer', label: 'Title officer' },
	{ tag: 'lead_title_officer_company', field: 'titleOfficerCompany', label: 'Title officer company' },
	{ tag: 'lead_title_officer_email', field: 'titleOfficerEmail', label: 'Title officer email' },
	{ tag: 'lead_title_officer_phone', field: 'titleOfficerPhone', label: 'Title officer phone' },
];

const STANDARD = new Set(['lead_information_version', ...STANDARD_TAGS.map((t) => t.tag)]);
const EMAIL_FIELDS = new Set(['email', 'assignedAgentEmail', 'loanOfficerEmail', 'titleOfficerEmail']);

export interface LeadEmail {
	subject: string;
	html: string;
	text: string;
	/** Every `lead_*` tag the email carries, by name, as Top Producer will read it. */
	meta: Record<string, string>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Meta content is one line: line breaks become spaces (a message keeps its words). */
const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const t = (typeof value === 'object' ? JSON.stringify(value) : String(value)).trim();
	return t === '' ? undefined : t;
}

/**
 * Builds the lead email from neutral lead fields (`name`, or `firstName` and
 * `lastName`; `email`, `phone`, `type`, `source`, ... as in STANDARD_TAGS) and
 * custom fields (`custom`: `{ min_bedrooms: 3 }` → `lead_min_bedrooms`). Returns
 * the problems instead when the fields cannot make a valid email.
 */
export function composeLeadEmail(fields: IDataObject, custom: IDataObject = {}): { ok: true; email: LeadEmail } | { ok: false; issues: FieldIssue[] } {
	const issues: FieldIssue[] = [];
	const values: Record<string, string> = {};
	const name = text(fields.name) ?? ([text(fields.firstName), text(fields.lastName)].filter(Boolean).join(' ') || undefined);
	for (const { field, tag } of STANDARD_TAGS) {
		const value = field === 'name' ? name : text(fields[field]);
		if (value === undefined) continue;
		if (EMAIL_FIELDS.has(field) && !isValidEmail(value)) {
			issues.push({ field, reason: `"${value}" is not an email address` });
			continue;
		}
		values[tag] = oneLine(value);
	}
	if (values.lead_type !== undefined) {
		const type = LEAD_TYPES.find((t) => t.toLowerCase() === values.lead_type.toLowerCase());
		if (type) values.lead_type = type;
		else issues.push({ field: 'type', reason: `"${values.lead_type}" is not a lead type of the specification (${LEAD_TYPES.join(', ')})` });
	}
	if (!values.lead_name && !values.lead_email && !values.lead_phone && !issues.some((i) => ['name', 'email', 'phone'].includes(i.field))) {
		// Not required by the specification, but a lead nobody can name or reach is no lead.
		issues.push({ field: 'name', reason: 'a lead needs a name, an email or a phone' });
	}
	const customEntries = Object.entries(custom).filter(([, v]) => text(v) !== undefined);
	if (customEntries.length > MAX_CUSTOM_FIELDS) issues.push({ field: 'custom', reason: `${customEntries.length} custom fields: the specification allows up to ${MAX_CUSTOM_FIELDS}` });
	for (const [key, value] of customEntries) {
		const tag = key.startsWith('lead_') ? key : `lead_${key}`;
		if (!/^lead_[a-z0-9_]+$/.test(tag)) {
			issues.push({ field: `custom.${key}`, reason: 'a custom field name is lower-case letters, digits and "_" only' });
			continue;
		}
		if (STANDARD.has(tag)) {
			issues.push({ field: `custom.${key}`, reason: `"${tag}" is a standard field of the specification: set it as that field` });
			continue;
		}
		values[tag] = oneLine(text(value)!);
	}
	if (issues.length) return { ok: false, issues };

	const meta: Record<string, string> = { lead_information_version: SPEC_VERSION, ...values };
	const label = (tag: string) => STANDARD_TAGS.find((t) => t.tag === tag)?.label ?? tag.slice(5).replace(/_/g, ' ');
	const shown = Object.entries(meta).filter(([tag]) => tag !== 'lead_information_version');
	const subject = `New ${(meta.lead_type ?? 'Buyer').toLowerCase()} lead: ${meta.lead_name ?? meta.lead_email ?? meta.lead_phone}${meta.lead_source ? ` (${meta.lead_source})` : ''}`;
	const html = [
		'<!DOCTYPE html>',
		'<html>',
		'<head>',
		'<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
		...Object.entries(meta).map(([tag, value]) => `<meta name="${tag}" content="${escapeHtml(value)}" />`),
		`<title>${escapeHtml(subject)}</title>`,
		'</head>',
		'<body>',
		`<p>${escapeHtml(subject)}</p>`,
		'<table>',
		...shown.map(([tag, value]) => `<tr><th align="left">${escapeHtml(label(tag))}</th><td>${escapeHtml(value)}</td></tr>`),
		'</table>',
		'</body>',
		'</html>',
	].join('\n');
	const plain = [subject, '', ...shown.map(([tag, value]) => `${label(tag)}: ${value}`)].join('\n');
	return { ok: true, email: { subject, html, text: plain, meta } };
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * Reads an email as the specification tells a consumer to: every `<meta>` tag
 * anywhere in the document; none unless a `lead_information_version` of 1.0 is
 * among them; then every tag whose name begins with `lead_`.
 */
export function parseLeadMeta(html: string): Record<string, string> | undefined {
	const tags: Record<string, string> = {};
	for (const m of html.matchAll(/<meta\b([^>]*)>/gi)) {
		const attrs = m[1];
		const name = /\bname\s*=\s*"([^"]*)"/i.exec(attrs)?.[1] ?? /\bname\s*=\s*'([^']*)'/i.exec(attrs)?.[1];
		const content = /\bcontent\s*=\s*"([^"]*)"/i.exec(attrs)?.[1] ?? /\bcontent\s*=\s*'([^']*)'/i.exec(attrs)?.[1];
		if (name === undefined || content === undefined) continue;
		if (name.toLowerCase().startsWith('lead_')) tags[name.toLowerCase()] = unescape(content);
	}
	return tags.lead_information_version === SPEC_VERSION ? tags : undefined;
}
