/**
 * End to end through n8n-core (light runner): a HubSpot (CRM Pack) search with
 * Return All over more records than HubSpot's 10,000-result cap, against the CRM
 * sandbox (which answers 400 to paging beyond 10,000, like HubSpot).
 */
import type { LogEntry, Sandbox } from '../sandbox';
import { hubspotPrivateApp } from './helpers/credentials';
import { Harness, loadWorkflow } from './helpers/harness';

const NODE = 'HubSpot';
const SEARCH = '/hubspot/crm/v3/objects/contacts/search';
const TOTAL = 10_050;

let sb: Sandbox;
/** The request log of the search run, kept for the rate-limit check below. */
let searchLog: LogEntry[] = [];

const h = new Harness({
	seed: 47,
	node: NODE,
	credentials: (s) => hubspotPrivateApp(s),
	setup: async (x) => {
		sb = x.sb;
		sb.hubspot.seed({ contacts: TOTAL }, 47);
		// One contact without an email, which the filter must leave out.
		const res = await fetch(`${sb.hubspot.baseUrl}/crm/v3/objects/contacts`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sb.hubspot.tokens[0]}`, 'content-type': 'application/json' },
			body: JSON.stringify({ properties: { firstname: 'Nemo' } }),
		});
		expect(res.status).toBe(201);
	},
});

it('search with Return All walks past the 10,000 cap by re-querying from the last id: every match once, 51 calls', async () => {
	// From the workflow's manual trigger, as "Execute workflow" runs it.
	const r = await h.execute(loadWorkflow('hubspot-contacts-search-all.json'));
	expect(r.error).toBeUndefined();
	const out = r.data[NODE][0];

	const expected = sb.hubspot.store
		.list('contacts')
		.filter((c) => c.properties.email)
		.map((c) => c.id)
		.sort((a, b) => Number(a) - Number(b));
	expect(expected).toHaveLength(TOTAL);
	expect(out.map((i) => i.json.id)).toEqual(expected);

	searchLog = sb.log.all();
	// Searches the sandbox turned away with 429 (see the rate-limit test below) were sent again unchanged.
	searchLog.forEach((e, i) => {
		if (e.status === 429) expect(searchLog[i + 1].body).toEqual(e.body);
	});
	const log = searchLog.filter((e) => e.status !== 429);
	// 50 pages of 200 reach the cap; one more query from the last id seen brings the other 50 (+ that id again, dropped).
	expect(log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(Array(51).fill(`POST ${SEARCH} 200`));
	const bodies = log.map((e) => e.body as { after?: string; limit: number; filterGroups: unknown });
	expect(bodies.slice(0, 50).map((b) => b.after)).toEqual([undefined, ...Array.from({ length: 49 }, (_, k) => String((k + 1) * 200))]);
	expect(bodies[50]).toEqual({
		filterGroups: [
			{
				filters: [
					{ propertyName: 'email', operator: 'HAS_PROPERTY' },
					{ propertyName: 'hs_object_id', operator: 'GTE', value: expected[9_999] },
				],
			},
		],
		sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
		limit: 200,
		properties: ['email', 'hs_object_id'],
	});
}, 40_000);

/*
 * HubSpot allows 5 searches per rolling second. The limiter logs each search
 * until a second after its answer came back, so however late the sandbox (in
 * this process, on a busy machine) handles a request, it never counts six in a
 * second, and the walk never meets a 429.
 */
it('keeps the search walk under HubSpot\'s 5 searches per rolling second: no search answered 429', () => {
	expect(searchLog.length).toBeGreaterThanOrEqual(51);
	expect(searchLog.filter((e) => e.status === 429)).toEqual([]);
});
