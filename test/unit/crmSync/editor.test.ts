import { CrmPackCrmSync } from '../../../nodes/CrmSync/CrmPackCrmSync.node';
import { DEFAULT_KEYS } from '../../../nodes/CrmSync/fields';

/** What CRM Sync shows in n8n's editor (issue 20). */
const d = new CrmPackCrmSync().description;

describe('CRM Sync in the editor', () => {
	test('output names stay distinguishable where the canvas cuts them (about 10 characters)', () => {
		const names = d.outputNames as string[];
		expect(names).toHaveLength(5);
		const cut = names.map((n) => n.slice(0, 10));
		expect(new Set(cut).size).toBe(names.length);
	});

	test('Key Fields says under the field which key applies when none is added, for every Record Kind', () => {
		const keyFields = d.properties.find((p) => p.name === 'keyFields')!;
		const kinds = d.properties.find((p) => p.name === 'recordKind')!.options!.map((o) => (o as { value: string }).value);
		for (const kind of kinds) expect(keyFields.hint).toContain(`${kind} by ${DEFAULT_KEYS[kind as keyof typeof DEFAULT_KEYS].join(' + ')}`);
	});

	test('notices read as sentences, not in title case', () => {
		const notices = d.properties.filter((p) => p.type === 'notice');
		expect(notices.length).toBeGreaterThan(0);
		for (const n of notices) {
			const words = n.displayName.split(/\s+/).filter((w) => /^[a-z]/i.test(w) && w.length > 3);
			const capitalised = words.filter((w) => /^[A-Z]/.test(w)).length;
			// a sentence capitalises its first word and names (Workflow Static Data, Data Table, State Store), not every word
			expect({ notice: n.displayName, titleCase: capitalised > words.length / 2 }).toEqual({ notice: n.displayName, titleCase: false });
			expect(n.displayName).toMatch(/[.)]$/);
		}
	});

	test('is not offered as an AI tool (a stateful two-way sync is no action for an agent to start on a guess)', () => {
		expect(d.usableAsTool).toBeUndefined();
	});
});
