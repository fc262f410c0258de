import { child, isNil, local, parseXml, SoapParseError } from '../transport/xml';

/*
 * Salesforce Outbound Messaging: a SOAP 1.1 `notifications` call (namespace
 * http://soap.sforce.com/2005/09/outbound) carrying OrganizationId, ActionId,
 * SessionId, EnterpriseUrl, PartnerUrl and 1-100 `Notification` elements,
 * each an `Id` (the notification's own id, stable across Salesforce's retries)
 * and an `sObject` (xsi:type="sf:Contact") whose children are the fields chosen
 * in Setup. The endpoint must answer `notificationsResponse` with `Ack` true,
 * else Salesforce retries for up to 24 hours.
 *
 * The message is a fixed, flat shape, read with the pack's small element
 * scanner (../transport/xml.ts) rather than a general XML parser.
 */

export interface OutboundNotification {
	/** The notification id (04l...): the same on every retry of the message. */
	notificationId: string;
	sObjectType: string;
	/** Field name -> value as text (null for xsi:nil). */
	fields: Record<string, string | null>;
}

export interface OutboundMessage {
	organizationId: string;
	actionId: string;
	sessionId: string | null;
	enterpriseUrl?: string;
	partnerUrl?: string;
	notifications: OutboundNotification[];
}

export { SoapParseError };

export const MAX_NOTIFICATIONS = 100;

export function parseOutboundMessage(xml: string): OutboundMessage {
	const root = parseXml(xml);
	const envelope = child(root, 'Envelope');
	const body = child(envelope, 'Body');
	const notifications = child(body, 'notifications');
	if (!notifications) throw new SoapParseError('not a Salesforce outbound message: no soapenv:Body/notifications element');
	const text = (name: string) => {
		const el = child(notifications, name);
		return el && !isNil(el) ? el.text.trim() : undefined;
	};
	const organizationId = text('OrganizationId');
	if (!organizationId) throw new SoapParseError('the message has no OrganizationId');
	const list = notifications.children.filter((c) => local(c.name) === 'Notification');
	if (list.length > MAX_NOTIFICATIONS) throw new SoapParseError(`the message has ${list.length} notifications; Salesforce sends at most ${MAX_NOTIFICATIONS}`);
	return {
		organizationId,
		actionId: text('ActionId') ?? '',
		sessionId: text('SessionId') ?? null,
		enterpriseUrl: text('EnterpriseUrl'),
		partnerUrl: text('PartnerUrl'),
		notifications: list.map((n) => {
			const sobject = child(n, 'sObject');
			const typeAttr = Object.entries(sobject?.attrs ?? {}).find(([k]) => local(k) === 'type')?.[1] ?? '';
			const fields: Record<string, string | null> = {};
			for (const f of sobject?.children ?? []) fields[local(f.name)] = isNil(f) ? null : f.text;
			return { notificationId: (child(n, 'Id')?.text ?? '').trim(), sObjectType: local(typeAttr), fields };
		}),
	};
}

/** Salesforce ids are 15 characters, case-sensitive; the 18-character form adds a checksum suffix. */
export function sameOrgId(a: string, b: string): boolean {
	return a.trim().slice(0, 15) === b.trim().slice(0, 15) && a.trim().length >= 15;
}

export function ackResponse(ack: boolean): string {
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
		'<soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">' +
		`<Ack>${ack ? 'true' : 'false'}</Ack>` +
		'</notificationsResponse></soapenv:Body></soapenv:Envelope>'
	);
}

export function soapFault(message: string): string {
	const safe = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>' +
		`<faultcode>soapenv:Client</faultcode><faultstring>${safe}</faultstring>` +
		'</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
	);
}
