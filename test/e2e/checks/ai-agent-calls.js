'use strict';
// n8n's AI Agent with Hamsa Voice Call as its tool ("Hamsa Voice Call Tool"),
// run with `n8n execute` against the fake model (lib/fake-openai.js) and the
// simulator. What is measured and checked here:
//   - Call → Start as a tool: the call the model asked for is placed once, and
//     the tool result the model receives, in bytes, with Simplify on (the
//     default) and off;
//   - Start and Wait for Outcome as a tool: with Wait Method "Poll" the model
//     gets the ended call's outcome; with "Hamsa Webhook" (a waiting
//     execution, which cannot hand a result back to the agent) the node
//     refuses before any call is placed and the model is told what to change.

const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { startFakeOpenAi } = require('../lib/fake-openai');
const { requestsTo, expectAuth, ids } = require('./util');

const OPENAI_CREDENTIAL = { id: 'OpenAiFakeE2e001', name: 'OpenAI (fake model)', type: 'openAiApi' };
const OPENAI_KEY = 'sk-e2e-fake-0123456789';
// n8n names a node's tool after the node: "Hamsa Voice Call Tool" → Hamsa_Voice_Call_Tool.
const TOOL_NAME = 'Hamsa_Voice_Call_Tool';
const TOOL_NODE = 'Hamsa Voice Call Tool';
// Written differently from the prompt, so the number Hamsa gets can only have come from the model's tool call.
const PHONE = '+1 (415) 555-0123';
const PHONE_E164 = '+14155550123';
const START_CALL = 'POST /v1/voice-agents/twilio/call';
// What Call → Start returns with Simplify on.
const SIMPLE_START_FIELDS = ['agentName', 'callId', 'fromNumber', 'status', 'toNumber', 'voiceAgentId'];

/** Runs one agent workflow; returns the run, the model's requests, the tool result text and Hamsa's requests. */
async function runAgent(env, workflowFile) {
	const { ctx, sim, workflows } = env;
	const fake = await startFakeOpenAi({ toolArgs: { phone: PHONE }, toolName: TOOL_NAME, finalText: (result) => `Hamsa says: ${result}` });
	try {
		sim.reset();
		await h.importCredentials(ctx, [{ ...OPENAI_CREDENTIAL, data: { apiKey: OPENAI_KEY, url: fake.baseUrl } }]);
		const run = await h.executeWorkflow(ctx, workflows[workflowFile].id, { timeoutMs: 240000 });
		const modelCalls = fake.requests.filter((r) => r.method === 'POST');
		const second = modelCalls[1];
		const results = ((second && second.body.input) || []).filter((i) => i.type === 'function_call_output');
		return { run, modelCalls, turns: fake.turns.slice(), toolResult: results.length === 1 ? String(results[0].output) : undefined, reqs: sim.requests.slice() };
	} finally {
		await fake.close();
	}
}

function assertRanGreen(r) {
	assert.equal(r.run.status, 'success', `status ${r.run.status}, error ${JSON.stringify(r.run.error)}\n${r.run.stderr.slice(-2000)}`);
	const runData = r.run.output.data.resultData.runData;
	for (const node of ['AI Agent', 'OpenAI Chat Model', TOOL_NODE]) assert.ok(runData[node], `node "${node}" did not run`);
	assert.equal(r.modelCalls.length, 2, `expected 2 model requests, got ${r.modelCalls.length}`);
	assert.ok(r.toolResult !== undefined, 'the second model request carries no tool result');
}

function onlyItem(toolResult) {
	const parsed = JSON.parse(toolResult);
	const items = Array.isArray(parsed) ? parsed : [parsed];
	assert.equal(items.length, 1, `${items.length} items in the tool result`);
	return items[0];
}

async function agentStartsCall(t, env) {
	const measured = {};

	await t.check('AI Agent + Hamsa Voice Call Tool (Call → Start): the model\'s number is called once; the model gets the simplified call (Simplify on by default)', async () => {
		const r = await runAgent(env, 'ai-agent-call-tool.json');
		assertRanGreen(r);
		const tools = r.modelCalls[0].body.tools || [];
		assert.deepEqual(tools.map((x) => x.name), [TOOL_NAME]);
		assert.deepEqual(Object.keys(tools[0].parameters.properties), ['phone']);
		assert.deepEqual(r.reqs.map((q) => `${q.method} ${q.path}`), [START_CALL]);
		const [startCall] = requestsTo(r.reqs, 'POST', '/v1/voice-agents/twilio/call', 1);
		expectAuth(startCall);
		assert.equal(startCall.body.toNumber, PHONE_E164);
		assert.equal(startCall.body.voiceAgentId, ids.VOICE_AGENT);
		const simple = onlyItem(r.toolResult);
		assert.deepEqual(Object.keys(simple).sort(), SIMPLE_START_FIELDS);
		assert.equal(simple.toNumber, PHONE_E164);
		assert.equal(simple.fromNumber, ids.TWILIO_NUMBER);
		assert.equal(simple.voiceAgentId, ids.VOICE_AGENT);
		assert.ok(simple.callId, 'no callId');
		measured.simple = Buffer.byteLength(r.toolResult);
		return `${measured.simple} bytes to the model`;
	});
	await t.check('AI Agent + Hamsa Voice Call Tool (Call → Start, Simplify off): the model gets Hamsa\'s whole call job', async () => {
		const r = await runAgent(env, 'ai-agent-call-tool-raw.json');
		assertRanGreen(r);
		assert.deepEqual(r.reqs.map((q) => `${q.method} ${q.path}`), [START_CALL]);
		const raw = onlyItem(r.toolResult);
		assert.ok(raw.callId && raw.agentDetails && raw.callParams, `not the whole job: ${Object.keys(raw).join(', ')}`);
		assert.equal(raw.webhookAuth, undefined, 'the webhook secret reached the model');
		measured.raw = Buffer.byteLength(r.toolResult);
		// Compared with the check before, which measured Simplify on: without its figure there is nothing to compare.
		assert.ok(measured.simple !== undefined, 'Simplify on was not measured (the check before failed), so Simplify off cannot be compared with it');
		assert.ok(measured.simple < measured.raw, `simplified ${measured.simple} B is not smaller than ${measured.raw} B`);
		return `${measured.raw} bytes to the model; Simplify: ${measured.simple} bytes (${((measured.simple / measured.raw) * 100).toFixed(1)} %)`;
	});
	return measured;
}

async function agentWaitsForOutcome(t, env) {
	await t.check('AI Agent + Start and Wait for Outcome as a tool (Wait Method Poll): the model gets the ended call\'s status, transcript and outcome', async () => {
		const r = await runAgent(env, 'ai-agent-call-and-wait-tool.json');
		assertRanGreen(r);
		const starts = r.reqs.filter((q) => `${q.method} ${q.path}` === START_CALL);
		assert.equal(starts.length, 1, `${starts.length} calls placed`);
		assert.equal(starts[0].body.toNumber, PHONE_E164);
		const outcome = onlyItem(r.toolResult);
		assert.equal(outcome.finished, true, `tool result: ${r.toolResult.slice(0, 500)}`);
		assert.equal(outcome.status, 'COMPLETED');
		assert.ok(outcome.transcript.length > 0, 'no transcript');
		assert.equal(typeof outcome.outcome, 'object');
		assert.equal(outcome.call, undefined, 'Simplify is on: the raw conversation should not reach the model');
		return `${outcome.status}, ${Buffer.byteLength(r.toolResult)} bytes to the model`;
	});
	await t.check('AI Agent + Start and Wait for Outcome as a tool (Wait Method Hamsa Webhook): refused before any call, and the model is told to choose Poll', async () => {
		const r = await runAgent(env, 'ai-agent-call-and-wait-webhook-tool.json');
		const hamsaCalls = r.reqs.filter((q) => q.path.startsWith('/v1/') || q.path.startsWith('/v2/'));
		assert.deepEqual(hamsaCalls.map((q) => `${q.method} ${q.path}`), [], 'a request reached Hamsa');
		const toolRuns = r.run.output.data.resultData.runData[TOOL_NODE] || [];
		const errorText = JSON.stringify(toolRuns.map((run) => run.error || null)) + (r.toolResult || '') + JSON.stringify(r.run.error || null);
		// This refusal, not another (the one for several items also names Poll).
		assert.match(errorText, /cannot run as an AI Agent tool\. No call was placed/, `not the refusal for a tool: ${errorText.slice(0, 800)}`);
		assert.match(errorText, /Set Wait Method to \W*Poll/, `the refusal does not name Wait Method Poll: ${errorText.slice(0, 800)}`);
		return r.toolResult !== undefined ? 'the model got the refusal as the tool result' : `the run ended: ${r.run.status}`;
	});
}

module.exports = { agentStartsCall, agentWaitsForOutcome, SIMPLE_START_FIELDS };
