import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// A multi-CRM pack is not eligible for n8n Cloud, so the cloud-only rules are off.
export default [
	{ ignores: ['dist/**', '.cache/**', 'test/**', 'scripts/**', 'examples/**', 'node_modules/**', '*.js', '*.mjs'] },
	...configWithoutCloudSupport,
];
