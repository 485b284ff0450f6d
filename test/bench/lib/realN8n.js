'use strict';
// What the benchmarks that drive a real n8n (the end-to-end harness's version)
// share: n8n installed, the simulator started, a fresh user folder with this
// package packed and installed as a community package, and everything stopped
// and removed afterwards, also when the bench fails part-way.

const h = require('../../e2e/lib/n8n');
const stack = require('../../e2e/stack');
const { startSimulator } = require('../../simulator');

/**
 * Calls `bench({ ctx, sim, pkg })` with n8n's user folder, a simulator started
 * with `simulatorOptions`, and the installed package (`pkg.tarball` its file
 * name, `pkg.tarballBytes` its size); cleans up after it.
 */
async function withN8nAndSimulator({ prefix, simulatorOptions = {} }, bench) {
	await h.ensureN8nInstalled({ log: (line) => console.error(line) });
	const sim = await startSimulator({ port: 0, ...simulatorOptions });
	const ctx = await h.createUserFolder({ prefix });
	try {
		const pkg = stack.packAndInstall(ctx);
		return await bench({ ctx, sim, pkg });
	} finally {
		await sim.close();
		ctx.cleanup();
	}
}

/** Runs a bench script's main(); a failure prints its error and exits 1. */
function runBench(main) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = { withN8nAndSimulator, runBench };
