'use strict';
// Small helpers shared by the check groups.

const assert = require('node:assert/strict');
const sim = require('../../simulator');

const keys = { HOTTASK: sim.DEFAULT_HOTTASK_KEY, HAMSA: sim.DEFAULT_HAMSA_KEY };
const ids = {
	CHATBOT: sim.DEFAULT_CHATBOT_ID,
	VOICE_AGENT: sim.DEFAULT_VOICE_AGENT_ID,
	TWILIO_NUMBER: sim.DEFAULT_TWILIO_NUMBER,
};

/** The recorded requests to one method + path; asserts how many there were. */
function requestsTo(requests, method, path, count) {
	const found = requests.filter((r) => r.method === method && r.path === path);
	if (count !== undefined) {
		assert.equal(found.length, count, `expected ${count} × ${method} ${path}, got ${found.length} (all: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')})`);
	}
	return found;
}

/** Each service gets its own exact Authorization form. */
function expectAuth(request) {
	const expected = request.service === 'hottask' ? keys.HOTTASK : request.service === 'hamsa' ? `Token ${keys.HAMSA}` : undefined;
	assert.ok(expected, `request to an unknown service: ${request.method} ${request.path}`);
	assert.equal(request.headers.authorization, expected, `${request.method} ${request.path}`);
}

/** The simulator's answer when none is configured. */
function defaultAnswer(question) {
	return `Hello! You asked: "${question}". HotTask is here to help 🙂`;
}

async function postJson(url, body, { headers = {} } = {}) {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(60000),
	});
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {}
	return { status: res.status, headers: res.headers, text, json };
}

async function waitFor(what, predicate, { timeoutMs = 15000, intervalMs = 50 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await predicate();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

/**
 * Campaign Create sent ONE POST /v1/voice-agents/campaigns for all its input
 * items (each a recipient, its fields as variables) and output one item;
 * returns that item's campaign id.
 */
function expectCampaignCreated(requests, createdItems, { name, recipients }) {
	const [r] = requestsTo(requests, 'POST', '/v1/voice-agents/campaigns', 1);
	expectAuth(r);
	assert.deepEqual(r.body, {
		name,
		phoneNumber: ids.TWILIO_NUMBER,
		voiceAgentId: ids.VOICE_AGENT,
		sendType: 'NOW',
		reservedConcurrency: 2,
		recipients,
	});
	assert.equal(createdItems.length, 1);
	assert.equal(createdItems[0].recipientCount, recipients.length);
	assert.ok(createdItems[0].campaignId);
	return createdItems[0].campaignId;
}

module.exports = { keys, ids, requestsTo, expectAuth, defaultAnswer, postJson, waitFor, expectCampaignCreated };

/** A stored execution's run data (n8n keeps it as a `flatted` string). */
async function executionRunData(session, executionId) {
	const path = require('node:path');
	const h = require('../lib/n8n');
	const { N8N_DIR } = require('../lib/install');
	const flatted = require(path.join(N8N_DIR, 'node_modules', 'flatted'));
	const execution = await h.getExecution(session, executionId);
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	return { execution, runData: data.resultData.runData, error: data.resultData.error };
}

/** The json of the items a node emitted in a stored execution. */
function storedOutput(runData, node) {
	const runs = runData[node];
	if (!runs || !runs.length) return undefined;
	const main = runs[runs.length - 1].data && runs[runs.length - 1].data.main;
	return ((main && main[0]) || []).map((i) => i.json);
}

module.exports.executionRunData = executionRunData;
module.exports.storedOutput = storedOutput;
