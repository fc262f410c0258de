/*
 * Lead conversion through the SOAP API's convertLead() call: the REST API has
 * no resource for it (the other way is Apex, Database.convertLead), so this is
 * the pack's one SOAP call. From Salesforce's SOAP API Developer Guide:
 *
 *   POST {instance}/services/Soap/u/{version}          (partner endpoint, e.g. 62.0)
 *   Content-Type: text/xml; charset=UTF-8, SOAPAction: ""
 *   Header: SessionHeader/sessionId = the OAuth access token
 *   Body:   convertLead/leadConverts (LeadConvert) ...
 *   Reply:  convertLeadResponse/result (LeadConvertResult), one per
 *           leadConverts, in the same order: accountId, contactId, errors
 *           (statusCode, message, fields), leadId, opportunityId, success
 *           (relatedPersonAccountId in recent versions)
 *
 * Whole-call failures come back as a SOAP fault (HTTP 500): faultcode
 * `sf:<CODE>`, faultstring, and detail/.../exceptionCode. Per-lead failures
 * are `success` false with `errors` in an HTTP 200 reply: one lead failing
 * does not stop the others.
 *
 * Assumptions (not stated in the docs we had): the partner WSDL's element
 * order is kept for LeadConvert fields (a strict parser may require it); the
 * response declares the partner namespace as its default, so elements are
 * matched on their local names; `CallOptions/client` is recorded with the
 * change like REST's `Sforce-Call-Options: client=` (Change Data Capture
 * changeOrigin); SOAP calls count against the same daily allocation and report
 * it in the `LimitInfoHeader` response header (type "API REQUESTS").
 */
import type { IDataObject } from 'n8n-workflow';
import { apiError } from '../../../shared/transport/errors';
import { redact } from '../../../shared/transport/redact';
import type { CrmRecord, RecordOutcome, RequestContext } from '../../../shared/types';
import { readSessionId, salesforceRequest, type SalesforceSettings } from '../transport/salesforceApi';
import { child, children, escapeXml, isNil, parseXml, SoapParseError, textOf, type XmlElement } from '../transport/xml';
import { describe as describeErrors } from './records';

/** convertLead() takes at most 100 LeadConvert objects per call. */
export const CONVERT_BATCH_SIZE = 100;

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const PARTNER = 'urn:partner.soap.sforce.com';

export interface LeadConvertInput {
	leadId: string;
	/** A LeadStatus whose IsConverted is true (its MasterLabel). */
	convertedStatus: string;
	/** Merge into this account instead of creating one. */
	accountId?: string;
	/** Merge into this contact (of accountId) instead of creating one. */
	contactId?: string;
	doNotCreateOpportunity?: boolean;
	opportunityName?: string;
	/** Owner of the new account, contact and opportunity (default: the lead's owner). */
	ownerId?: string;
	overwriteLeadSource?: boolean;
	sendNotificationEmail?: boolean;
}

export interface LeadConvertError {
	statusCode?: string;
	message?: string;
	fields: string[];
}

export interface LeadConvertResult {
	success: boolean;
	leadId: string | null;
	accountId: string | null;
	contactId: string | null;
	opportunityId: string | null;
	relatedPersonAccountId?: string | null;
	errors: LeadConvertError[];
}

export interface SoapFault {
	/** faultcode without its prefix, e.g. INVALID_SESSION_ID or Client. */
	faultCode: string;
	faultString: string;
	/** detail/*\/exceptionCode when present. */
	exceptionCode?: string;
}

export interface ConvertResponse {
	results: LeadConvertResult[];
	fault?: SoapFault;
	/** LimitInfoHeader, type "API REQUESTS". */
	usage?: { used: number; limit: number };
}

const el = (name: string, value: string | boolean | undefined): string =>
	value === undefined || value === '' ? '' : `<urn:${name}>${escapeXml(String(value))}</urn:${name}>`;

/** The SOAP envelope of one convertLead() call. Optional fields left empty are not sent. */
export function convertLeadEnvelope(sessionId: string, inputs: LeadConvertInput[], clientId?: string): string {
	const converts = inputs
		.map(
			(c) =>
				'<urn:leadConverts>' +
				el('accountId', c.accountId) +
				el('contactId', c.contactId) +
				el('convertedStatus', c.convertedStatus) +
				el('doNotCreateOpportunity', Boolean(c.doNotCreateOpportunity)) +
				el('leadId', c.leadId) +
				el('opportunityName', c.doNotCreateOpportunity ? undefined : c.opportunityName) +
				el('overwriteLeadSource', Boolean(c.overwriteLeadSource)) +
				el('ownerId', c.ownerId) +
				el('sendNotificationEmail', Boolean(c.sendNotificationEmail)) +
				'</urn:leadConverts>',
		)
		.join('');
	const callOptions = clientId ? `<urn:CallOptions>${el('client', clientId)}</urn:CallOptions>` : '';
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		`<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:urn="${PARTNER}">` +
		`<soapenv:Header><urn:SessionHeader>${el('sessionId', sessionId)}</urn:SessionHeader>${callOptions}</soapenv:Header>` +
		`<soapenv:Body><urn:convertLead>${converts}</urn:convertLead></soapenv:Body>` +
		'</soapenv:Envelope>'
	);
}

const idOrNull = (parent: XmlElement, name: string): string | null => {
	const value = textOf(parent, name)?.trim();
	return value ? value : null;
};

function readResult(result: XmlElement): LeadConvertResult {
	const out: LeadConvertResult = {
		success: (textOf(result, 'success') ?? '').trim() === 'true',
		leadId: idOrNull(result, 'leadId'),
		accountId: idOrNull(result, 'accountId'),
		contactId: idOrNull(result, 'contactId'),
		opportunityId: idOrNull(result, 'opportunityId'),
		errors: children(result, 'errors').map((e) => ({
			statusCode: textOf(e, 'statusCode')?.trim() || undefined,
			message: textOf(e, 'message'),
			fields: children(e, 'fields')
				.filter((f) => !isNil(f))
				.map((f) => f.text.trim())
				.filter(Boolean),
		})),
	};
	const person = child(result, 'relatedPersonAccountId');
	if (person) out.relatedPersonAccountId = isNil(person) ? null : person.text.trim() || null;
	return out;
}

/** Reads a convertLead response or a SOAP fault. Throws SoapParseError when the text is neither. */
export function parseConvertResponse(xml: string): ConvertResponse {
	const envelope = child(parseXml(xml), 'Envelope');
	const body = child(envelope, 'Body');
	if (!body) throw new SoapParseError('not a SOAP envelope: no Envelope/Body element');

	let usage: ConvertResponse['usage'];
	for (const info of children(child(child(envelope, 'Header'), 'LimitInfoHeader'), 'limitInfo')) {
		if ((textOf(info, 'type') ?? '').trim() !== 'API REQUESTS') continue;
		const used = Number(textOf(info, 'current'));
		const limit = Number(textOf(info, 'limit'));
		if (Number.isFinite(used) && Number.isFinite(limit) && limit > 0) usage = { used, limit };
	}

	const fault = child(body, 'Fault');
	if (fault) {
		const code = (textOf(fault, 'faultcode') ?? '').trim();
		const detail = child(fault, 'detail')?.children[0];
		return {
			results: [],
			usage,
			fault: {
				faultCode: code.slice(code.indexOf(':') + 1),
				faultString: (textOf(fault, 'faultstring') ?? '').trim(),
				exceptionCode: textOf(detail, 'exceptionCode')?.trim() || undefined,
			},
		};
	}
	const response = child(body, 'convertLeadResponse');
	if (!response) throw new SoapParseError('the SOAP reply has no convertLeadResponse');
	return { results: children(response, 'result').map(readResult), usage };
}

function faultCodeOf(fault: SoapFault): string {
	return fault.exceptionCode ?? fault.faultCode;
}

function isSessionFault(fault: SoapFault | undefined): boolean {
	return Boolean(fault && faultCodeOf(fault) === 'INVALID_SESSION_ID');
}

/** Maps each LeadConvertResult back to its input by position, as Salesforce returns them. */
export function convertOutcomes(inputs: LeadConvertInput[], results: LeadConvertResult[]): RecordOutcome[] {
	return inputs.map((input, index): RecordOutcome => {
		const result = results[index];
		if (!result) return { index, ok: false, message: 'Salesforce returned no result for this lead' };
		if (!result.success) {
			const { message, code, fields } = describeErrors(result.errors);
			const context: IDataObject = { leadId: input.leadId };
			if (fields?.length) context.fields = fields;
			return { index, ok: false, message, code, context };
		}
		const raw: IDataObject = {
			leadId: result.leadId ?? input.leadId,
			accountId: result.accountId,
			contactId: result.contactId,
			opportunityId: result.opportunityId,
		};
		if (result.relatedPersonAccountId !== undefined) raw.relatedPersonAccountId = result.relatedPersonAccountId;
		raw.success = true;
		const record: CrmRecord = { id: String(raw.leadId), objectType: 'Lead', properties: { ...raw }, raw };
		return { index, ok: true, record };
	});
}

/**
 * Converts up to 100 leads in one convertLead() call.
 *
 * An expired session: the SOAP API answers a 500 fault INVALID_SESSION_ID,
 * not the 401 that makes the shared transport let n8n renew the session. So
 * on that fault one cheap REST call (the instance's OAuth userinfo endpoint,
 * assumed not to count against the API allocation) goes out through the
 * shared transport: with the token expired it is answered 401, n8n refreshes
 * the OAuth2 token or re-runs the JWT login, and the call is sent again. The
 * credential is then read once more, and the convertLead call repeated once
 * with the new session (safe: a refused session means nothing was converted).
 * If the token did not change (REST accepts it; SOAP does not), the fault is
 * reported with a hint instead of being retried. The session id is the
 * access token: it is removed from every error text.
 */
export async function convertLeads(ctx: RequestContext, settings: SalesforceSettings, inputs: LeadConvertInput[]): Promise<RecordOutcome[]> {
	if (!inputs.length) return [];
	if (inputs.length > CONVERT_BATCH_SIZE) throw new Error(`convertLead takes at most ${CONVERT_BATCH_SIZE} leads per call`);
	let session = await readSessionId(ctx, settings);
	if (!session) session = await renewSession(ctx, settings);
	let reply = await send(ctx, settings, inputs, session);
	if (isSessionFault(reply.fault)) {
		const renewed = await renewSession(ctx, settings);
		if (renewed && renewed !== session) reply = await send(ctx, settings, inputs, renewed);
		else throw faultError(ctx, settings, reply, true);
	}
	if (reply.fault) throw faultError(ctx, settings, reply, false);
	return convertOutcomes(inputs, reply.results);
}

interface Reply extends ConvertResponse {
	status: number;
}

async function send(ctx: RequestContext, settings: SalesforceSettings, inputs: LeadConvertInput[], session: string): Promise<Reply> {
	const version = settings.apiVersion.replace(/^v/, '');
	const res = await salesforceRequest<unknown>(ctx, settings, {
		method: 'POST',
		path: `/services/Soap/u/${version}`,
		body: convertLeadEnvelope(session, inputs, settings.clientId),
		headers: { SOAPAction: '""' },
		text: { contentType: 'text/xml; charset=UTF-8', accept: 'text/xml' },
		// A fault is a 500 with an envelope: read it here instead of letting the transport throw it.
		acceptStatuses: [500],
		idempotent: false,
	});
	const text = typeof res.body === 'string' ? res.body : '';
	let parsed: ConvertResponse;
	try {
		parsed = parseConvertResponse(text);
	} catch (error) {
		const detail = error instanceof SoapParseError ? error.message : 'unreadable reply';
		throw apiError(ctx.getNode(), res.statusCode, { message: `Salesforce's SOAP API answered ${res.statusCode} with an unexpected body (${detail})` }, { secrets: settings.secrets });
	}
	if (parsed.usage) settings.usage = parsed.usage;
	return { ...parsed, status: res.statusCode };
}

/** Makes n8n renew the session (see convertLeads), then reads the token again. */
async function renewSession(ctx: RequestContext, settings: SalesforceSettings): Promise<string> {
	await salesforceRequest(ctx, settings, { method: 'GET', path: '/services/oauth2/userinfo' });
	return readSessionId(ctx, settings);
}

function faultError(ctx: RequestContext, settings: SalesforceSettings, reply: Reply, session: boolean) {
	const fault = reply.fault as SoapFault;
	const code = faultCodeOf(fault);
	const text = fault.faultString.startsWith(`${code}:`) ? fault.faultString : `${code}: ${fault.faultString}`;
	const error = apiError(ctx.getNode(), reply.status, { message: redact(text, settings.secrets), errorCode: code }, { secrets: settings.secrets });
	if (session) {
		error.description =
			'Salesforce refused the session for the SOAP API although the REST API accepts it. Check that the connected app has the "api" OAuth scope and that the user has the "API Enabled" permission.';
	} else if (code === 'REQUEST_LIMIT_EXCEEDED') {
		error.description =
			'The org has exhausted its daily API allocation; requests are refused until usage over the rolling 24 hours falls. The pack does not retry this error.';
	}
	return error;
}
