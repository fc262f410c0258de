/**
 * End to end through n8n-core (light runner): the Top Producer (CRM Pack)
 * node, which calls nothing (Top Producer has no public API): lead emails in
 * its lead-metadata format, its contact and transaction CSV exports read into
 * items with bad rows reported alone, and contacts written as one CSV file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { parseCsv } from '../../shared/csv';
import { parseLeadMeta } from '../../nodes/TopProducer/leadEmail';
import { Harness, loadWorkflow } from './helpers/harness';

const FIXTURES = path.join(__dirname, '../unit/topProducer/fixtures');

const h = new Harness({ seed: 41, node: 'Top Producer', workflows: 'top-producer-' });
const { run, output } = h;

const fileItem = (name: string) => ({
	json: {},
	binary: { data: { data: readFileSync(path.join(FIXTURES, name)).toString('base64'), mimeType: 'text/csv', fileName: name } },
});

describe('Compose Lead Email', () => {
	it('builds subject, HTML and text per item; the HTML reads back as the lead; "to" is the lead-capture address', async () => {
		const out = output(await run('lead-email', [{ name: 'Rosa Diaz', email: 'rosa@example.com', phone: '206-555-0101', message: 'Is it still available?', property: '12 Pine St, Seattle, WA' }]));
		expect(out).toHaveLength(1);
		const json = out[0].json as IDataObject;
		expect(json.to).toBe('agent@leads.example.com');
		expect(json.subject).toBe('New buyer lead: Rosa Diaz (AgentWebsite.com)');
		expect(parseLeadMeta(String(json.html))).toEqual({
			lead_information_version: '1.0',
			lead_source: 'AgentWebsite.com',
			lead_type: 'Buyer',
			lead_name: 'Rosa Diaz',
			lead_email: 'rosa@example.com',
			lead_phone: '206-555-0101',
			lead_property_address: '12 Pine St, Seattle, WA',
			lead_message: 'Is it still available?',
		});
		expect(json.text).toContain('Property address: 12 Pine St, Seattle, WA');
		expect(h.sb.log.all()).toEqual([]);
	});

	it('an item that cannot make a valid lead fails alone (Continue On Fail), naming the item and field', async () => {
		const out = output(await run('lead-email', [{ email: 'not-an-email' }, { name: 'Kai Lee' }], (n) => (n.continueOnFail = true)));
		expect(out.map((i) => i.json.error ?? i.json.subject)).toEqual(['Item 0: field "email": "not-an-email" is not an email address', 'New buyer lead: Kai Lee (AgentWebsite.com)']);
	});

	it('from the input item: a CRM Sync create becomes an email; an update or delete cannot, and says why', async () => {
		const wf = loadWorkflow('top-producer-lead-email.json');
		wf.nodes[0].parameters = { resource: 'leadEmail', operation: 'compose', fieldsFrom: 'item', to: 'agent@leads.example.com' };
		wf.nodes[0].continueOnFail = true;
		const r = await h.execute(wf, {
			startNode: 'Top Producer',
			input: [
				{ json: { operation: 'create', id: null, fields: { email: 'nia@example.com', firstName: 'Nia', lastName: 'Holt', phone: '206-555-0142' } } },
				{ json: { operation: 'update', id: 'x', fields: { email: 'kai@example.com' } } },
				{ json: { firstName: 'Omar', lastName: 'Reid', type: 'seller', source: 'Brivity' } },
			],
		});
		const out = output(r);
		expect(parseLeadMeta(String(out[0].json.html))).toMatchObject({ lead_name: 'Nia Holt', lead_email: 'nia@example.com', lead_phone: '206-555-0142' });
		expect(out[1].json.error).toBe(
			'Item 1: a "update" change: Top Producer\'s lead email can only create a lead: make this change in Top Producer itself (its lead-metadata format 1.0 carries new leads only)',
		);
		expect(parseLeadMeta(String(out[2].json.html))).toMatchObject({ lead_name: 'Omar Reid', lead_type: 'Seller', lead_source: 'Brivity' });
	});
});

describe('Import CSV', () => {
	it('contacts: tab-delimited, a line break in quotes, emails lower-cased, neutral shape; bad rows reported alone', async () => {
		const out = output(await h.execute(loadWorkflow('top-producer-contacts-import.json'), { startNode: 'Top Producer', input: [fileItem('contacts-export.tsv')] }));
		expect(out.map((i) => i.json)).toEqual([
			{
				id: 'TP-1001',
				firstName: 'Rosa',
				lastName: 'Diaz',
				email: 'rosa.diaz@example.com',
				phone: '206-555-0101',
				mobilePhone: '206-555-0199',
				address: { street: '12 Pine St', city: 'Seattle', state: 'WA', postalCode: '98101' },
				custom: { source: 'Realtor.com', contactType: 'Buyer', notes: 'Wants 3 bed,\nnear schools' },
				line: 2,
			},
			{ id: 'TP-1002', firstName: 'Kai', lastName: 'Lee', email: 'kai.lee@example.com', mobilePhone: '425-555-0123', custom: { source: 'Zillow', contactType: 'Seller' }, line: 4 },
			expect.objectContaining({ line: 6, error: 'Line 6: field "email": column "Email": "not-an-email" is not an email address; the row was left out' }),
			{ line: 7, error: 'Line 7: 14 fields where the header has 13 (an unquoted "tab" inside a value?); the row was left out' },
			{ id: 'no.id@example.com', firstName: 'No', lastName: 'Id', email: 'no.id@example.com', custom: { source: 'Open House' }, line: 8 },
		]);
	});

	it('transactions: typed prices and dates, the neutral deal fields beside them', async () => {
		const out = output(await h.execute(loadWorkflow('top-producer-transactions-import.json'), { startNode: 'Top Producer', input: [fileItem('transactions-export.csv')] }));
		expect(out.map((i) => i.json)).toEqual([
			{
				name: '45 Ocean Dr, Apt 2',
				amount: 785000,
				stage: 'Closed',
				closeDate: '2026-04-30',
				address: '45 Ocean Dr, Apt 2',
				mlsNumber: 'SD123',
				status: 'Closed',
				side: 'Listing',
				client: 'Ana Reyes',
				listPrice: 799000,
				salePrice: 785000,
				listDate: '2026-02-03',
				line: 2,
			},
			{ name: '9 Hill Rd', amount: 1250000, stage: 'Active', address: '9 Hill Rd', mlsNumber: 'SD124', status: 'Active', side: 'Listing', client: 'Ben Okafor', listPrice: 1250000, listDate: '2026-05-01', line: 3 },
		]);
	});
});

describe('Export CSV', () => {
	it('all input contacts in one CSV file on one binary item, paired with every input; it reads back to the same values', async () => {
		const r = await run('contacts-export', [
			{ firstName: 'Rosa', lastName: 'Diaz', email: 'rosa@example.com', phone: '206-555-0101', address: { street: '12 Pine St, Unit 4', city: 'Seattle', state: 'WA', postalCode: '98101' }, custom: { source: 'Brivity' } },
			{ firstName: 'Kai', lastName: 'Lee', email: 'kai@example.com', source: 'Zillow', custom: { notes: 'said "call after 5"' } },
		]);
		const out = output(r);
		expect(out).toHaveLength(1);
		expect(out[0].json).toEqual({ fileName: 'tp-import.csv', rows: 2 });
		expect(out[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		const bin = out[0].binary!.data;
		expect(bin).toMatchObject({ fileName: 'tp-import.csv', mimeType: 'text/csv' });
		const text = Buffer.from(bin.data, 'base64').toString('utf8');
		const table = parseCsv(text);
		expect(table.headers).toEqual(['First Name', 'Last Name', 'Email', 'Phone', 'Mobile Phone', 'Company', 'Street Address', 'City', 'State', 'Zip', 'Source', 'Notes']);
		expect(table.rows.map((row) => row.values)).toEqual([
			{ 'First Name': 'Rosa', 'Last Name': 'Diaz', Email: 'rosa@example.com', Phone: '206-555-0101', 'Mobile Phone': '', Company: '', 'Street Address': '12 Pine St, Unit 4', City: 'Seattle', State: 'WA', Zip: '98101', Source: 'Brivity', Notes: '' },
			{ 'First Name': 'Kai', 'Last Name': 'Lee', Email: 'kai@example.com', Phone: '', 'Mobile Phone': '', Company: '', 'Street Address': '', City: '', State: '', Zip: '', Source: 'Zillow', Notes: 'said "call after 5"' },
		]);
	});
});
