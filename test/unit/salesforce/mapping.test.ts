import type { IDataObject } from 'n8n-workflow';
import { neutralToSalesforce, salesforceToNeutral } from '../../../nodes/Salesforce/connector/mapping';
import { toRecord } from '../../../nodes/Salesforce/connector/records';

const rec = (type: string, fields: IDataObject) =>
	toRecord(type, { attributes: { type }, Id: '003000000000001AAA', CreatedDate: '2026-01-02T03:04:05.000+0000', SystemModstamp: '2026-01-03T03:04:05.000+0000', ...fields });

describe('Salesforce ↔ neutral', () => {
	test('Contact: names, mailing address, custom fields kept, system fields and compound Name dropped', () => {
		const neutral = salesforceToNeutral(
			'contact',
			rec('Contact', { FirstName: 'Ada', LastName: 'Lovelace', Name: 'Ada Lovelace', Email: 'ada@example.com', MailingCity: 'London', Title: 'Countess', Shoe_Size__c: 7, IsDeleted: false }),
		);
		expect(neutral).toEqual({
			id: '003000000000001AAA',
			firstName: 'Ada',
			lastName: 'Lovelace',
			fullName: 'Ada Lovelace',
			email: 'ada@example.com',
			jobTitle: 'Countess',
			address: { city: 'London' },
			createdAt: '2026-01-02T03:04:05.000Z',
			updatedAt: '2026-01-03T03:04:05.000Z',
			custom: { Shoe_Size__c: 7 },
		});
		expect(neutralToSalesforce('contact', { ...neutral, fullName: undefined })).toEqual({
			FirstName: 'Ada',
			LastName: 'Lovelace',
			Email: 'ada@example.com',
			Title: 'Countess',
			MailingCity: 'London',
			Shoe_Size__c: 7,
		});
	});

	test('Lead carries company, status and source; fullName splits when no parts are given', () => {
		expect(neutralToSalesforce('lead', { fullName: 'Grace Hopper', company: 'Navy', status: 'Open', source: 'Web' })).toEqual({
			FirstName: 'Grace',
			LastName: 'Hopper',
			Company: 'Navy',
			Status: 'Open',
			LeadSource: 'Web',
		});
	});

	test('Account: domain from Website, numbers, billing address; domain written as Website when none given', () => {
		const neutral = salesforceToNeutral('company', rec('Account', { Name: 'Acme', Website: 'https://www.acme.com/about', NumberOfEmployees: 50, AnnualRevenue: 1e6, BillingCountry: 'UK' }));
		expect(neutral).toMatchObject({ name: 'Acme', website: 'https://www.acme.com/about', domain: 'acme.com', numberOfEmployees: 50, annualRevenue: 1e6, address: { country: 'UK' } });
		expect(neutralToSalesforce('company', { name: 'Beta', domain: 'beta.io' })).toEqual({ Name: 'Beta', Website: 'beta.io' });
	});

	test('Opportunity: stage, close date, account link as an association', () => {
		const neutral = salesforceToNeutral('deal', rec('Opportunity', { Name: 'Big', Amount: 5000, StageName: 'Prospecting', CloseDate: '2026-06-30', AccountId: '001000000000009AAA' }));
		expect(neutral).toMatchObject({ name: 'Big', amount: 5000, stage: 'Prospecting', closeDate: '2026-06-30', associations: [{ kind: 'company', id: '001000000000009AAA' }] });
		expect(neutralToSalesforce('deal', { name: 'Big', closeDate: '2026-06-30', associations: [{ kind: 'company', id: '001X' }] })).toEqual({
			Name: 'Big',
			CloseDate: '2026-06-30',
			AccountId: '001X',
		});
	});

	test('Event: ISO date-times; WhoId and WhatId from associations', () => {
		const neutral = salesforceToNeutral('appointment', rec('Event', { Subject: 'Demo', StartDateTime: '2026-03-01T10:00:00.000+0000', EndDateTime: '2026-03-01T11:00:00.000+0000', WhoId: '003000000000002AAA' }));
		expect(neutral).toMatchObject({ title: 'Demo', startTime: '2026-03-01T10:00:00Z', endTime: '2026-03-01T11:00:00Z', associations: [{ kind: 'contact', id: '003000000000002AAA' }] });
		expect(
			neutralToSalesforce('appointment', { title: 'Demo', startTime: '2026-03-01T10:00:00.000+01:00', associations: [{ kind: 'deal', id: '006A' }, { kind: 'lead', id: '00QA' }] }),
		).toEqual({ Subject: 'Demo', StartDateTime: '2026-03-01T09:00:00Z', WhoId: '00QA', WhatId: '006A' });
	});

	test('Task: status and priority vocabulary, ActivityDate date ↔ neutral due date-time', () => {
		const neutral = salesforceToNeutral('task', rec('Task', { Subject: 'Call', Status: 'Waiting on someone else', Priority: 'High', ActivityDate: '2026-02-10' }));
		expect(neutral).toMatchObject({ subject: 'Call', status: 'waiting', priority: 'high', dueDate: '2026-02-10T00:00:00.000Z' });
		expect(neutralToSalesforce('task', { subject: 'Call', status: 'completed', priority: 'normal', dueDate: '2026-02-10T23:30:00.000-05:00' })).toEqual({
			Subject: 'Call',
			Status: 'Completed',
			Priority: 'Normal',
			ActivityDate: '2026-02-10',
		});
	});

	test('Note: classic Note with a title from the body and ParentId from the first association', () => {
		expect(neutralToSalesforce('note', { body: 'Called back\nmore text', associations: [{ kind: 'contact', id: '003Z' }] })).toEqual({
			Body: 'Called back\nmore text',
			ParentId: '003Z',
			Title: 'Called back',
		});
		const neutral = salesforceToNeutral('note', rec('Note', { Title: 'T', Body: 'B', ParentId: '001000000000003AAA' }));
		expect(neutral).toMatchObject({ body: 'B', timestamp: '2026-01-02T03:04:05.000Z', associations: [{ kind: 'company', id: '001000000000003AAA' }], custom: { Title: 'T' } });
	});

	test('null clears a field; absent leaves it alone', () => {
		expect(neutralToSalesforce('contact', { email: null })).toEqual({ Email: null });
	});
});
