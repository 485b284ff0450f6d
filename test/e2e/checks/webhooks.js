'use strict';
// Published webhook examples answering on their production URLs of a running
// n8n: CRM lead → Hamsa call (and Hamsa's events back into the Hamsa
// Trigger), and question → HotTask answer → SMS.

const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { requestsTo, expectAuth, defaultAnswer, postJson, waitFor, executionRunData, storedOutput, keys, ids } = require('./util');

const SECRET = 'replace-with-a-long-random-secret';

async function crmLeadToCall(t, env) {
	const { server, session, sim, workflows } = env;
	const wf = workflows['crm-lead-to-voice-call.json'];
	const trigger = wf.workflow.nodes.find((n) => n.type.endsWith('.hamsaTrigger'));
	const triggerUrl = `${server.url}/webhook/${trigger.webhookId}/hamsa`;
	const lead = { name: 'Ada Lovelace', phone: '+1 (415) 555-0199', interest: 'solar panels' };
	sim.reset();

	let response;
	let callId;
	const ok = await t.check('CRM example: POST /webhook/new-lead answers with the started call', async () => {
		response = await postJson(`${server.url}/webhook/new-lead`, lead);
		assert.equal(response.status, 200, response.text);
		const body = response.json;
		assert.ok(body && typeof body.callId === 'string', response.text);
		assert.equal(body.status, 'PENDING');
		// Simplify (the default): the call's id, status, numbers and agent; the trigger URL Hamsa got is checked below.
		assert.deepEqual(Object.keys(body), ['callId', 'status', 'toNumber', 'fromNumber', 'voiceAgentId', 'agentName']);
		assert.equal(body.webhookAuth, undefined, 'the webhook secret leaked into the output');
		callId = body.callId;
		return `callId ${callId}`;
	});
	if (!ok) return;

	await t.check('CRM example: Hamsa got the lead as params, normalised number, trigger URL and webhook auth', async () => {
		const [r] = requestsTo(sim.requests, 'POST', '/v1/voice-agents/twilio/call', 1);
		expectAuth(r);
		assert.equal(r.headers.authorization, `Token ${keys.HAMSA}`);
		assert.deepEqual(r.body, {
			toNumber: '+14155550199',
			twilioPhoneNumber: ids.TWILIO_NUMBER,
			agentDetails: { agentName: 'Sara' },
			voiceAgentId: ids.VOICE_AGENT,
			params: { name: lead.name, phone: lead.phone, interest: lead.interest },
			webhookUrl: triggerUrl,
			webhookAuth: { authKey: 'Bearer', authSecret: SECRET },
		});
		assert.equal(sim.requests.length, 1);
	});

	await t.check('CRM example: Hamsa\'s call events reached the Hamsa Trigger and were accepted', async () => {
		await waitFor('the call to end', () => ['COMPLETED'].includes(sim.calls.get(callId).status));
		await sim.webhooksIdle();
		const deliveries = sim.webhookDeliveries.filter((d) => d.callId === callId);
		assert.deepEqual(
			deliveries.map((d) => d.eventType),
			['call.started', 'call.answered', 'transcription.update', 'transcription.update', 'call.ended'],
		);
		for (const d of deliveries) {
			assert.equal(d.url, triggerUrl);
			assert.equal(d.status, 200, `${d.eventType}: ${d.status} ${d.error || ''}`);
		}
		return `${deliveries.length} deliveries, all HTTP 200`;
	});

	let executions;
	await t.check('CRM example: call.ended started the workflow; the outcome item names the lead', async () => {
		// One execution from the lead's webhook, one from call.ended; the other events are only acknowledged.
		executions = await h.waitForExecutions(session, wf.id, { count: 2 });
		assert.equal(executions.count, 2, JSON.stringify(executions.results.map((e) => e.status)));
		assert.ok(executions.results.every((e) => e.status === 'success' && e.mode === 'webhook'));
		let outcome;
		for (const e of executions.results) {
			const { runData } = await executionRunData(session, e.id);
			if (runData['Call Outcome for CRM']) outcome = storedOutput(runData, 'Call Outcome for CRM');
		}
		assert.ok(outcome, 'no execution ran "Call Outcome for CRM"');
		assert.equal(outcome.length, 1);
		const [item] = outcome;
		assert.equal(item.callId, callId);
		assert.equal(item.status, 'COMPLETED');
		assert.equal(item.leadName, lead.name);
		assert.equal(item.leadPhone, lead.phone);
		assert.equal(item.interest, lead.interest);
		assert.equal(typeof item.interested, 'boolean');
		assert.ok(item.transcript.length > 0 && /Agent: /.test(item.transcript), item.transcript);
		assert.match(item.recordingUrl, /^https?:\/\//);
		return `interested: ${item.interested}`;
	});

	await t.check('CRM example: an event with the wrong Authorization is refused (401) and starts nothing', async () => {
		const event = { eventType: 'call.ended', callId: 'forged', timestamp: new Date().toISOString(), data: { status: 'COMPLETED' } };
		const bad = await sim.postWebhook(triggerUrl, event, { authorization: 'Bearer not-the-secret' });
		assert.equal(bad.status, 401);
		const none = await sim.postWebhook(triggerUrl, event, {});
		assert.equal(none.status, 401);
		await new Promise((r) => setTimeout(r, 500));
		const after = await h.listExecutions(session, wf.id);
		assert.equal(after.count, executions ? executions.count : 2);
	});
}

async function askAndSms(t, env) {
	const { server, sim } = env;
	sim.reset();
	const question = 'When are you open?';
	await t.check('ask-and-sms example: POST /webhook/ask-sms answers {answer, sentTo, smsSent, sessionId}', async () => {
		const r = await postJson(`${server.url}/webhook/ask-sms`, { question, phone: '0044 20 7946 0018' });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, { answer: defaultAnswer(question), sentTo: '+442079460018', smsSent: true, sessionId: r.json.sessionId, smsSegments: 1 });
		assert.ok(Number.isInteger(r.json.sessionId));
	});
	await t.check('ask-and-sms example: GetSession → ClientAsk → SendTwilioMessage with the answer, right key on each', async () => {
		assert.deepEqual(sim.requests.map((r) => `${r.method} ${r.path}`), [
			'POST /chat/Chatbot/GetSession',
			'POST /chat/Chat/ClientAsk',
			'POST /chat/Chatbot/SendTwilioMessage',
		]);
		const [session, ask, sms] = sim.requests;
		for (const r of sim.requests) expectAuth(r);
		assert.deepEqual(session.body, { serialNumber: ids.CHATBOT });
		assert.deepEqual(ask.body, { sessionID: ask.body.sessionID, content: question, stream: false });
		assert.deepEqual(sms.body, { SerialNumber: ids.CHATBOT, ToPhoneNumber: '+442079460018', Message: defaultAnswer(question) });
	});
	sim.reset();
	const long = 'Our opening hours are long. '.repeat(80).trim();
	sim.configure({ answer: long });
	await t.check('ask-and-sms example: a 2,239-character answer is shortened to fit Twilio\'s 1,600 and its segments reported', async () => {
		const r = await postJson(`${server.url}/webhook/ask-sms`, { question, phone: '+14155550123' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.answer, long);
		const [sms] = sim.requests.filter((x) => x.path === '/chat/Chatbot/SendTwilioMessage');
		const sent = sms.body.Message;
		assert.ok(sent.length <= 1600 && sent.length > 1500, `sent ${sent.length} characters`);
		assert.ok(sent.endsWith('...'), sent.slice(-20));
		assert.ok(long.startsWith(sent.slice(0, -3)), 'the SMS is not the start of the answer');
		assert.equal(r.json.smsSegments, Math.ceil(sent.length / 153));
		return `${long.length} → ${sent.length} characters, ${r.json.smsSegments} segments`;
	});
	sim.reset();
}

const RECORDING_TRIGGER_FILE = 'hamsa-trigger-download-recording.json';

/** Places a call through the simulator's own Hamsa API (as Hamsa's dashboard would) and waits for `status`. */
async function simulatedCall(sim, status) {
	const r = await postJson(
		`${sim.url}/v1/voice-agents/twilio/call`,
		{ toNumber: '+14155550123', twilioPhoneNumber: ids.TWILIO_NUMBER, agentDetails: { agentName: 'Sara' }, voiceAgentId: ids.VOICE_AGENT, params: {} },
		{ headers: { authorization: `Token ${keys.HAMSA}` } },
	);
	assert.equal(r.status, 200, r.text);
	const callId = r.json.data.id;
	await waitFor(`call ${callId} to be ${status}`, () => sim.calls.get(callId).status === status);
	return callId;
}

/**
 * A call.ended delivery is anyone's to write (whoever knows the trigger's URL,
 * or its secret): with Download Recording on, the trigger fetches the
 * recording from the mediaUrl Hamsa's API gives for the call, never the
 * address in the body. Here the body names the terminate path of a live call
 * (which the key would end) and a host on 127.0.0.2.
 */
async function triggerRecordingFromApi(t, env) {
	const { server, session, sim, workflows } = env;
	const wf = workflows[RECORDING_TRIGGER_FILE];
	const trigger = wf.workflow.nodes.find((n) => n.type.endsWith('.hamsaTrigger'));
	const url = `${server.url}/webhook/${trigger.webhookId}/hamsa`;
	const authorization = `${trigger.parameters.authKey} ${trigger.parameters.authSecret}`;
	const { startSimulator } = require('../../simulator');
	const otherHost = await startSimulator({ port: 0, host: '127.0.0.2' });
	sim.reset();
	try {
		const ended = await simulatedCall(sim, 'COMPLETED');
		const mediaUrl = sim.calls.get(ended).mediaUrl;
		sim.configure({ callOutcome: 'IN_PROGRESS' });
		const live = await simulatedCall(sim, 'IN_PROGRESS');
		const planted = [`${sim.url}/v1/voice-agents/conversation/${live}/terminate`, `${otherHost.url}/recordings/planted.mp3`];
		sim.clearRequests();

		await t.check('Hamsa Trigger + Download Recording: call.ended bodies naming a live call\'s terminate path and a host on 127.0.0.2 → each item gets the recording Hamsa\'s API gives', async () => {
			for (const [index, address] of planted.entries()) {
				const event = {
					eventType: 'call.ended',
					callId: ended,
					timestamp: new Date(Date.now() + index).toISOString(),
					agentId: ids.VOICE_AGENT,
					data: { status: 'COMPLETED', data: { conversationId: ended, conversationRecording: address, transcription: [] } },
				};
				const r = await sim.postWebhook(url, event, { authorization });
				assert.equal(r.status, 200, JSON.stringify(r.body));
				assert.deepEqual(r.body, { received: true });
			}
			const list = await h.waitForExecutions(session, wf.id, { count: planted.length });
			assert.equal(list.count, planted.length, JSON.stringify(list.results.map((e) => e.status)));
			for (const execution of list.results) {
				assert.equal(execution.status, 'success');
				const { runData } = await executionRunData(session, execution.id);
				const main = runData['Hamsa Trigger'].at(-1).data.main[0];
				assert.equal(main.length, 1);
				const [item] = main;
				assert.equal(item.json.recordingError, undefined, item.json.recordingError);
				assert.equal(item.json.recordingUrl, mediaUrl);
				assert.equal(item.json.recordingKeySent, false);
				assert.ok(item.binary && item.binary.recording, 'no recording binary');
				assert.equal(item.binary.recording.fileName, `call-${ended}.mp3`);
				assert.equal(item.binary.recording.mimeType, 'audio/mpeg');
			}
			return `${list.count} executions, each with ${mediaUrl.replace(sim.url, '<simulator>')}`;
		});

		await t.check('Hamsa Trigger + Download Recording: the planted addresses were never requested; the live call is still live', async () => {
			assert.deepEqual(sim.requests.filter((r) => r.path.endsWith('/terminate')).map((r) => r.path), []);
			assert.equal(sim.calls.get(live).status, 'IN_PROGRESS');
			assert.deepEqual(otherHost.requests.map((r) => r.path), []);
			const asked = sim.requests.map((r) => `${r.method} ${r.path}`);
			assert.ok(asked.includes(`GET /v1/voice-agents/conversation/${ended}`), asked.join(', '));
			assert.ok(asked.includes(`GET ${new URL(mediaUrl).pathname}`), asked.join(', '));
			return asked.join(', ');
		});
	} finally {
		await otherHost.close();
	}
}

module.exports = { crmLeadToCall, askAndSms, triggerRecordingFromApi };
