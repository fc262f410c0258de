'use strict';

const { randomBytes } = require('node:crypto');

/**
 * Outbound Messaging as Salesforce sends it: a SOAP 1.1 `notifications` call
 * (namespace http://soap.sforce.com/2005/09/outbound, enterprise sObject
 * namespace for the fields), 1-100 notifications per message, each with its
 * own notification id. The endpoint must answer `<Ack>true</Ack>`.
 */

/** @param {string} s */
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * @param {{ organizationId: string, actionId?: string, sessionId?: string | null, baseUrl?: string,
 *           notifications: Array<{ id?: string, sobject: string, fields: Record<string, unknown> }> }} m
 */
function outboundMessage(m) {
	const base = m.baseUrl ?? 'https://example.my.salesforce.com';
	const notes = m.notifications
		.map((n) => {
			const fields = Object.entries(n.fields)
				.map(([k, v]) => (v === null || v === undefined ? `<sf:${k} xsi:nil="true"/>` : `<sf:${k}>${esc(String(v))}</sf:${k}>`))
				.join('');
			const id = n.id ?? `04l${randomBytes(6).toString('hex').toUpperCase().slice(0, 12)}AAA`;
			return `<Notification><Id>${esc(id)}</Id><sObject xsi:type="sf:${esc(n.sobject)}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${fields}</sObject></Notification>`;
		})
		.join('');
	const session = m.sessionId ? `<SessionId>${esc(m.sessionId)}</SessionId>` : '<SessionId xsi:nil="true"/>';
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		'<soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound">' +
		`<OrganizationId>${esc(m.organizationId)}</OrganizationId><ActionId>${esc(m.actionId ?? '04k000000000001AAA')}</ActionId>${session}` +
		`<EnterpriseUrl>${esc(base)}/services/Soap/c/62.0/00D</EnterpriseUrl><PartnerUrl>${esc(base)}/services/Soap/u/62.0/00D</PartnerUrl>` +
		notes +
		'</notifications></soapenv:Body></soapenv:Envelope>'
	);
}

/**
 * POSTs a message to an endpoint the way Salesforce does (text/xml, SOAPAction "").
 * @param {string} url @param {string} xml
 */
async function deliver(url, xml) {
	const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' }, body: xml });
	const body = await res.text();
	return { status: res.status, body, acked: /<Ack>\s*true\s*<\/Ack>/.test(body) };
}

module.exports = { outboundMessage, deliver };
