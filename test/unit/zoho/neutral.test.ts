/**
 * The Zoho connector's CRM-neutral methods (issue 16) against the sandbox vendor
 * (real HTTP): the exact requests of Test Connection, the neutral look-ups (search by
 * email / phone / criteria, COQL for a domain, word search for text), a contact's
 * events for Sync Appointment, and the credits reported for CRM Sync's Summary.
 */
import { criteriaValue } from '../../../nodes/Zoho/connector/neutral';
import { connect, requests, zohoSandbox } from './helpers';

const sb = zohoSandbox();

test('connectionInfo: GET /users?type=CurrentUser, the user, API host, edition and the credits Zoho reported', async () => {
	sb().zoho.setCredits(500);
	const connector = await connect(sb(), { dc: 'eu', edition: 'professional' });
	const info = await connector.connectionInfo();
	expect(requests(sb()).map((r) => [r.call, r.query])).toEqual([['GET /users', { type: 'CurrentUser' }]]);
	expect(info).toEqual({
		user: `${sb().zoho.user.name} <${sb().zoho.user.email}>`,
		details: expect.objectContaining({ userId: sb().zoho.user.id, apiDomain: sb().zoho.apiDomain('eu'), edition: 'professional', concurrency: 15 }),
		budget: { remaining: 499, window: '24 hours' },
	});
});

test('findNeutral by email and phone: Zoho search, each answer checked again (e-mail case, phone digits)', async () => {
	const api = sb().zoho;
	const ada = api.write('Contacts', { Last_Name: 'Byron', First_Name: 'Ada', Email: 'Ada@Example.com', Phone: '+44 20 7946 0958' });
	api.write('Contacts', { Last_Name: 'Other', Email: 'other@example.com', Mobile: '+1 415 555 0100' });
	const connector = await connect(sb());
	const byEmail = await connector.findNeutral('contact', { field: 'email', value: 'ada@example.com' }, { limit: 1, properties: ['Last_Name', 'Email'] });
	expect(byEmail.map((r) => r.id)).toEqual([ada.id]);
	const byPhone = await connector.findNeutral('contact', { field: 'phone', value: '+442079460958' }, { limit: 5, properties: ['Phone', 'Mobile'] });
	expect(byPhone.map((r) => r.id)).toEqual([ada.id]);
	expect(requests(sb()).map((r) => [r.call, r.query])).toEqual([
		['GET /Contacts/search', { email: 'ada@example.com', fields: 'Last_Name,Email', per_page: '10', page: '1' }],
		['GET /Contacts/search', { phone: '+442079460958', fields: 'Phone,Mobile', per_page: '10', page: '1' }],
	]);
});

test('findNeutral by name (criteria equals, value escaped), by domain (COQL Website like, host compared) and by text (word)', async () => {
	const api = sb().zoho;
	const kite = api.write('Accounts', { Account_Name: 'Kite (UK), Ltd', Website: 'https://www.kite.example' });
	api.write('Accounts', { Account_Name: 'Kites', Website: 'https://kite.example.org' });
	const connector = await connect(sb());
	expect((await connector.findNeutral('company', { field: 'name', value: 'Kite (UK), Ltd' }, { limit: 1, properties: ['Account_Name'] })).map((r) => r.id)).toEqual([kite.id]);
	expect((await connector.findNeutral('company', { field: 'domain', value: 'kite.example' }, { limit: 5, properties: ['Account_Name', 'Website'] })).map((r) => r.id)).toEqual([kite.id]);
	expect((await connector.findNeutral('company', { text: 'Kite' }, { limit: 5, properties: ['Account_Name'] })).map((r) => r.properties.Account_Name).sort()).toEqual(['Kite (UK), Ltd', 'Kites']);
	const calls = requests(sb());
	expect(calls.map((r) => [r.call, r.query, r.body ?? null])).toEqual([
		['GET /Accounts/search', { criteria: '(Account_Name:equals:Kite \\(UK\\)\\, Ltd)', fields: 'Account_Name', per_page: '10', page: '1' }, null],
		['POST /coql', {}, { select_query: "select Account_Name, Website from Accounts where (Website like '%kite.example%') order by id asc limit 200" }],
		['GET /Accounts/search', { word: 'Kite', fields: 'Account_Name', per_page: '5', page: '1' }, null],
	]);
	expect(criteriaValue('a\\b')).toBe('a\\\\b');
	await expect(connector.findNeutral('appointment', { field: 'email', value: 'x@example.com' }, { limit: 1 })).rejects.toThrow(/covers leads, contacts, accounts and deals/);
});

test("appointmentsOf: the contact's events by COQL on Who_Id (no $ keys in the select)", async () => {
	const api = sb().zoho;
	const who = api.write('Contacts', { Last_Name: 'Byron' });
	const mine = api.write('Events', { Event_Title: 'Call', Start_DateTime: '2026-12-10T13:00:00+00:00', End_DateTime: '2026-12-10T13:30:00+00:00', Who_Id: { id: who.id } });
	api.write('Events', { Event_Title: 'Other', Start_DateTime: '2026-12-10T13:00:00+00:00', End_DateTime: '2026-12-10T13:30:00+00:00' });
	const connector = await connect(sb());
	const found = await connector.appointmentsOf(who.id, { limit: 50, properties: ['Event_Title', 'Description', '$se_module', 'Who_Id'] });
	expect(found.map((r) => r.id)).toEqual([mine.id]);
	expect(requests(sb()).map((r) => r.body)).toEqual([{ select_query: `select Event_Title, Description, Who_Id from Events where (Who_Id = ${who.id}) order by id asc limit 50` }]);
});

test("rateBudget: undefined until Zoho reports credits, then the credits left, the calls made and the edition's allowance", async () => {
	const connector = await connect(sb(), { edition: 'professional' });
	expect(connector.rateBudget()).toBeUndefined();
	sb().zoho.setCredits(1000);
	await connector.createMany('Contacts', Array.from({ length: 30 }, (_, i) => ({ Last_Name: `C${i}` })));
	expect(connector.rateBudget()).toEqual({
		budget: expect.stringMatching(/^API credits per rolling 24 hours for the organization \(Professional edition: 50,000 \+ 500 per user licence, at most 3,000,000\); 997 left/),
		limit: 50000,
		windowMs: 86_400_000,
		calls: 1,
		remaining: 997,
		waitedMs: 0,
	});
});
