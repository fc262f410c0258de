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
			// Every light-runner CRM Sync test that runs on the node's default store (static data). Not here: the tests
			// that choose their store themselves (syncLease, liveSync, syncSlices, syncStateStoreAuto, the real-n8n
			// ones), and hostileVendor (secrets, not sync state).
			testMatch: [
				'**/e2e/crmSync*.test.ts',
				'**/e2e/{brivity,dynamics,freshsales,graphqlCrm,pipedrive,restCrm,restCrmCustom,salesforce,topProducer,zoho}Sync.test.ts',
			],
			setupFiles: ['<rootDir>/test/e2e/helpers/dataTableStore.setup.ts'],
		},
	],
};
