/**
 * End to end through n8n-core (light runner): the workflow JSON files in
 * workflows/hubspot-contacts-*.json run the built HubSpot (CRM Pack) node against
 * the CRM sandbox. Every test checks the node's output items, the sandbox's store
 * and the exact requests in its log.
 */
import type { IDataObject } from 'n8n-workflow';

import type { HubSpotRecord, Sandbox } from '../sandbox';
import { hubspotPrivateApp } from './helpers/credentials';
import { Harness } from './helpers/harness';

const NODE = 'HubSpot';
const CONTACTS = '/hubspot/crm/v3/objects/contacts';

let sb: Sandbox;
/** Workflows hubspot-<name>.json run from the HubSpot node, fed items (what an upstream node would send). */
const h = new Harness({ seed: 11, node: NODE, workflows: 'hubspot-', credentials: (s) => hubspotPrivateApp(s), setup: (x) => void (sb = x.sb) });
const { run, output, calls } = h;

const byEmail = (email: string): HubSpotRecord => {
	const found = sb.hubspot.store.list('contacts').filter((r) => r.properties.email === email);
	expect(found).toHaveLength(1);
	return found[0];
};

/** The neutral (Simplified) contact the node should output for a stored record. */
function neutral(record: HubSpotRecord, custom: IDataObject = {}): IDataObject {
	const p = record.properties;
	const out: IDataObject = { id: record.id };
	if (p.firstname) out.firstName = p.firstname;
	if (p.lastname) out.lastName = p.lastname;
	if (p.email) out.email = p.email;
	if (p.firstname || p.lastname) out.fullName = [p.firstname, p.lastname].filter(Boolean).join(' ');
	out.createdAt = record.createdAt;
	out.updatedAt = record.updatedAt;
	out.custom = custom;
	return out;
}

describe('HubSpot contacts through n8n (light runner, sandbox)', () => {
	let adaId: string;
	let graceId: string;

	it('creates two contacts in ONE batch/create call, emails normalised, Simplified output paired to the inputs', async () => {
		const r = await run('contacts-create', [
			{ firstName: 'Ada', lastName: 'Lovelace', email: ' Ada@Example.COM ', extra: { hs_lead_status: 'NEW' } },
			{ firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example' },
		]);
		const out = output(r);

		expect(calls()).toEqual([`POST ${CONTACTS}/batch/create`]);
		expect(sb.log.all()[0].body).toEqual({
			inputs: [
				{
					properties: { hs_lead_status: 'NEW', firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com' },
					objectWriteTraceId: '0',
				},
				{ properties: { firstname: 'Grace', lastname: 'Hopper', email: 'grace@navy.example' }, objectWriteTraceId: '1' },
			],
		});

		expect(sb.hubspot.store.count('contacts')).toBe(2);
		const ada = byEmail('ada@example.com');
		const grace = byEmail('grace@navy.example');
		adaId = ada.id;
		graceId = grace.id;
		expect(ada.properties).toMatchObject({ firstname: 'Ada', lastname: 'Lovelace', hs_lead_status: 'NEW' });
		expect(grace.properties).toMatchObject({ firstname: 'Grace', lastname: 'Hopper' });
		expect(grace.properties.hs_lead_status).toBeUndefined();

		expect(out).toEqual([
			{ json: neutral(ada, { hs_lead_status: 'NEW' }), pairedItem: { item: 0 } },
			{ json: neutral(grace), pairedItem: { item: 1 } },
		]);
		expect(out[0].json).toEqual({
			id: adaId,
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			fullName: 'Ada Lovelace',
			createdAt: ada.createdAt,
			updatedAt: ada.updatedAt,
			custom: { hs_lead_status: 'NEW' },
		});
	});

	it('gets a contact by ID (resource locator, ID mode): one GET, Simplified and Raw output', async () => {
		const simplified = output(await run('contacts-get', [{ id: adaId }]));
		expect(calls()).toEqual([`GET ${CONTACTS}/${adaId}`]);
		expect(sb.log.all()[0].query).toEqual({});
		const ada = sb.hubspot.store.getRecord('contacts', adaId)!;
		// HubSpot's default contact properties do not include hs_lead_status, so custom is empty.
		expect(simplified).toEqual([{ json: neutral(ada), pairedItem: { item: 0 } }]);

		sb.log.reset();
		const raw = output(
			await run('contacts-get', [{ id: graceId }, { id: adaId }], (node) => {
				node.parameters.options = { output: 'raw' };
			}),
		);
		expect(calls()).toEqual([`GET ${CONTACTS}/${graceId}`, `GET ${CONTACTS}/${adaId}`]);
		const rawOf = (id: string) => {
			const rec = sb.hubspot.store.getRecord('contacts', id)!;
			const { createdate, email, firstname, hs_object_id, lastmodifieddate, lastname } = rec.properties;
			return {
				id,
				properties: { createdate, email, firstname, hs_object_id, lastmodifieddate, lastname },
				createdAt: rec.createdAt,
				updatedAt: rec.updatedAt,
				archived: false,
			};
		};
		expect(raw).toEqual([
			{ json: rawOf(graceId), pairedItem: { item: 0 } },
			{ json: rawOf(adaId), pairedItem: { item: 1 } },
		]);
	});

	it('gets a contact by email (idProperty=email) with chosen properties, Raw output', async () => {
		const out = output(await run('contacts-get-by-email', [{ email: 'ada@example.com' }]));
		expect(calls()).toEqual([`GET ${CONTACTS}/ada%40example.com`]);
		expect(sb.log.all()[0].query).toEqual({ idProperty: 'email', properties: 'email,firstname,lastname,hs_lead_status' });
		const ada = sb.hubspot.store.getRecord('contacts', adaId)!;
		expect(out).toEqual([
			{
				json: {
					id: adaId,
					properties: {
						email: 'ada@example.com',
						firstname: 'Ada',
						lastname: 'Lovelace',
						hs_lead_status: 'NEW',
						createdate: ada.properties.createdate,
						lastmodifieddate: ada.properties.lastmodifieddate,
						hs_object_id: adaId,
					},
					createdAt: ada.createdAt,
					updatedAt: ada.updatedAt,
					archived: false,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('gets a contact by an email typed into Record (By ID) when Look Up By is email: n8n accepts the parameter', async () => {
		// n8n refuses to run a node whose resource locator value fails its mode's validation
		// (WorkflowHasIssuesError); an email must be accepted in By ID mode for this lookup.
		const out = output(
			await run('contacts-get-by-email', [{}], (node) => {
				node.parameters.recordId = { __rl: true, mode: 'id', value: 'ada@example.com' };
			}),
		);
		expect(calls()).toEqual([`GET ${CONTACTS}/ada%40example.com`]);
		expect(out.map((i) => [i.json.id, (i.json.properties as IDataObject).email])).toEqual([[adaId, 'ada@example.com']]);
	});

	it('a get for an unknown email fails with HubSpot\'s 404 message, naming the item', async () => {
		const r = await run('contacts-get-by-email', [{ email: 'nobody@nowhere.example' }]);
		expect(r.status).toBe('error');
		expect(calls()).toEqual([`GET ${CONTACTS}/nobody%40nowhere.example`]);
		expect((r.error as unknown as { httpCode?: string }).httpCode).toBe('404');
		expect(r.error?.message).toBe('404: Object not found.  objectId are usually numeric.');
		expect((r.error as unknown as { context: IDataObject }).context.itemIndex).toBe(0);
	});

	it('updates two contacts in ONE batch/update call; the store holds the new values', async () => {
		const before = sb.hubspot.store.getRecord('contacts', adaId)!;
		const out = output(
			await run('contacts-update', [
				{ id: adaId, lastName: 'King', extra: { jobtitle: 'Analyst' } },
				{ id: graceId, lastName: 'Murray' },
			]),
		);
		expect(calls()).toEqual([`POST ${CONTACTS}/batch/update`]);
		expect(sb.log.all()[0].body).toEqual({
			inputs: [
				{ id: adaId, properties: { jobtitle: 'Analyst', lastname: 'King' }, objectWriteTraceId: '0' },
				{ id: graceId, properties: { lastname: 'Murray' }, objectWriteTraceId: '1' },
			],
		});
		const ada = sb.hubspot.store.getRecord('contacts', adaId)!;
		const grace = sb.hubspot.store.getRecord('contacts', graceId)!;
		expect(ada.properties).toMatchObject({ firstname: 'Ada', lastname: 'King', jobtitle: 'Analyst', hs_lead_status: 'NEW' });
		expect(grace.properties).toMatchObject({ firstname: 'Grace', lastname: 'Murray' });
		expect(Date.parse(ada.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
		expect(sb.hubspot.store.count('contacts')).toBe(2);

		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out.map((i) => [i.json.id, i.json.lastName, i.json.fullName])).toEqual([
			[adaId, 'King', 'Ada King'],
			[graceId, 'Murray', 'Grace Murray'],
		]);
		// jobtitle is the neutral jobTitle, not a custom leftover
		expect(out[0].json.jobTitle).toBe('Analyst');
	});

	it('upserts by email: the existing contact is updated (created=false), the new one created (created=true), in ONE call', async () => {
		const out = output(
			await run('contacts-upsert', [
				{ email: 'ADA@example.com', firstName: 'Augusta Ada', lastName: 'Lovelace' },
				{ email: 'katherine@nasa.example', firstName: 'Katherine', lastName: 'Johnson' },
			]),
		);
		expect(calls()).toEqual([`POST ${CONTACTS}/batch/upsert`]);
		expect(sb.log.all()[0].body).toEqual({
			inputs: [
				{
					idProperty: 'email',
					id: 'ada@example.com',
					properties: { firstname: 'Augusta Ada', lastname: 'Lovelace', email: 'ada@example.com' },
					objectWriteTraceId: '0',
				},
				{
					idProperty: 'email',
					id: 'katherine@nasa.example',
					properties: { firstname: 'Katherine', lastname: 'Johnson', email: 'katherine@nasa.example' },
					objectWriteTraceId: '1',
				},
			],
		});
		expect(sb.hubspot.store.count('contacts')).toBe(3);
		const ada = byEmail('ada@example.com');
		const katherine = byEmail('katherine@nasa.example');
		expect(ada.id).toBe(adaId);
		expect(ada.properties).toMatchObject({ firstname: 'Augusta Ada', lastname: 'Lovelace', jobtitle: 'Analyst' });
		expect(out.map((i) => ({ id: i.json.id, email: i.json.email, created: i.json.created, item: i.pairedItem }))).toEqual([
			{ id: adaId, email: 'ada@example.com', created: false, item: { item: 0 } },
			{ id: katherine.id, email: 'katherine@nasa.example', created: true, item: { item: 1 } },
		]);
	});

	it('searches with two filter groups (OR of ANDs), sorted by email: one search call, the matching records', async () => {
		sb.hubspot.seed({ contacts: 40 }, 5);
		sb.log.reset();
		const out = output(await run('contacts-search', [{}]));
		expect(calls()).toEqual([`POST ${CONTACTS}/search`]);
		expect(sb.log.all()[0].body).toEqual({
			filterGroups: [
				{
					filters: [
						{ propertyName: 'lastname', operator: 'EQ', value: 'Lovelace' },
						{ propertyName: 'hs_lead_status', operator: 'EQ', value: 'NEW' },
					],
				},
				{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'grace@navy.example' }] },
			],
			sorts: [{ propertyName: 'email', direction: 'ASCENDING' }],
			limit: 200,
			properties: ['email', 'firstname', 'lastname', 'hs_lead_status'],
		});
		// Expected from the store, independently of the node: Ada (Lovelace + NEW) and Grace (by email).
		const expected = sb.hubspot.store
			.list('contacts')
			.filter(
				(c) =>
					(c.properties.lastname === 'Lovelace' && c.properties.hs_lead_status === 'NEW') ||
					c.properties.email === 'grace@navy.example',
			)
			.map((c) => c.properties.email)
			.sort();
		expect(expected).toEqual(['ada@example.com', 'grace@navy.example']);
		expect(out.map((i) => [i.json.id, i.json.email, i.pairedItem])).toEqual([
			[adaId, 'ada@example.com', { item: 0 }],
			[graceId, 'grace@navy.example', { item: 0 }],
		]);
		expect(out[0].json.custom).toEqual({ hs_lead_status: 'NEW' });
	});

	it('gets many with a limit of 130: exactly two list calls (100, then 30), 130 records in store order', async () => {
		sb.hubspot.seed({ contacts: 150 }, 6);
		sb.log.reset();
		const out = output(await run('contacts-get-many', [{}]));
		const log = sb.log.all();
		expect(calls()).toEqual([`GET ${CONTACTS}`, `GET ${CONTACTS}`]);
		expect(log[0].query).toEqual({ limit: '100', properties: 'email,firstname,lastname' });
		expect(log[1].query).toEqual({ limit: '30', after: expect.any(String), properties: 'email,firstname,lastname' });
		expect(out).toHaveLength(130);
		const storeIds = sb.hubspot.store
			.list('contacts')
			.map((c) => c.id)
			.sort((a, b) => Number(a) - Number(b));
		expect(out.map((i) => i.json.id)).toEqual(storeIds.slice(0, 130));
		expect(new Set(out.map((i) => i.json.id)).size).toBe(130);
		expect(out.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('deletes (archives) a contact in one batch/archive call: archived in the store, gone from lists and gets', async () => {
		const before = sb.hubspot.store.count('contacts');
		const out = output(await run('contacts-delete', [{ id: graceId }]));
		expect(calls()).toEqual([`POST ${CONTACTS}/batch/archive`]);
		expect(sb.log.all()[0].body).toEqual({ inputs: [{ id: graceId }] });
		expect(out).toEqual([{ json: { id: graceId, archived: true, deleted: true }, pairedItem: { item: 0 } }]);

		expect(sb.hubspot.store.getRecord('contacts', graceId)?.archived).toBe(true);
		expect(sb.hubspot.store.list('contacts').some((c) => c.id === graceId)).toBe(false);
		expect(sb.hubspot.store.list('contacts', { archived: true }).map((c) => c.id)).toEqual([graceId]);
		expect(sb.hubspot.store.count('contacts')).toBe(before - 1);

		sb.log.reset();
		const after = await run('contacts-get', [{ id: graceId }]);
		expect(after.status).toBe('error');
		expect((after.error as unknown as { httpCode?: string }).httpCode).toBe('404');
		expect(calls()).toEqual([`GET ${CONTACTS}/${graceId}`]);
	});
});

describe('upsert items naming the same email', () => {
	it('are merged into one input of the batch (later values win) and each item gets the record', async () => {
		const out = output(
			await run('contacts-upsert', [
				{ email: 'dup@twice.example', firstName: 'First', lastName: 'Early' },
				{ email: 'other@twice.example', firstName: 'Other', lastName: 'One' },
				{ email: 'DUP@twice.example', firstName: 'Second', lastName: 'Late' },
			]),
		);
		expect(calls()).toEqual([`POST ${CONTACTS}/batch/upsert`]);
		expect((sb.log.all()[0].body as { inputs: Array<{ id: string; properties: IDataObject }> }).inputs.map((i) => [i.id, i.properties.firstname])).toEqual([
			['dup@twice.example', 'Second'],
			['other@twice.example', 'Other'],
		]);
		const dup = byEmail('dup@twice.example');
		expect(dup.properties).toMatchObject({ firstname: 'Second', lastname: 'Late' });
		expect(out.map((i) => [i.json.id, i.json.firstName, i.json.created, i.pairedItem])).toEqual([
			[dup.id, 'Second', true, { item: 0 }],
			[byEmail('other@twice.example').id, 'Other', true, { item: 1 }],
			[dup.id, 'Second', true, { item: 2 }],
		]);
	});
});

describe('250 items upserted through n8n', () => {
	it('go out as exactly 3 batch/upsert calls of 100, 100 and 50; 250 records in the store, each item paired', async () => {
		const domain = 'bulk250.example';
		const before = sb.hubspot.store.count('contacts');
		const input = Array.from({ length: 250 }, (_, i) => ({
			email: `person${i}@${domain}`,
			firstName: `First${i}`,
			lastName: `Last${i}`,
		}));
		const started = Date.now();
		const out = output(await run('contacts-upsert', input));
		const elapsed = Date.now() - started;

		expect(calls()).toEqual([`POST ${CONTACTS}/batch/upsert`, `POST ${CONTACTS}/batch/upsert`, `POST ${CONTACTS}/batch/upsert`]);
		const sizes = sb.log.all().map((e) => (e.body as { inputs: unknown[] }).inputs.length);
		expect(sizes).toEqual([100, 100, 50]);
		const sentEmails = sb.log.all().flatMap((e) => (e.body as { inputs: Array<{ id: string }> }).inputs.map((x) => x.id));
		expect(sentEmails).toEqual(input.map((x) => x.email));

		expect(sb.hubspot.store.count('contacts')).toBe(before + 250);
		const stored = sb.hubspot.store.list('contacts').filter((c) => String(c.properties.email).endsWith(`@${domain}`));
		expect(stored).toHaveLength(250);
		expect(new Set(stored.map((c) => c.properties.email)).size).toBe(250);

		expect(out).toHaveLength(250);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ email: `person${i}@${domain}`, firstName: `First${i}`, created: true });
		});
		expect(elapsed).toBeLessThan(10_000);
	});
});
