#!/usr/bin/env node
'use strict';
// Campaign-scale benchmark in queue mode (the e2e harness's setup: Postgres 17
// and Redis, n8n main + 2 workers + 2 webhook processes behind a round-robin
// proxy), every figure against a baseline built from n8n's own nodes and
// measured in the same run. Prints figures; never asserts timing.
//  1. BENCH_CALLS leads → as many Start and Wait for Outcome executions (Hamsa
//     Webhook) waiting at once; the simulator ends the calls at random moments
//     within BENCH_END_WITHIN_MS. Time to place the calls, RSS of every n8n
//     process before / at the peak / after, call.ended → execution finished
//     (median, p95), lost and duplicated executions, what Postgres keeps per
//     waiting execution (where queue mode keeps a wait) and RSS settled
//     before, while waiting and after; against Start Call + n8n's Wait node
//     (On Webhook Call) with the same leads and end schedule.
//  2. The same leads as one Campaign → Create, outcomes through the Hamsa
//     Trigger (skipped, with the reason, when the package has no Campaign resource).
//  3. BENCH_DELIVERIES Hamsa Trigger deliveries (BENCH_IN_FLIGHT at a time; mixed
//     event types, 5% repeats, 1% wrong auth) against n8n's Webhook node with
//     Header Auth: accepted per second, executions reaching the next node per
//     event, wrong auth answered 401 with no execution.
// Usage: npm run bench:campaign   (env: BENCH_CALLS=1000 BENCH_DELIVERIES=5000
//   BENCH_IN_FLIGHT=50 BENCH_END_WITHIN_MS=60000 BENCH_SEED=13 BENCH_PARTS=1,2,3
//   BENCH_DB_POOL_SIZE=10: n8n's DB_POSTGRESDB_POOL_SIZE, 2 by default;
//   BENCH_SETTLE_MS=15000: the quiet period before each settled RSS reading;
//   BENCH_WARM_UP=20: calls per side before the measured runs)

const os = require('node:os');
const { startBench } = require('./campaign/setup');
const { runWaits, printWaits } = require('./campaign/waits');
const { runFlood, printFlood } = require('./campaign/flood');
const { runCampaign, printCampaign } = require('./campaign/campaignPart');

const env = process.env;
const num = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : Number(env[name]));
const CALLS = num('BENCH_CALLS', 1000);
const DELIVERIES = num('BENCH_DELIVERIES', 5000);
const IN_FLIGHT = num('BENCH_IN_FLIGHT', 50);
const END_WITHIN_MS = num('BENCH_END_WITHIN_MS', 60000);
const SEED = num('BENCH_SEED', 13);
const PARTS = (env.BENCH_PARTS || '1,2,3').split(',').map((s) => s.trim());
const DB_POOL_SIZE = num('BENCH_DB_POOL_SIZE', 10);
// The first large run grows n8n's processes to their working size, which the
// settled RSS of whichever side runs first would count: BENCH_WARM_UP=<calls>
// warms both up at full size before either is measured.
const WARM_UP = Math.min(num('BENCH_WARM_UP', 20), CALLS);
const SETTLE_MS = num('BENCH_SETTLE_MS', 15000);

const log = (line) => console.error(`# ${line}`);

async function main() {
	const started = Date.now();
	const bench = await startBench({ log, dbPoolSize: DB_POOL_SIZE });
	let stopping = null;
	const onSignal = async () => {
		if (!stopping) stopping = bench.stop();
		await stopping;
		process.exit(130);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		console.log('');
		console.log(`Campaign-scale benchmark, n8n queue mode (main + ${bench.cluster.workers.length} workers + ${bench.cluster.webhooks.length} webhook processes, Postgres 17 with a pool of ${DB_POOL_SIZE} connections per n8n process, Redis)`);
		console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0].model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg()[0].toFixed(1)} at start`);
		if (PARTS.includes('1')) {
			// Both workflows once at small size first, so neither pays n8n's first-use costs.
			const quick = { settleMs: 0, samples: 1 };
			await runWaits(bench, 'waitNode', { calls: WARM_UP, withinMs: 1000, seed: SEED, settle: quick, log });
			await runWaits(bench, 'waitOurs', { calls: WARM_UP, withinMs: 1000, seed: SEED, settle: quick, log });
			const settle = { settleMs: SETTLE_MS };
			const wait = await runWaits(bench, 'waitNode', { calls: CALLS, withinMs: END_WITHIN_MS, seed: SEED, settle, log });
			const ours = await runWaits(bench, 'waitOurs', { calls: CALLS, withinMs: END_WITHIN_MS, seed: SEED, settle, log });
			printWaits(ours, wait, { withinMs: END_WITHIN_MS });
		}
		if (PARTS.includes('2')) {
			if (!bench.campaign.ok) {
				console.log('');
				console.log(`2. campaign part: skipped — ${bench.campaign.reason}`);
			} else {
				printCampaign(await runCampaign(bench, { calls: CALLS, log }));
			}
		}
		if (PARTS.includes('3')) {
			const webhook = await runFlood(bench, 'floodWebhook', { deliveries: DELIVERIES, inFlight: IN_FLIGHT, seed: SEED, log });
			const ours = await runFlood(bench, 'floodOurs', { deliveries: DELIVERIES, inFlight: IN_FLIGHT, seed: SEED, log });
			printFlood(ours, webhook, { inFlight: IN_FLIGHT });
		}
		console.log('');
		console.log(`wall time ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${os.loadavg()[0].toFixed(1)} at the end`);
	} catch (e) {
		console.error(`--- n8n logs ---\n${bench.cluster.logs()}`);
		throw e;
	} finally {
		// After a signal, the requests in flight fail: wait for the stop it started.
		await (stopping || (stopping = bench.stop()));
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
