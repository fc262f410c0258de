import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Supported n8n versions (issue 20): 1.50 onwards. n8n gives a community package its
 * own n8n-workflow, so shipped code may use only what the oldest supported version
 * exports: n8n 1.50.2 runs n8n-workflow 1.49.0, whose export names are recorded in
 * test/unit/n8n/n8n-workflow-1.49.0.exports.json (how: in that file). With
 * NodeConnectionTypes (n8n-workflow 1.83+), n8n 1.82.3, 1.71.3 and 1.50.2 loaded none
 * of the pack's nodes ("Cannot read properties of undefined (reading 'Main')").
 */
const root = path.resolve(__dirname, '..', '..');
const oldest = JSON.parse(readFileSync(path.join(__dirname, 'n8n', 'n8n-workflow-1.49.0.exports.json'), 'utf8')) as { exports: string[] };

function builtFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = path.join(dir, f);
		return statSync(p).isDirectory() ? builtFiles(p) : p.endsWith('.js') ? [p] : [];
	});
}

describe('shipped code runs on the oldest supported n8n', () => {
	const files = builtFiles(path.join(root, 'dist'));
	/** Every n8n-workflow export the built files read: `n8n_workflow_1.Name` in tsc's CommonJS output. */
	const used = new Map<string, Set<string>>();
	for (const f of files) {
		const text = readFileSync(f, 'utf8');
		if (/require\("n8n-workflow"\)/.test(text) && !/const (n8n_workflow_\d+) = require\("n8n-workflow"\)/.test(text)) {
			throw new Error(`${path.relative(root, f)} requires n8n-workflow in a form this test cannot read`);
		}
		for (const m of text.matchAll(/\bn8n_workflow_\d+\.(\w+)/g)) {
			if (!used.has(m[1])) used.set(m[1], new Set());
			used.get(m[1])!.add(path.relative(root, f));
		}
	}

	test('the built package reads n8n-workflow exports', () => {
		expect(files.length).toBeGreaterThan(10);
		expect(used.has('NodeOperationError')).toBe(true);
	});

	test('every n8n-workflow export the built files use exists in n8n-workflow 1.49.0 (n8n 1.50)', () => {
		const missing = [...used].filter(([name]) => !oldest.exports.includes(name)).map(([name, where]) => `${name} (${[...where].join(', ')})`);
		expect(missing).toEqual([]);
	});

	test('the README states the supported range', () => {
		const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
		expect(readme).toMatch(/Supported n8n versions: 1\.50 and later/);
	});
});
