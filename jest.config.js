/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }] },
	testTimeout: 30000,
	// Tests share one machine's loopback and timers; two workers keep runs steady on 2 cores.
	maxWorkers: 2,
	setupFiles: ['<rootDir>/test/harness/env.js'],
	// Stops the timers n8n-core leaves running (n8n stops them at shutdown), so jest exits on its own.
	setupFilesAfterEnv: ['<rootDir>/test/harness/n8nCoreTeardown.js'],
	// The secret scan: every runNode logs what a user would see; the teardown fails the run if a known secret is in it.
	globalSetup: '<rootDir>/test/harness/globalSetup.js',
	globalTeardown: '<rootDir>/test/harness/globalTeardown.js',
};
