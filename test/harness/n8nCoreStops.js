'use strict';
// Hands a clean-up to n8nCoreTeardown.js, which runs it once the test file's
// tests are done (it keeps the list on globalThis, which `n8n-node lint`
// rightly forbids in TypeScript sources).

/** @param {() => void} stop */
function stopAfterTestFile(stop) {
	globalThis.__n8nCoreStops?.push(stop);
}

module.exports = { stopAfterTestFile };
