/**
 * End to end through n8n-core (light runner): the Zoho CRM (CRM Pack)
 * Polling Trigger (workflows/zoho-*-polling*.json) against the sandbox's Zoho
 * CRM: changes by Modified_Time with If-Modified-Since, and deleted records.
 */
import { zohoOAuth2 } from './helpers/credentials';
import { Harness } from './helpers/harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let zo: any;
const TRIGGER = 'Zoho Trigger';
const API = '/zoho/us/crm/v8';

const h = new Harness({
	seed: 22,
	node: TRIGGER,
	workflows: 'zoho-',
	credentials: (s) => zohoOAuth2(s),
	perTest: true,
	setup: (x) => {
		zo = x.sb.zoho;
		zo.seed({ Contacts: 3, Deals: 2 });
	},
});

describe('Zoho CRM polling trigger', () => {
	it('first poll starts the cursor and emits nothing; a change is emitted once, CRM-neutral; the next poll (its overlap re-reads them) emits nothing', async () => {
		const first = await h.poll('contacts-polling', TRIGGER, { staticData: {}, mode: 'trigger' });
		expect(first.response).toBeNull();
		zo.advanceTime(120_000);
		const [old] = zo.list('Contacts');
		zo.write('Contacts', { Title: 'Promoted' }, old.id);
		const added = zo.write('Contacts', { Last_Name: 'New', Email: 'new@example.com' });
		h.sb.log.reset();
		const second = await h.poll('contacts-polling', TRIGGER, { staticData: first.staticData, mode: 'trigger' });
		expect(second.items.map((i) => [i.json.id, i.json.jobTitle ?? i.json.email])).toEqual([
			[old.id, 'Promoted'],
			[added.id, 'new@example.com'],
		]);
		expect(h.sb.log.all().map((e) => [e.method, e.path, e.query.sort_by, e.status])).toEqual([['GET', `${API}/Contacts`, 'Modified_Time', 200]]);
		zo.advanceTime(120_000);
		h.sb.log.reset();
		const third = await h.poll('contacts-polling', TRIGGER, { staticData: second.staticData, mode: 'trigger' });
		expect(third.response).toBeNull();
		expect(h.sb.log.all().map((e) => [e.path, e.query.sort_by])).toEqual([[`${API}/Contacts`, 'Modified_Time']]);
	});

	it('deleted: the first poll sets the cursor; deletions after it are emitted once, oldest first', async () => {
		const first = await h.poll('deals-polling-deleted', TRIGGER, { staticData: {}, mode: 'trigger' });
		expect(first.response).toBeNull();
		zo.advanceTime(5_000);
		const [a, b] = zo.list('Deals');
		zo.remove('Deals', a.id);
		zo.advanceTime(2_000);
		zo.remove('Deals', b.id);
		const second = await h.poll('deals-polling-deleted', TRIGGER, { staticData: first.staticData, mode: 'trigger' });
		expect(second.items.map((i) => [i.json.id, i.json.display_name, i.json.type])).toEqual([
			[a.id, a.Deal_Name, 'recycle'],
			[b.id, b.Deal_Name, 'recycle'],
		]);
		const third = await h.poll('deals-polling-deleted', TRIGGER, { staticData: second.staticData, mode: 'trigger' });
		expect(third.response).toBeNull();
	});
});
