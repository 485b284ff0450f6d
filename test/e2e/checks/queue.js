'use strict';
// What only a queue-mode n8n with several processes can break (run-queue.js):
// the same Hamsa event at both webhook processes, every process restarted
// while 50 Start and Wait executions wait, a worker killed in the middle of
// an Ask, an SMS and a call.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { callEndedEvent } = require('./call-outcomes');
const { requestsTo, postJson, waitFor, executionRunData, storedOutput } = require('./util');

const QUEUE_WORKFLOWS_DIR = path.join(__dirname, '..', 'workflows', 'queue');
const DEDUP_FILE = 'hamsa-trigger-dedup.json';
const WAIT_FILE = 'call-and-wait.json';
const FINAL = ['success', 'error', 'crashed', 'canceled'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Workflows only the queue stage imports, keyed by file name. */
function loadQueueWorkflows() {
	const out = {};
	for (const file of fs.readdirSync(QUEUE_WORKFLOWS_DIR).filter((f) => f.endsWith('.json')).sort()) {
		out[file] = JSON.parse(fs.readFileSync(path.join(QUEUE_WORKFLOWS_DIR, file), 'utf8'));
	}
	return out;
}

async function requestsSpread(t, env) {
	const { cluster } = env;
	await t.check('the proxy spread the checks\' webhook requests over both webhook processes', async () => {
		const served = cluster.webhooks.map((w) => cluster.proxy.counts.get(w.url) || 0);
		for (const [i, n] of served.entries()) assert.ok(n > 0, `webhook process ${i + 1} served no request: ${JSON.stringify(served)}`);
		return served.map((n, i) => `webhook ${i + 1}: ${n}`).join(', ');
	});
}

/** Runs fn over items, at most `limit` at a time. */
async function inBatches(items, limit, fn) {
	const out = [];
	for (let i = 0; i < items.length; i += limit) out.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
	return out;
}

function dedupTrigger(env) {
	const wf = env.workflows[DEDUP_FILE];
	const trigger = wf.workflow.nodes.find((n) => n.type.endsWith('.hamsaTrigger'));
	return {
		wf,
		pathOf: (base) => `${base}/webhook/${trigger.webhookId}/hamsa`,
		authorization: `${trigger.parameters.authKey} ${trigger.parameters.authSecret}`,
	};
}

/**
 * Per call id: how many executions the trigger started and how many of them
 * got past the trigger to "Update CRM". Waits until every execution of
 * the workflow is final and at least `atLeast` exist.
 */
async function dedupTally(env, atLeast) {
	const { session } = env;
	const { wf } = dedupTrigger(env);
	const list = await h.waitForExecutions(session, wf.id, {
		predicate: (l) => l.results.length >= atLeast && l.results.every((e) => FINAL.includes(e.status)),
		timeoutMs: 90000,
		intervalMs: 500,
	});
	const tally = new Map();
	let endedAtTrigger = 0;
	for (const e of list.results) {
		const { runData } = await executionRunData(session, e.id);
		const [item] = storedOutput(runData, 'Hamsa Trigger') || [];
		// An execution whose delivery n8n's database already had ends at the trigger, with no item.
		if (!item) {
			endedAtTrigger++;
			continue;
		}
		const callId = item.callId;
		const entry = tally.get(callId) || { executions: 0, crm: 0, statuses: [] };
		entry.executions++;
		entry.statuses.push(e.status);
		entry.crm += (storedOutput(runData, 'Update CRM') || []).length;
		tally.set(callId, entry);
	}
	return { tally, count: list.results.length, endedAtTrigger };
}

/** The events delivered by repeatsAcrossProcesses, for the after-restart check. */
const delivered = [];

const describeAnswers = (answers) => {
	const counts = {};
	for (const r of answers) {
		const key = r.json && r.json.ignored ? 'repeat' : r.json && r.json.received ? 'accepted' : `HTTP ${r.status}`;
		counts[key] = (counts[key] || 0) + 1;
	}
	return Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ');
};

/**
 * The promise across processes is about the CRM: "Update CRM", right after
 * the trigger (no Remove Duplicates), runs once per event. How many executions the trigger started on the way is reported.
 */
async function repeatsAcrossProcesses(t, env) {
	const { cluster } = env;
	const { pathOf, authorization } = dedupTrigger(env);
	const [one, two] = cluster.webhooks.map((w) => pathOf(w.url));
	let executionsSoFar = 0;
	let endedAtTriggerSoFar = 0;

	await t.check('Hamsa Trigger, queue mode: one event to webhook process 1, then again to process 2 → 200 {"received": true} …; "Update CRM" (right after the trigger) runs once', async () => {
		const event = callEndedEvent(crypto.randomUUID());
		delivered.push(event);
		const first = await postJson(one, event, { headers: { authorization } });
		assert.equal(first.status, 200, first.text);
		assert.deepEqual(first.json, { received: true });
		// One after the other, as a retry by Hamsa comes: once the first copy's execution has finished.
		const afterFirst = await dedupTally(env, 1);
		const second = await postJson(two, event, { headers: { authorization } });
		assert.equal(second.status, 200, second.text);
		assert.equal(second.json && second.json.received, true, second.text);
		await sleep(1500);
		const { tally, count, endedAtTrigger } = await dedupTally(env, afterFirst.count + 1);
		executionsSoFar = count;
		endedAtTriggerSoFar = endedAtTrigger;
		const entry = tally.get(event.callId);
		assert.equal(entry.crm, 1, JSON.stringify(entry));
		assert.equal(endedAtTrigger - afterFirst.endedAtTrigger, 1, 'the second copy\'s execution did not end at the trigger');
		return `second copy answered ${second.text}; its execution ended at the trigger; "Update CRM" ran once`;
	});

	const ROUNDS = 10;
	// n8n 2.38 gives a webhook trigger no atomic store: the trigger's record in
	// n8n's database (its de-duplication store) is read and written back whole,
	// so two copies whose executions start at the same moment on two workers
	// can both pass. What must hold is that no event is lost, none runs more
	// than once per copy, and the repeat filter still catches most pairs:
	// without it every event here runs twice, so more than MOST_TWICE events
	// running twice means it no longer works across processes.
	const MOST_TWICE = 3;
	await t.check(`Hamsa Trigger, queue mode: the same event to both webhook processes at the same moment (${ROUNDS} events) → "Update CRM" runs for every event, never more than once per copy, and twice for at most ${MOST_TWICE} of the ${ROUNDS}`, async () => {
		const events = Array.from({ length: ROUNDS }, () => callEndedEvent(crypto.randomUUID()));
		delivered.push(...events);
		const answers = [];
		for (const event of events) {
			answers.push(await Promise.all([one, two].map((url) => postJson(url, event, { headers: { authorization } }))));
		}
		for (const pair of answers) for (const r of pair) assert.equal(r.status, 200, r.text);
		await sleep(1500);
		const before = executionsSoFar;
		const { tally, count, endedAtTrigger } = await dedupTally(env, executionsSoFar + ROUNDS);
		executionsSoFar = count;
		const per = events.map((e) => tally.get(e.callId) || { executions: 0, crm: 0, statuses: [] });
		const started = count - before;
		const crm = per.map((p) => p.crm);
		const statuses = per.flatMap((p) => p.statuses);
		const why = `"Update CRM" ran ${JSON.stringify(crm)} times per event (executions started ${JSON.stringify(per.map((p) => p.executions))})`;
		assert.ok(crm.every((n) => n >= 1), `an event was lost: ${why}`);
		assert.ok(crm.every((n) => n <= 2), `more runs than copies: ${why}`);
		const twice = crm.filter((n) => n === 2).length;
		assert.ok(twice <= MOST_TWICE, `${twice} of ${ROUNDS} events ran twice (at most ${MOST_TWICE} may): the repeat filter let the copies through; ${why}`);
		return `${ROUNDS * 2} copies: ${describeAnswers(answers.flat())} by the trigger; ${started} executions started (${statuses.filter((s) => s === 'success').length} reached "Update CRM"; ${endedAtTrigger - endedAtTriggerSoFar} ended at the trigger); "Update CRM" ran once for ${ROUNDS - twice} and twice for ${twice} of the ${ROUNDS} events (copies whose executions started at the same moment)`;
	});
	env.dedupExecutions = () => executionsSoFar;
}

/** After every process restarted: every event delivered before, again to both processes, updates the CRM no second time. */
async function repeatsAfterRestart(t, env) {
	const { cluster } = env;
	const { pathOf, authorization } = dedupTrigger(env);
	await t.check('Hamsa Trigger, after every n8n process restarted: each earlier event again, to both webhook processes → 200; "Update CRM" runs for none of them again', async () => {
		assert.ok(delivered.length > 0, 'no earlier events');
		const before = await dedupTally(env, env.dedupExecutions ? env.dedupExecutions() : 1);
		const answers = [];
		for (const event of delivered) {
			for (const w of cluster.webhooks) {
				const r = await postJson(pathOf(w.url), event, { headers: { authorization } });
				assert.equal(r.status, 200, r.text);
				answers.push(r);
			}
		}
		await sleep(1500);
		const accepted = answers.filter((r) => !(r.json && r.json.ignored)).length;
		const after = await dedupTally(env, before.count + accepted);
		const crmBefore = delivered.map((e) => (before.tally.get(e.callId) || { crm: 0 }).crm);
		const crm = delivered.map((e) => (after.tally.get(e.callId) || { crm: 0 }).crm);
		assert.deepEqual(crm, crmBefore, `"Update CRM" per event before the restart ${JSON.stringify(crmBefore)}, after ${JSON.stringify(crm)}`);
		return `${answers.length} copies: ${describeAnswers(answers)} by the trigger; ${after.count - before.count} executions started, all ended at the trigger`;
	});
}

async function restartUnderWaitingCalls(t, env, { count = 50 } = {}) {
	const { cluster, session, sim, server } = env;
	const wf = env.workflows[WAIT_FILE];
	const hookPath = wf.workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook').parameters.path;
	sim.reset();
	sim.configure({ callOutcome: 'PENDING' });
	const before = new Set((await h.listExecutions(session, wf.id, { limit: 200 })).results.map((e) => e.id));
	const waiting = new Map(); // executionId → callId

	const placed = await t.check(`restart: ${count} Start and Wait for Outcome executions placed their calls and wait`, async () => {
		const answers = await inBatches(Array.from({ length: count }, (_, i) => i), 10, (i) =>
			postJson(`${server.url}/webhook/${hookPath}`, { name: `Caller ${i}`, phone: `+1 415 555 ${String(1000 + i)}`, orderId: `R-${i}` }),
		);
		for (const r of answers) assert.equal(r.status, 200, r.text);
		await waitFor(`${count} calls placed`, () => requestsTo(sim.requests, 'POST', '/v1/voice-agents/twilio/call').length >= count, { timeoutMs: 120000, intervalMs: 250 });
		const list = await h.waitForExecutions(session, wf.id, {
			predicate: (l) => l.results.filter((e) => !before.has(e.id) && e.status === 'waiting').length >= count,
			timeoutMs: 120000,
			intervalMs: 500,
		});
		const fresh = list.results.filter((e) => !before.has(e.id));
		assert.equal(fresh.length, count, JSON.stringify(fresh.map((e) => e.status)));
		for (const call of sim.calls.values()) {
			const executionId = new URL(call.webhookUrl).pathname.split('/')[2];
			waiting.set(executionId, call.id);
		}
		assert.equal(waiting.size, count, `${waiting.size} distinct resume URLs`);
		for (const e of fresh) assert.ok(waiting.has(e.id), `execution ${e.id} placed no call`);
		return `${count} executions waiting, ${sim.calls.size} calls`;
	});
	if (!placed) return;

	const restarted = await t.check('restart: every n8n process (main, 2 workers, 2 webhook processes) stopped and started again', async () => {
		const t0 = Date.now();
		await cluster.restart();
		const list = await h.listExecutions(session, wf.id, { limit: 200 });
		const stillWaiting = list.results.filter((e) => waiting.has(e.id) && e.status === 'waiting').length;
		assert.equal(stillWaiting, count, `${stillWaiting} of ${count} still waiting after the restart`);
		return `${((Date.now() - t0) / 1000).toFixed(1)} s; all ${count} still waiting`;
	});
	if (!restarted) return;

	await repeatsAfterRestart(t, env);

	await t.check(`restart: then the ${count} calls end, each call.ended delivered twice (half one after the other, half to both webhook processes at once) → all ${count} resume and finish once, with their own call`, async () => {
		sim.configure({ duplicateWebhooks: true });
		const calls = [...sim.calls.values()];
		const half = Math.ceil(calls.length / 2);
		// First half: the simulator ends the calls and, as Hamsa may, sends each call.ended twice (through the proxy).
		for (let i = 0; i < half; i += 10) {
			for (const call of calls.slice(i, Math.min(i + 10, half))) sim.hamsa.calls.finish(call, 'COMPLETED');
			await sim.webhooksIdle();
		}
		// Second half: the same call.ended to both webhook processes at the same moment.
		const paired = await inBatches(calls.slice(half), 5, async (call) => {
			const url = new URL(call.webhookUrl);
			const event = callEndedEvent(call.id, { name: call.params.customerName || 'Caller' });
			const authorization = `${call.webhookAuth.authKey} ${call.webhookAuth.authSecret}`;
			return Promise.all(cluster.webhooks.map((w) => postJson(`${w.url}${url.pathname}${url.search}`, event, { headers: { authorization } })));
		});
		const pairAnswers = {};
		for (const pair of paired) {
			const key = pair.map((r) => r.status).sort().join('+');
			pairAnswers[key] = (pairAnswers[key] || 0) + 1;
		}
		const list = await h.waitForExecutions(session, wf.id, {
			predicate: (l) => l.results.filter((e) => waiting.has(e.id) && FINAL.includes(e.status)).length >= count,
			timeoutMs: 180000,
			intervalMs: 1000,
		});
		const mine = list.results.filter((e) => waiting.has(e.id));
		const statuses = mine.map((e) => e.status);
		assert.deepEqual([...new Set(statuses)], ['success'], JSON.stringify(statuses));
		const total = list.results.filter((e) => !before.has(e.id)).length;
		assert.equal(total, count, `${total} executions, expected ${count}: a call.ended started another`);
		for (const e of mine) {
			const { runData } = await executionRunData(session, e.id);
			assert.equal((runData['After Call'] || []).length, 1, `execution ${e.id}: After Call ran ${(runData['After Call'] || []).length} times`);
			const [item] = storedOutput(runData, 'After Call');
			assert.equal(item.callId, waiting.get(e.id), `execution ${e.id} resumed with call ${item.callId}`);
			assert.equal(item.finished, true);
		}
		const ended = sim.webhookDeliveries.filter((d) => d.eventType === 'call.ended');
		const byStatus = {};
		for (const d of ended) byStatus[`copy ${d.copy}: ${d.status || d.error}`] = (byStatus[`copy ${d.copy}: ${d.status || d.error}`] || 0) + 1;
		const firsts = ended.filter((d) => d.copy === 1);
		assert.equal(firsts.length, half, `${firsts.length} first copies of call.ended delivered by the simulator, expected ${half}`);
		assert.ok(firsts.every((d) => d.status === 200), `first copies: ${JSON.stringify(firsts.map((d) => d.status))}`);
		for (const pair of paired) assert.ok(pair.some((r) => r.status === 200), `a pair with no 200: ${pair.map((r) => `${r.status} ${r.text}`).join(' | ')}`);
		return `${count}/${count} success, "After Call" once each with its own call; one after the other: ${JSON.stringify(byStatus)}; at once (HTTP status pairs): ${JSON.stringify(pairAnswers)}`;
	});
	sim.configure({ duplicateWebhooks: false, callOutcome: 'COMPLETED' });
}

/** The worker whose log says it started this execution. */
function workerRunning(cluster, executionId) {
	return cluster.workers.find((w) => w.logs().includes(`Worker started execution ${executionId} `));
}

/**
 * Holds one service request open (the simulator's "hang" fault), kills the
 * worker running that execution with SIGKILL, waits past n8n's stall
 * detection, and checks the request was never sent again.
 */
async function killMidRequest(t, env, { label, workflowFile, path: hookPath, body, hangPath, method = 'POST' }) {
	const { cluster, session, sim, server } = env;
	const wf = env.workflows[workflowFile];
	sim.reset();
	sim.addFault({ method, path: hangPath, hang: true });
	const before = new Set((await h.listExecutions(session, wf.id, { limit: 200 })).results.map((e) => e.id));
	await t.check(`worker killed (SIGKILL) in the middle of ${label}: n8n does not run it again; ${hangPath} was sent once`, async () => {
		const answer = postJson(`${server.url}/webhook/${hookPath}`, body).catch((e) => ({ status: 0, text: e.message }));
		await waitFor(`${hangPath} to arrive`, () => requestsTo(sim.requests, method, hangPath).length > 0, { timeoutMs: 60000, intervalMs: 100 });
		const running = await h.waitForExecutions(session, wf.id, { predicate: (l) => l.results.some((e) => !before.has(e.id)), timeoutMs: 30000 });
		const execution = running.results.find((e) => !before.has(e.id));
		const worker = await waitFor(`the worker running execution ${execution.id}`, () => workerRunning(cluster, execution.id), { timeoutMs: 15000, intervalMs: 200 });
		const killedAt = Date.now();
		await worker.kill('SIGKILL');
		cluster.workers.splice(cluster.workers.indexOf(worker), 1);
		const replacement = cluster.startWorker();
		const reply = await answer;
		const repliedS = ((Date.now() - killedAt) / 1000).toFixed(1);
		// Past Bull's lock (15 s here) and stall check (5 s), and a margin for a retry that must not come.
		await sleep(Math.max(0, 30000 - (Date.now() - killedAt)));
		await replacement;
		const final = await h.getExecution(session, execution.id);
		const { error } = await executionRunData(session, execution.id).catch(() => ({}));
		const sent = requestsTo(sim.requests, method, hangPath).length;
		assert.equal(sent, 1, `${hangPath} was sent ${sent} times`);
		const later = (await h.listExecutions(session, wf.id, { limit: 200 })).results.filter((e) => !before.has(e.id));
		assert.equal(later.length, 1, `${later.length} executions: ${JSON.stringify(later.map((e) => `${e.id}:${e.status}`))}`);
		assert.notEqual(final.status, 'success');
		const after = sim.requests.filter((r) => r.path !== hangPath).map((r) => `${r.method} ${r.path}`);
		return `execution ${execution.id} ended "${final.status}"${error && error.message ? ` (${String(error.message).slice(0, 120)})` : ''}; the caller got HTTP ${reply.status} ${String(reply.text).slice(0, 80)} ${repliedS} s after the kill; ${hangPath} sent once; other requests: ${after.join(', ') || 'none'}`;
	});
	sim.clearFaults();
}

async function killedWorker(t, env) {
	// The same ask-and-sms request twice: the worker dies in its Ask, then in its Send SMS.
	const askAndSms = { workflowFile: 'ask-and-sms.json', path: 'ask-sms', body: { question: 'Will this question be asked twice?', phone: '+44 20 7946 0018' } };
	await killMidRequest(t, env, { ...askAndSms, label: 'an Ask (ask-and-sms example)', hangPath: '/chat/Chat/ClientAsk' });
	await killMidRequest(t, env, { ...askAndSms, label: 'a Send SMS (ask-and-sms example)', hangPath: '/chat/Chatbot/SendTwilioMessage' });
	await killMidRequest(t, env, {
		label: 'a Start call (CRM example)',
		workflowFile: 'crm-lead-to-voice-call.json',
		path: 'new-lead',
		body: { name: 'Ada Lovelace', phone: '+1 (415) 555-0199', interest: 'solar panels' },
		hangPath: '/v1/voice-agents/twilio/call',
	});
}

module.exports = { loadQueueWorkflows, requestsSpread, repeatsAcrossProcesses, repeatsAfterRestart, restartUnderWaitingCalls, killedWorker };
