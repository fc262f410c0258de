/*
 * A small XML reader for the fixed, flat SOAP shapes the pack handles (the
 * Outbound Messaging notification, the SOAP API's convertLead response and
 * faults). The pack may not ship an XML library (imports are limited to
 * n8n-workflow, luxon and zod). DTDs and processing instructions are ignored,
 * entities are limited to the five predefined ones and numeric references.
 */

export class SoapParseError extends Error {}

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

export interface XmlElement {
	name: string;
	attrs: Record<string, string>;
	children: XmlElement[];
	text: string;
}

export const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Parses well-formed XML into elements (namespace prefixes kept in `name`). */
export function parseXml(xml: string): XmlElement {
	const root: XmlElement = { name: '#root', attrs: {}, children: [], text: '' };
	const stack: XmlElement[] = [root];
	const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
	let m: RegExpExecArray | null;
	let at = 0;
	while ((m = re.exec(xml))) {
		// exec searches ahead: a gap means text no alternative could read (a stray '<').
		if (m.index !== at) throw new SoapParseError('malformed XML');
		at = re.lastIndex;
		const top = stack[stack.length - 1];
		if (m[0].startsWith('<![CDATA[')) top.text += decode(m[0]);
		else if (m[0].startsWith('<!') || m[0].startsWith('<?')) continue;
		else if (m[1]) {
			if (stack.length < 2 || top.name !== m[1]) throw new SoapParseError(`mismatched closing tag </${m[1]}>`);
			stack.pop();
		} else if (m[2]) {
			const attrs: Record<string, string> = {};
			for (const a of (m[3] ?? '').matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3] ?? '');
			const el: XmlElement = { name: m[2], attrs, children: [], text: '' };
			top.children.push(el);
			if (!m[4]) stack.push(el);
		} else if (m[5] !== undefined) {
			top.text += decode(m[5]);
		}
		if (stack.length > 64) throw new SoapParseError('XML nested too deeply');
	}
	if (at !== xml.length) throw new SoapParseError('malformed XML');
	if (stack.length !== 1) throw new SoapParseError('unclosed element');
	return root;
}

export const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => local(c.name) === name);
export const children = (el: XmlElement | undefined, name: string) => (el?.children ?? []).filter((c) => local(c.name) === name);
export const isNil = (el: XmlElement) => Object.entries(el.attrs).some(([k, v]) => local(k) === 'nil' && v === 'true');

/** An element's text, or undefined when it is absent or xsi:nil. */
export function textOf(el: XmlElement | undefined, name: string): string | undefined {
	const found = child(el, name);
	return found && !isNil(found) ? found.text : undefined;
}

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Escapes text for an element's content or a quoted attribute. Control
 * characters XML 1.0 cannot carry at all (even escaped) are dropped, so the
 * envelope stays well-formed.
 */
export function escapeXml(value: string): string {
	return value
		.replace(NOT_XML, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}
