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

const h = require('./lib/n8n');
const stack = require('./stack');
const { createSuite } = require('./lib/suite');
const { startSimulator } = require('../simulator');
const manualRuns = require('./checks/manual-runs');
const credentials = require('./checks/credentials');
const webhooks = require('./checks/webhooks');
const streaming = require('./checks/streaming');
const callOutcomes = require('./checks/call-outcomes');
const chatTrigger = require('./checks/chat-trigger');
const aiAgent = require('./checks/ai-agent');
const aiAgentCalls = require('./checks/ai-agent-calls');
const speech = require('./checks/speech');
const campaigns = require('./checks/campaigns');

const keep = process.argv.includes('--keep');
const state = { sim: null, ctx: null, server: null };

const { t, note, run, state: suiteState } = createSuite({
	async cleanup({ failed, interrupted }) {
		const { server, sim, ctx } = state;
		if (server) {
			if (failed) {
				const tail = server.logs().split('\n').filter(Boolean).slice(-40).join('\n');
				console.log(`# --- n8n server log (last 40 lines) ---\n${tail.replace(/^/gm, '#   ')}`);
			}
			await server.stop().catch(() => {});
		}
		if (interrupted) stack.killChildProcessGroups();
		if (sim) await sim.close().catch(() => {});
		if (ctx) {
			if (keep) note(`kept the n8n user folder ${ctx.userFolder}`);
			else ctx.cleanup();
		}
	},
});

async function main() {
	const install = await h.ensureN8nInstalled({ log: note });
	note(`n8n harness ready${install.installed ? ` (installed in ${install.seconds.toFixed(0)} s)` : ''}`);

	// recordingBase '<own>': the simulator serves its calls' recordings (Hamsa's CDN is out of reach here).
	state.sim = await startSimulator({ port: 0, recordingBase: '<own>' });
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
	await speech.recordingAndSpeech(t, env);
	await manualRuns.askWithFiles(t, env);
	await campaigns.campaignAndEnd(t, env);
	await aiAgent.agentUsesHotTaskTool(t, env);
	await aiAgentCalls.agentStartsCall(t, env);
	await aiAgentCalls.agentWaitsForOutcome(t, env);
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
		suiteState.serversUp = true;
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

run(main);
