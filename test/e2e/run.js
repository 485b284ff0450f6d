#!/usr/bin/env node
'use strict';
// End-to-end suite: our package, packed with `npm pack` and installed as a
// community package into a real n8n 2.x, runs the example workflows against
// the HotTask/Hamsa simulator. `npm run test:e2e` builds first.
//
//   node test/e2e/run.js [--keep]     --keep leaves the n8n user folder behind
//
// Prints one line per check and ends with "N passed, N failed"; exits 1 on any
// failure. The server and the simulator are stopped on every exit path, Ctrl-C included.

const T0 = Date.now();
const h = require('./lib/n8n');
const stack = require('./stack');
const { startSimulator } = require('../simulator');
const manualRuns = require('./checks/manual-runs');
const credentials = require('./checks/credentials');
const webhooks = require('./checks/webhooks');
const streaming = require('./checks/streaming');
const callOutcomes = require('./checks/call-outcomes');
const chatTrigger = require('./checks/chat-trigger');
const aiAgent = require('./checks/ai-agent');

const keep = process.argv.includes('--keep');
const counts = { passed: 0, failed: 0 };
const state = { sim: null, ctx: null, server: null, serverPhaseFailed: false, interrupted: false };

function note(line) {
	console.log(`# ${line}`);
}

function oneLine(text, max = 600) {
	const flat = String(text).replace(/\s*\n\s*/g, ' ⏎ ');
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

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
			if (state.server) state.serverPhaseFailed = true;
			console.log(`✘ ${name}: ${oneLine(error && error.message ? error.message : error)}`);
			if (process.env.E2E_DEBUG && error && error.stack) console.log(error.stack);
			return false;
		}
	},
};

let cleanupPromise;
function cleanup() {
	cleanupPromise =
		cleanupPromise ||
		(async () => {
			const { server, sim, ctx } = state;
			if (server) {
				if (state.serverPhaseFailed) {
					const tail = server.logs().split('\n').filter(Boolean).slice(-40).join('\n');
					console.log(`# --- n8n server log (last 40 lines) ---\n${tail.replace(/^/gm, '#   ')}`);
				}
				await server.stop().catch(() => {});
			}
			if (state.interrupted) stack.killChildProcessGroups();
			if (sim) await sim.close().catch(() => {});
			if (ctx) {
				if (keep) note(`kept the n8n user folder ${ctx.userFolder}`);
				else ctx.cleanup();
			}
		})();
	return cleanupPromise;
}

let finished = false;
async function finish(exitCode) {
	if (finished) return;
	finished = true;
	await cleanup();
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

async function main() {
	const install = await h.ensureN8nInstalled({ log: note });
	note(`n8n harness ready${install.installed ? ` (installed in ${install.seconds.toFixed(0)} s)` : ''}`);

	state.sim = await startSimulator({ port: 0 });
	state.ctx = await h.createUserFolder({ prefix: 'n8n-e2e-run-' });
	const { sim, ctx } = state;
	note(`simulator ${sim.url}, n8n user folder ${ctx.userFolder}`);

	const env = { sim, ctx, workflows: null, server: null, session: null };

	const installed = await t.check(`npm pack → installed as community package ${stack.PACKAGE_NAME} (.n8n/nodes/node_modules)`, async () => {
		const pkg = stack.packAndInstall(ctx);
		return `${pkg.tarball}`;
	});
	const imported =
		installed &&
		(await t.check('credentials (fixed ids, simulator base URL) and examples + test workflows imported', async () => {
			env.workflows = await stack.importExamples(ctx, sim, { extra: stack.loadTestWorkflows() });
			return `${Object.keys(env.workflows).length} workflows`;
		}));
	if (!imported) return;

	// `n8n execute` runs, server stopped.
	await manualRuns.allOperations(t, env);
	await manualRuns.failures(t, env);
	await aiAgent.agentUsesHotTaskTool(t, env);
	// Leaves an execution waiting for its time limit, which the server resumes during the checks below.
	const timeLimit = await callOutcomes.startTimeLimit(t, env);

	const published = await t.check('webhook examples published (n8n publish:workflow)', async () => {
		const hooks = Object.entries(env.workflows).filter(([, wf]) => wf.webhook);
		for (const [, wf] of hooks) await h.publishWorkflow(ctx, wf.id);
		return hooks.map(([file]) => file).join(', ');
	});
	if (!published) return;

	const started = await t.check('n8n start serves the published webhooks; owner account set up', async () => {
		state.server = await h.startServer(ctx);
		env.server = state.server;
		env.serverReadyAt = Date.now();
		env.session = await h.setupOwner(state.server.url);
		return `${state.server.url} in ${(state.server.startMs / 1000).toFixed(1)} s`;
	});
	if (!started) return;

	await credentials.packageLoaded(t, env);
	await credentials.examplesMatchServer(t, env);
	await credentials.credentialTests(t, env);
	await credentials.hotTaskEnvelopeRejection(t, env);
	await webhooks.crmLeadToCall(t, env);
	await webhooks.askAndSms(t, env);
	await streaming.streamAnswer(t, env);
	await callOutcomes.hamsaTrigger(t, env);
	await callOutcomes.callAndWait(t, env);
	await chatTrigger.streamToChat(t, env);
	await callOutcomes.finishTimeLimit(t, env, timeLimit);
}

main()
	.catch((error) => {
		counts.failed++;
		console.log(`✘ suite aborted: ${oneLine(error && error.stack ? error.stack : error, 3000)}`);
	})
	.finally(() => finish());
