/**
 * The queue-mode tests (`npm run test:queue`, scripts/queue-test.js): they need
 * the n8n queue-mode stack that script starts, so their files end in
 * `.queue.ts`, which the main jest config (`*.test.ts`) does not pick up.
 * Self-contained on purpose: the main config's projects must not run here.
 * @type {import('jest').Config}
 */
module.exports = {
	rootDir: '../..',
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
	// a run waits for scheduled executions, polls a minute apart and rate-limited writes
	testTimeout: 5 * 60 * 1000,
};
