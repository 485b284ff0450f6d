'use strict';
// What the campaign benchmark measures with: n8n's executions through its
// REST API (listed 100 at a time, the most n8n gives per page; counted by
// status; run data fetched a few at a time), the memory of every n8n process
// (VmRSS in /proc/<pid>/status, also settled: after a quiet period, the
// median of a few samples), what n8n stores in Postgres for its waiting
// executions, percentiles, and a bounded-concurrency loop.

const fs = require('node:fs');
const path = require('node:path');
const h = require('../../e2e/lib/n8n');
const { N8N_DIR } = require('../../e2e/lib/install');
const { executionRunData, storedOutput } = require('../../e2e/checks/util');
const { percentile, countBy } = require('../lib/stats');

const FINAL = ['success', 'error', 'crashed', 'canceled'];
const ALL_STATUSES = [...FINAL, 'new', 'running', 'waiting', 'unknown'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs fn over items with at most `limit` in flight; results in item order. */
async function pool(items, limit, fn) {
	const out = new Array(items.length);
	let next = 0;
	const lane = async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
	return out;
}

/** How many executions of a workflow have one of these statuses (n8n's count, one request). */
async function countExecutions(session, workflowId, statuses = ALL_STATUSES) {
	const list = await h.listExecutions(session, workflowId, { limit: 1, status: statuses });
	return list.count;
}

/** Every execution of a workflow (newest first), paged with lastId. */
async function listAllExecutions(session, workflowId, statuses = ALL_STATUSES) {
	const out = [];
	let lastId;
	for (;;) {
		const filter = { workflowId: String(workflowId), status: statuses };
		const qs = new URLSearchParams({ filter: JSON.stringify(filter), limit: '100', ...(lastId ? { lastId } : {}) });
		const r = await h.restRequest(session, 'GET', `/executions?${qs}`);
		if (!r.ok) throw new Error(`GET /rest/executions: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
		const page = r.data.results;
		out.push(...page);
		if (page.length < 100) return out;
		lastId = page[page.length - 1].id;
	}
}

/**
 * Polls until `done(counts)` holds; counts = {final, waiting, active, total}.
 * Throws after timeoutMs with the last counts.
 */
async function waitForCounts(session, workflowId, done, { timeoutMs = 600000, intervalMs = 1000, what = 'executions' } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const [final, waiting, active] = await Promise.all([
			countExecutions(session, workflowId, FINAL),
			countExecutions(session, workflowId, ['waiting']),
			countExecutions(session, workflowId, ['new', 'running', 'unknown']),
		]);
		const counts = { final, waiting, active, total: final + waiting + active };
		if (done(counts)) return counts;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(counts)}`);
		await sleep(intervalMs);
	}
}

/** The items a node emitted, for every execution (fetched `limit` at a time). */
async function nodeOutputs(session, executions, nodeName, { limit = 8 } = {}) {
	return pool(executions, limit, async (e) => {
		const { runData } = await executionRunData(session, e.id);
		return { id: e.id, status: e.status, items: storedOutput(runData, nodeName) || [] };
	});
}

function rssKb(pid) {
	try {
		const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

/** The n8n processes of a cluster, named as the figures print them. */
function clusterProcesses(cluster) {
	return [
		{ name: 'main', pid: cluster.main.pid },
		...cluster.workers.map((w, i) => ({ name: `wrk${i + 1}`, pid: w.pid })),
		...cluster.webhooks.map((w, i) => ({ name: `web${i + 1}`, pid: w.pid })),
	];
}

/** One reading of every process's RSS (kB). */
function memorySnapshot(processes) {
	const per = processes.map((p) => ({ ...p, kb: rssKb(p.pid) }));
	return { per, total: per.reduce((n, p) => n + p.kb, 0) };
}

/** Samples every `intervalMs` from now; stop() returns {before, peak, peakPer}. */
function sampleMemory(processes, { intervalMs = 1000 } = {}) {
	const before = memorySnapshot(processes);
	let peak = before;
	const peakPer = new Map(before.per.map((p) => [p.name, p.kb]));
	const take = () => {
		const s = memorySnapshot(processes);
		if (s.total > peak.total) peak = s;
		for (const p of s.per) peakPer.set(p.name, Math.max(peakPer.get(p.name) || 0, p.kb));
	};
	const timer = setInterval(take, intervalMs);
	return {
		before,
		stop() {
			clearInterval(timer);
			take();
			return { before, peak, peakPer };
		},
	};
}

/**
 * RSS once the processes have been left alone for `settleMs`: the median of
 * `samples` readings `intervalMs` apart, per process and in total. Taken the
 * same way before, while waiting and after, on both sides, so that what a
 * burst left in the heap counts the same everywhere.
 */
async function settledMemory(processes, { settleMs = 15000, samples = 5, intervalMs = 1000 } = {}) {
	await sleep(settleMs);
	const readings = [];
	for (let i = 0; i < samples; i++) {
		if (i > 0) await sleep(intervalMs);
		readings.push(memorySnapshot(processes));
	}
	const mid = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
	const per = processes.map((p, i) => ({ ...p, kb: mid(readings.map((r) => r.per[i].kb)) }));
	return { per, total: mid(readings.map((r) => r.total)), settleMs, samples, intervalMs };
}

/** A client of the cluster's Postgres, with n8n's own driver. */
async function connectDb(ctx) {
	const { Client } = require(path.join(N8N_DIR, 'node_modules', 'pg'));
	const { host, port, user, database } = ctx.postgres;
	const client = new Client({ host, port, user, database });
	await client.connect();
	return client;
}

// Where n8n keeps an execution: its row, its run data and workflow copy, its metadata.
const EXECUTION_TABLES = ['execution_entity', 'execution_data', 'execution_metadata'];

/** Bytes of n8n's execution tables on disk, indexes and TOAST included. */
async function executionTablesBytes(db) {
	const { rows } = await db.query(`SELECT coalesce(sum(pg_total_relation_size(to_regclass(t))), 0)::bigint AS bytes FROM unnest($1::text[]) AS t`, [EXECUTION_TABLES]);
	return Number(rows[0].bytes);
}

/**
 * What Postgres holds for a workflow's waiting executions newer than `afterId`:
 * how many, the run data and workflow copy as text (octet_length), and as
 * stored (pg_column_size: after TOAST compression), with the execution rows.
 */
async function waitingExecutionBytes(db, workflowId, afterId = 0) {
	const { rows } = await db.query(
		`SELECT count(*)::int AS n,
			coalesce(sum(octet_length(d.data)), 0)::bigint AS data_text,
			coalesce(sum(octet_length(d."workflowData"::text)), 0)::bigint AS workflow_text,
			coalesce(sum(pg_column_size(d.data) + pg_column_size(d."workflowData") + pg_column_size(e.*)), 0)::bigint AS stored
		FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id
		WHERE e."workflowId" = $1 AND e.status = 'waiting' AND e.id > $2`,
		[String(workflowId), Number(afterId)],
	);
	const r = rows[0];
	return { n: r.n, dataText: Number(r.data_text), workflowText: Number(r.workflow_text), stored: Number(r.stored) };
}

const mb = (kb) => kb / 1024;

/** The simulator's recorded requests to Hamsa, counted by method and path (ids as :id). */
function hamsaRequests(sim) {
	const hamsa = sim.requests.filter((q) => q.service === 'hamsa');
	return countBy(hamsa, (r) => `${r.method} ${r.path.replace(/\/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, '/:id')}`);
}

module.exports = {
	hamsaRequests,
	FINAL,
	ALL_STATUSES,
	sleep,
	pool,
	countExecutions,
	listAllExecutions,
	waitForCounts,
	nodeOutputs,
	clusterProcesses,
	memorySnapshot,
	sampleMemory,
	settledMemory,
	connectDb,
	executionTablesBytes,
	waitingExecutionBytes,
	mb,
	percentile,
	countBy,
};
