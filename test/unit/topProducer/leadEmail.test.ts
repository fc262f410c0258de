/**
 * Top Producer's lead email against the Real Estate Lead Metadata
 * Specification 1.0 (https://www.leadmetadata.org/, published by Top Producer at
 * topproducer.com/campus/fivestreet/lead-metadata-specification): the required
 * version tag, the lead types it allows, custom field names, escaping, and the
 * email read back the way the specification tells a consumer to read it.
 */
import { composeLeadEmail, parseLeadMeta, STANDARD_TAGS } from '../../../nodes/TopProducer/leadEmail';

const compose = (fields: Record<string, unknown>, custom: Record<string, unknown> = {}) => {
	const r = composeLeadEmail(fields as never, custom as never);
	if (!r.ok) throw new Error(JSON.stringify(r.issues));
	return r.email;
};

describe('composeLeadEmail', () => {
	test("the spec's example reads back exactly: version 1.0 first, then the fields given", () => {
		const email = compose({ source: 'Realtor.com', type: 'Buyer', name: 'John Smith', email: 'jsmith@gmail.com', phone: '703-555-1212' });
		expect(email.html).toContain('<meta name="lead_information_version" content="1.0" />');
		expect(email.meta).toEqual({
			lead_information_version: '1.0',
			lead_source: 'Realtor.com',
			lead_type: 'Buyer',
			lead_name: 'John Smith',
			lead_email: 'jsmith@gmail.com',
			lead_phone: '703-555-1212',
		});
		expect(parseLeadMeta(email.html)).toEqual(email.meta);
		expect(email.subject).toBe('New buyer lead: John Smith (Realtor.com)');
		expect(email.text).toBe('New buyer lead: John Smith (Realtor.com)\n\nSource: Realtor.com\nType: Buyer\nName: John Smith\nEmail: jsmith@gmail.com\nPhone: 703-555-1212');
	});

	test('every standard tag of the specification is written under its own name', () => {
		const fields = Object.fromEntries(STANDARD_TAGS.map((t) => [t.field, t.field.toLowerCase().includes('email') ? `${t.field.toLowerCase()}@example.com` : t.field === 'type' ? 'Seller' : `v-${t.field}`]));
		const meta = parseLeadMeta(compose(fields).html)!;
		expect(Object.keys(meta)).toEqual(['lead_information_version', ...STANDARD_TAGS.map((t) => t.tag)]);
		expect(meta.lead_mls).toBe('v-mlsNumber');
		expect(meta.lead_property_address).toBe('v-propertyAddress');
	});

	test('first and last name make the name; the type is matched in any case; values are escaped and kept on one line', () => {
		const email = compose({ firstName: 'Ana', lastName: 'O\'Neil <b>', type: 'renter', message: 'Hi "agent" & co,\r\nsee you' });
		expect(email.meta).toMatchObject({ lead_name: "Ana O'Neil <b>", lead_type: 'Renter', lead_message: 'Hi "agent" & co, see you' });
		expect(email.html).toContain('content="Ana O&#39;Neil &lt;b&gt;"');
		expect(email.html).not.toContain('<b>');
		expect(parseLeadMeta(email.html)).toEqual(email.meta);
	});

	test('custom fields become lead_<name> tags', () => {
		const email = compose({ email: 'a@b.co' }, { min_bedrooms: 3, lead_pool: 'yes', empty: '' });
		expect(email.meta).toMatchObject({ lead_min_bedrooms: '3', lead_pool: 'yes' });
		expect(email.meta.lead_empty).toBeUndefined();
	});

	test.each([
		[{ name: 'A', type: 'Investor' }, {}, 'type', '"Investor" is not a lead type of the specification (Buyer, Seller, Renter)'],
		[{ name: 'A', email: 'nope' }, {}, 'email', '"nope" is not an email address'],
		[{ source: 'Web' }, {}, 'name', 'a lead needs a name, an email or a phone'],
		[{ name: 'A' }, { 'Min Beds': 1 }, 'custom.Min Beds', 'a custom field name is lower-case letters, digits and "_" only'],
		[{ name: 'A' }, { lead_email: 'x@y.z' }, 'custom.lead_email', '"lead_email" is a standard field of the specification: set it as that field'],
		[{ name: 'A' }, Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 1])), 'custom', '101 custom fields: the specification allows up to 100'],
	])('refused: %j %j → %s', (fields, custom, field, reason) => {
		const r = composeLeadEmail(fields, custom);
		expect(r.ok).toBe(false);
		expect(r.ok ? [] : r.issues).toContainEqual({ field, reason });
	});
});

describe('parseLeadMeta (the consumer of the specification)', () => {
	test('tags in the body count; without version 1.0 nothing is read', () => {
		expect(parseLeadMeta('<html><body><meta name="lead_information_version" content="1.0"><meta name=\'lead_name\' content=\'X\'></body></html>')).toEqual({ lead_information_version: '1.0', lead_name: 'X' });
		expect(parseLeadMeta('<meta name="lead_information_version" content="2.0"><meta name="lead_name" content="X">')).toBeUndefined();
		expect(parseLeadMeta('<meta name="lead_name" content="X">')).toBeUndefined();
	});
});
