/*
 * n8n's own HubSpot, Salesforce, Pipedrive, Zoho CRM, Microsoft Dynamics CRM and Freshworks CRM nodes (n8n-nodes-base, a devDependency of
 * the same version as the n8n this package is tested with), loaded by the light runner
 * the way n8n loads any package: n8n-core's PackageDirectoryLoader reading the `n8n`
 * field of a package.json.
 *
 * n8n-nodes-base lists about 500 nodes and 400 credential types, and some of them
 * need native modules that `npm ci --ignore-scripts` does not build. So the bench
 * writes a small package of its own: a package.json named `n8n-nodes-base` (node types
 * are then `n8n-nodes-base.hubspot` etc., as in any n8n workflow) whose `n8n` field lists
 * only the files below, and a `dist` symlink to n8n-nodes-base's dist/ (the loader wants
 * node icons inside the package folder). The files are n8n's own, unchanged; Node
 * resolves the symlink, so they require n8n-workflow from node_modules as ours do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Nodes and credential types the bench's jobs use (`oAuth2Api` is the parent of Salesforce's OAuth2 credential). */
const NODES = [
	'dist/nodes/Hubspot/Hubspot.node.js',
	'dist/nodes/Salesforce/Salesforce.node.js',
	'dist/nodes/Pipedrive/Pipedrive.node.js',
	'dist/nodes/Zoho/ZohoCrm.node.js',
	'dist/nodes/Microsoft/Dynamics/MicrosoftDynamicsCrm.node.js',
	'dist/nodes/FreshworksCrm/FreshworksCrm.node.js',
];
const CREDENTIALS = [
	'dist/credentials/HubspotAppToken.credentials.js',
	'dist/credentials/OAuth2Api.credentials.js',
	'dist/credentials/SalesforceOAuth2Api.credentials.js',
	'dist/credentials/PipedriveApi.credentials.js',
	'dist/credentials/ZohoOAuth2Api.credentials.js',
	'dist/credentials/MicrosoftOAuth2Api.credentials.js',
	'dist/credentials/MicrosoftDynamicsOAuth2Api.credentials.js',
	'dist/credentials/FreshworksCrmApi.credentials.js',
];

export interface BuiltinPackage {
	/** Folder to hand the light runner as `packageDir`. */
	dir: string;
	/** n8n-nodes-base's version as installed. */
	version: string;
}

/** Writes `<cacheDir>/n8n-nodes-base/package.json` and returns its folder; fails with the install command if n8n-nodes-base is missing. */
export function builtinPackage(repoRoot: string, cacheDir: string): BuiltinPackage {
	let base: string;
	try {
		base = path.dirname(require.resolve('n8n-nodes-base/package.json', { paths: [repoRoot] }));
	} catch {
		throw new Error('n8n-nodes-base is not installed: run `npm ci --ignore-scripts` (it is a devDependency)');
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(base, 'package.json'), 'utf8')) as { version: string; n8n: { nodes: string[]; credentials: string[] } };
	for (const file of [...NODES, ...CREDENTIALS]) {
		if (!pkg.n8n.nodes.includes(file) && !pkg.n8n.credentials.includes(file)) throw new Error(`n8n-nodes-base ${pkg.version} does not list ${file}`);
	}
	const dir = path.join(cacheDir, 'n8n-nodes-base');
	fs.mkdirSync(dir, { recursive: true });
	const link = path.join(dir, 'dist');
	if (fs.lstatSync(link, { throwIfNoEntry: false })) fs.unlinkSync(link);
	fs.symlinkSync(path.join(base, 'dist'), link, 'dir');
	const shim = {
		name: 'n8n-nodes-base',
		version: pkg.version,
		private: true,
		description: `The bench's selection of ${base} (dist/ is a link to it: files used in place, unchanged)`,
		n8n: { nodes: NODES, credentials: CREDENTIALS },
	};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(shim, null, '\t') + '\n');
	return { dir, version: pkg.version };
}
