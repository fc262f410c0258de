import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * What a new user meets in examples/ and in `npm start`'s banner (issue 20): every
 * example importable on n8n 1.x too (`"active": false`, a fixed id), listed in
 * examples/README.md with every credential it uses, and named, with those
 * credentials, in the banner, whose "try it" step starts the trigger it says.
 */
const root = path.resolve(__dirname, '..', '..');
const examplesDir = path.join(root, 'examples');

type Node = { name: string; type: string; disabled?: boolean; credentials?: Record<string, { id: string; name: string }> };
type Workflow = { id?: string; name: string; active?: boolean; nodes: Node[] };

const lib = require(path.join(root, 'scripts', 'lib', 'examples.js')) as {
	EXAMPLE_IDS: Record<string, string>;
	loadExamples(): Array<{ file: string; workflow: Workflow }>;
	sandboxCredentials(url: string, extra?: { postgres?: Record<string, unknown> }): Array<{ id: string; name: string; type: string }>;
};
const { startBanner } = require(path.join(root, 'scripts', 'lib', 'banner.js')) as {
	startBanner(o: Record<string, unknown>): string[];
};

const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort();
const raw: Array<{ file: string; workflow: Workflow }> = files.map((file) => ({ file, workflow: JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) }));
const credentialsUsed = (wf: Workflow) => wf.nodes.flatMap((n) => Object.entries(n.credentials ?? {}).map(([type, c]) => ({ type, ...c })));

/** Credential type name → the display name n8n lists it under (from the credential classes). */
function credentialDisplayNames(): Map<string, string> {
	const names = new Map<string, string>();
	for (const file of readdirSync(path.join(root, 'credentials')).filter((f) => f.endsWith('.credentials.ts'))) {
		const mod = require(path.join(root, 'credentials', file)) as Record<string, new () => { name: string; displayName: string }>;
		// The class is exported under the file's name; a file may export helpers before it.
		const c = new mod[path.basename(file, '.credentials.ts')]();
		names.set(c.name, c.displayName);
	}
	return names;
}

/**
 * The trigger n8n's editor starts with "Execute workflow" when a workflow has several
 * (n8n-editor-ui 2.41.1, workflows store: form trigger 10, webhook 9, schedule 7,
 * other nodes 8, core nodes such as the Manual Trigger 0; the highest wins).
 */
function defaultTrigger(wf: Workflow): Node | undefined {
	const priority: Record<string, number> = {
		'n8n-nodes-base.formTrigger': 10,
		'n8n-nodes-base.webhook': 9,
		'n8n-nodes-base.scheduleTrigger': 7,
		'n8n-nodes-base.manualTrigger': 0,
	};
	const triggers = wf.nodes.filter((n) => !n.disabled && (n.type in priority || /trigger$/i.test(n.type)));
	return triggers.sort((a, b) => (priority[b.type] ?? 8) - (priority[a.type] ?? 8))[0];
}

describe('examples/', () => {
	test('there are examples', () => {
		expect(files.length).toBeGreaterThanOrEqual(5);
	});

	test.each(files)('%s is importable on n8n 1.x and 2.x: "active": false and a fixed id of at most 21 characters', (file) => {
		const wf = raw.find((r) => r.file === file)!.workflow;
		expect(wf.active).toBe(false);
		expect(wf.id).toMatch(/^[A-Za-z0-9]{1,21}$/);
	});

	test('ids are unique', () => {
		const ids = raw.map((r) => r.workflow.id);
		expect(new Set(ids).size).toBe(ids.length);
	});

	test('every credential an example uses is one `npm start` creates (same id, name and type)', () => {
		// npm start also creates n8n's own Postgres credential for the PostgreSQL it starts (scripts/lib/postgres.js).
		const postgres = { host: '127.0.0.1', port: 5432, database: 'crm', user: 'crmpack', password: 'pw' };
		const created = lib.sandboxCredentials('http://127.0.0.1:4010', { postgres });
		const unknown: string[] = [];
		for (const { file, workflow } of raw) {
			for (const c of credentialsUsed(workflow)) {
				if (!created.some((k) => k.id === c.id && k.name === c.name && k.type === c.type)) unknown.push(`${file}: ${c.type} ${c.id} "${c.name}"`);
			}
		}
		expect(unknown).toEqual([]);
	});
});

describe('examples/README.md', () => {
	const readme = readFileSync(path.join(examplesDir, 'README.md'), 'utf8');
	// n8n's own credential types the examples use, as n8n lists them.
	const displayNames = new Map([...credentialDisplayNames(), ['postgres', 'Postgres']]);

	test.each(files)('lists %s', (file) => {
		expect(readme).toContain(`| \`${file}\` |`);
	});

	test('names every credential the examples use, with the type n8n lists it under', () => {
		const missing: string[] = [];
		for (const { workflow } of raw) {
			for (const c of credentialsUsed(workflow)) {
				const row = readme.split('\n').find((l) => l.startsWith(`| \`${c.name}\` |`));
				if (!row || !row.includes(`**${displayNames.get(c.type)}**`)) missing.push(`${c.name} (${displayNames.get(c.type)})`);
			}
		}
		expect([...new Set(missing)]).toEqual([]);
	});
});

describe('the npm start banner', () => {
	const examples = lib.loadExamples();
	const credentials = lib.sandboxCredentials('http://127.0.0.1:4010');
	const appointment = examples.find((e) => e.workflow.id === lib.EXAMPLE_IDS.appointment)!;
	const banner = startBanner({
		publicBase: 'http://localhost:5678',
		owner: { email: 'demo@example.com', password: 'pw' },
		examples,
		activated: [{ workflow: appointment.workflow, hooks: [{ url: 'http://localhost:5678/webhook/appointment-booked' }] }],
		credentials,
		sandbox: { url: 'http://127.0.0.1:4010', hubspotBaseUrl: 'http://127.0.0.1:4010/hubspot' },
		secrets: { privateAppToken: 'pat' },
		userFolder: '/tmp/n8n-x',
		ready: '1.0s',
	}).join('\n');

	test('names every example and every credential the examples use', () => {
		for (const { workflow } of examples) expect(banner).toContain(`- ${workflow.name}`);
		for (const { workflow } of examples) for (const c of credentialsUsed(workflow)) expect(banner).toContain(`"${c.name}"`);
	});

	test('tells the user which trigger to pick when "Execute workflow" would start another one', () => {
		const def = defaultTrigger(appointment.workflow)!;
		const manual = appointment.workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')!;
		const start = banner.indexOf(`Open "${appointment.workflow.name}"`);
		const step = banner.slice(start, banner.indexOf(' 2. ', start));
		expect(step).toContain('"Execute workflow"');
		if (def.name !== manual.name) expect(step).toContain(`pick "${manual.name}"`);
	});

	test('says n8n\'s data is thrown away on stop and how to keep a workflow', () => {
		expect(banner).toMatch(/thrown away on stop/);
		expect(banner).toMatch(/Download/);
	});
});
