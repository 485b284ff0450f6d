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
const { createStageSuite, ensureN8n, installAndImport, webhookWorkflows, startN8nWithOwner, PUBLISHED_WORKFLOW_CHECKS } = require('./lib/stage');
const stack = require('./stack');
const { runInOrder } = require('./lib/suite');
const { startSimulator } = require('../simulator');
const manualRuns = require('./checks/manual-runs');
const credentials = require('./checks/credentials');
const callOutcomes = require('./checks/call-outcomes');
const aiAgent = require('./checks/ai-agent');
const aiAgentCalls = require('./checks/ai-agent-calls');
const speech = require('./checks/speech');
const campaigns = require('./checks/campaigns');
const knowledge = require('./checks/knowledge');

const suite = createStageSuite({
	logsOnFailure: (server) => ({
		heading: 'n8n server log (last 40 lines)',
		text: server.logs().split('\n').filter(Boolean).slice(-40).join('\n'),
	}),
});
const { t, note, run, stage } = suite;

async function main() {
	await ensureN8n(note);

	// recordingBase '<own>': the simulator serves its calls' recordings (Hamsa's CDN is out of reach here).
	stage.sim = await startSimulator({ port: 0, recordingBase: '<own>' });
	stage.ctx = await h.createUserFolder({ prefix: 'n8n-e2e-run-' });
	const { sim, ctx } = stage;
	note(`simulator ${sim.url}, n8n user folder ${ctx.userFolder}`);

	const env = { sim, ctx, workflows: null, server: null, session: null };
	const imported = await installAndImport(t, env, {
		importName: 'credentials (fixed ids, simulator base URL) and examples + test workflows imported',
		extra: stack.loadTestWorkflows(),
	});
	if (!imported) return;

	// `n8n execute` runs, server stopped.
	await runInOrder(t, env, [
		manualRuns.allOperations, manualRuns.failures, speech.recordingAndSpeech, manualRuns.askWithFiles,
		campaigns.campaignAndEnd, aiAgent.agentUsesHotTaskTool, aiAgentCalls.agentStartsCall, aiAgentCalls.agentWaitsForOutcome,
		knowledge.nightlyFaqSync,
	]);
	// Leaves an execution waiting for its time limit, which the server resumes during the checks below.
	const timeLimit = await callOutcomes.startTimeLimit(t, env);

	const published = await t.check('webhook examples published (n8n publish:workflow)', async () => {
		const hooks = webhookWorkflows(env);
		for (const [, wf] of hooks) await h.publishWorkflow(ctx, wf.id);
		return hooks.map(([file]) => file).join(', ');
	});
	if (!published) return;

	const started = await startN8nWithOwner(
		suite,
		env,
		'n8n start serves the published webhooks; owner account set up',
		() => h.startServer(ctx),
		(server) => `${server.url} in ${(server.startMs / 1000).toFixed(1)} s`,
	);
	if (!started) return;

	await runInOrder(t, env, [
		credentials.packageLoaded, credentials.examplesMatchServer, credentials.credentialTests, credentials.hotTaskEnvelopeRejection,
		...PUBLISHED_WORKFLOW_CHECKS, knowledge.productPagePublished,
	]);
	await callOutcomes.finishTimeLimit(t, env, timeLimit);
}

run(main);
