'use strict';
// The streaming example: HotTask writes a slow answer in many pieces and each
// piece must reach the HTTP client of n8n's webhook as its own JSON line while
// HotTask is still writing, not all at once at the end.

const http = require('node:http');
const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { requestsTo, expectAuth, executionRunData, storedOutput, ids } = require('./util');

const PIECE_DELAY_MS = 100;
const ANSWER = 'We open at nine and close at six, Monday to Saturday. On Sundays we deliver between ten and four — just order before Saturday noon 🙂';

/** POSTs and records each JSON line of the answer with the time its last byte arrived. */
function postAndReadLines(url, body) {
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
			const decoder = new TextDecoder('utf-8');
			const lines = [];
			const chunks = [];
			let pending = '';
			res.on('data', (buf) => {
				const at = Date.now();
				chunks.push({ at, bytes: buf.length });
				pending += decoder.decode(buf, { stream: true });
				let nl;
				while ((nl = pending.indexOf('\n')) >= 0) {
					const text = pending.slice(0, nl).trim();
					pending = pending.slice(nl + 1);
					if (text) lines.push({ at, text });
				}
			});
			res.on('end', () => {
				pending += decoder.decode();
				if (pending.trim()) lines.push({ at: Date.now(), text: pending.trim() });
				resolve({ status: res.statusCode, headers: res.headers, lines, chunks, t0, endedAt: Date.now() });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.setTimeout(60000, () => req.destroy(new Error('no answer within 60 s')));
		req.end(JSON.stringify(body));
	});
}

/** When the simulator started and finished writing each streamed ClientAsk answer. */
function watchAnswerTiming(sim) {
	const timing = { startedAt: undefined, finishedAt: undefined, stop: () => sim.server.removeListener('request', onRequest) };
	function onRequest(req, res) {
		if (!req.url.startsWith('/chat/Chat/ClientAsk')) return;
		timing.startedAt = Date.now();
		res.on('finish', () => (timing.finishedAt = Date.now()));
	}
	sim.server.on('request', onRequest);
	return timing;
}

/**
 * The checks every streamed HotTask answer must pass, whichever n8n front
 * posts the question (the stream example's webhook, n8n's Chat Trigger): the
 * simulator writes `answer` in word pieces `pieceDelayMs` apart, and each piece
 * must reach the HTTP client as its own JSON line while HotTask is still
 * writing; the execution must save the whole answer.
 * `names` are the four checks' printed names; `savedInput(runData)` asserts
 * what the workflow's trigger stored.
 */
async function checkStreamedAnswer(t, env, { names, workflowFile, url, body, question, answer, pieceDelayMs, askNode, savedInput = () => {} }) {
	const { session, sim, workflows } = env;
	const wf = workflows[workflowFile];
	// The simulator's pieces: words with their leading whitespace.
	const pieces = answer.match(/\s*\S+/g);
	sim.reset();
	sim.configure({ answer, stream: { pieceDelayMs } });

	const timing = watchAnswerTiming(sim);

	let result;
	let parsed;
	let items;
	try {
		const ok = await t.check(names.answered, async () => {
			result = await postAndReadLines(url, body);
			assert.equal(result.status, 200, result.lines.map((l) => l.text).join('\n'));
			assert.match(String(result.headers['content-type']), /^application\/json/);
			assert.equal(result.headers['transfer-encoding'], 'chunked');
			parsed = result.lines.map((l) => ({ at: l.at, ...JSON.parse(l.text) }));
			return `${result.lines.length} lines in ${result.chunks.length} network chunks over ${result.endedAt - result.t0} ms`;
		});
		if (!ok) return;

		await t.check(names.pieces, async () => {
			const types = parsed.map((p) => p.type);
			assert.equal(types[0], 'begin', types.join(','));
			assert.equal(types[types.length - 1], 'end', types.join(','));
			items = parsed.filter((p) => p.type === 'item');
			assert.deepEqual(types.slice(1, -1), items.map(() => 'item'));
			assert.deepEqual(items.map((i) => i.content), pieces);
			assert.equal(items.map((i) => i.content).join(''), answer);
			for (const p of parsed) assert.equal(p.metadata && p.metadata.nodeName, askNode);
			return `${items.length} items`;
		});

		await t.check(names.early, async () => {
			assert.ok(timing.finishedAt, 'the simulator never finished the ClientAsk answer');
			assert.ok(items && items.length === pieces.length, 'items missing');
			const arrivals = items.map((i) => i.at);
			for (let i = 1; i < arrivals.length; i++) assert.ok(arrivals[i] >= arrivals[i - 1], 'arrival times go backwards');
			const early = arrivals.filter((at) => at < timing.finishedAt).length;
			const lead = timing.finishedAt - arrivals[0];
			const spread = arrivals[arrivals.length - 1] - arrivals[0];
			const minimum = (pieces.length - 2) * pieceDelayMs * 0.7;
			assert.ok(early >= pieces.length - 1, `only ${early} of ${pieces.length} items arrived before HotTask finished`);
			assert.ok(lead >= minimum, `first item only ${lead} ms before HotTask finished (expected ≥ ${minimum})`);
			assert.ok(spread >= minimum, `items arrived within ${spread} ms: buffered, not streamed`);
			return `first item ${arrivals[0] - timing.startedAt} ms after HotTask started, ${lead} ms before it finished; ${early}/${items.length} items early; spread ${spread} ms`;
		});

		await t.check(names.saved, async () => {
			const [session0] = requestsTo(sim.requests, 'POST', '/chat/Chatbot/GetSession', 1);
			const [ask] = requestsTo(sim.requests, 'POST', '/chat/Chat/ClientAsk', 1);
			expectAuth(session0);
			expectAuth(ask);
			assert.deepEqual(session0.body, { serialNumber: ids.CHATBOT });
			assert.deepEqual(ask.body, { sessionID: ask.body.sessionID, content: question, stream: true });
			const execs = await h.waitForExecutions(session, wf.id, { count: 1 });
			assert.equal(execs.count, 1);
			assert.equal(execs.results[0].status, 'success');
			const { runData } = await executionRunData(session, execs.results[0].id);
			savedInput(runData);
			const [item] = storedOutput(runData, askNode);
			assert.equal(item.answer, answer);
			assert.equal(item.sessionId, ask.body.sessionID);
		});
	} finally {
		timing.stop();
	}
}

async function streamAnswer(t, env) {
	const question = 'When can I get a delivery?';
	await checkStreamedAnswer(t, env, {
		names: {
			answered: 'stream example: POST /webhook/ask answers 200 with chunked JSON lines',
			pieces: 'stream example: begin, one "item" line per HotTask piece in order, end; items join to the answer',
			early: `stream example: items reached the client while HotTask was still sending (pieces ${PIECE_DELAY_MS} ms apart)`,
			saved: 'stream example: HotTask was asked with stream:true; the execution saved the whole answer',
		},
		workflowFile: 'stream-answer-to-chat.json',
		url: `${env.server.url}/webhook/ask`,
		body: { question },
		question,
		answer: ANSWER,
		pieceDelayMs: PIECE_DELAY_MS,
		askNode: 'Ask (streamed)',
	});
}

module.exports = { checkStreamedAnswer, streamAnswer };
