/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', diagnostics: false }] },
	testTimeout: 30000,
	// Tests share one machine's loopback and timers; two workers keep runs steady on 2 cores.
	maxWorkers: 2,
	// n8n-core starts a 60 s SSH-client sweeper and axios leaves its request timers
	// running after a response; neither is ours to stop, so do not wait for them.
	forceExit: true,
	setupFiles: ['<rootDir>/test/harness/env.js'],
	// The secret scan: every runNode logs what a user would see; the teardown fails the run if a known secret is in it.
	globalSetup: '<rootDir>/test/harness/globalSetup.js',
	globalTeardown: '<rootDir>/test/harness/globalTeardown.js',
};
