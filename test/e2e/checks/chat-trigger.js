'use strict';
// n8n's own Chat Trigger (public, Response Mode "Streaming") in front of
// HotTask Chat → Ask with Stream on: what a chat widget posts
// ({action: 'sendMessage', sessionId, chatInput}) gets HotTask's answer back
// piece by piece while HotTask is still writing.

const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { postAndReadLines, watchAnswerTiming } = require('./streaming');
const { requestsTo, expectAuth, executionRunData, storedOutput, ids } = require('./util');

const FILE = 'chat-trigger-stream.json';
const ASK_NODE = 'Ask HotTask (streamed)';
const PIECE_DELAY_MS = 80;
const ANSWER = 'Yes, we deliver on Sundays between ten and four. Order before Saturday noon and pick a slot at checkout 🚚';
const PIECES = ANSWER.match(/\s*\S+/g);

async function streamToChat(t, env) {
	const { server, session, sim, workflows } = env;
	const wf = workflows[FILE];
	const trigger = wf.workflow.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
	// The chat URL the Chat Trigger shows: /webhook/<webhookId>/chat.
	const url = `${server.url}/webhook/${trigger.webhookId}/chat`;
	const message = { action: 'sendMessage', sessionId: 'e2e-chat-session-1', chatInput: 'Do you deliver on Sundays?' };
	sim.reset();
	sim.configure({ answer: ANSWER, stream: { pieceDelayMs: PIECE_DELAY_MS } });

	const timing = watchAnswerTiming(sim);

	let result;
	let parsed;
	let items;
	try {
		const ok = await t.check('Chat Trigger (public, streaming): sendMessage answers 200 with chunked JSON lines', async () => {
			result = await postAndReadLines(url, message);
			assert.equal(result.status, 200, result.lines.map((l) => l.text).join('\n'));
			assert.match(String(result.headers['content-type']), /^application\/json/);
			assert.equal(result.headers['transfer-encoding'], 'chunked');
			parsed = result.lines.map((l) => ({ at: l.at, ...JSON.parse(l.text) }));
			return `${result.lines.length} lines in ${result.chunks.length} network chunks over ${result.endedAt - result.t0} ms`;
		});
		if (!ok) return;

		await t.check('Chat Trigger: begin, one "item" per HotTask piece in order, end; the items join to the answer', async () => {
			const types = parsed.map((p) => p.type);
			assert.equal(types[0], 'begin', types.join(','));
			assert.equal(types[types.length - 1], 'end', types.join(','));
			items = parsed.filter((p) => p.type === 'item');
			assert.deepEqual(types.slice(1, -1), items.map(() => 'item'));
			assert.deepEqual(items.map((i) => i.content), PIECES);
			assert.equal(items.map((i) => i.content).join(''), ANSWER);
			for (const p of parsed) assert.equal(p.metadata && p.metadata.nodeName, ASK_NODE);
			return `${items.length} items`;
		});

		await t.check(`Chat Trigger: the pieces reached the chat while HotTask was still sending (${PIECE_DELAY_MS} ms apart)`, async () => {
			assert.ok(timing.finishedAt, 'the simulator never finished the ClientAsk answer');
			assert.ok(items && items.length === PIECES.length, 'items missing');
			const arrivals = items.map((i) => i.at);
			const early = arrivals.filter((at) => at < timing.finishedAt).length;
			const lead = timing.finishedAt - arrivals[0];
			const spread = arrivals[arrivals.length - 1] - arrivals[0];
			const minimum = (PIECES.length - 2) * PIECE_DELAY_MS * 0.7;
			assert.ok(early >= PIECES.length - 1, `only ${early} of ${PIECES.length} items arrived before HotTask finished`);
			assert.ok(lead >= minimum, `first item only ${lead} ms before HotTask finished (expected ≥ ${minimum})`);
			assert.ok(spread >= minimum, `items arrived within ${spread} ms: buffered, not streamed`);
			return `first item ${arrivals[0] - timing.startedAt} ms after HotTask started, ${lead} ms before it finished; ${early}/${items.length} early`;
		});

		await t.check('Chat Trigger: HotTask got the chat input with stream:true; the execution saved the whole answer', async () => {
			const [session0] = requestsTo(sim.requests, 'POST', '/chat/Chatbot/GetSession', 1);
			const [ask] = requestsTo(sim.requests, 'POST', '/chat/Chat/ClientAsk', 1);
			expectAuth(session0);
			expectAuth(ask);
			assert.deepEqual(session0.body, { serialNumber: ids.CHATBOT });
			assert.deepEqual(ask.body, { sessionID: ask.body.sessionID, content: message.chatInput, stream: true });
			const execs = await h.waitForExecutions(session, wf.id, { count: 1 });
			assert.equal(execs.count, 1);
			assert.equal(execs.results[0].status, 'success');
			const { runData } = await executionRunData(session, execs.results[0].id);
			const [input] = storedOutput(runData, trigger.name);
			assert.equal(input.sessionId, message.sessionId);
			assert.equal(input.chatInput, message.chatInput);
			const [item] = storedOutput(runData, ASK_NODE);
			assert.equal(item.answer, ANSWER);
			assert.equal(item.sessionId, ask.body.sessionID);
		});
	} finally {
		timing.stop();
	}
}

module.exports = { streamToChat };
