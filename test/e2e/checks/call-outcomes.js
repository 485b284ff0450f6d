'use strict';
// Call outcomes in a running n8n: the Hamsa Trigger on its production URL
// (auth, repeated and unselected events), and Hamsa Voice Call → Start and
// Wait for Outcome, whose execution waits in n8n's database until Hamsa's
// call.ended reaches the execution's resume URL, or until n8n's wait tracker
// resumes it at the time limit.
//
// The time limit is slow by nature: n8n's WaitTracker (wait-tracker.ts) looks
// for executions due within 70 s once at startup and then every 60 s, so a
// wait that begins in a running server is resumed up to a minute after its
// limit. startTimeLimit() therefore starts that run in the CLI phase, before
// `n8n start`: the tracker's look at startup picks it up and resumes it at its
// limit while the other server checks run; finishTimeLimit() collects it last.
// The limit (1 min) falls after the servers are up: in queue mode a worker that
// starts while the resumed execution runs may mark it crashed (seen once with
// 30 s, when it resumed 4 s before the cluster was ready).

const crypto = require('node:crypto');
const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { requestsTo, expectAuth, postJson, waitFor, executionRunData, keys, ids } = require('./util');
const { N8N_E2E_VERSION } = require('../lib/install');

const TRIGGER_FILE = 'hamsa-trigger-call-ended.json';
const WAIT_FILE = 'call-and-wait.json';
const LIMIT_FILE = 'call-and-wait-time-limit.json';
const WAIT_NODE = 'Call and Wait';
const EARLY_EVENTS = ['call.started', 'call.answered', 'transcription.update', 'transcription.update'];
// Long enough that n8n has saved the execution as waiting before call.started
// arrives (at 10 % of the call): an event that comes earlier is answered 409
// "The execution is running already" (seen with a 400 ms call).
// 5 s leaves call.started 500 ms after the call, several times what saving takes on a loaded machine.
const CALL_DURATION_MS = 5000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Each output of a node's last run in a stored execution, as arrays of json. */
function storedOutputs(runData, node) {
	const runs = runData[node];
	if (!runs || !runs.length) return undefined;
	const main = (runs[runs.length - 1].data && runs[runs.length - 1].data.main) || [];
	return main.map((items) => (items || []).map((i) => i.json));
}

/** A call.ended event shaped like Hamsa's (and the simulator's). */
function callEndedEvent(callId, { timestamp = new Date().toISOString(), name = 'Ada Lovelace' } = {}) {
	return {
		eventType: 'call.ended',
		callId,
		timestamp,
		projectId: '7a1c9e52-3b8d-4f60-9e2a-5d4c3b2a1f00',
		agentId: ids.VOICE_AGENT,
		agentName: 'Appointment Reminder',
		data: {
			timestamp,
			status: 'COMPLETED',
			callDuration: 47,
			data: {
				conversationId: callId,
				conversationRecording: `https://recordings.example.test/${callId}.mp3`,
				transcription: [{ Agent: `Hi ${name}, this is the clinic.` }, { User: 'Hi, go ahead.' }, { Agent: 'See you Thursday at 3 pm.' }],
				outcomeResult: { name, interested: true, appointmentTime: '2026-12-03T15:00:00.000Z' },
			},
		},
	};
}

async function hamsaTrigger(t, env) {
	const { server, session, sim, workflows } = env;
	const wf = workflows[TRIGGER_FILE];
	const trigger = wf.workflow.nodes.find((n) => n.type.endsWith('.hamsaTrigger'));
	// n8n's production path for a webhook of a node with a webhookId: /webhook/<webhookId>/<description path>.
	const url = `${server.url}/webhook/${trigger.webhookId}/hamsa`;
	const authorization = `${trigger.parameters.authKey} ${trigger.parameters.authSecret}`;
	const first = callEndedEvent(crypto.randomUUID());
	let sent = 0;
	const post = (event, opts) => {
		sent++;
		return sim.postWebhook(url, event, opts);
	};
	sim.reset();

	const ok = await t.check('Hamsa Trigger (production URL): call.ended with the right Authorization → 200 {"received": true} and one execution with the flattened call', async () => {
		const r = await post(first, { authorization });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		assert.deepEqual(r.body, { received: true });
		const list = await h.waitForExecutions(session, wf.id, { count: 1 });
		assert.equal(list.count, 1, JSON.stringify(list.results.map((e) => e.status)));
		const [execution] = list.results;
		assert.equal(execution.status, 'success');
		assert.equal(execution.mode, 'webhook');
		const { runData } = await executionRunData(session, execution.id);
		const [[item]] = storedOutputs(runData, 'Hamsa Trigger');
		assert.equal(item.callId, first.callId);
		assert.equal(item.eventType, 'call.ended');
		assert.equal(item.status, 'COMPLETED');
		assert.equal(item.timestamp, first.timestamp);
		assert.equal(item.agentId, ids.VOICE_AGENT);
		assert.equal(item.callDuration, 47);
		assert.equal(item.transcript, 'Agent: Hi Ada Lovelace, this is the clinic.\nUser: Hi, go ahead.\nAgent: See you Thursday at 3 pm.');
		assert.deepEqual(item.transcription, first.data.data.transcription);
		assert.deepEqual(item.outcome, first.data.data.outcomeResult);
		assert.equal(item.recordingUrl, first.data.data.conversationRecording);
		assert.match(item.deliveryId, /^[A-Za-z0-9_-]{22}$/, 'a stable deliveryId for Remove Duplicates');
		assert.deepEqual(item.event, first, 'the raw event (Include Raw Event defaults to on)');
		assert.deepEqual(storedOutputs(runData, 'Outcome Received'), [[item]]);
		return `execution ${execution.id}`;
	});
	if (!ok) return;

	await t.check('Hamsa Trigger: wrong secret, Auth Key without secret, or no Authorization → 401', async () => {
		const forged = callEndedEvent(crypto.randomUUID());
		for (const [label, value] of [
			['wrong secret', `${trigger.parameters.authKey} not-the-secret`],
			['key only', trigger.parameters.authKey],
			['secret only', trigger.parameters.authSecret],
			['none', undefined],
		]) {
			const r = await post(forged, value === undefined ? {} : { authorization: value });
			assert.equal(r.status, 401, `${label}: ${r.status} ${JSON.stringify(r.body)}`);
		}
	});

	// Copies the trigger accepted although they repeat `first`: in queue mode,
	// a copy at the webhook process that did not see the first is let through,
	// and its execution ends at the trigger (n8n's de-duplication store).
	let repeatsLetThrough = 0;
	await t.check('Hamsa Trigger: the same event again (callId, eventType, timestamp) → 200 acknowledged as a repeat', async () => {
		if (!env.queue) {
			const r = await post(first, { authorization });
			assert.equal(r.status, 200);
			assert.deepEqual(r.body, { received: true, ignored: 'repeated delivery' });
			return undefined;
		}
		// Which webhook process took the first copy is the proxy's choice: send the repeat to each.
		const answers = [];
		for (const w of env.cluster.webhooks) {
			sent++;
			answers.push(await sim.postWebhook(`${w.url}/webhook/${trigger.webhookId}/hamsa`, first, { authorization }));
		}
		for (const r of answers) assert.equal(r.status, 200, JSON.stringify(r.body));
		const repeats = answers.filter((r) => r.body && r.body.ignored === 'repeated delivery');
		assert.ok(repeats.length >= 1, `no webhook process recognised the repeat: ${JSON.stringify(answers.map((r) => r.body))}`);
		for (const r of answers) if (!repeats.includes(r)) assert.deepEqual(r.body, { received: true });
		repeatsLetThrough = answers.length - repeats.length;
		return `${repeats.length} of ${answers.length} webhook processes answered "repeated delivery"; ${repeatsLetThrough} let it through to n8n's de-duplication store`;
	});

	await t.check('Hamsa Trigger: an event type not selected (call.started) → 200 acknowledged, ignored', async () => {
		const started = { eventType: 'call.started', callId: first.callId, timestamp: new Date().toISOString(), data: { status: 'IN_PROGRESS' } };
		const r = await post(started, { authorization });
		assert.equal(r.status, 200);
		assert.deepEqual(r.body, { received: true, ignored: 'event type "call.started" is not selected' });
	});

	await t.check('Hamsa Trigger: a second call\'s call.ended starts a second execution; exactly 2 executions get past the trigger', async () => {
		const second = callEndedEvent(crypto.randomUUID(), { name: 'Grace Hopper' });
		const r = await post(second, { authorization });
		assert.equal(r.status, 200, JSON.stringify(r.body));
		const expected = 2 + repeatsLetThrough;
		await h.waitForExecutions(session, wf.id, { count: expected });
		// Time for a stray execution (from the refused, repeated or ignored events) to show up.
		await sleep(1000);
		const list = await h.listExecutions(session, wf.id);
		assert.equal(list.count, expected, JSON.stringify(list.results.map((e) => `${e.id}:${e.status}`)));
		assert.ok(list.results.every((e) => e.status === 'success' && e.mode === 'webhook'), JSON.stringify(list.results));
		const reached = [];
		for (const e of list.results) {
			const { runData } = await executionRunData(session, e.id);
			const outputs = storedOutputs(runData, 'Outcome Received');
			if (outputs) reached.push({ id: Number(e.id), item: outputs[0][0] });
		}
		assert.equal(reached.length, 2, `"Outcome Received" ran in ${reached.length} executions, not 2`);
		const newest = reached.reduce((a, b) => (a.id > b.id ? a : b));
		assert.equal(newest.item.callId, second.callId);
		assert.equal(newest.item.outcome.name, 'Grace Hopper');
		const atTrigger = list.count - reached.length;
		return `${list.count} executions for ${sent} requests${atTrigger ? ` (${atTrigger} ended at the trigger as a repeat)` : ''}`;
	});
}

/** The secret Start and Wait gives Hamsa for a resume URL (resumeWebhook.ts): HMAC of "<execution>/<node>". */
function resumeSecret(executionId, nodeId) {
	return crypto.createHmac('sha256', keys.HAMSA).update(`hamsa-resume:${executionId}/${nodeId}`).digest('hex');
}

/**
 * POSTs to a Start and Wait workflow's Webhook and waits until its execution
 * is stored as waiting. Returns the execution id and the call request Hamsa got.
 */
async function placeWaitingCall(env, wf, body) {
	const { server, session, sim } = env;
	const r = await postJson(`${server.url}/webhook/${wf.workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook').parameters.path}`, body);
	assert.equal(r.status, 200, r.text);
	const list = await h.waitForExecutions(session, wf.id, {
		predicate: (l) => l.results.some((e) => e.status !== 'running' && e.status !== 'new'),
		intervalMs: 50,
	});
	assert.equal(list.count, 1, JSON.stringify(list.results.map((e) => e.status)));
	const [execution] = list.results;
	assert.equal(execution.status, 'waiting', `execution ${execution.id} is ${execution.status}, not waiting`);
	const [request] = requestsTo(sim.requests, 'POST', '/v1/voice-agents/twilio/call', 1);
	return { executionId: execution.id, request, waitingAt: Date.now() };
}

/** The resume URL the node gave Hamsa, checked against this execution and node. */
function expectResumeUrl(origin, request, executionId, node) {
	const url = new URL(request.body.webhookUrl);
	assert.equal(url.origin, origin, request.body.webhookUrl);
	assert.equal(url.pathname, `/webhook-waiting/${executionId}/${node.id}`);
	// n8n 2.x signs resume URLs: $execution.resumeUrl carries ?signature=<the execution's resume token>.
	// n8n 1.x does not sign them.
	if (N8N_E2E_VERSION === '1') assert.equal(url.search, '', request.body.webhookUrl);
	else assert.ok(url.searchParams.get('signature'), `no signature in ${request.body.webhookUrl}`);
	assert.deepEqual(request.body.webhookAuth, { authKey: 'Bearer', authSecret: resumeSecret(executionId, node.id) });
	return url;
}

async function callAndWait(t, env) {
	const { session, sim, workflows } = env;
	const wf = workflows[WAIT_FILE];
	const node = wf.workflow.nodes.find((n) => n.name === WAIT_NODE);
	const lead = { name: 'Ada Lovelace', phone: '+1 415 555 0142', orderId: 'A-1042' };
	sim.reset();
	sim.configure({ callDurationMs: CALL_DURATION_MS });

	// The execution's status right after each earlier event was answered.
	const sampled = [];
	const onDelivery = (entry) => {
		if (entry.eventType !== 'call.ended') {
			sampled.push(h.listExecutions(session, wf.id).then((l) => ({ eventType: entry.eventType, statuses: l.results.map((e) => e.status) })));
		}
	};
	sim.on('webhookDelivery', onDelivery);

	let placed;
	let callId;
	try {
		const ok = await t.check('Start and Wait: the call carries the execution\'s resume URL (/webhook-waiting/<execution>/<node>) and Bearer HMAC auth; execution waits', async () => {
			placed = await placeWaitingCall(env, wf, lead);
			const { request, executionId } = placed;
			expectAuth(request);
			assert.equal(request.body.toNumber, '+14155550142');
			assert.equal(request.body.twilioPhoneNumber, ids.TWILIO_NUMBER);
			assert.equal(request.body.voiceAgentId, ids.VOICE_AGENT);
			assert.deepEqual(request.body.params, { customerName: lead.name, orderId: lead.orderId });
			const url = expectResumeUrl(env.server.url, request, executionId, node);
			callId = [...sim.calls.values()][0].id;
			return `execution ${executionId}, ${url.pathname}; seen waiting ${placed.waitingAt - request.at} ms after Hamsa got the call`;
		});
		if (!ok) return;

		await t.check('Start and Wait: while it waits, a forged call.ended (wrong secret, API key as secret, none) → 401; still waiting', async () => {
			const forged = callEndedEvent(callId);
			for (const [label, value] of [
				['wrong secret', 'Bearer not-the-secret'],
				['the API key as secret', `Bearer ${keys.HAMSA}`],
				['none', undefined],
			]) {
				const r = await sim.postWebhook(placed.request.body.webhookUrl, forged, value === undefined ? {} : { authorization: value });
				assert.equal(r.status, 401, `${label}: ${r.status} ${JSON.stringify(r.body)}`);
			}
			assert.notEqual(sim.calls.get(callId).status, 'COMPLETED', 'the call ended before the forged events were sent: lengthen CALL_DURATION_MS');
			const execution = await h.getExecution(session, placed.executionId);
			assert.equal(execution.status, 'waiting');
		});

		await t.check('Start and Wait: while it waits, call.ended of another call with the right Authorization → 200 acknowledged and ignored; still waiting', async () => {
			const call = sim.calls.get(callId);
			assert.notEqual(call.status, 'COMPLETED', 'the call ended before the other call\'s event was sent: lengthen CALL_DURATION_MS');
			const other = callEndedEvent(crypto.randomUUID(), { name: 'Someone Else' });
			const r = await sim.postWebhook(placed.request.body.webhookUrl, other, { authorization: `Bearer ${call.webhookAuth.authSecret}` });
			assert.equal(r.status, 200, JSON.stringify(r.body));
			assert.deepEqual(r.body, { received: true, ignored: 'call.ended of another call', waitingFor: 'call.ended' });
			const execution = await h.getExecution(session, placed.executionId);
			assert.equal(execution.status, 'waiting');
			return `its own call ${callId} still ${sim.calls.get(callId).status}`;
		});

		await t.check('Start and Wait: call.started, call.answered, transcription.update answered 200 and left it waiting; call.ended resumed it', async () => {
			await waitFor('the call to end', () => sim.calls.get(callId).status === 'COMPLETED', { timeoutMs: 15000 });
			await sim.webhooksIdle();
			const deliveries = sim.webhookDeliveries.filter((d) => d.callId === callId);
			assert.deepEqual(deliveries.map((d) => d.eventType), [...EARLY_EVENTS, 'call.ended']);
			for (const d of deliveries) {
				assert.equal(d.url, placed.request.body.webhookUrl);
				assert.equal(d.status, 200, `${d.eventType}: ${d.status} ${d.error || ''}`);
			}
			const samples = await Promise.all(sampled);
			assert.equal(samples.length, EARLY_EVENTS.length);
			for (const s of samples) assert.deepEqual(s.statuses, ['waiting'], `after ${s.eventType}: ${JSON.stringify(s.statuses)}`);
			// Hamsa's delivery is answered as soon as n8n takes the resume, while the
			// rest of the workflow may still be running: wait for a final status.
			const list = await h.waitForExecutions(session, wf.id, {
				predicate: (l) => l.results.length > 0 && l.results.every((e) => !['new', 'running', 'waiting'].includes(e.status)),
				intervalMs: 100,
			});
			assert.equal(list.count, 1);
			assert.equal(list.results[0].id, placed.executionId);
			assert.equal(list.results[0].status, 'success');
			const ended = deliveries[deliveries.length - 1];
			assert.ok(Date.parse(list.results[0].stoppedAt) >= ended.at, `stopped ${list.results[0].stoppedAt}, call.ended sent ${new Date(ended.at).toISOString()}`);
			return `${deliveries.length} deliveries, all HTTP 200; waiting after each of the ${samples.length} earlier events`;
		});

		await t.check('Start and Wait: the next node got the finished call: COMPLETED, transcript and outcome (params echoed)', async () => {
			const { runData, error } = await executionRunData(session, placed.executionId);
			assert.equal(error, undefined, error && error.message);
			assert.ok(runData['After Call'], `"After Call" did not run; nodes that ran: ${Object.keys(runData).join(', ')}`);
			const [[item]] = storedOutputs(runData, 'After Call');
			assert.equal(item.callId, callId);
			// Simplify (the default): the call's fields and the wait's flags, not Hamsa's raw call.ended event.
			assert.equal(item.event, undefined);
			assert.equal(item.eventType, undefined);
			assert.equal(item.status, 'COMPLETED');
			assert.equal(item.finished, true);
			assert.equal(item.timedOut, false);
			assert.match(item.transcript, /^Agent: Hi Ada Lovelace, this is Appointment Reminder/);
			assert.match(item.transcript, /\nUser: Sure, Thursday at 3 pm works for me\.\nAgent: Great, you are booked/);
			assert.equal(item.outcome.customerName, lead.name);
			assert.equal(item.outcome.orderId, lead.orderId);
			assert.equal(item.outcome.interested, true);
			assert.equal(item.recordingUrl, sim.calls.get(callId).mediaUrl);
			return `interested: ${item.outcome.interested}, ${item.transcript.split('\n').length} transcript lines`;
		});

		await t.check('Start and Wait: a repeated call.ended after the run finished is refused and starts nothing', async () => {
			const call = sim.calls.get(callId);
			const authorization = `Bearer ${call.webhookAuth.authSecret}`;
			const r = await sim.postWebhook(placed.request.body.webhookUrl, callEndedEvent(callId), { authorization });
			assert.equal(r.status, 409, `${r.status} ${JSON.stringify(r.body)}`);
			await sleep(300);
			const list = await h.listExecutions(session, wf.id);
			assert.deepEqual(list.results.map((e) => `${e.id}:${e.status}`), [`${placed.executionId}:success`]);
			return `HTTP ${r.status}`;
		});
	} finally {
		sim.removeListener('webhookDelivery', onDelivery);
	}
}

/**
 * CLI phase (server stopped): `n8n execute` runs the time-limit workflow, whose
 * call stays PENDING (no events). The node puts the execution to wait and the
 * CLI exits; the execution stays in the database as waiting. When `n8n start`
 * comes up, its wait tracker's first look (at startup) schedules it for its
 * time limit, which falls while the other server checks run, so the slow part
 * costs the suite almost nothing. Resolves to what finishTimeLimit needs, or null.
 */
async function startTimeLimit(t, env) {
	const { ctx, sim, workflows } = env;
	const wf = workflows[LIMIT_FILE];
	const node = wf.workflow.nodes.find((n) => n.name === WAIT_NODE);
	let pending = null;
	sim.reset();
	sim.configure({ callOutcome: 'PENDING' });
	await t.check(`Start and Wait, time limit ${node.parameters.timeLimitMinutes} min, under \`n8n execute\`: call placed with the resume URL, execution stored as waiting`, async () => {
		const run = await h.executeWorkflow(ctx, wf.id);
		assert.equal(run.status, 'waiting', `status ${run.status} ${run.error ? run.error.message : ''}`);
		assert.ok(run.output.waitTill, 'no waitTill in the run');
		const [request] = requestsTo(sim.requests, 'POST', '/v1/voice-agents/twilio/call', 1);
		expectAuth(request);
		assert.deepEqual(request.body.params, { customerName: 'Alan Turing', orderId: 'T-0001' });
		const executionId = new URL(request.body.webhookUrl).pathname.split('/')[2];
		const url = expectResumeUrl(ctx.url, request, executionId, node);
		const waitTill = Date.parse(run.output.waitTill);
		const limitMs = node.parameters.timeLimitMinutes * 60000;
		assert.ok(Math.abs(waitTill - (request.at + limitMs)) < 5000, `waitTill ${run.output.waitTill}, call placed ${new Date(request.at).toISOString()}`);
		pending = { executionId, placedAt: request.at, waitTill, wf };
		return `execution ${executionId} waits till ${run.output.waitTill}; ${url.pathname}`;
	});
	sim.reset();
	return pending;
}

async function finishTimeLimit(t, env, pending) {
	if (!pending) return;
	const { session, serverReadyAt } = env;
	const { wf, executionId, placedAt, waitTill } = pending;
	await t.check('Start and Wait, time limit: n8n start\'s wait tracker resumed it at its limit, passing the input item on (no finished flag)', async () => {
		const waitStarted = Date.now();
		const list = await h.waitForExecutions(session, wf.id, { count: 1, timeoutMs: 150000, intervalMs: 500 });
		const waited = Date.now() - waitStarted;
		assert.equal(list.count, 1);
		const [execution] = list.results;
		assert.equal(execution.id, executionId);
		assert.equal(execution.status, 'success');
		const stoppedAt = Date.parse(execution.stoppedAt);
		assert.ok(stoppedAt >= waitTill, `stopped ${execution.stoppedAt} before its limit ${new Date(waitTill).toISOString()}`);
		const { runData, error } = await executionRunData(session, executionId);
		assert.equal(error, undefined, error && error.message);
		assert.ok(runData['After Call'], `"After Call" did not run; nodes that ran: ${Object.keys(runData).join(', ')}`);
		// n8n resumes a wait that ran out of time by passing the node's input on unchanged.
		const [[item]] = storedOutputs(runData, 'After Call');
		assert.deepEqual(item, { name: 'Alan Turing', phone: '+44 20 7946 0958', orderId: 'T-0001' });
		const late = ((stoppedAt - waitTill) / 1000).toFixed(1);
		const total = ((stoppedAt - placedAt) / 1000).toFixed(1);
		const sinceReady = ((stoppedAt - serverReadyAt) / 1000).toFixed(1);
		return `finished ${total} s after the call was placed, ${late} s after its limit, ${sinceReady} s after n8n was ready; this check waited ${(waited / 1000).toFixed(1)} s`;
	});
}

module.exports = { hamsaTrigger, callAndWait, startTimeLimit, finishTimeLimit, callEndedEvent };
