/** @type {import('jest').Config} */
const base = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
};

module.exports = {
	testTimeout: 30000,
	projects: [
		{ ...base, displayName: 'tests', testMatch: ['**/*.test.ts'] },
		// Every CRM Sync end-to-end test again, with the state in the Data Table store (the sandbox's n8n API): test/e2e/helpers/stateStore.ts.
		{
			...base,
			displayName: 'crm-sync over data table',
			testMatch: ['**/e2e/crmSync*.test.ts', '**/e2e/pipedriveSync.test.ts', '**/e2e/salesforceSync.test.ts'],
			setupFiles: ['<rootDir>/test/e2e/helpers/dataTableStore.setup.ts'],
		},
	],
};
