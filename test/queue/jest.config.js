/**
 * The queue-mode tests (`npm run test:queue`, scripts/queue-test.js): they need
 * the n8n queue-mode stack that script starts, so their files end in
 * `.queue.ts`, which the main jest config (`*.test.ts`) does not pick up.
 * @type {import('jest').Config}
 */
const base = require('../../jest.config.js');

module.exports = {
	...base,
	rootDir: '../..',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	// a run waits for scheduled executions and for rate-limited writes
	testTimeout: 5 * 60 * 1000,
};
