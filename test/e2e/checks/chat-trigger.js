'use strict';
// n8n's own Chat Trigger (public, Response Mode "Streaming") in front of
// HotTask Chat → Ask with Stream on: what a chat widget posts
// ({action: 'sendMessage', sessionId, chatInput}) gets HotTask's answer back
// piece by piece while HotTask is still writing.

const assert = require('node:assert/strict');
const { checkStreamedAnswer } = require('./streaming');
const { storedOutput } = require('./util');

const PIECE_DELAY_MS = 80;

async function streamToChat(t, env) {
	const trigger = env.workflows['chat-trigger-stream.json'].workflow.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
	const message = { action: 'sendMessage', sessionId: 'e2e-chat-session-1', chatInput: 'Do you deliver on Sundays?' };
	await checkStreamedAnswer(t, env, {
		names: {
			answered: 'Chat Trigger (public, streaming): sendMessage answers 200 with chunked JSON lines',
			pieces: 'Chat Trigger: begin, one "item" per HotTask piece in order, end; the items join to the answer',
			early: `Chat Trigger: the pieces reached the chat while HotTask was still sending (${PIECE_DELAY_MS} ms apart)`,
			saved: 'Chat Trigger: HotTask got the chat input with stream:true; the execution saved the whole answer',
		},
		workflowFile: 'chat-trigger-stream.json',
		// The chat URL the Chat Trigger shows: /webhook/<webhookId>/chat.
		url: `${env.server.url}/webhook/${trigger.webhookId}/chat`,
		body: message,
		question: message.chatInput,
		answer: 'Yes, we deliver on Sundays between ten and four. Order before Saturday noon and pick a slot at checkout 🚚',
		pieceDelayMs: PIECE_DELAY_MS,
		askNode: 'Ask HotTask (streamed)',
		savedInput(runData) {
			const [input] = storedOutput(runData, trigger.name);
			assert.equal(input.sessionId, message.sessionId);
			assert.equal(input.chatInput, message.chatInput);
		},
	});
}

module.exports = { streamToChat };
