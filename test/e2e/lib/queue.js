'use strict';
// n8n in queue mode on one machine, as a production install scales out:
// Postgres + Redis, one main process (`n8n start`: editor, REST API, wait
// tracker), workers (`n8n worker`: run the executions) and webhook processes
// (`n8n webhook`: production and waiting webhooks), every process with the
// same database, Redis, encryption key and community package. A small proxy
// (lib/proxy.js) on the user folder's port plays the load balancer, so
// N8N_WEBHOOK_URL, $execution.resumeUrl and the checks' server.url all point
// at it and requests spread over the webhook processes.

const { createUserFolder, freePort } = require('./user-folder');
const { startN8nProcess } = require('./server');
const { startPostgres, startRedis } = require('./services');
const { startProxy } = require('./proxy');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Postgres, Redis and a user folder whose environment points every n8n
 * process (and the CLI commands) at them in queue mode.
 */
async function createQueueContext({ log = () => {}, prefix = 'n8n-e2e-queue-', env = {} } = {}) {
	const postgres = await startPostgres({ log });
	let redis;
	try {
		redis = await startRedis({ log });
	} catch (e) {
		await postgres.stop();
		throw e;
	}
	const ctx = await createUserFolder({
		prefix,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Bull's defaults notice a dead worker's job after up to 90 s (60 s lock,
			// 30 s stall check); shorter here so the killed-worker checks are quick.
			// Long enough that a busy 2-core machine still renews live locks.
			QUEUE_WORKER_LOCK_DURATION: '15000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '3000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			...env,
		},
	});
	const cleanup = ctx.cleanup;
	ctx.postgres = postgres;
	ctx.redis = redis;
	ctx.cleanup = () => cleanup();
	ctx.stopServices = async () => {
		await Promise.allSettled([redis.stop(), postgres.stop()]);
	};
	return ctx;
}

/**
 * Starts main, then `workers` workers and `webhooks` webhook processes, and the
 * proxy on ctx.port. Processes keep their ports across restart().
 * @returns {Promise<{url:string, main, workers:Array, webhooks:Array, proxy, all:()=>Array, stop:()=>Promise<void>, restart:(opts?)=>Promise<void>, logs:()=>string}>}
 */
async function startQueueCluster(ctx, { workers = 2, webhooks = 2, concurrency = 10, log } = {}) {
	const ports = { main: await freePort(), webhooks: [] };
	for (let i = 0; i < webhooks; i++) ports.webhooks.push(await freePort());
	const cluster = { main: null, workers: [], webhooks: [], proxy: null, startMs: 0 };

	const startMain = () => startN8nProcess(ctx, { command: 'start', port: ports.main, log, timeoutMs: 240000 });
	const startWorker = () => startN8nProcess(ctx, { command: 'worker', args: [`--concurrency=${concurrency}`], port: ports.main, log, timeoutMs: 180000 });
	const startWebhook = (i) => startN8nProcess(ctx, { command: 'webhook', port: ports.webhooks[i], log, timeoutMs: 180000 });

	async function startAll() {
		const t0 = Date.now();
		// Main first: it runs the database migrations the others expect.
		cluster.main = await startMain();
		// The others in parallel: each takes 10-30 s to load n8n's nodes.
		const started = await Promise.allSettled([
			...Array.from({ length: workers }, () => startWorker()),
			...Array.from({ length: webhooks }, (_, i) => startWebhook(i)),
		]);
		const ok = started.filter((s) => s.status === 'fulfilled').map((s) => s.value);
		cluster.workers = ok.filter((p) => p.command === 'worker');
		cluster.webhooks = ok.filter((p) => p.command === 'webhook');
		const failed = started.find((s) => s.status === 'rejected');
		if (failed) throw failed.reason;
		cluster.startMs = Date.now() - t0;
	}

	async function stopAll() {
		const processes = [...cluster.webhooks, ...cluster.workers];
		await Promise.allSettled(processes.map((p) => p.stop()));
		if (cluster.main) await cluster.main.stop();
	}

	cluster.all = () => [cluster.main, ...cluster.workers, ...cluster.webhooks].filter(Boolean);
	cluster.logs = () =>
		cluster
			.all()
			.map((p) => `## n8n ${p.command} :${p.port} (pid ${p.pid})\n${p.logs().split('\n').filter(Boolean).slice(-25).join('\n')}`)
			.join('\n');
	cluster.startWorker = async () => {
		const worker = await startWorker();
		cluster.workers.push(worker);
		return worker;
	};
	cluster.stop = async () => {
		await stopAll();
		if (cluster.proxy) await cluster.proxy.close();
		cluster.proxy = null;
	};
	/** Every n8n process stopped (n8n's own graceful shutdown), then all started again. */
	cluster.restart = async () => {
		await stopAll();
		cluster.workers = [];
		cluster.webhooks = [];
		await startAll();
	};

	cluster.proxy = await startProxy({
		port: ctx.port,
		main: () => cluster.main.url,
		webhooks: () => cluster.webhooks.map((w) => w.url),
	});
	cluster.url = cluster.proxy.url;
	try {
		await startAll();
	} catch (e) {
		await cluster.stop().catch(() => {});
		throw e;
	}
	return cluster;
}

module.exports = { createQueueContext, startQueueCluster, sleep };
