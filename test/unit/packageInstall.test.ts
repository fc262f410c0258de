import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The README's "Or with npm" install route, run as written on the packed tarball
 * in a clean home folder (issue 20): on Node 20 a plain `npm install` used to pull
 * the peer n8n-workflow 2.x (146 MB, and isolated-vm's native build, which needs
 * Node 24). The package must install alone and its nodes load with only what n8n
 * itself provides (n8n puts its own n8n-workflow on the module path).
 */
const root = path.resolve(__dirname, '..', '..');

/** The shell lines of the README's code block under "Or with npm". */
function readmeInstallCommands(): string[] {
	const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('**Or with npm**'));
	const block = /```bash\n([\s\S]*?)```/.exec(section);
	if (!block) throw new Error('README: no bash block after "Or with npm"');
	return block[1]
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l && !l.startsWith('#'));
}

describe('installing the packed package the README\'s way', () => {
	let home: string;
	let tarball: string;

	beforeAll(() => {
		home = mkdtempSync(path.join(os.tmpdir(), 'crm-pack-install-'));
		const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', home], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
		tarball = path.join(home, JSON.parse(out)[0].filename);
	}, 120_000);

	afterAll(() => rmSync(home, { recursive: true, force: true }));

	test('installs the package alone and every node and credential loads with n8n\'s n8n-workflow', () => {
		const commands = readmeInstallCommands();
		const install = commands.filter((c) => /\bnpm install\b.*\bn8n-nodes-crm-pack\b/.test(c));
		expect(install).toHaveLength(1);
		// the README's commands, with the tarball in place of the registry's package
		const script = commands.map((c) => c.replace(/\bn8n-nodes-crm-pack\b/, tarball)).join('\n');
		execFileSync('bash', ['-euc', script], {
			cwd: home,
			env: { ...process.env, HOME: home, npm_config_cache: path.join(home, '.npm-cache'), npm_config_audit: 'false', npm_config_fund: 'false' },
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 110_000,
		});

		const modules = path.join(home, '.n8n', 'nodes', 'node_modules');
		expect(readdirSync(modules).filter((d) => !d.startsWith('.'))).toEqual(['n8n-nodes-crm-pack']);

		const installed = path.join(modules, 'n8n-nodes-crm-pack');
		const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
		const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials] as string[];
		// n8n resolves a community package's n8n-workflow to its own copy; here the repo's stands in for it
		const loaded = execFileSync(
			process.execPath,
			[
				'-e',
				`const path = require('path');
				const names = [];
				for (const f of ${JSON.stringify(files)}) {
					const mod = require(path.join(${JSON.stringify(installed)}, f));
					// the class named as its file, as n8n's loader picks it (a file may export more)
					const Cls = mod[path.basename(f).replace(/\\.(node|credentials)\\.js$/, '')];
					const o = new Cls();
					names.push(o.description ? o.description.name : o.name);
				}
				process.stdout.write(JSON.stringify(names));`,
			],
			{ env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') }, encoding: 'utf8' },
		);
		const names = JSON.parse(loaded) as string[];
		expect(names).toHaveLength(files.length);
		expect(names.every((n) => /^crmPack[A-Za-z0-9]+$/.test(n))).toBe(true);
	}, 120_000);
});
