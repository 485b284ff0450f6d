'use strict';
// Part 1: N leads → N waiting executions at once, then the simulator ends the
// calls at seeded random moments within a window; the same for our Start and
// Wait for Outcome (Hamsa Webhook) and for Start Call + n8n's Wait node (On
// Webhook Call, resumed by POSTing $execution.resumeUrl), same leads, same
// end schedule (same seed).

const { postJson } = require('../../simulator/webhooks');
const m = require('./measure');

const leadsOf = (n) => Array.from({ length: n }, (_, i) => ({ lead: i, name: `Lead ${i}`, phone: `+1415555${String(i).padStart(4, '0')}` }));

async function countsSince(env, key, base) {
	const [final, waiting, active] = await Promise.all([
		m.countExecutions(env.session, env.ids[key], m.FINAL),
		m.countExecutions(env.session, env.ids[key], ['waiting']),
		m.countExecutions(env.session, env.ids[key], ['new', 'running', 'unknown']),
	]);
	return { final: final - (base ? base.final : 0), waiting, active, total: final - (base ? base.final : 0) + waiting + active };
}

async function until(what, probe, { timeoutMs, intervalMs = 500 }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value.done) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(value)}`);
		await m.sleep(intervalMs);
	}
}

/**
 * One run: leads posted `inFlight` at a time; the calls are ended once all
 * executions wait. Returns the figures (never asserts).
 */
async function runWaits(env, key, { calls, withinMs, seed, inFlight = 20, settle = {}, log = () => {} }) {
	const { sim, session, cluster } = env;
	const path = env.workflows[key].nodes[0].parameters.path;
	sim.reset();
	sim.configure({ callOutcome: 'PENDING' });
	const before = new Set((await m.listAllExecutions(session, env.ids[key])).map((e) => e.id));
	const lastIdBefore = Math.max(0, ...[...before].map(Number));
	const base = await countsSince(env, key);
	const db = await m.connectDb(env.ctx);
	const settled = { before: await m.settledMemory(m.clusterProcesses(cluster), settle) };
	const tablesBefore = await m.executionTablesBytes(db);
	const memory = m.sampleMemory(m.clusterProcesses(cluster));

	const t0 = Date.now();
	const answers = await m.pool(leadsOf(calls), inFlight, (lead) => postJson(`${cluster.url}/webhook/${path}`, lead, { timeoutMs: 120000 }).catch((e) => ({ status: 0, body: e.message })));
	const postedMs = Date.now() - t0;
	const placed = await until(`${calls} executions waiting`, async () => {
		const c = await countsSince(env, key, base);
		return { ...c, done: c.waiting >= calls || (c.active === 0 && c.waiting + c.final >= calls) };
	}, { timeoutMs: 30 * 60000 });
	const placeMs = Date.now() - t0;
	const callsPlaced = sim.calls.size;
	log(`${key}: ${placed.waiting} waiting, ${callsPlaced} calls placed in ${(placeMs / 1000).toFixed(1)} s`);
	const atWait = m.memorySnapshot(m.clusterProcesses(cluster));
	// In queue mode a waiting execution lives in Postgres, not in any process: measured there.
	const stored = { ...(await m.waitingExecutionBytes(db, env.ids[key], lastIdBefore)), tablesGrowth: (await m.executionTablesBytes(db)) - tablesBefore };
	settled.waiting = await m.settledMemory(m.clusterProcesses(cluster), settle);

	const schedule = sim.endCallsAtRandom({ withinMs, seed, byParam: 'lead' });
	// Done when all finished, or, once every call.ended has been sent and
	// answered (or timed out), when no count has changed for 20 s: what still
	// waits (or is stuck running) then was lost.
	const endsAt = Date.now() + withinMs;
	let last = { counts: '', at: Date.now() };
	const ended = await until(`${calls} executions finished`, async () => {
		const c = await countsSince(env, key, base);
		const counts = `${c.final}/${c.waiting}/${c.active}`;
		if (counts !== last.counts) last = { counts, at: Date.now() };
		const quiet = Date.now() > endsAt && Date.now() - last.at > 20000;
		return { ...c, done: c.final >= calls || (quiet && (await Promise.race([sim.webhooksIdle().then(() => true), m.sleep(100).then(() => false)]))) };
	}, { timeoutMs: withinMs + 30 * 60000, intervalMs: 1000 });
	const doneMs = Date.now() - t0;
	await m.sleep(5000);
	const mem = memory.stop();
	const after = m.memorySnapshot(m.clusterProcesses(cluster));
	settled.after = await m.settledMemory(m.clusterProcesses(cluster), settle);
	await db.end();

	const executions = (await m.listAllExecutions(session, env.ids[key])).filter((e) => !before.has(e.id));
	const byId = new Map(executions.map((e) => [e.id, e]));
	const deliveries = sim.webhookDeliveries.filter((d) => d.eventType === 'call.ended');
	const latencies = [];
	const leadsSeen = new Map();
	for (const call of sim.calls.values()) leadsSeen.set(call.params.lead, (leadsSeen.get(call.params.lead) || 0) + 1);
	const answeredMs = [];
	for (const d of deliveries) {
		answeredMs.push(d.durationMs);
		const call = sim.calls.get(d.callId);
		const executionId = call && call.webhookUrl ? new URL(call.webhookUrl).pathname.split('/')[2] : undefined;
		const e = byId.get(executionId);
		if (e && e.status === 'success' && e.stoppedAt) latencies.push(Date.parse(e.stoppedAt) - d.at);
	}
	const notOk = m.countBy(deliveries.filter((d) => d.status !== 200), (d) => d.status || d.error);
	const statuses = m.countBy(executions, (e) => e.status);
	const succeeded = executions.filter((e) => e.status === 'success').length;
	const extraCalls = [...leadsSeen.values()].reduce((n, k) => n + k - 1, 0);
	return {
		key,
		calls,
		requests: m.hamsaRequests(sim),
		accepted: answers.filter((a) => a.status === 200).length,
		postedMs,
		placeMs,
		callsPlaced,
		maxWaiting: placed.waiting,
		scheduled: schedule.scheduled,
		doneMs,
		ended,
		memory: { before: mem.before, peak: mem.peak, atWait, after, settled },
		stored,
		latencies,
		answeredMs,
		deliveries: deliveries.length,
		notOk,
		statuses,
		executions: executions.length,
		stillWaiting: ended.waiting,
		lost: Math.max(0, calls - succeeded),
		duplicated: Math.max(0, executions.length - calls) + extraCalls,
	};
}

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

function memoryLines(label, r) {
	const { before, peak, after, settled } = r.memory;
	const names = before.per.map((p) => p.name);
	const row = (s) => s.per.map((p) => m.mb(p.kb).toFixed(0).padStart(5)).join(' ');
	const line = (title, s) => `    ${title.padEnd(21)}${row(s)}   ${m.mb(s.total).toFixed(0).padStart(5)}`;
	const { settleMs, samples, intervalMs } = settled.before;
	const lines = [`  ${label} memory, RSS MB (main, workers, webhook processes)`, `                         ${names.map((n) => n.padStart(5)).join(' ')}   total`];
	lines.push(line('before', before), line('all waiting', r.memory.atWait), line('at the peak', peak), line('after', after));
	lines.push(`    settled (${(settleMs / 1000).toFixed(0)} s quiet, then the median of ${samples} samples ${intervalMs} ms apart):`);
	lines.push(line('  before', settled.before), line('  all waiting', settled.waiting), line('  after', settled.after));
	const held = settled.waiting.total - settled.before.total;
	lines.push(`    settled, all waiting − before: ${m.mb(held).toFixed(1)} MB for ${r.maxWaiting} waits (${(held / Math.max(1, r.maxWaiting)).toFixed(0)} kB per wait); after − before: ${m.mb(settled.after.total - settled.before.total).toFixed(1)} MB`);
	return lines;
}

/** What Postgres holds per waiting execution, ours against the Wait node, side by side. */
function storedLines(ours, wait) {
	const per = (r, bytes) => (r.stored.n ? bytes / r.stored.n : NaN);
	const rows = [
		['run data + workflow copy, as text', (r) => per(r, r.stored.dataText + r.stored.workflowText)],
		['  of which run data (execution_data.data)', (r) => per(r, r.stored.dataText)],
		['as stored (pg_column_size, after TOAST)', (r) => per(r, r.stored.stored)],
		['execution tables\' growth on disk', (r) => per(r, r.stored.tablesGrowth)],
	];
	const lines = [
		`  what n8n keeps in Postgres per waiting execution (${ours.stored.n} of ours, ${wait.stored.n} of the Wait node's, all waiting at once)`,
		`                                                     ${'ours'.padStart(10)} ${'Wait node'.padStart(10)}   ratio`,
	];
	for (const [label, f] of rows) {
		const a = f(ours);
		const b = f(wait);
		lines.push(`    ${label.padEnd(48)} ${kB(a).padStart(10)} ${kB(b).padStart(10)}   ${(a / b).toFixed(2)}`);
	}
	return lines;
}

function printWaits(ours, wait, { withinMs }) {
	const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
	const lat = (r, p) => m.percentile(r.latencies, p);
	console.log('');
	console.log(`1. ${ours.calls} leads → ${ours.calls} Start and Wait for Outcome (Hamsa Webhook) waiting at once; calls end at random within ${s(withinMs)}`);
	console.log('-------------------------------------------------------------------------------');
	for (const [label, r] of [['ours (Start and Wait, Hamsa Webhook)', ours], ["n8n's Wait node (Start Call + Wait)", wait]]) {
		console.log(`  ${label}`);
		console.log(`    leads accepted ${r.accepted}/${r.calls}; calls placed ${r.callsPlaced}; ${r.maxWaiting} waiting at once`);
		console.log(`    time to place all calls (first lead → all waiting)   ${s(r.placeMs)}  (leads posted in ${s(r.postedMs)})`);
		console.log(`    call.ended → execution finished: median ${lat(r, 50)} ms, p95 ${lat(r, 95)} ms (${r.latencies.length} measured)`);
		console.log(`    the resume request (call.ended) answered in: median ${m.percentile(r.answeredMs, 50)} ms, p95 ${m.percentile(r.answeredMs, 95)} ms`);
		console.log(`    executions ${r.executions} ${JSON.stringify(r.statuses)}; call.ended sent ${r.deliveries}${Object.keys(r.notOk).length ? `, not 200: ${JSON.stringify(r.notOk)}` : ', all answered 200'}`);
		console.log(`    requests sent to Hamsa: ${JSON.stringify(r.requests)}`);
		console.log(`    lost ${r.lost} (not finished with success; ${r.stillWaiting} still waiting), duplicated ${r.duplicated}   (target 0 and 0)`);
	}
	for (const line of storedLines(ours, wait)) console.log(line);
	for (const line of memoryLines('ours', ours)) console.log(line);
	for (const line of memoryLines("Wait node's", wait)) console.log(line);
	const median = lat(ours, 50) / lat(wait, 50);
	const p95 = lat(ours, 95) / lat(wait, 95);
	console.log(`  latency ratio ours / Wait node: median ${median.toFixed(2)}, p95 ${p95.toFixed(2)}   (target ≤ 1.1)`);
	console.log(`  placing ratio ours / Wait node: ${(ours.placeMs / wait.placeMs).toFixed(2)}`);
}

module.exports = { runWaits, printWaits, leadsOf, until };
