import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ICredentialType, INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';

/**
 * The README names nodes and fields as n8n's editor shows them (issue 20): the
 * Nodes table lists every node by its display name, and every bold name in the
 * set-up and sync sections is a node, credential, output, field or option name the
 * editor shows for that CRM's nodes (read from the node descriptions), or one of
 * the few names of other screens listed below.
 */
const root = path.resolve(__dirname, '..', '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

function loadNode(file: string): INodeTypeDescription {
	const src = path.join(root, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const mod = require(src) as Record<string, new () => INodeType>;
	return new (Object.values(mod)[0])().description;
}
const nodes = (pkg.n8n.nodes as string[]).map((f) => ({ file: f, d: loadNode(f) }));
const credentials = readdirSync(path.join(root, 'credentials'))
	.filter((f) => f.endsWith('.credentials.ts'))
	// the class named as its file (a credential file may export property lists too)
	.map((f) => new (require(path.join(root, 'credentials', f)) as Record<string, new () => ICredentialType>)[f.replace(/\.credentials\.ts$/, '')]());

/** What the editor shows of a list of properties: their display names and option names. */
function shownNames(props: Array<INodeProperties | INodePropertyCollection | INodePropertyOptions>, out: Set<string>) {
	for (const p of props) {
		if ('displayName' in p && p.displayName && (p as INodeProperties).type !== 'notice') out.add(p.displayName);
		if ('name' in p && !('displayName' in p)) out.add(String(p.name));
		const options = (p as INodeProperties).options;
		if (options) shownNames(options as Array<INodeProperties | INodePropertyOptions>, out);
		const values = (p as INodePropertyCollection).values;
		if (values) shownNames(values, out);
	}
	return out;
}

/**
 * A node's names as the editor shows them. n8n's editor does not show a node's main
 * authentication field (the one its credentials' displayOptions depend on): it lists
 * every credential of its options under one credential field instead.
 */
function nodeNames(d: INodeTypeDescription): Set<string> {
	const authField = (d.credentials ?? []).map((c) => Object.keys(c.displayOptions?.show ?? {})).flat().find((k) => k === 'authentication');
	const out = new Set<string>([d.displayName, ...((d.outputNames as string[] | undefined) ?? [])]);
	shownNames(d.properties.filter((p) => p.name !== authField), out);
	return out;
}

function credentialNames(match: RegExp): Set<string> {
	const out = new Set<string>();
	for (const c of credentials.filter((k) => match.test(k.displayName))) {
		out.add(c.displayName);
		shownNames(c.properties, out);
	}
	return out;
}

/** The README between a heading and the next heading of the same or a higher level. */
function section(heading: string): string {
	const start = readme.indexOf(`\n${heading}\n`);
	if (start < 0) throw new Error(`README: no "${heading}"`);
	const level = heading.split(' ')[0];
	const rest = readme.slice(start + heading.length + 2);
	const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
	return end < 0 ? rest : rest.slice(0, end);
}

const bold = (text: string) => [...text.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1].replace(/\s+/g, ' ').trim());
/** Bold used for emphasis or as a paragraph title, not as a name: it ends with '.' or ':'. */
const isName = (b: string) => !/[.:]$/.test(b);

/** Names of other screens the README refers to (with where the user finds them). */
const OTHER_SCREENS = new Set([
	'Or with npm', // the README's own list item
	'Send Session ID', // Salesforce Setup → Outbound Message
	'Endpoint URL', // Salesforce Setup → Outbound Message
	'On Error: Stop Workflow', // n8n's node Settings tab
	'On Error: Continue', // n8n's node Settings tab
	'Errors', // CRM Sync's output (also in outputNames)
]);

/** Bold words used for emphasis in running text. */
const EMPHASIS = new Set(['job title', 'postal address', 'Secrets', 'created', 'not created', 'which side changed', 'upserts by email', 'only for active (production) workflows', 'HubSpot', 'Salesforce', 'Pipedrive']);

describe('README names match the editor', () => {
	test('the Nodes table lists every node by its display name, and nothing else', () => {
		const table = section('## Nodes')
			.split('\n')
			.filter((l) => l.startsWith('| **'))
			.map((l) => /^\| \*\*([^*]+)\*\*/.exec(l)![1]);
		expect([...table].sort()).toEqual(nodes.map((n) => n.d.displayName).sort());
	});

	const crmSections: Array<[string, RegExp]> = [
		['## HubSpot set-up', /HubSpot|Data Tables/],
		['## Pipedrive set-up', /Pipedrive|Data Tables/],
		['## Salesforce set-up', /Salesforce/],
		['## Freshsales set-up', /Freshsales/],
		['## Sync two systems: CRM Sync (CRM Pack)', /CRM Sync|Data Tables/],
	];
	test.each(crmSections)('every bold name in "%s" is one the editor shows for those nodes and credentials', (heading, crm) => {
		const shown = new Set<string>();
		for (const n of nodes.filter((k) => crm.test(k.d.displayName))) for (const name of nodeNames(n.d)) shown.add(name);
		for (const name of credentialNames(crm)) shown.add(name);
		const unknown = bold(section(heading))
			.filter(isName)
			.filter((b) => !shown.has(b) && !OTHER_SCREENS.has(b) && !EMPHASIS.has(b));
		expect(unknown).toEqual([]);
	});

	test('the CRM Sync Outputs table names its outputs as the canvas does', () => {
		const sync = nodes.find((n) => n.d.name === 'crmPackCrmSync')!.d;
		const rows = section('### Outputs')
			.split('\n')
			.filter((l) => l.startsWith('| ') && !l.startsWith('| output') && !l.startsWith('| ---'))
			.flatMap((l) => l.split(' | ')[0].replace(/^\| /, '').split(', '));
		expect(rows).toEqual(sync.outputNames);
	});

	test('the install section names the nodes as they appear', () => {
		const install = section('## Install in self-hosted n8n');
		for (const m of install.matchAll(/appear as "([^"]+)"/g)) expect(nodes.map((n) => n.d.displayName)).toContain(m[1]);
	});
});
