/*
 * Salesforce Outbound Messaging: a SOAP 1.1 `notifications` call (namespace
 * http://soap.sforce.com/2005/09/outbound) carrying OrganizationId, ActionId,
 * SessionId, EnterpriseUrl, PartnerUrl and 1-100 `Notification` elements,
 * each an `Id` (the notification's own id, stable across Salesforce's retries)
 * and an `sObject` (xsi:type="sf:Contact") whose children are the fields chosen
 * in Setup. The endpoint must answer `notificationsResponse` with `Ack` true,
 * else Salesforce retries for up to 24 hours.
 *
 * The pack may not ship an XML library (imports are limited to n8n-workflow,
 * luxon and zod), and this message is a fixed, flat shape: it is read with a
 * small element scanner rather than a general XML parser. DTDs and processing
 * instructions are ignored, entities are limited to the five predefined ones
 * and numeric references.
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

export class SoapParseError extends Error {}

export const MAX_NOTIFICATIONS = 100;

function decode(text: string): string {
	return text
		.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, c: string) => c.replace(/&/g, '&amp;').replace(/</g, '&lt;'))
		.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
			if (e === 'lt') return '<';
			if (e === 'gt') return '>';
			if (e === 'amp') return '&';
			if (e === 'quot') return '"';
			if (e === 'apos') return "'";
			const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
			return String.fromCodePoint(code);
		});
}

interface Element {
	name: string;
	attrs: Record<string, string>;
	children: Element[];
	text: string;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Parses well-formed XML into elements (namespace prefixes kept in `name`). */
function parseXml(xml: string): Element {
	const root: Element = { name: '#root', attrs: {}, children: [], text: '' };
	const stack: Element[] = [root];
	const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(xml))) {
		const top = stack[stack.length - 1];
		if (m[0].startsWith('<![CDATA[')) top.text += decode(m[0]);
		else if (m[0].startsWith('<!') || m[0].startsWith('<?')) continue;
		else if (m[1]) {
			if (stack.length < 2 || top.name !== m[1]) throw new SoapParseError(`mismatched closing tag </${m[1]}>`);
			stack.pop();
		} else if (m[2]) {
			const attrs: Record<string, string> = {};
			for (const a of (m[3] ?? '').matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3] ?? '');
			const el: Element = { name: m[2], attrs, children: [], text: '' };
			top.children.push(el);
			if (!m[4]) stack.push(el);
		} else if (m[5] !== undefined) {
			if (/[<>]/.test(m[5])) throw new SoapParseError('malformed XML');
			top.text += decode(m[5]);
		}
		if (stack.length > 64) throw new SoapParseError('XML nested too deeply');
	}
	if (stack.length !== 1) throw new SoapParseError('unclosed element');
	return root;
}

const child = (el: Element | undefined, name: string) => el?.children.find((c) => local(c.name) === name);
const isNil = (el: Element) => Object.entries(el.attrs).some(([k, v]) => local(k) === 'nil' && v === 'true');

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
