import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The repository root (the folder whose package.json is this package), wherever the compiled
 * bench lives (`npm run bench` compiles to .cache/bench/): the benches require the sandbox and
 * the scripts, plain JavaScript beside the sources, from there.
 */
export function repoRoot(): string {
	for (let dir = __dirname; ; dir = path.dirname(dir)) {
		const pkg = path.join(dir, 'package.json');
		if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'n8n-nodes-crm-pack') return dir;
		if (path.dirname(dir) === dir) throw new Error('package root not found above ' + __dirname);
	}
}
