/**
 * Every node's and credential's description, as n8n's editor sees it, compared
 * with the committed copy in `descriptions.json`. Refactors (the CRM kit) must
 * leave parameter names, defaults and display options exactly as they are, so
 * existing workflows keep working. An intended change is made by running
 * `UPDATE_DESCRIPTIONS=1 npx jest test/unit/descriptions` and reviewing the
 * diff of `descriptions.json` in the commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const fixture = join(__dirname, 'descriptions.json');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
};

/** `dist/nodes/X/Y.node.js` -> the TypeScript source and the class it exports. */
function load(distPath: string): Record<string, unknown> {
	const source = join(root, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const className = distPath.split('/').pop()!.replace(/\.(node|credentials)\.js$/, '');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const Type = require(source)[className] as new () => Record<string, unknown>;
	const instance = new Type();
	// JSON drops functions (methods, preAuthentication), which the editor never reads as values.
	const shape = 'description' in instance ? instance.description : instance;
	return JSON.parse(JSON.stringify(shape)) as Record<string, unknown>;
}

function current(): Record<string, unknown> {
	const all: Record<string, unknown> = {};
	for (const path of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) all[path] = load(path);
	return all;
}

describe('node and credential descriptions', () => {
	const now = current();
	if (process.env.UPDATE_DESCRIPTIONS === '1') {
		writeFileSync(fixture, `${JSON.stringify(now, null, '\t')}\n`);
	}
	const before = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, unknown>;

	it('lists the same nodes and credentials', () => {
		expect(Object.keys(now).sort()).toEqual(Object.keys(before).sort());
	});

	for (const path of Object.keys(before)) {
		it(`${path} is unchanged`, () => {
			expect(now[path]).toEqual(before[path]);
		});
	}
});
