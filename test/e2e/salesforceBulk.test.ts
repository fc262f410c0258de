/**
 * End to end through n8n-core (light runner): upsert and delete through
 * Bulk API 2.0 against the sandbox's in-memory ingest jobs, with the node's
 * "Bulk API Threshold" lowered to 5 so the runs stay small. Each test checks
 * the exact Salesforce calls, the uploaded CSV, the output items (paired to
 * their inputs) and the emulator's store.
 */
import type { IDataObject } from 'n8n-workflow';

import { output, SalesforceHarness } from './helpers/salesforceHarness';

const DATA = '/salesforce/services/data/v62.0';
const JOBS = `${DATA}/jobs/ingest`;

const h = new SalesforceHarness({
	seed: 7,
	setup: (sb) => sb.salesforce!.addField('Contact', { name: 'Ext_Id__c', type: 'string', externalId: true, unique: true }),
	reset: (sb) => sb.salesforce!.bulk.reset(),
});
const { calls, run } = h;

const jobPath = (): string => `${JOBS}/${h.sb.salesforce!.bulk.jobs().slice(-1)[0].id}`;
const contacts = (): IDataObject[] => h.sb.salesforce!.store.list('Contact');

describe('Salesforce Bulk API 2.0 through the light runner', () => {
	test('upsert of 6 items (threshold 5): one job, CSV escaped, created/updated per item, a shared external id merged, a rejected record as its own error item', async () => {
		output(await run('contacts-upsert', [{ extId: 'B-2', lastName: 'Before' }]));
		expect(calls()).toEqual([`PATCH ${DATA}/composite/sobjects/Contact/Ext_Id__c`]);
		const existing = contacts().find((c) => c.Ext_Id__c === 'B-2');
		h.sb.log.reset();
		h.sb.salesforce!.bulk.setPollsBeforeComplete(1);
		h.sb.faults.set({ failRecord: (input: IDataObject) => input.LastName === 'Reject' });

		const input = [
			{ extId: 'B-1', lastName: 'One', fields: { Title: 'Director, "R&D"\nWest' } },
			{ extId: 'B-2', lastName: 'Two' },
			{ extId: 'B-3', lastName: 'Reject' },
			{ extId: 'B-1', lastName: 'OneAgain' },
			{ extId: 'B-4', lastName: 'Four', fields: { Email: 'Four@Example.com' } },
			{ extId: 'B-5', lastName: 'Five', fields: { Title: null } },
		];
		const out = output(await run('contacts-bulk-upsert', input, (n) => (n.continueOnFail = true)));

		const job = jobPath();
		expect(calls()).toEqual([`POST ${JOBS}`, `PUT ${job}/batches`, `PATCH ${job}`, `GET ${job}`, `GET ${job}`, `GET ${job}/successfulResults/`, `GET ${job}/failedResults/`]);
		const log = h.sb.log.all();
		expect(log[0].body).toEqual({ object: 'Contact', operation: 'upsert', contentType: 'CSV', lineEnding: 'LF', externalIdFieldName: 'Ext_Id__c' });
		expect(log[1].body).toBe('Ext_Id__c,Email,LastName,Title\nB-1,,OneAgain,"Director, ""R&D""\nWest"\nB-2,,Two,\nB-3,,Reject,\nB-4,four@example.com,Four,\nB-5,,Five,#N/A\n');
		expect(log[2].body).toEqual({ state: 'UploadComplete' });
		expect(log.map((e) => e.status)).toEqual([200, 201, 200, 200, 200, 200, 200]);

		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(out.map((o) => o.json.created ?? o.json.code)).toEqual([true, false, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', true, true, true]);
		expect(out[2].json.error).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION: Sandbox fault: this record was rejected (failRecord)');
		expect(out[0].json.id).toBe(out[3].json.id);
		expect(out[1].json.id).toBe(existing?.Id);
		const one = contacts().find((c) => c.Ext_Id__c === 'B-1');
		expect(one).toMatchObject({ LastName: 'OneAgain', Title: 'Director, "R&D"\nWest' });
		expect(contacts().find((c) => c.Ext_Id__c === 'B-2')?.LastName).toBe('Two');
		expect(contacts().find((c) => c.Ext_Id__c === 'B-4')?.Email).toBe('four@example.com');
		expect(contacts().some((c) => c.Ext_Id__c === 'B-3')).toBe(false);
		// The job's writes carry the pack's client id (Sforce-Call-Options on job creation).
		expect(h.sb.salesforce!.changes.all().slice(-1)[0]).toMatchObject({ client: 'n8nCrmPack' });
	});

	test('without Continue On Fail a rejected record fails the run naming its item; the others are written', async () => {
		h.sb.faults.set({ failRecord: (input: IDataObject) => input.LastName === 'Reject' });
		const input = Array.from({ length: 5 }, (_, i) => ({ extId: `C-${i}`, lastName: i === 3 ? 'Reject' : `C${i}` }));
		const r = await run('contacts-bulk-upsert', input);
		expect(r.status).toBe('error');
		expect(r.error?.message).toBe('1 of 5 records failed, 4 written: item 3: FIELD_CUSTOM_VALIDATION_EXCEPTION: Sandbox fault: this record was rejected (failRecord)');
		expect(contacts().filter((c) => String(c.Ext_Id__c).startsWith('C-'))).toHaveLength(4);
	});

	test('a job Salesforce fails: every item is an error naming the job', async () => {
		h.sb.salesforce!.bulk.failNextJob('InvalidBatch : Failed to process query: FUNCTIONALITY_NOT_ENABLED');
		const input = Array.from({ length: 5 }, (_, i) => ({ extId: `F-${i}`, lastName: `F${i}` }));
		const out = output(await run('contacts-bulk-upsert', input, (n) => (n.continueOnFail = true)));
		const id = h.sb.salesforce!.bulk.jobs()[0].id;
		expect(out.map((o) => o.json.error)).toEqual(
			input.map(() => `Salesforce Bulk API job ${id} ended Failed: InvalidBatch : Failed to process query: FUNCTIONALITY_NOT_ENABLED; this record was not processed`),
		);
		expect(contacts().some((c) => String(c.Ext_Id__c).startsWith('F-'))).toBe(false);
	});

	test('delete of 6 ids (threshold 5): one job with an Id column; an id already gone fails alone', async () => {
		const created = output(await run('contacts-bulk-upsert', Array.from({ length: 5 }, (_, i) => ({ extId: `D-${i}`, lastName: `D${i}` }))));
		const ids = created.map((o) => String(o.json.id));
		h.sb.log.reset();
		const gone = '003000000000000ZZZ';
		const input = [...ids.slice(0, 3), gone, ...ids.slice(3)].map((id) => ({ id }));
		const out = output(
			await run('contacts-delete', input, (n) => {
				n.continueOnFail = true;
				n.parameters.options = { bulkThreshold: 5 };
			}),
		);
		const job = jobPath();
		expect(calls()).toEqual([`POST ${JOBS}`, `PUT ${job}/batches`, `PATCH ${job}`, `GET ${job}`, `GET ${job}/successfulResults/`, `GET ${job}/failedResults/`]);
		expect(h.sb.log.all()[0].body).toEqual({ object: 'Contact', operation: 'delete', contentType: 'CSV', lineEnding: 'LF' });
		expect(h.sb.log.all()[1].body).toBe(`Id\n${input.map((i) => i.id).join('\n')}\n`);
		expect(out.map((o) => o.json.deleted ?? o.json.code)).toEqual([true, true, true, 'ENTITY_IS_DELETED', true, true]);
		expect(out[0].json).toMatchObject({ id: ids[0], success: true, deleted: true });
		for (const id of ids) expect(h.sb.salesforce!.store.get('Contact', id)).toBeUndefined();
	});

	test('below the threshold the same workflow uses sObject Collections', async () => {
		output(await run('contacts-bulk-upsert', Array.from({ length: 4 }, (_, i) => ({ extId: `S-${i}`, lastName: `S${i}` }))));
		expect(calls()).toEqual([`PATCH ${DATA}/composite/sobjects/Contact/Ext_Id__c`]);
		expect(h.sb.salesforce!.bulk.jobs()).toEqual([]);
	});
});
