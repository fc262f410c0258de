import {
	NeutralValidationError,
	contactSchema,
	safeValidateNeutral,
	validateNeutral,
} from '../../../shared/model';
import type { Contact, NeutralKind, ValidateOptions } from '../../../shared/model';

function messageOf(kind: NeutralKind, data: unknown, options: ValidateOptions = {}): string {
	try {
		validateNeutral(kind, data, options);
	} catch (error) {
		return (error as Error).message;
	}
	return 'no error';
}

describe('validateNeutral normalises each kind', () => {
	test('contact', () => {
		const custom = { hs_lead_score: '42', nested: { list: [1, null, { deep: true }] }, empty: '' };
		const contact: Contact = validateNeutral(
			'contact',
			{
				id: 101,
				fullName: ' Ada   Lovelace ',
				email: ' ADA@Example.com ',
				phone: '+1 (415) 555-0123 ext. 7',
				mobilePhone: '07911 123456',
				company: ' Analytical Engines Ltd ',
				jobTitle: '',
				address: { street: '12 St James Sq', city: ' London', postalCode: 10001, country: 'GB' },
				createdAt: '1710081000000',
				updatedAt: '2024-03-10 15:00',
				custom,
			},
			{ defaultCountry: 'GB', timeZone: 'Europe/London' },
		);
		expect(contact).toStrictEqual({
			id: '101',
			fullName: 'Ada Lovelace',
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			phone: '+14155550123',
			phoneExtension: '7',
			mobilePhone: '+447911123456',
			company: 'Analytical Engines Ltd',
			jobTitle: null,
			address: { street: '12 St James Sq', city: 'London', postalCode: '10001', country: 'GB' },
			createdAt: '2024-03-10T14:30:00Z',
			updatedAt: '2024-03-10T15:00:00Z',
			custom: { hs_lead_score: '42', nested: { list: [1, null, { deep: true }] }, empty: '' },
		});
		expect(contact.custom).toBe(custom);
	});

	test('custom keeps even keys that plain object copies lose', () => {
		const custom = JSON.parse('{"__proto__": {"x": 1}, "constructor": "c", "a": 1}') as Record<string, unknown>;
		const contact = validateNeutral('contact', { email: 'a@b.io', custom });
		expect(Object.keys(contact.custom)).toStrictEqual(['__proto__', 'constructor', 'a']);
		expect(JSON.stringify(contact.custom)).toBe('{"__proto__":{"x":1},"constructor":"c","a":1}');
	});

	test('lead derives fullName from first and last name', () => {
		expect(validateNeutral('lead', { firstName: 'Mary  Ann', lastName: 'van der Berg', status: 'New', source: 'Web' })).toStrictEqual({
			firstName: 'Mary Ann',
			lastName: 'van der Berg',
			fullName: 'Mary Ann van der Berg',
			status: 'New',
			source: 'Web',
			custom: {},
		});
	});

	test('names are not derived from a partial set, or when turned off', () => {
		expect(validateNeutral('contact', { id: '1', firstName: 'Ada' })).toStrictEqual({ id: '1', firstName: 'Ada', custom: {} });
		expect(validateNeutral('contact', { fullName: 'Ada Lovelace' }, { deriveNames: false })).toStrictEqual({ fullName: 'Ada Lovelace', custom: {} });
		expect(validateNeutral('contact', { fullName: 'Cher' }, { singleNameAs: 'lastName' })).toStrictEqual({ fullName: 'Cher', lastName: 'Cher', custom: {} });
		expect(validateNeutral('contact', { firstName: 'Ada', lastName: null })).toStrictEqual({ firstName: 'Ada', lastName: null, fullName: 'Ada', custom: {} });
	});

	test('company', () => {
		expect(
			validateNeutral('company', { name: 'Acme', domain: 'https://www.Acme.com/about', numberOfEmployees: '250', annualRevenue: '1200000.50', phone: '+49 30 123456' }),
		).toStrictEqual({ name: 'Acme', domain: 'acme.com', numberOfEmployees: 250, annualRevenue: 1200000.5, phone: '+4930123456', custom: {} });
	});

	test('deal', () => {
		expect(
			validateNeutral('deal', { name: 'Renewal', amount: '1234.50', currency: 'eur', stage: 'closedwon', pipeline: 'default', closeDate: '1710028800000', associations: [{ kind: 'company', id: 42 }] }),
		).toStrictEqual({
			name: 'Renewal',
			amount: 1234.5,
			currency: 'EUR',
			stage: 'closedwon',
			pipeline: 'default',
			closeDate: '2024-03-10',
			associations: [{ kind: 'company', id: '42' }],
			custom: {},
		});
	});

	test('appointment', () => {
		expect(
			validateNeutral(
				'appointment',
				{ title: 'Demo', startTime: '2024-03-31 10:00', endTime: '2024-03-31 11:00', timeZone: 'Europe/Berlin', attendees: 'Ada@x.io; bob@y.io, ada@x.io', location: 'Zoom' },
				{ timeZone: 'Europe/Berlin', outputTimeZone: 'Europe/Berlin' },
			),
		).toStrictEqual({
			title: 'Demo',
			startTime: '2024-03-31T10:00:00+02:00',
			endTime: '2024-03-31T11:00:00+02:00',
			timeZone: 'Europe/Berlin',
			attendees: ['ada@x.io', 'bob@y.io'],
			location: 'Zoom',
			custom: {},
		});
	});

	test('task', () => {
		expect(validateNeutral('task', { subject: 'Call back', status: 'NOT_STARTED', priority: 'MEDIUM', dueDate: 1710081000000 })).toStrictEqual({
			subject: 'Call back',
			status: 'notStarted',
			priority: 'normal',
			dueDate: '2024-03-10T14:30:00Z',
			custom: {},
		});
		expect(validateNeutral('task', { subject: 'x', status: 'Waiting on someone else', priority: 'NONE' })).toStrictEqual({
			subject: 'x',
			status: 'waiting',
			priority: null,
			custom: {},
		});
	});

	test('note keeps raw and custom untouched', () => {
		const raw = { id: '9', properties: { hs_note_body: '<p>Hi</p>' } };
		const note = validateNeutral('note', { body: '<p>Hi</p>', timestamp: '2024-03-10T14:30:00.000Z', associations: [{ kind: 'contact', id: '101' }], raw, custom: null });
		expect(note).toStrictEqual({
			body: '<p>Hi</p>',
			timestamp: '2024-03-10T14:30:00Z',
			associations: [{ kind: 'contact', id: '101' }],
			raw: { id: '9', properties: { hs_note_body: '<p>Hi</p>' } },
			custom: {},
		});
	});

	test('undefined fields are left out, null and blank mean empty', () => {
		expect(validateNeutral('contact', { email: 'a@b.io', phone: undefined, mobilePhone: null, jobTitle: '   ', address: null })).toStrictEqual({
			email: 'a@b.io',
			mobilePhone: null,
			jobTitle: null,
			address: null,
			custom: {},
		});
	});
});

describe('validation messages name the item and the field', () => {
	const cases: Array<[NeutralKind, unknown, ValidateOptions, string]> = [
		['contact', { email: 'not-an-email' }, { itemIndex: 3 }, 'Item 3: field "email": "not-an-email" is not a valid email address: it has no "@"'],
		['contact', { email: 'a@b.io', phone: '555-0123' }, { itemIndex: 0, defaultCountry: 'US' }, 'Item 0: field "phone": "555-0123" is not a valid phone number: a US number has 10 digits after +1, this one has 7'],
		['contact', { email: 'a@b.io', address: { city: 'Paris', zip: '75001' } }, { itemIndex: 2 }, 'Item 2: field "address.zip": is not an address field (use street, city, state, postalCode, country)'],
		['contact', { email: 'a@b.io', fistName: 'Ada' }, { itemIndex: 1 }, 'Item 1: field "fistName": is not a contact field (put vendor-specific fields under "custom")'],
		['contact', { jobTitle: 'Engineer' }, { itemIndex: 4 }, 'Item 4: a new contact needs at least one of email, phone, mobilePhone, firstName, lastName or fullName'],
		['lead', { email: null }, { itemIndex: 4 }, 'Item 4: a new lead needs at least one of email, phone, mobilePhone, firstName, lastName or fullName'],
		['contact', { mobilePhone: '+1 415 555 0123 x5' }, { itemIndex: 5 }, `Item 5: field "mobilePhone": "+1 415 555 0123 x5" has an extension, but a contact's mobilePhone cannot keep one; remove it, or choose to drop extensions`],
		['contact', { phone: '+1 415 555 0123 x5' }, { itemIndex: 5, phoneExtensions: 'reject' }, 'Item 5: field "phone": "+1 415 555 0123 x5" has an extension, and extensions are not accepted here'],
		['contact', { phone: '+1 415 555 0123 x5', phoneExtension: '6' }, { itemIndex: 5 }, 'Item 5: field "phoneExtension": "6" conflicts with extension "5" written in phone'],
		['contact', { email: true }, { itemIndex: 6 }, 'Item 6: field "email": expected an email address, got boolean true'],
		// A column of numbers mapped to a name is refused, not turned into the name "42".
		['contact', { email: 'a@b.io', firstName: 42 }, { itemIndex: 6 }, 'Item 6: field "firstName": expected a name (text), got number 42'],
		['lead', { email: 'a@b.io', lastName: false }, { itemIndex: 6 }, 'Item 6: field "lastName": expected a name (text), got boolean false'],
		['contact', { email: 'a@b.io', jobTitle: { a: 1 } }, { itemIndex: 6 }, 'Item 6: field "jobTitle": expected text, got an object'],
		['contact', { email: 'a@b.io', custom: 'x' }, { itemIndex: 6 }, 'Item 6: field "custom": expected an object of vendor fields, got text "x"'],
		['contact', { email: 'a@b.io', createdAt: '31/12/2024' }, { itemIndex: 7 }, 'Item 7: field "createdAt": "31/12/2024" is not a valid date-time: month 31 does not exist (dates are read as MDY; set the date order to DMY if this data is day first)'],
		['company', { industry: 'Tech' }, { itemIndex: 0 }, 'Item 0: a new company needs at least one of name or domain'],
		['company', { domain: 'localhost' }, { itemIndex: 0 }, 'Item 0: field "domain": "localhost" is not a valid domain: it has no dot'],
		['company', { name: 'A', numberOfEmployees: 2.5 }, { itemIndex: 0 }, 'Item 0: field "numberOfEmployees": 2.5 is not a whole number of 0 or more'],
		['deal', { amount: 5 }, { itemIndex: 8 }, 'Item 8: field "name": a new deal needs a name'],
		['deal', { name: 'D', amount: '1,234.50' }, { itemIndex: 8 }, 'Item 8: field "amount": "1,234.50" is not a plain number: remove the thousands separators (e.g. "1234.5")'],
		['deal', { name: 'D', currency: '$' }, { itemIndex: 8 }, 'Item 8: field "currency": "$" is not a 3-letter ISO 4217 currency code (e.g. "USD", "EUR")'],
		['deal', { name: 'D', closeDate: '2024-02-30' }, { itemIndex: 8 }, 'Item 8: field "closeDate": "2024-02-30" is not a valid date: day 30 does not exist'],
		['appointment', { title: 'Call' }, { itemIndex: 9 }, 'Item 9: field "startTime": a new appointment needs a start time'],
		['appointment', { startTime: '2024-03-10T10:00Z', endTime: '2024-03-10T09:00Z' }, { itemIndex: 9 }, 'Item 9: field "endTime": "2024-03-10T09:00:00Z" is before the start time "2024-03-10T10:00:00Z"'],
		['appointment', { startTime: '2024-03-10T10:00Z', attendees: ['a@b.io', 'nope'] }, { itemIndex: 9 }, 'Item 9: field "attendees[1]": "nope" is not a valid email address: it has no "@"'],
		['appointment', { startTime: '2024-03-10T10:00Z', timeZone: 'Berlin' }, { itemIndex: 9 }, 'Item 9: field "timeZone": "Berlin" is not a valid IANA time zone (e.g. "Europe/Berlin")'],
		['task', { subject: 'x', status: 'someday' }, { itemIndex: 10 }, 'Item 10: field "status": "someday" is not a task status; use one of notStarted, inProgress, waiting, completed, deferred'],
		['task', { subject: 'x', priority: 'critical' }, { itemIndex: 10 }, 'Item 10: field "priority": "critical" is not a task priority; use one of low, normal, high'],
		['task', { body: 'x' }, { itemIndex: 10 }, 'Item 10: field "subject": a new task needs a subject'],
		['note', { body: 'x', associations: [{ kind: 'ticket', id: '1' }] }, { itemIndex: 11 }, 'Item 11: field "associations[0].kind": "ticket" is not a record kind; use one of contact, company, deal, lead, appointment, task, note'],
		['note', { timestamp: '2024-03-10' }, { itemIndex: 11 }, 'Item 11: field "body": a new note needs a body'],
		['note', [1, 2], { itemIndex: 12 }, 'Item 12: expected a note object, got a list'],
		['contact', { email: 'not-an-email' }, {}, 'Field "email": "not-an-email" is not a valid email address: it has no "@"'],
	];
	test.each(cases)('%s %j', (kind, data, options, message) => {
		expect(messageOf(kind, data, options)).toBe(message);
	});

	test('the error carries itemIndex, field and every issue', () => {
		const result = safeValidateNeutral('contact', { email: 'nope', phone: '12', extra: 1 }, { itemIndex: 3, defaultCountry: 'DE' });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error).toBeInstanceOf(NeutralValidationError);
		expect(result.error).toBeInstanceOf(Error);
		expect(result.error.name).toBe('NeutralValidationError');
		expect(result.error.itemIndex).toBe(3);
		expect(result.error.field).toBe('email');
		expect(result.error.reason).toBe('"nope" is not a valid email address: it has no "@"');
		expect(result.error.issues).toStrictEqual([
			{ field: 'email', reason: '"nope" is not a valid email address: it has no "@"' },
			{ field: 'phone', reason: '"12" is not a valid phone number: a DE number has 6 to 13 digits after +49, this one has 2' },
			{ field: 'extra', reason: 'is not a contact field (put vendor-specific fields under "custom")' },
		]);
	});
});

describe('partial records', () => {
	test('a record with an id may omit what a new record needs', () => {
		expect(validateNeutral('deal', { id: 'd1', amount: 10 })).toStrictEqual({ id: 'd1', amount: 10, custom: {} });
	});

	test('partial skips the new-record rules but not consistency', () => {
		expect(validateNeutral('contact', { jobTitle: 'CTO' }, { partial: true })).toStrictEqual({ jobTitle: 'CTO', custom: {} });
		expect(messageOf('appointment', { startTime: '2024-03-10T10:00Z', endTime: '2024-03-10T09:00Z' }, { partial: true, itemIndex: 1 })).toBe(
			'Item 1: field "endTime": "2024-03-10T09:00:00Z" is before the start time "2024-03-10T10:00:00Z"',
		);
		expect(messageOf('appointment', { id: 'a', startTime: '2024-03-10T10:00Z', endTime: '2024-03-10T09:00Z' }, { itemIndex: 1 })).toBe(
			'Item 1: field "endTime": "2024-03-10T09:00:00Z" is before the start time "2024-03-10T10:00:00Z"',
		);
	});

	test('safe variant returns the value', () => {
		expect(safeValidateNeutral('note', { body: 'hi' })).toStrictEqual({ ok: true, value: { body: 'hi', custom: {} } });
	});
});

describe('extensions', () => {
	test('dropped on request', () => {
		expect(validateNeutral('contact', { mobilePhone: '+1 415 555 0123 x5' }, { phoneExtensions: 'drop' })).toStrictEqual({
			mobilePhone: '+14155550123',
			custom: {},
		});
	});
	test('an explicit extension equal to the written one is fine', () => {
		expect(validateNeutral('company', { name: 'A', phone: '+1 415 555 0123 x5', phoneExtension: '5' })).toStrictEqual({
			name: 'A',
			phone: '+14155550123',
			phoneExtension: '5',
			custom: {},
		});
	});
});

describe('schemas check normalised records', () => {
	test('a normalised contact passes the static schema; a raw one does not', () => {
		expect(contactSchema.safeParse({ email: 'ada@example.com', phone: '+14155550123', custom: {} }).success).toBe(true);
		expect(contactSchema.safeParse({ email: 'ADA@example.com' }).success).toBe(false);
		expect(contactSchema.safeParse({ email: 'ada@example.com', phone: '(415) 555-0123' }).success).toBe(false);
		expect(contactSchema.safeParse({ email: 'ada@example.com', createdAt: '2024-03-10T14:30:00' }).success).toBe(false);
		expect(contactSchema.parse({ email: 'ada@example.com' })).toStrictEqual({ email: 'ada@example.com', custom: {} });
	});
});
