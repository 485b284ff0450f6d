'use strict';

// Runs after each test file: stops what the copies of n8n-core that file loaded
// left running (see n8nCore.ts). A list, because jest.isolateModules loads
// another copy of n8n-core inside a test, where no afterAll can be added.
const stops = [];
globalThis.__n8nCoreStops = stops;
afterAll(() => {
	for (const stop of stops.splice(0)) stop();
});
