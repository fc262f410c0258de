import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The README's pictures of the editor come from `npm run screenshots` (issue 20): every
 * file the script writes is shown in the README, exists, and is the PNG the script takes
 * (its viewport), so a renamed shot or a hand-made picture fails here.
 */
const root = path.resolve(__dirname, '..', '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const script = readFileSync(path.join(root, 'scripts', 'screenshots.js'), 'utf8');

const written = [...script.matchAll(/shoot\(page, '([^']+\.png)'\)/g)].map((m) => m[1]);
const shown = [...readme.matchAll(/!\[[^\]]*\]\(docs\/screenshots\/([^)]+)\)/g)].map((m) => m[1]);
const viewport = /VIEWPORT = \{ width: (\d+), height: (\d+) \}/.exec(script);

/** Width and height from a PNG's IHDR chunk (bytes 16-23), after checking its signature. */
function pngSize(file: string) {
	const b = readFileSync(file);
	expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
	expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
	return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('README screenshots', () => {
	it('shows exactly the shots the script takes', () => {
		expect(written).toEqual(['node-panel.png', 'sync-workflow.png', 'crm-sync-parameters.png', 'sync-run-summary.png']);
		expect([...shown].sort()).toEqual([...written].sort());
	});

	it.each(['node-panel.png', 'sync-workflow.png', 'crm-sync-parameters.png', 'sync-run-summary.png'])(
		'%s is a PNG at the script viewport',
		(name) => {
			expect(viewport).not.toBeNull();
			expect(pngSize(path.join(root, 'docs', 'screenshots', name))).toEqual({
				width: Number(viewport![1]),
				height: Number(viewport![2]),
			});
		},
	);

	it('is documented with its command', () => {
		expect(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.screenshots).toBe('node scripts/screenshots.js');
		expect(readme).toContain('npm run screenshots');
	});
});
