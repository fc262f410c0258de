'use strict';

/**
 * The SOAP API's convertLead() call on the partner endpoint
 * (POST /services/Soap/u/{version}), from Salesforce's SOAP API Developer
 * Guide: the session comes from the envelope's SessionHeader/sessionId (not
 * the Authorization header); each leadConverts entry converts one lead into an
 * Account and a Contact (new, or existing ones given by accountId/contactId,
 * whose empty fields only are filled) and, unless doNotCreateOpportunity, an
 * Opportunity; the lead is marked IsConverted with the converted status and
 * the ids. The reply has one LeadConvertResult per entry, in order; a lead
 * that fails does not stop the others. Whole-call failures are SOAP faults
 * with HTTP 500. Every call counts against the org's daily allocation, and
 * the reply's LimitInfoHeader reports it.
 *
 * Assumptions (not from the docs): the fault layout (faultcode sf:CODE,
 * faultstring "CODE: message", detail/UnexpectedErrorFault/exceptionCode);
 * the per-lead status codes (INVALID_CROSS_REFERENCE_KEY for ids that name no
 * record, INVALID_STATUS for a status that is not a converted one,
 * CANNOT_UPDATE_CONVERTED_LEAD for a lead converted before); the default
 * opportunity (Name "<Company>-", StageName Prospecting, CloseDate the end of
 * the current quarter); over 100 entries is a LIMIT_EXCEEDED fault; the
 * sandbox's Contact has no LeadSource, so overwriteLeadSource has no effect.
 */

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const PARTNER = 'urn:partner.soap.sforce.com';
const MAX_CONVERTS = 100;

/** @param {string} s */
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** @param {string} s */
const unescape = (s) =>
	s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e) => {
		const named = /** @type {Record<string, string>} */ ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" });
		if (named[e]) return named[e];
		return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
	});

/** @typedef {{ name: string, local: string, attrs: Record<string, string>, children: XmlNode[], text: string }} XmlNode */

/**
 * Reads well-formed XML into nodes; throws on anything it cannot read.
 * @param {string} xml @returns {XmlNode}
 */
function parseXml(xml) {
	/** @type {XmlNode} */
	const root = { name: '#root', local: '#root', attrs: {}, children: [], text: '' };
	const stack = [root];
	const re = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<\/([\w.:-]+)\s*>|<([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
	let at = 0;
	let m;
	while ((m = re.exec(xml))) {
		if (m.index !== at) throw new Error('malformed XML');
		at = re.lastIndex;
		const top = stack[stack.length - 1];
		if (m[1]) {
			if (top.name !== m[1]) throw new Error(`mismatched </${m[1]}>`);
			stack.pop();
		} else if (m[2]) {
			/** @type {Record<string, string>} */
			const attrs = {};
			for (const a of (m[3] || '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = unescape(a[2] ?? a[3] ?? '');
			const node = { name: m[2], local: m[2].replace(/^.*:/, ''), attrs, children: [], text: '' };
			top.children.push(node);
			if (!m[4]) stack.push(node);
		} else if (m[5] !== undefined) top.text += unescape(m[5]);
	}
	if (at !== xml.length || stack.length !== 1) throw new Error('malformed XML');
	return root;
}

/** @param {XmlNode | undefined} node @param {string} local */
const kid = (node, local) => node?.children.find((c) => c.local === local);

/** @param {XmlNode | undefined} node @param {string} local */
const textOf = (node, local) => {
	const k = kid(node, local);
	return k ? k.text.trim() : undefined;
};

/** @param {string} code @param {string} message @param {string} [faultcode] */
function fault(code, message, faultcode) {
	const detail = faultcode
		? ''
		: `<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>${esc(code)}</sf:exceptionCode><sf:exceptionMessage>${esc(message)}</sf:exceptionMessage></sf:UnexpectedErrorFault></detail>`;
	return {
		status: 500,
		headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
		raw:
			'<?xml version="1.0" encoding="UTF-8"?>' +
			`<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<soapenv:Body><soapenv:Fault><faultcode>${esc(faultcode ?? `sf:${code}`)}</faultcode><faultstring>${esc(faultcode ? message : `${code}: ${message}`)}</faultstring>${detail}</soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
	};
}

/** @param {Date} d */
const endOfQuarter = (d) => {
	const q = Math.floor(d.getUTCMonth() / 3);
	return new Date(Date.UTC(d.getUTCFullYear(), q * 3 + 3, 0)).toISOString().slice(0, 10);
};

/**
 * @param {{
 *   objectDef: (name: string) => any,
 *   find: (sobject: string, id: string) => Record<string, any> | undefined,
 *   table: (sobject: string) => Map<string, Record<string, any>>,
 *   insert: (ctx: any, def: any, fields: Record<string, any>) => Record<string, any>,
 *   modify: (ctx: any, def: any, r: Record<string, any>, fields: Record<string, any>) => Record<string, any>,
 *   sessionValid: (token: string) => boolean,
 *   usage: { used: number, limit: number },
 * }} deps
 */
function createSoap(deps) {
	/** Calls received, for tests: the session id and each leadConverts as a plain object. */
	/** @type {Array<{ sessionId: string, client?: string, converts: Array<Record<string, string>> }>} */
	const calls = [];

	/** The fields of a lead that fill an empty field of the target (standard lead field mapping, simplified). */
	const ACCOUNT_MAP = { Company: 'Name', Phone: 'Phone', Street: 'BillingStreet', City: 'BillingCity', State: 'BillingState', PostalCode: 'BillingPostalCode', Country: 'BillingCountry' };
	const CONTACT_MAP = { FirstName: 'FirstName', LastName: 'LastName', Email: 'Email', Phone: 'Phone', MobilePhone: 'MobilePhone', Title: 'Title', Street: 'MailingStreet', City: 'MailingCity', State: 'MailingState', PostalCode: 'MailingPostalCode', Country: 'MailingCountry' };

	/** @param {Record<string, any>} lead @param {Record<string, string>} map @param {Record<string, any>} [existing] */
	function mapped(lead, map, existing = {}) {
		/** @type {Record<string, any>} */
		const out = {};
		for (const [from, to] of Object.entries(map)) {
			const value = lead[from];
			if (value === undefined || value === null || value === '') continue;
			const current = existing[to];
			if (current === undefined || current === null || current === '') out[to] = value;
		}
		return out;
	}

	/** @param {string} statusCode @param {string} message @param {string[]} [fields] */
	const failed = (statusCode, message, fields = []) => ({ error: { statusCode, message, fields } });

	/**
	 * Checks one LeadConvert; returns the error or the records it works on.
	 * @param {Record<string, string>} c @param {any} ctx
	 */
	function check(c, ctx) {
		const lead = c.leadId ? deps.find('Lead', c.leadId) : undefined;
		if (!lead) return failed('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
		if (lead.IsConverted) return failed('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', []);
		const status = [...deps.table('LeadStatus').values()].find((s) => s.MasterLabel === c.convertedStatus);
		if (!c.convertedStatus || !status || !status.IsConverted) return failed('INVALID_STATUS', `invalid convertedStatus: ${c.convertedStatus ?? ''}`, ['Status']);
		const account = c.accountId ? deps.find('Account', c.accountId) : undefined;
		if (c.accountId && !account) return failed('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['accountId']);
		const contact = c.contactId ? deps.find('Contact', c.contactId) : undefined;
		if (c.contactId && (!contact || !account || String(contact.AccountId ?? '').slice(0, 15) !== account.Id.slice(0, 15))) {
			return failed('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['contactId']);
		}
		if (c.ownerId && !/^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(c.ownerId)) return failed('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['ownerId']);
		if (ctx.failRecord && ctx.failRecord({ ...lead, ...c })) return failed('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Sandbox fault: this lead was rejected (failRecord)', []);
		return { lead, account, contact };
	}

	/** @param {Record<string, string>} c @param {any} ctx */
	function convert(c, ctx) {
		const checked = check(c, ctx);
		if ('error' in checked) return { success: false, errors: [checked.error] };
		const { lead } = checked;
		const owner = c.ownerId || lead.OwnerId;
		const accountDef = deps.objectDef('Account');
		const contactDef = deps.objectDef('Contact');
		const account = checked.account
			? deps.modify(ctx, accountDef, checked.account, mapped(lead, ACCOUNT_MAP, checked.account))
			: deps.insert(ctx, accountDef, { ...mapped(lead, ACCOUNT_MAP), OwnerId: owner });
		const contact = checked.contact
			? deps.modify(ctx, contactDef, checked.contact, mapped(lead, CONTACT_MAP, checked.contact))
			: deps.insert(ctx, contactDef, { ...mapped(lead, CONTACT_MAP), AccountId: account.Id, OwnerId: owner });
		let opportunity;
		if (c.doNotCreateOpportunity !== 'true') {
			opportunity = deps.insert(ctx, deps.objectDef('Opportunity'), {
				Name: c.opportunityName || `${lead.Company ?? ''}-`,
				StageName: 'Prospecting',
				CloseDate: endOfQuarter(new Date()),
				AccountId: account.Id,
				OwnerId: owner,
			});
		}
		deps.modify(ctx, deps.objectDef('Lead'), lead, {
			Status: c.convertedStatus,
			IsConverted: true,
			ConvertedAccountId: account.Id,
			ConvertedContactId: contact.Id,
			ConvertedOpportunityId: opportunity ? opportunity.Id : null,
			ConvertedDate: new Date().toISOString().slice(0, 10),
		});
		return { success: true, leadId: lead.Id, accountId: account.Id, contactId: contact.Id, opportunityId: opportunity ? opportunity.Id : null, errors: [] };
	}

	/** @param {{ success: boolean, leadId?: string, accountId?: string, contactId?: string, opportunityId?: string | null, errors: Array<{ statusCode: string, message: string, fields: string[] }> }} r */
	function resultXml(r) {
		const id = (/** @type {string} */ name, /** @type {string | null | undefined} */ v) => (v ? `<${name}>${esc(v)}</${name}>` : `<${name} xsi:nil="true"/>`);
		const errors = r.errors
			.map((e) => `<errors>${e.fields.map((f) => `<fields>${esc(f)}</fields>`).join('')}<message>${esc(e.message)}</message><statusCode>${esc(e.statusCode)}</statusCode></errors>`)
			.join('');
		return `<result>${id('accountId', r.accountId)}${id('contactId', r.contactId)}${errors}${id('leadId', r.leadId)}${id('opportunityId', r.opportunityId)}<success>${r.success}</success></result>`;
	}

	/**
	 * @param {import('../lib/http').RequestContext & { failRecord?: (input: any) => boolean }} ctx
	 * @returns {import('../lib/http').SandboxResponse}
	 */
	function handle(ctx) {
		if (!/^\d+\.\d$/.test(ctx.params.version ?? '')) return { status: 404, headers: { 'Content-Type': 'text/plain' }, raw: 'Not Found' };
		let envelope;
		try {
			envelope = kid(parseXml(ctx.rawBody), 'Envelope');
		} catch (e) {
			return fault('Client', `Unable to parse the request: ${/** @type {Error} */ (e).message}`, 'soapenv:Client');
		}
		const header = kid(envelope, 'Header');
		const body = kid(envelope, 'Body');
		const call = body?.children[0];
		if (!envelope || !body || !call) return fault('Client', 'The request has no SOAP Body', 'soapenv:Client');
		const sessionHeader = kid(header, 'SessionHeader');
		const sessionId = textOf(sessionHeader, 'sessionId') ?? '';
		if (!sessionId || !deps.sessionValid(sessionId)) return fault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
		if (call.local !== 'convertLead') return fault('Client', `No operation available for request {${PARTNER}}${call.local}`, 'soapenv:Client');
		if (deps.usage.used >= deps.usage.limit) return fault('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
		deps.usage.used++;
		const converts = call.children.filter((c) => c.local === 'leadConverts').map((lc) => Object.fromEntries(lc.children.map((f) => [f.local, f.text.trim()])));
		if (converts.length > MAX_CONVERTS) return fault('LIMIT_EXCEEDED', `Exceeded max size limit of ${MAX_CONVERTS} with request size ${converts.length}`);
		const client = textOf(kid(header, 'CallOptions'), 'client');
		calls.push({ sessionId, ...(client ? { client } : {}), converts });
		// Writes carry the client id the way REST's Sforce-Call-Options does, for the change log.
		const writeCtx = { ...ctx, headers: client ? { 'sforce-call-options': `client=${client}` } : {} };
		const results = converts.map((c) => convert(c, writeCtx));
		return {
			status: 200,
			headers: { 'Content-Type': 'text/xml;charset=UTF-8' },
			raw:
				'<?xml version="1.0" encoding="UTF-8"?>' +
				`<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns="${PARTNER}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
				`<soapenv:Header><LimitInfoHeader><limitInfo><current>${deps.usage.used}</current><limit>${deps.usage.limit}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader></soapenv:Header>` +
				`<soapenv:Body><convertLeadResponse>${results.map(resultXml).join('')}</convertLeadResponse></soapenv:Body></soapenv:Envelope>`,
		};
	}

	return {
		handle,
		api: {
			calls: () => calls.slice(),
			reset: () => {
				calls.length = 0;
			},
		},
	};
}

module.exports = { createSoap, parseXml };
