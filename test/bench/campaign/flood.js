'use strict';
// Part 3: a flood of Hamsa deliveries on loopback, a bounded number in flight,
// through the proxy to both webhook processes: mixed event types, 5% repeats
// of an event already sent, 1% with a wrong Authorization. The same mix (same
// seed) against the Hamsa Trigger and against n8n's Webhook node with Header
// Auth. Executions are counted per event from the run data n8n stored (what
// the node after the trigger received): a repeat the trigger lets start an
// execution ends at the trigger, so "reached Next" is what is counted.

const { postJson } = require('../../simulator/webhooks');
const { seededRandom } = require('../../simulator/seededRandom');
const { FLOOD_SECRET, EVENT_TYPES, triggerUrl } = require('./workflows');
const m = require('./measure');

const REPEAT_SHARE = 0.05;
const WRONG_AUTH_SHARE = 0.01;

function eventFor(prefix, i) {
	const eventType = EVENT_TYPES[i % EVENT_TYPES.length];
	const callId = `${prefix}-${i}`;
	const timestamp = new Date(Date.UTC(2026, 10, 28, 12, 0, 0) + i * 1000).toISOString();
	const data =
		eventType === 'call.ended'
			? { timestamp, status: 'COMPLETED', callDuration: 47, data: { conversationId: callId, transcription: [{ Agent: 'Hello' }], outcomeResult: { interested: true } } }
			: eventType === 'transcription.update'
				? { transcription: [{ Agent: `Line ${i}` }], latest: [{ Agent: `Line ${i}` }] }
				: eventType === 'tool.executed'
					? { toolName: 'bookAppointment', result: { ok: true } }
					: { status: 'IN_PROGRESS' };
	return { eventType, callId, timestamp, projectId: '7a1c9e52-3b8d-4f60-9e2a-5d4c3b2a1f00', agentId: 'bench-agent', agentName: 'Bench', data };
}

/** The deliveries, in order: {event, key, kind: 'new'|'repeat'|'wrongAuth'}. */
function plan(deliveries, seed, prefix) {
	const random = seededRandom(seed);
	const out = [];
	const sent = [];
	for (let i = 0; i < deliveries; i++) {
		const r = random();
		if (r < WRONG_AUTH_SHARE) {
			out.push({ event: eventFor(prefix, i), kind: 'wrongAuth' });
		} else if (r < WRONG_AUTH_SHARE + REPEAT_SHARE && sent.length) {
			out.push({ event: sent[Math.floor(random() * sent.length)], kind: 'repeat' });
		} else {
			const event = eventFor(prefix, i);
			sent.push(event);
			out.push({ event, kind: 'new' });
		}
	}
	for (const d of out) d.key = `${d.event.callId}|${d.event.eventType}`;
	return out;
}

/** Waits until the workflow's executions stop changing and none is running. */
async function settle(env, key, base, atLeast) {
	let last = -1;
	let stable = 0;
	let changedAt = Date.now();
	const deadline = Date.now() + 30 * 60000;
	for (;;) {
		if (Date.now() > deadline) throw new Error(`executions of ${key} still changing after 30 min (${last} finished)`);
		const [final, active] = await Promise.all([
			m.countExecutions(env.session, env.ids[key], m.FINAL),
			m.countExecutions(env.session, env.ids[key], ['new', 'running', 'unknown', 'waiting']),
		]);
		const n = final - base;
		if (n !== last) changedAt = Date.now();
		stable = n === last && active === 0 ? stable + 1 : 0;
		last = n;
		if (active === 0 && n >= atLeast && stable >= 2) return n;
		// Executions stuck as running or never created: stop after a minute without change.
		if (Date.now() - changedAt > 60000) return n;
		await m.sleep(1000);
	}
}

async function runFlood(env, key, { deliveries, inFlight, seed, log = () => {} }) {
	const { session, cluster } = env;
	const url = key === 'floodOurs' ? triggerUrl(cluster.url, env.workflows[key]) : `${cluster.url}/webhook/${env.workflows[key].nodes[0].parameters.path}`;
	const deliveriesPlan = plan(deliveries, seed, `${key}-${Date.now()}`);
	const before = new Set((await m.listAllExecutions(session, env.ids[key])).map((e) => e.id));
	const base = await m.countExecutions(session, env.ids[key], m.FINAL);
	const good = `Bearer ${FLOOD_SECRET}`;

	const t0 = Date.now();
	const answers = await m.pool(deliveriesPlan, inFlight, (d) =>
		postJson(url, d.event, { authorization: d.kind === 'wrongAuth' ? 'Bearer wrong-secret' : good, timeoutMs: 120000 }).catch((e) => ({ status: 0, body: e.message })),
	);
	const floodMs = Date.now() - t0;
	const accepted = answers.filter((a) => a.status === 200).length;
	const newAccepted = deliveriesPlan.filter((d, i) => d.kind === 'new' && answers[i].status === 200).length;
	log(`${key}: ${deliveries} deliveries in ${(floodMs / 1000).toFixed(1)} s, ${accepted} accepted; waiting for the executions`);
	const executionsCount = await settle(env, key, base, key === 'floodOurs' ? newAccepted : accepted);
	const processedMs = Date.now() - t0;

	const executions = (await m.listAllExecutions(session, env.ids[key])).filter((e) => !before.has(e.id));
	const t1 = Date.now();
	const outputs = await m.nodeOutputs(session, executions, 'Next');
	log(`${key}: run data of ${executions.length} executions read in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
	const reached = new Map();
	for (const o of outputs) {
		for (const item of o.items) {
			const event = item.body || item;
			const k = `${event.callId}|${event.eventType}`;
			reached.set(k, (reached.get(k) || 0) + 1);
		}
	}
	const answered = deliveriesPlan.map((d, i) => ({ d, a: answers[i] }));
	const answersByKind = m.countBy(answered, ({ d, a }) => {
		const why = a.status === 200 ? (a.body && a.body.ignored ? ' ignored' : '') : ` ${String((a.body && a.body.message) || (typeof a.body === 'string' ? a.body : '')).slice(0, 40)}`;
		return `${d.kind} ${a.status}${why}`.trim();
	});
	// An event is accepted when any of its copies was (a first copy can meet a 503 and its repeat a 200).
	const distinct = [...new Set(deliveriesPlan.filter((d, i) => d.kind !== 'wrongAuth' && answers[i].status === 200).map((d) => d.key))];
	const perEvent = m.countBy(distinct, (k) => reached.get(k) || 0);
	const wrong = answered.filter(({ d }) => d.kind === 'wrongAuth');
	const statuses = m.countBy(executions, (e) => e.status);
	return {
		key,
		deliveries,
		floodMs,
		processedMs,
		accepted,
		perSecond: accepted / (floodMs / 1000),
		processedPerSecond: executionsCount / (processedMs / 1000),
		answersByKind,
		distinct: distinct.length,
		perEvent,
		executions: executions.length,
		statuses,
		reachedNext: [...reached.values()].reduce((a, b) => a + b, 0),
		wrongAuth: wrong.length,
		wrongAuthStatuses: [...new Set(wrong.map(({ a }) => a.status))],
		wrongAuthExecutions: wrong.reduce((n, { d }) => n + (reached.get(d.key) || 0), 0),
		repeats: deliveriesPlan.filter((d) => d.kind === 'repeat').length,
	};
}

function printFlood(ours, webhook, { inFlight }) {
	console.log('');
	console.log(`3. Flood: ${ours.deliveries} deliveries, ${inFlight} in flight, through the proxy to 2 webhook processes (${ours.repeats} repeats, ${ours.wrongAuth} wrong auth; mixed event types)`);
	console.log('-------------------------------------------------------------------------------');
	for (const [label, r] of [['Hamsa Trigger → Next', ours], ["n8n's Webhook node (Header Auth) → Next", webhook]]) {
		console.log(`  ${label}`);
		console.log(`    accepted ${r.accepted} in ${(r.floodMs / 1000).toFixed(1)} s: ${r.perSecond.toFixed(0)} per second; all executions finished after ${(r.processedMs / 1000).toFixed(1)} s (${r.processedPerSecond.toFixed(0)} executions per second)`);
		console.log(`    answers: ${JSON.stringify(r.answersByKind)}`);
		console.log(`    executions ${r.executions} ${JSON.stringify(r.statuses)}; reached Next ${r.reachedNext} times`);
		console.log(`    distinct accepted events ${r.distinct}, by how many times they reached Next: ${JSON.stringify(r.perEvent)}`);
		console.log(`    wrong auth: ${r.wrongAuth} answered ${JSON.stringify(r.wrongAuthStatuses)}, reached Next ${r.wrongAuthExecutions} times`);
	}
	console.log(`  accepted per second ratio ours / Webhook node: ${(ours.perSecond / webhook.perSecond).toFixed(2)}   (target ≥ 0.9)`);
	console.log(`  executions per second ratio ours / Webhook node: ${(ours.processedPerSecond / webhook.processedPerSecond).toFixed(2)}`);
	const exactlyOnce = ours.perEvent[1] === ours.distinct;
	console.log(`  ours: every accepted event reached Next exactly once: ${exactlyOnce ? 'yes' : 'NO'}; wrong auth all 401 with no execution: ${ours.wrongAuthStatuses.length === 1 && ours.wrongAuthStatuses[0] === 401 && ours.wrongAuthExecutions === 0 ? 'yes' : 'NO'}`);
}

module.exports = { runFlood, printFlood, plan };
