'use strict';
// What both e2e stages (run.js: one `n8n start`; run-queue.js: queue mode)
// share: the check runner that prints "✔ name" / "✘ name: why", the
// "N passed, N failed" summary, and stopping everything on every exit path,
// Ctrl-C included.

function oneLine(text, max = 600) {
	const flat = String(text).replace(/\s*\n\s*/g, ' ⏎ ');
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function note(line) {
	console.log(`# ${line}`);
}

/**
 * @param {{cleanup:(state:{failed:boolean, interrupted:boolean})=>Promise<void>}} opts
 *   cleanup stops whatever the stage started; `failed` says a check failed while servers ran.
 */
function createSuite({ cleanup }) {
	const T0 = Date.now();
	const counts = { passed: 0, failed: 0 };
	// Repeated after n8n's logs at the end, longer than the live line: CI keeps
	// only the tail of the output, and a failure's cause must be in it.
	const failures = [];
	const state = { serversUp: false, serverPhaseFailed: false, interrupted: false };

	const t = {
		/** Runs one check; prints "✔ name" or "✘ name: why". Resolves to true when it passed. */
		async check(name, fn) {
			if (state.interrupted) return false;
			const started = Date.now();
			try {
				const detail = await fn();
				counts.passed++;
				console.log(`✔ ${name}${detail ? ` (${detail})` : ''} [${((Date.now() - started) / 1000).toFixed(1)} s]`);
				return true;
			} catch (error) {
				// Stopping on Ctrl-C breaks the check in flight; that is not its failure.
				if (state.interrupted) return false;
				counts.failed++;
				if (state.serversUp) state.serverPhaseFailed = true;
				const why = error && error.message ? error.message : error;
				failures.push(`✘ ${name}: ${oneLine(why, 3000)}`);
				console.log(`✘ ${name}: ${oneLine(why)}`);
				if (process.env.E2E_DEBUG && error && error.stack) console.log(error.stack);
				return false;
			}
		},
	};

	let cleanupPromise;
	const runCleanup = () => (cleanupPromise = cleanupPromise || cleanup({ failed: state.serverPhaseFailed, interrupted: state.interrupted }).catch(() => {}));

	let finished = false;
	async function finish(exitCode) {
		if (finished) return;
		finished = true;
		await runCleanup();
		if (failures.length) console.log(`--- failed checks ---\n${failures.join('\n')}`);
		console.log(`total wall time ${((Date.now() - T0) / 1000).toFixed(1)} s`);
		console.log(`${counts.passed} passed, ${counts.failed} failed`);
		process.exit(exitCode !== undefined ? exitCode : counts.failed ? 1 : 0);
	}

	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			if (state.interrupted) return;
			state.interrupted = true;
			console.log(`\n# ${signal}: interrupted, stopping n8n and the simulator`);
			counts.failed++;
			finish(130);
		});
	}

	/** Runs main(), counts an exception as a failure, always finishes. */
	function run(main) {
		main()
			.catch((error) => {
				counts.failed++;
				const line = `✘ suite aborted: ${oneLine(error && error.stack ? error.stack : error, 3000)}`;
				failures.push(line);
				console.log(line);
			})
			.finally(() => finish());
	}

	return { t, counts, state, note, run, finish };
}

/**
 * Runs check groups (`(t, env) => Promise`, e.g. `webhooks.askAndSms`) one
 * after another, each with the runner `t` and the same environment.
 */
async function runInOrder(t, env, checkGroups) {
	for (const checks of checkGroups) await checks(t, env);
}

module.exports = { createSuite, runInOrder, oneLine, note };
