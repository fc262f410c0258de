/**
 * CRM (CRM Pack) through the light runner, for every CRM of nodes/crms.ts against its sandbox
 * vendor (issue 16). Each CRM's credential comes from its contract subject, so a CRM that lands
 * later is tested here with no change. What a CRM supports is read from its definition and
 * connector (shared/neutralOps.ts): a supported operation must do its job (outputs and the
 * sandbox's stored records); an unsupported one must fail with the node's plain sentence.
 */
import type { IDataObject } from 'n8n-workflow';
import { objectOfKind } from '../../shared/crmDefinition';
import { resetRateLimiters } from '../../shared/transport/rateLimiter';
import { newStats } from '../../shared/transport/request';
import type { CrmConnector, CrmDefinition, NeutralType } from '../../shared/types';
import { contractContext } from '../contract/context';
import type { ContractSubject } from '../contract/subjects';
import { startSandbox, type Sandbox } from '../sandbox';
import { CONTRACT_SUBJECTS, items, runCrm, spoilSecrets } from './helpers/crmNode';

jest.setTimeout(120_000);

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 16 });
});
afterAll(() => sb?.close());
beforeEach(() => {
	resetRateLimiters();
	sb.faults.clear();
});

/** The connector the node opens, opened the same way (for what it supports and the stored records). */
async function connectorOf(subject: ContractSubject): Promise<CrmConnector> {
	const { type, data } = subject.credential(sb);
	const credential = subject.definition.credentials.find((c) => c.name === type)!;
	return credential.connect(contractContext(type, data), { stats: newStats() });
}

function objectTypeOf(crm: CrmDefinition, kind: NeutralType): string | undefined {
	return objectOfKind(crm, kind)?.objectType ?? crm.storedAs?.[kind];
}

/** The node's plain sentence for what a CRM lacks (nodes/Crm/support.ts). */
const unsupported = (crm: CrmDefinition) => new RegExp(`${crm.displayName} in this pack cannot`);

/** Why the CRM's API cannot update a record of the kind at all (its definition's `cannotWrite`, e.g. Brivity), or undefined. */
const cannotUpdate = (crm: CrmDefinition, kind: NeutralType): string | undefined => crm.cannotWrite?.(kind).update;

/** A run's error message (the node fails the run) or its items. */
async function attempt(subject: ContractSubject, parameters: IDataObject, input?: IDataObject[]): Promise<{ out?: IDataObject[]; error?: string }> {
	const r = await runCrm(sb, subject, parameters, input);
	if (r.error) {
		const e = r.error as { message?: string; description?: string };
		return { error: `${e.message ?? ''} ${e.description ?? ''}` };
	}
	return { out: items(r) };
}

const person = (tag: string, crm: string) => ({
	email: `${tag}.${crm.toLowerCase()}@example.com`,
	firstName: 'Ada',
	lastName: `Byron${tag}`,
	phone: '+44 20 7946 0958',
});

/** One subject per CRM (a CRM may have several, e.g. one per paging style): the node is the same for each. */
const SUBJECTS = CONTRACT_SUBJECTS.filter((s, i) => CONTRACT_SUBJECTS.findIndex((o) => o.definition.value === s.definition.value) === i);

/** CRMs that find a contact by phone (an exact match the vendor offers, or the GraphQL CRM matching E.164 on its listed records); the others may say they cannot. */
const MATCHES_PHONE = new Set(['freshsales', 'zoho', 'graphqlCrm']);

/** CRMs whose connector writes many records in one call (HubSpot batch, Salesforce sObject Collections, Zoho upsert of 100, GraphQL aliased mutations); others: one call per record at most. */
const ONE_CALL: Record<string, boolean> = { hubspot: true, salesforce: true, zoho: true, graphqlCrm: true };

describe.each(SUBJECTS.map((s) => [s.definition.displayName, s] as const))('CRM node on %s', (_name, subject) => {
	const crm = subject.definition;
	let connector: CrmConnector;
	beforeAll(async () => {
		subject.prepare?.(sb);
		connector = await connectorOf(subject);
	});

	test('Test Connection: ok with the account it reaches; a refused credential gives ok:false and the reason, without failing', async () => {
		// Brivity names its account only through the people listed: a team with one person.
		const contacts = objectTypeOf(crm, 'contact');
		if (contacts !== undefined && connector.connectionInfo && subject.count(sb, contacts) === 0) subject.seed(sb, contacts, 1);
		const good = await attempt(subject, { operation: 'testConnection' });
		expect(good.error).toBeUndefined();
		expect(good.out).toHaveLength(1);
		expect(good.out![0]).toMatchObject({ ok: true, crm: crm.value });
		if (connector.connectionInfo) {
			const said = good.out![0];
			expect(said.accountId ?? said.accountName ?? said.user).toBeDefined();
		}

		// Every secret of the saved credential spoiled: the CRM refuses it.
		const r = await runCrm(sb, subject, { operation: 'testConnection' }, [{}], { credential: spoilSecrets });
		expect(r.error).toBeUndefined();
		const [bad] = items(r);
		expect(bad).toMatchObject({ ok: false, crm: crm.value });
		expect(String(bad.error)).not.toBe('');
	});

	test('Sync Customer by email: created, then updated (same id, one stored record); Get Customer finds it by email, phone-less id and not an unknown one', async () => {
		const objectType = objectTypeOf(crm, 'contact');
		const canWrite = objectType !== undefined && (connector.upsertKey('contact', 'email') !== undefined || typeof connector.findNeutral === 'function');
		const p = person('sync', crm.value);
		const first = await attempt(subject, { operation: 'syncCustomer', matchBy: 'email', ...p });
		if (!canWrite) {
			expect(first.error).toMatch(unsupported(crm));
			return;
		}
		expect(first.error).toBeUndefined();
		const [created] = first.out!;
		expect(created).toMatchObject({ crm: crm.value, result: 'created', created: true });
		const id = String(created.id);
		expect((created.customer as IDataObject).email).toBe(p.email);
		const before = subject.count(sb, objectType!);

		const again = await attempt(subject, { operation: 'syncCustomer', matchBy: 'email', ...p, email: p.email.toUpperCase(), firstName: 'Augusta' });
		const noUpdate = cannotUpdate(crm, 'contact');
		if (noUpdate) {
			// Found by email, and the vendor's reason it cannot be updated; nothing written.
			expect(again.error).toContain(noUpdate);
		} else {
			expect(again.error).toBeUndefined();
			expect(again.out![0]).toMatchObject({ result: 'updated', created: false, id });
		}
		expect(subject.count(sb, objectType!)).toBe(before);
		const firstName = noUpdate ? p.firstName : 'Augusta';
		const stored = await connector.get(objectType!, id);
		expect(connector.toNeutral('contact', stored).firstName).toBe(firstName);

		const byEmail = await attempt(subject, { operation: 'getCustomer', lookupBy: 'email', lookupValue: ` ${p.email.toUpperCase()} ` });
		if (typeof connector.findNeutral !== 'function') expect(byEmail.error).toMatch(unsupported(crm));
		else expect(byEmail.out).toEqual([expect.objectContaining({ found: true, id, email: p.email, firstName })]);

		const byId = await attempt(subject, { operation: 'getCustomer', lookupBy: 'id', lookupValue: id });
		expect(byId.out).toEqual([expect.objectContaining({ found: true, id })]);
		const missing = await attempt(subject, { operation: 'getCustomer', lookupBy: 'id', lookupValue: subject.missingId });
		expect(missing.out).toEqual([{ crm: crm.value, found: false }]);
		if (typeof connector.findNeutral === 'function') {
			const nobody = await attempt(subject, { operation: 'getCustomer', lookupBy: 'email', lookupValue: `nobody.${crm.value}@example.com` });
			expect(nobody.out).toEqual([{ crm: crm.value, found: false }]);
		}
	});

	test('Sync Customer batches many items through the CRM\'s calls and writes items naming the same email once', async () => {
		const objectType = objectTypeOf(crm, 'contact');
		if (objectType === undefined || (connector.upsertKey('contact', 'email') === undefined && typeof connector.findNeutral !== 'function')) return;
		const input = [0, 1, 2, 3, 4, 5].map((n) => person(`batch${n}`, crm.value));
		input.push({ ...input[0], firstName: 'Later' });
		const before = subject.count(sb, objectType);
		sb.log.reset();
		const { out, error } = await attempt(subject, { operation: 'syncCustomer', matchBy: 'email', email: '={{$json.email}}', firstName: '={{$json.firstName}}', lastName: '={{$json.lastName}}' }, input);
		expect(error).toBeUndefined();
		expect(out).toHaveLength(7);
		expect(out!.map((o) => o.result)).toEqual(Array(7).fill('created'));
		expect(out![6].id).toBe(out![0].id);
		expect(subject.count(sb, objectType)).toBe(before + 6);
		// Writes the CRM accepted (a 429 answered before a retry is not a write).
		const writes = sb.log.all().filter((e) => e.path.startsWith(subject.mount) && e.method !== 'GET' && !/search|query/i.test(e.path) && e.status >= 200 && e.status < 300);
		// One call per batch of the CRM's maximum (HubSpot 100, Salesforce 200); any CRM: never more than one write per record.
		if (ONE_CALL[crm.value]) expect(writes.length).toBe(1);
		else expect(writes.length).toBeLessThanOrEqual(6);
	});

	test('Sync Customer by phone: the record with that phone (E.164) is updated, or the CRM says it cannot match by phone', async () => {
		const objectType = objectTypeOf(crm, 'contact');
		if (objectType === undefined || (connector.upsertKey('contact', 'email') === undefined && typeof connector.findNeutral !== 'function')) return;
		const p = { ...person('phone', crm.value), phone: '+1 415 555 0' + String(100 + SUBJECTS.indexOf(subject)) };
		const made = await attempt(subject, { operation: 'syncCustomer', matchBy: 'email', ...p });
		expect(made.error).toBeUndefined();
		const id = made.out![0].id;
		const stored = subject.count(sb, objectType);
		const byPhone = await attempt(subject, { operation: 'syncCustomer', matchBy: 'phone', phone: p.phone.replace(/ /g, ''), firstName: 'Phoned', lastName: p.lastName });
		const noUpdate = cannotUpdate(crm, 'contact');
		if (noUpdate) {
			// Matched by phone (else it would have been created): the vendor cannot update it.
			expect(byPhone.error).toContain(noUpdate);
			expect(subject.count(sb, objectType)).toBe(stored);
			return;
		}
		if (byPhone.error && !MATCHES_PHONE.has(crm.value)) {
			expect(byPhone.error).toMatch(new RegExp(`${crm.displayName} cannot match a contact by phone|${unsupported(crm).source}`));
			return;
		}
		expect(byPhone.error).toBeUndefined();
		expect(byPhone.out![0]).toMatchObject({ result: 'updated', id });
		expect(subject.count(sb, objectType)).toBe(stored);
	});

	test('Sync Lead: created then updated, with status where the CRM keeps one; a lead that links a person links the customer of that email', async () => {
		const objectType = objectTypeOf(crm, 'lead');
		const p = person('lead', crm.value);
		const params = { operation: 'syncLead', matchBy: 'email', ...p, additionalFields: { company: 'Analytical Engines Ltd' } };
		const first = await attempt(subject, params);
		const linked = crm.leadLinksContact === true;
		const canWrite =
			objectType !== undefined &&
			(linked ? typeof connector.findNeutral === 'function' : connector.upsertKey('lead', 'email') !== undefined || typeof connector.findNeutral === 'function');
		if (!canWrite) {
			expect(first.error).toMatch(unsupported(crm));
			return;
		}
		expect(first.error).toBeUndefined();
		expect(first.out![0]).toMatchObject({ crm: crm.value, result: 'created' });
		const id = first.out![0].id;
		const before = subject.count(sb, objectType!);
		const again = await attempt(subject, { ...params, lastName: 'Lovelace' });
		const noUpdate = cannotUpdate(crm, 'lead');
		if (noUpdate) {
			expect(again.error).toContain(noUpdate);
			expect(subject.count(sb, objectType!)).toBe(before);
			return;
		}
		expect(again.error).toBeUndefined();
		expect(again.out![0]).toMatchObject({ result: 'updated', id });
		expect(subject.count(sb, objectType!)).toBe(before);
		if (linked) {
			const customer = await attempt(subject, { operation: 'getCustomer', lookupBy: 'email', lookupValue: p.email });
			expect(first.out![0].contactId).toBe(customer.out![0].id);
			expect(again.out![0].contactId).toBe(customer.out![0].id);
		}
	});

	test('Sync Appointment: the customer found or created by email and linked; the same Booking ID again updates the same appointment', async () => {
		const objectType = objectTypeOf(crm, 'appointment');
		const p = person('appt', crm.value);
		const params = {
			operation: 'syncAppointment',
			...p,
			title: 'Consultation',
			startTime: '2026-12-10T14:00:00',
			timeZone: 'Europe/Berlin',
			durationMinutes: 45,
			location: 'Room 4',
			notes: 'Bring the engine plans',
			bookingId: `bk-${crm.value}-1`,
		};
		const first = await attempt(subject, params);
		const canCustomer = objectTypeOf(crm, 'contact') !== undefined && (connector.upsertKey('contact', 'email') !== undefined || typeof connector.findNeutral === 'function');
		const canBook = objectType !== undefined && canCustomer && crm.booking !== undefined && typeof connector.appointmentsOf === 'function';
		if (!canBook) {
			expect(first.error).toMatch(unsupported(crm));
			if (objectType !== undefined && canCustomer) {
				// Without a Booking ID it still books.
				const plain = await attempt(subject, { ...params, ...person('plain', crm.value), bookingId: '' });
				expect(plain.error).toBeUndefined();
				expect(plain.out![0]).toMatchObject({ result: 'created', customerResult: 'created' });
				expect((plain.out![0].appointment as IDataObject).startTime).toBe('2026-12-10T13:00:00Z');
			}
			return;
		}
		expect(first.error).toBeUndefined();
		const [made] = first.out!;
		expect(made).toMatchObject({ crm: crm.value, result: 'created', customerResult: 'created', bookingId: params.bookingId });
		const appointment = made.appointment as IDataObject;
		// 14:00 in Berlin in December is 13:00 UTC; 45 minutes long.
		expect(appointment).toMatchObject({ title: 'Consultation', startTime: '2026-12-10T13:00:00Z', endTime: '2026-12-10T13:45:00Z', bookingId: params.bookingId });
		expect(appointment.description).toBe('Bring the engine plans');
		const before = subject.count(sb, objectType!);
		// Linked in the CRM: the customer's appointments hold it.
		const linkedOnes = await connector.appointmentsOf!(String(made.customerId), { limit: 50 });
		expect(linkedOnes.map((r) => r.id)).toContain(made.appointmentId);

		const moved = await attempt(subject, { ...params, title: 'Consultation (moved)', startTime: '2026-12-11T09:30:00+01:00', notes: '' });
		expect(moved.error).toBeUndefined();
		expect(moved.out![0]).toMatchObject({ result: 'updated', appointmentId: made.appointmentId, customerId: made.customerId, customerResult: 'updated' });
		expect(moved.out![0].appointment).toMatchObject({ title: 'Consultation (moved)', startTime: '2026-12-11T08:30:00Z', bookingId: params.bookingId });
		expect(subject.count(sb, objectType!)).toBe(before);

		// Another booking of the same customer is another appointment.
		const other = await attempt(subject, { ...params, bookingId: `bk-${crm.value}-2` });
		expect(other.out![0]).toMatchObject({ result: 'created', customerId: made.customerId });
		expect(other.out![0].appointmentId).not.toBe(made.appointmentId);
		expect(subject.count(sb, objectType!)).toBe(before + 1);
	});

	test('Search: contacts by email and by text in the neutral shape; a query under 2 characters fails its item', async () => {
		const p = person('search', crm.value);
		const made = await attempt(subject, { operation: 'syncCustomer', matchBy: 'email', ...p });
		const byEmail = await attempt(subject, { operation: 'search', searchKind: 'contact', searchBy: 'email', query: p.email });
		if (typeof connector.findNeutral !== 'function') {
			expect(byEmail.error).toMatch(unsupported(crm));
			return;
		}
		expect(made.error).toBeUndefined();
		expect(byEmail.out).toEqual([expect.objectContaining({ crm: crm.value, id: made.out![0].id, email: p.email, lastName: p.lastName })]);
		const byText = await attempt(subject, { operation: 'search', searchKind: 'contact', searchBy: 'text', query: p.lastName });
		expect(byText.error).toBeUndefined();
		expect(byText.out!.map((o) => o.id)).toContain(made.out![0].id);
		const short = await attempt(subject, { operation: 'search', searchKind: 'contact', searchBy: 'text', query: 'a' });
		expect(short.error).toMatch(/at least 2 characters/);
	});
});
