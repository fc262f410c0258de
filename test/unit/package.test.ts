import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('the published package', () => {
	const packed: string[] = (() => {
		const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
		return (JSON.parse(out)[0].files as Array<{ path: string }>).map((f) => f.path);
	})();

	test('is an n8n community package with no runtime dependencies', () => {
		expect(pkg.name).toBe('n8n-nodes-crm-pack');
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.files).toEqual(['dist', '!dist/**/*.map']);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		// optional: npm (7+) then installs the package alone, as n8n's Community Nodes installer does (issue 20)
		expect(pkg.peerDependenciesMeta).toEqual({ 'n8n-workflow': { optional: true } });
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	});

	test('contains every node and credential named in the n8n field, each built', () => {
		const listed = [...pkg.n8n.nodes, ...pkg.n8n.credentials] as string[];
		expect(listed.length).toBeGreaterThanOrEqual(6);
		for (const file of listed) {
			expect(packed).toContain(file);
			expect(existsSync(path.join(root, file))).toBe(true);
		}
	});

	test('lists every built node and credential (none forgotten)', () => {
		const built = packed.filter((f) => /\.(node|credentials)\.js$/.test(f)).sort();
		expect(built).toEqual([...pkg.n8n.nodes, ...pkg.n8n.credentials].sort());
	});

	test('ships a codex file for every node, naming it as n8n will', () => {
		for (const file of pkg.n8n.nodes as string[]) {
			const codexPath = file.replace(/\.js$/, '.json');
			expect(packed).toContain(codexPath);
			const codex = JSON.parse(readFileSync(path.join(root, codexPath), 'utf8'));
			const { nodeClass } = { nodeClass: require(path.join(root, file)) };
			const described = Object.values(nodeClass as Record<string, new () => { description: { name: string } }>)[0];
			expect(codex.node).toBe(`n8n-nodes-crm-pack.${new described().description.name}`);
			expect(codex.categories).toEqual(['Sales']);
		}
	});

	test('shipped code requires only what n8n provides (n8n-workflow, luxon, zod, node:crypto) and its own files', () => {
		const required = new Set<string>();
		for (const file of packed.filter((f) => f.endsWith('.js'))) {
			for (const m of readFileSync(path.join(root, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
				if (!m[1].startsWith('.')) required.add(m[1]);
			}
		}
		expect([...required].sort()).toEqual(['luxon', 'n8n-workflow', 'node:crypto', 'zod']);
	});

	test('ships no source maps (they would point to sources it does not ship) and only dist/ plus the npm basics', () => {
		expect(packed.filter((f) => f.endsWith('.map'))).toEqual([]);
		expect(packed.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'index.js', 'package.json']);
	});

	test('names no placeholder address: homepage and every node\'s docs link point at the README\'s home on npm', () => {
		const home = 'https://www.npmjs.com/package/n8n-nodes-crm-pack';
		expect(pkg.homepage).toBe(home);
		for (const file of pkg.n8n.nodes as string[]) {
			const codex = JSON.parse(readFileSync(path.join(root, file.replace(/\.js$/, '.json')), 'utf8'));
			expect({ file, docs: codex.resources.primaryDocumentation }).toEqual({ file, docs: [{ url: home }] });
		}
		// package.json's author email stays a placeholder until the maintainers give a real one (n8n's lint requires an email)
		const shipped = packed.filter((f) => /\.(js|json)$/.test(f) && f !== 'package.json').map((f) => readFileSync(path.join(root, f), 'utf8'));
		expect(shipped.filter((text) => /github\.com\/n8n-nodes-crm-pack|\.invalid\b/.test(text))).toEqual([]);
	});

	test('ships the icons the nodes name and nothing from test/', () => {
		expect(packed).toContain('dist/nodes/HubSpot/hubspot.svg');
		expect(packed).toContain('dist/nodes/HubSpot/hubspot.dark.svg');
		expect(packed.filter((f) => f.startsWith('test/') || f.startsWith('dist/test/'))).toEqual([]);
		expect(packed.filter((f) => /\.test\.js$/.test(f))).toEqual([]);
	});
});
