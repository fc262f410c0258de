import nock from 'nock';
import { isolateNock } from '../../helpers/nockIsolation';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { csvLine, csvRecords, parseCsv } from '../../../nodes/Salesforce/connector/csv';
import { bulkCell } from '../../../nodes/Salesforce/connector/bulk';
import { CrmPackSalesforce } from '../../../nodes/Salesforce/CrmPackSalesforce.node';
import { DATA, INSTANCE, setup, sfContext } from './helpers';

/*
 * Bulk API 2.0 ingest, per Salesforce's Bulk API 2.0 developer guide:
 *   POST  /services/data/vXX.X/jobs/ingest               {object, operation, externalIdFieldName?, contentType: CSV, lineEnding: LF}
 *   PUT   /services/data/vXX.X/jobs/ingest/{id}/batches   Content-Type: text/csv → 201, no body
 *   PATCH /services/data/vXX.X/jobs/ingest/{id}           {state: UploadComplete} (or Aborted)
 *   GET   /services/data/vXX.X/jobs/ingest/{id}           {state: Open|UploadComplete|InProgress|JobComplete|Failed|Aborted, errorMessage?}
 *   GET   .../{id}/successfulResults/  CSV sf__Id,sf__Created,<uploaded columns>   (any order)
 *   GET   .../{id}/failedResults/      CSV sf__Id,sf__Error,<uploaded columns>
 */

const JOB = '7505g00000ABCDEAAA';
const JOBS = `${DATA}/jobs/ingest`;

isolateNock();

const id = (n: number) => `003${String(n).padStart(12, '0')}AAA`;

describe('CSV', () => {
	test('cells with a comma, a quote or a line break are quoted, quotes doubled; others are left as they are', () => {
		expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', ' padded ', ''])).toBe('plain,"a,b","say ""hi""","two\nlines", padded ,');
	});

	test('parsing reverses it, across quoted line breaks, CRLF and a trailing line break', () => {
		const text = 'A,B\r\n"x,1","he said ""no""\nthen left"\nplain,\n';
		expect(parseCsv(text)).toEqual([
			['A', 'B'],
			['x,1', 'he said "no"\nthen left'],
			['plain', ''],
		]);
		expect(csvRecords(text)).toEqual([
			{ A: 'x,1', B: 'he said "no"\nthen left' },
			{ A: 'plain', B: '' },
		]);
	});

	test('field values as cells: absent leaves the field, null and empty clear it (#N/A)', () => {
		expect([undefined, null, '', 'x', 3.5, false, { a: 1 }].map(bulkCell)).toEqual(['', '#N/A', '#N/A', 'x', '3.5', 'false', '{"a":1}']);
	});
});

describe('Bulk API 2.0 upsert', () => {
	test('exact requests: create, upload, close, poll with backoff, both result lists; results mapped back by external id', async () => {
		const { connector, clock, stats, requests } = await setup();
		const bodies: unknown[] = [];
		const scope = nock(INSTANCE)
			.post(JOBS, (b) => (bodies.push(b), true))
			.reply(200, { id: JOB, state: 'Open', object: 'Contact', operation: 'upsert', contentUrl: `services/data/v62.0/jobs/ingest/${JOB}/batches` })
			.put(`${JOBS}/${JOB}/batches`, (b) => (bodies.push(b), true))
			.matchHeader('content-type', 'text/csv')
			.reply(201)
			.patch(`${JOBS}/${JOB}`, (b) => (bodies.push(b), true))
			.reply(200, { id: JOB, state: 'UploadComplete' })
			.get(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'UploadComplete' })
			.get(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'InProgress' })
			.get(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'JobComplete', numberRecordsProcessed: 4, numberRecordsFailed: 1 })
			.get(`${JOBS}/${JOB}/successfulResults/`)
			.matchHeader('accept', 'text/csv')
			.reply(200, `"sf__Id","sf__Created",Ext_Id__c,LastName,Title\n"${id(2)}","false","E-2","Two",\n"${id(1)}","true","E-1","One","Director, ""R&D""\nWest"\n`, {
				'Content-Type': 'text/csv',
			})
			.get(`${JOBS}/${JOB}/failedResults/`)
			.reply(200, `"sf__Id","sf__Error",Ext_Id__c,LastName,Title\n"","REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --","E-3","#N/A",\n`, {
				'Content-Type': 'text/csv',
			});

		const outcomes = await connector.bulkUpsert('Contact', 'Ext_Id__c', [
			{ id: 'E-1', properties: { LastName: 'One', Title: 'Director, "R&D"\nWest' } },
			{ id: 'E-2', properties: { LastName: 'Two' } },
			{ id: 'E-3', properties: { LastName: null } },
			{ id: 'E-4', properties: { LastName: 'Four' } },
		]);

		expect(bodies).toEqual([
			{ object: 'Contact', operation: 'upsert', contentType: 'CSV', lineEnding: 'LF', externalIdFieldName: 'Ext_Id__c' },
			'Ext_Id__c,LastName,Title\nE-1,One,"Director, ""R&D""\nWest"\nE-2,Two,\nE-3,#N/A,\nE-4,Four,\n',
			{ state: 'UploadComplete' },
		]);
		expect(scope.isDone()).toBe(true);
		expect(requests.map((r) => `${r.method} ${r.url.replace(INSTANCE, '')}`)).toEqual([
			`POST ${JOBS}`,
			`PUT ${JOBS}/${JOB}/batches`,
			`PATCH ${JOBS}/${JOB}`,
			`GET ${JOBS}/${JOB}`,
			`GET ${JOBS}/${JOB}`,
			`GET ${JOBS}/${JOB}`,
			`GET ${JOBS}/${JOB}/successfulResults/`,
			`GET ${JOBS}/${JOB}/failedResults/`,
		]);
		// The job is created with the pack's client id; the CSV goes up as text/csv.
		expect(requests[0].headers).toMatchObject({ 'Sforce-Call-Options': 'client=n8nCrmPack', 'Content-Type': 'application/json' });
		expect(requests[1].headers).toMatchObject({ 'Content-Type': 'text/csv' });
		expect(requests[6].headers).toMatchObject({ Accept: 'text/csv' });
		// Polls: at once, then after 1 s and 2 s.
		expect(clock.waits).toEqual([1000, 2000]);
		expect(stats.calls).toBe(8);

		expect(outcomes.map((o) => o.index)).toEqual([0, 1, 2, 3]);
		expect(outcomes[0]).toMatchObject({ ok: true, created: true, record: { id: id(1), properties: { LastName: 'One', Ext_Id__c: 'E-1' } } });
		expect(outcomes[0].ok && outcomes[0].record.raw).toEqual({ id: id(1), success: true, errors: [], created: true, bulkJobId: JOB });
		expect(outcomes[1]).toMatchObject({ ok: true, created: false, record: { id: id(2) } });
		expect(outcomes[2]).toEqual({
			index: 2,
			ok: false,
			code: 'REQUIRED_FIELD_MISSING',
			message: 'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName] (fields: LastName)',
			context: { bulkJobId: JOB },
			issues: [{ field: 'LastName', reason: 'Required fields are missing: [LastName]' }],
		});
		// In neither list: reported as not processed, naming the job.
		expect(outcomes[3]).toMatchObject({ ok: false, message: `Salesforce Bulk API job ${JOB} ended JobComplete; this record was not processed` });
	});

	test('a job that never finishes fails every record with an error naming the job; the job is left running', async () => {
		const { connector, clock } = await setup();
		connector.writeOptions.bulkMaxWaitMs = 10_000;
		nock(INSTANCE)
			.post(JOBS)
			.reply(200, { id: JOB, state: 'Open' })
			.put(`${JOBS}/${JOB}/batches`)
			.reply(201)
			.patch(`${JOBS}/${JOB}`, { state: 'UploadComplete' })
			.reply(200, { id: JOB, state: 'UploadComplete' })
			.get(`${JOBS}/${JOB}`)
			.times(5)
			.reply(200, { id: JOB, state: 'InProgress' });
		const outcomes = await connector.bulkUpsert('Contact', 'Ext_Id__c', [{ id: 'E-1', properties: { LastName: 'One' } }]);
		expect(clock.waits).toEqual([1000, 2000, 4000, 3000]);
		expect(outcomes).toEqual([
			{
				index: 0,
				ok: false,
				message: `Salesforce Bulk API job ${JOB} did not finish within 10 s (last state: InProgress). It goes on in Salesforce: check its outcome under Setup > Bulk Data Load Jobs before running the workflow again.`,
				code: undefined,
				context: undefined,
			},
		]);
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('a failed upload aborts the open job', async () => {
		const { connector } = await setup();
		const scope = nock(INSTANCE)
			.post(JOBS)
			.reply(200, { id: JOB, state: 'Open' })
			.put(`${JOBS}/${JOB}/batches`)
			.reply(400, [{ errorCode: 'INVALIDJOB', message: 'InvalidBatch : Field name not found : Bogus__c' }])
			.patch(`${JOBS}/${JOB}`, { state: 'Aborted' })
			.reply(200, { id: JOB, state: 'Aborted' });
		const outcomes = await connector.bulkUpsert('Contact', 'Ext_Id__c', [{ id: 'E-1', properties: { Bogus__c: 'x' } }]);
		expect(scope.isDone()).toBe(true);
		expect(outcomes[0]).toMatchObject({ ok: false, message: expect.stringContaining('400: InvalidBatch : Field name not found : Bogus__c') });
	});

	test('a Failed job: records in neither list carry the job error message', async () => {
		const { connector } = await setup();
		nock(INSTANCE)
			.post(JOBS)
			.reply(200, { id: JOB, state: 'Open' })
			.put(`${JOBS}/${JOB}/batches`)
			.reply(201)
			.patch(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'UploadComplete' })
			.get(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'Failed', errorMessage: 'InvalidBatch : Failed to parse CSV' })
			.get(`${JOBS}/${JOB}/successfulResults/`)
			.reply(200, 'sf__Id,sf__Created,Ext_Id__c,LastName\n', { 'Content-Type': 'text/csv' })
			.get(`${JOBS}/${JOB}/failedResults/`)
			.reply(200, 'sf__Id,sf__Error,Ext_Id__c,LastName\n', { 'Content-Type': 'text/csv' });
		const outcomes = await connector.bulkUpsert('Contact', 'Ext_Id__c', [{ id: 'E-1', properties: { LastName: 'One' } }]);
		expect(outcomes[0]).toMatchObject({
			ok: false,
			message: `Salesforce Bulk API job ${JOB} ended Failed: InvalidBatch : Failed to parse CSV; this record was not processed`,
		});
	});
});

describe('Bulk API 2.0 delete', () => {
	test('a CSV of Ids; results matched by Id in 15- or 18-character form; an id named twice is deleted once', async () => {
		const { connector } = await setup();
		const bodies: unknown[] = [];
		const scope = nock(INSTANCE)
			.post(JOBS, (b) => (bodies.push(b), true))
			.reply(200, { id: JOB, state: 'Open' })
			.put(`${JOBS}/${JOB}/batches`, (b) => (bodies.push(b), true))
			.reply(201)
			.patch(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'UploadComplete' })
			.get(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'JobComplete' })
			.get(`${JOBS}/${JOB}/successfulResults/`)
			.reply(200, `sf__Id,sf__Created,Id\n${id(2)},false,${id(2)}\n${id(1)},false,${id(1).slice(0, 15)}\n`, { 'Content-Type': 'text/csv' })
			.get(`${JOBS}/${JOB}/failedResults/`)
			.reply(200, `sf__Id,sf__Error,Id\n${id(3)},ENTITY_IS_DELETED:entity is deleted:--,${id(3)}\n`, { 'Content-Type': 'text/csv' });
		const outcomes = await connector.bulkDelete('Contact', [id(1).slice(0, 15), id(2), id(3), id(2)]);
		expect(scope.isDone()).toBe(true);
		expect(bodies).toEqual([{ object: 'Contact', operation: 'delete', contentType: 'CSV', lineEnding: 'LF' }, `Id\n${id(1).slice(0, 15)}\n${id(2)}\n${id(3)}\n`]);
		expect(outcomes.map((o) => [o.index, o.ok])).toEqual([
			[0, true],
			[1, true],
			[2, false],
			[3, true],
		]);
		expect(outcomes[0]).toMatchObject({ record: { id: id(1), archived: true, raw: { id: id(1), success: true, errors: [], bulkJobId: JOB } } });
		expect(outcomes[0].ok && outcomes[0].created).toBeUndefined();
		expect(outcomes[2]).toMatchObject({ code: 'ENTITY_IS_DELETED', message: 'ENTITY_IS_DELETED: entity is deleted', context: { id: id(3), bulkJobId: JOB } });
	});
});

describe('the node picks Bulk API 2.0 from the threshold on', () => {
	const node = new CrmPackSalesforce();
	const run = (options: IDataObject, items: IDataObject[], continueOnFail = false) => {
		const { ctx } = sfContext({
			parameters: { authentication: 'jwt', resource: 'contact', operation: 'upsert', externalIdField: 'Ext_Id__c', additionalFields: {}, options },
			items: items.map((json) => ({ json })),
			itemParameters: items.map((it) => ({ externalIdValue: it.ext, 'fieldsUi.field': [{ name: 'LastName', value: it.last }] })),
			continueOnFail,
		});
		return node.execute.call(ctx) as Promise<INodeExecutionData[][]>;
	};

	test('three items at a threshold of 3: one job; items sharing an external id are merged and both get its result', async () => {
		const uploads: unknown[] = [];
		nock(INSTANCE)
			.post(JOBS)
			.reply(200, { id: JOB, state: 'Open' })
			.put(`${JOBS}/${JOB}/batches`, (b) => (uploads.push(b), true))
			.reply(201)
			.patch(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'UploadComplete' })
			.get(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'JobComplete' })
			.get(`${JOBS}/${JOB}/successfulResults/`)
			.reply(200, `sf__Id,sf__Created,Ext_Id__c,LastName\n${id(1)},true,A,A2\n`, { 'Content-Type': 'text/csv' })
			.get(`${JOBS}/${JOB}/failedResults/`)
			.reply(200, `sf__Id,sf__Error,Ext_Id__c,LastName\n,DUPLICATE_VALUE:duplicate value found:--,B,B1\n`, { 'Content-Type': 'text/csv' });
		const [out] = await run({ bulkThreshold: 3, output: 'raw' }, [{ ext: 'A', last: 'A1' }, { ext: 'B', last: 'B1' }, { ext: 'A', last: 'A2' }], true);
		expect(uploads).toEqual(['Ext_Id__c,LastName\nA,A2\nB,B1\n']);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toEqual({ id: id(1), success: true, errors: [], created: true, bulkJobId: JOB });
		expect(out[2].json).toEqual(out[0].json);
		expect(out[1].json).toEqual({ error: 'DUPLICATE_VALUE: duplicate value found', code: 'DUPLICATE_VALUE', context: { bulkJobId: JOB } });
	});

	test('without Continue On Fail a failed record is one error naming its item', async () => {
		nock(INSTANCE)
			.post(JOBS)
			.reply(200, { id: JOB, state: 'Open' })
			.put(`${JOBS}/${JOB}/batches`)
			.reply(201)
			.patch(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'UploadComplete' })
			.get(`${JOBS}/${JOB}`)
			.reply(200, { id: JOB, state: 'JobComplete' })
			.get(`${JOBS}/${JOB}/successfulResults/`)
			.reply(200, `sf__Id,sf__Created,Ext_Id__c,LastName\n${id(1)},true,A,A1\n`, { 'Content-Type': 'text/csv' })
			.get(`${JOBS}/${JOB}/failedResults/`)
			.reply(200, `sf__Id,sf__Error,Ext_Id__c,LastName\n,FIELD_CUSTOM_VALIDATION_EXCEPTION:no:--,B,B1\n`, { 'Content-Type': 'text/csv' });
		const error = (await run({ bulkThreshold: 2 }, [{ ext: 'A', last: 'A1' }, { ext: 'B', last: 'B1' }]).catch((e: Error) => e)) as Error;
		expect(error.message).toBe('1 of 2 records failed, 1 written: item 1: FIELD_CUSTOM_VALIDATION_EXCEPTION: no');
	});

	test('below the threshold, or with All or Nothing, sObject Collections are used', async () => {
		const scope = nock(INSTANCE)
			.patch(`${DATA}/composite/sobjects/Contact/Ext_Id__c`)
			.twice()
			.reply(200, [
				{ id: id(1), success: true, created: true, errors: [] },
				{ id: id(2), success: true, created: true, errors: [] },
			]);
		const items = [
			{ ext: 'A', last: 'A1' },
			{ ext: 'B', last: 'B1' },
		];
		await run({ bulkThreshold: 3 }, items);
		await run({ bulkThreshold: 2, allOrNone: true }, items);
		expect(scope.isDone()).toBe(true);
	});
});
