/**
 * End to end through n8n-core (light runner): the Lead resource's Convert
 * operation (SOAP API convertLead) against the sandbox's Salesforce emulator,
 * logged in with the JWT bearer flow. Each test checks the exact output items,
 * the SOAP calls the emulator received (session id from the saved credential,
 * CallOptions client, leadConverts), and the records it created or changed.
 */
import type { IDataObject } from 'n8n-workflow';

import { output, SalesforceHarness } from './helpers/salesforceHarness';

const SOAP = '/salesforce/services/Soap/u/62.0';

const h = new SalesforceHarness({ seed: 11, reset: (sb) => sb.salesforce!.soap.reset() });
const { calls, run } = h;

const savedToken = (): string => String(h.store.crmPackSalesforceJwtApi['salesforce-sandbox'].accessToken);
const get = (sobject: string, id: unknown): IDataObject => h.sb.salesforce!.store.get(sobject, String(id)) as IDataObject;

/** Creates a lead through the emulator's REST API with its static token (outside the workflow under test). */
async function createLead(fields: IDataObject): Promise<string> {
	const res = await fetch(`${h.sb.salesforce!.baseUrl}/services/data/v62.0/sobjects/Lead`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${h.sb.salesforce!.tokens[0]}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(fields),
	});
	const body = (await res.json()) as { id: string };
	expect(res.status).toBe(201);
	return body.id;
}

describe('Salesforce Convert Lead through the light runner', () => {
	test('two leads in one convertLead call: account, contact and (named) opportunity created, leads marked converted; a bad status fails alone', async () => {
		const ada = await createLead({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@analytical.example', Phone: '+44 20 1234', Company: 'Analytical Engines', Title: 'Countess', City: 'London' });
		const grace = await createLead({ FirstName: 'Grace', LastName: 'Hopper', Company: 'Navy & Co <R&D>' });
		const alan = await createLead({ LastName: 'Turing', Company: 'Bletchley' });
		h.sb.log.reset();
		const accountsBefore = h.sb.salesforce!.store.count('Account');
		const changesBefore = h.sb.salesforce!.changes.all().length;

		const out = output(
			await run(
				'leads-convert',
				[{ leadId: ada, opportunityName: 'Difference Engine' }, { leadId: grace, createOpportunity: false }, { leadId: alan, status: 'Working - Contacted' }],
				(n) => (n.continueOnFail = true),
			),
		);

		expect(calls()).toEqual([`POST ${SOAP}`]);
		expect(h.sb.log.all()[0].status).toBe(200);
		expect(h.sb.salesforce!.soap.calls()).toEqual([
			{
				sessionId: savedToken(),
				client: 'n8nCrmPack',
				converts: [
					{ convertedStatus: 'Closed - Converted', doNotCreateOpportunity: 'false', leadId: ada, opportunityName: 'Difference Engine', overwriteLeadSource: 'false', sendNotificationEmail: 'false' },
					{ convertedStatus: 'Closed - Converted', doNotCreateOpportunity: 'true', leadId: grace, overwriteLeadSource: 'false', sendNotificationEmail: 'false' },
					{ convertedStatus: 'Working - Contacted', doNotCreateOpportunity: 'false', leadId: alan, overwriteLeadSource: 'false', sendNotificationEmail: 'false' },
				],
			},
		]);

		const adaLead = get('Lead', ada);
		const graceLead = get('Lead', grace);
		expect(out).toEqual([
			{
				json: { leadId: ada, accountId: adaLead.ConvertedAccountId, contactId: adaLead.ConvertedContactId, opportunityId: adaLead.ConvertedOpportunityId, success: true },
				pairedItem: { item: 0 },
			},
			{
				json: { leadId: grace, accountId: graceLead.ConvertedAccountId, contactId: graceLead.ConvertedContactId, opportunityId: null, success: true },
				pairedItem: { item: 1 },
			},
			{
				json: { error: 'INVALID_STATUS: invalid convertedStatus: Working - Contacted (fields: Status)', code: 'INVALID_STATUS', context: { leadId: alan, fields: ['Status'] } },
				pairedItem: { item: 2 },
			},
		]);

		expect(adaLead).toMatchObject({ IsConverted: true, Status: 'Closed - Converted' });
		expect(graceLead).toMatchObject({ IsConverted: true, Status: 'Closed - Converted', ConvertedOpportunityId: null });
		expect(get('Lead', alan)).toMatchObject({ IsConverted: false });
		expect(get('Lead', alan).Status).toBeUndefined();

		expect(h.sb.salesforce!.store.count('Account')).toBe(accountsBefore + 2);
		expect(get('Account', adaLead.ConvertedAccountId)).toMatchObject({ Name: 'Analytical Engines', Phone: '+44 20 1234', BillingCity: 'London' });
		expect(get('Contact', adaLead.ConvertedContactId)).toMatchObject({
			FirstName: 'Ada',
			LastName: 'Lovelace',
			Email: 'ada@analytical.example',
			Title: 'Countess',
			MailingCity: 'London',
			AccountId: adaLead.ConvertedAccountId,
		});
		expect(get('Opportunity', adaLead.ConvertedOpportunityId)).toMatchObject({ Name: 'Difference Engine', AccountId: adaLead.ConvertedAccountId });
		// XML special characters went through the envelope and back unchanged.
		expect(get('Account', graceLead.ConvertedAccountId)).toMatchObject({ Name: 'Navy & Co <R&D>' });
		expect(get('Contact', graceLead.ConvertedContactId)).toMatchObject({ FirstName: 'Grace', LastName: 'Hopper', AccountId: graceLead.ConvertedAccountId });
		// The conversion's writes carry the pack's client id (SOAP CallOptions).
		const changed = h.sb.salesforce!.changes.all().slice(changesBefore);
		expect(changed.map((c: IDataObject) => `${c.changeType} ${c.sobject} ${c.client}`)).toEqual([
			'created Account n8nCrmPack',
			'created Contact n8nCrmPack',
			'created Opportunity n8nCrmPack',
			'updated Lead n8nCrmPack',
			'created Account n8nCrmPack',
			'created Contact n8nCrmPack',
			'updated Lead n8nCrmPack',
		]);
	});

	test('into an existing account: no new account, its empty fields filled from the lead; the default opportunity name', async () => {
		const lead = await createLead({ LastName: 'Liskov', Company: 'CLU Labs', Phone: '+1 617 555' });
		const res = await fetch(`${h.sb.salesforce!.baseUrl}/services/data/v62.0/sobjects/Account`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${h.sb.salesforce!.tokens[0]}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ Name: 'MIT' }),
		});
		const accountId = ((await res.json()) as { id: string }).id;
		const accountsBefore = h.sb.salesforce!.store.count('Account');
		h.sb.log.reset();

		const out = output(await run('leads-convert', [{ leadId: lead, accountId }]));
		const converted = get('Lead', lead);
		expect(out.map((o) => o.json)).toEqual([{ leadId: lead, accountId, contactId: converted.ConvertedContactId, opportunityId: converted.ConvertedOpportunityId, success: true }]);
		expect(h.sb.salesforce!.soap.calls()[0].converts).toEqual([
			{ accountId, convertedStatus: 'Closed - Converted', doNotCreateOpportunity: 'false', leadId: lead, overwriteLeadSource: 'false', sendNotificationEmail: 'false' },
		]);
		expect(h.sb.salesforce!.store.count('Account')).toBe(accountsBefore);
		expect(get('Account', accountId)).toMatchObject({ Name: 'MIT', Phone: '+1 617 555' });
		expect(get('Contact', converted.ConvertedContactId)).toMatchObject({ LastName: 'Liskov', AccountId: accountId });
		expect(get('Opportunity', converted.ConvertedOpportunityId)).toMatchObject({ Name: 'CLU Labs-', AccountId: accountId });
	});

	test('without Continue On Fail a lead converted before fails the run, naming its item', async () => {
		const lead = await createLead({ LastName: 'Knuth', Company: 'TeX' });
		output(await run('leads-convert', [{ leadId: lead }]));
		const r = await run('leads-convert', [{ leadId: lead }]);
		expect(r.status).toBe('error');
		expect(r.error?.message).toBe('1 of 1 records failed, 0 written: item 0: CANNOT_UPDATE_CONVERTED_LEAD: cannot reference converted lead');
	});

	test('an expired session: the SOAP fault INVALID_SESSION_ID, one REST call that makes n8n log in again, then the convert with the new session', async () => {
		const lead = await createLead({ LastName: 'Dijkstra', Company: 'THE' });
		h.sb.log.reset();
		const oldToken = savedToken();
		h.sb.salesforce!.oauth.expireAccessTokens();

		const out = output(await run('leads-convert', [{ leadId: lead }]));

		expect(calls()).toEqual([
			`POST ${SOAP}`,
			'GET /salesforce/services/oauth2/userinfo',
			'GET /salesforce/services/oauth2/userinfo',
			'POST /salesforce/services/oauth2/token',
			'GET /salesforce/services/oauth2/userinfo',
			`POST ${SOAP}`,
		]);
		expect(h.sb.log.all().map((e) => e.status)).toEqual([500, 401, 401, 200, 200, 200]);
		const newToken = savedToken();
		expect(newToken).not.toBe(oldToken);
		expect(h.sb.salesforce!.soap.calls().map((c: IDataObject) => c.sessionId)).toEqual([newToken]);
		expect(String(h.sb.log.all()[0].body)).toContain(`<urn:sessionId>${oldToken}</urn:sessionId>`);
		const converted = get('Lead', lead);
		expect(out.map((o) => o.json)).toEqual([
			{ leadId: lead, accountId: converted.ConvertedAccountId, contactId: converted.ConvertedContactId, opportunityId: converted.ConvertedOpportunityId, success: true },
		]);
	});

	test('the Converted Status dropdown query: the org\'s converted lead statuses', async () => {
		const out = output(
			await run('query', [{ soql: 'SELECT MasterLabel FROM LeadStatus WHERE IsConverted = true' }], (n) => (n.parameters.options = { output: 'raw' })),
		);
		expect(out.map((o) => o.json.MasterLabel)).toEqual(['Closed - Converted']);
	});
});
