#!/usr/bin/env node
'use strict';
// How long a piece of a streamed HotTask answer takes to go from the simulator
// to the HTTP client of a real n8n (2.41, the end-to-end harness's), through
// the stream example: Webhook (response mode streaming) → HotTask Chat → Ask.
// Each piece's write on the simulator and its arrival as an "item" line at the
// client are timestamped in this one process, so the clocks agree.
// Usage: node test/bench/streamDelay.js [--pieces 150 --runs 3 --gap 40]

const http = require('node:http');
const h = require('../e2e/lib/n8n');
const stack = require('../e2e/stack');
const { withN8nAndSimulator, runBench } = require('./lib/realN8n');
const { percentile } = require('./lib/stats');
const { numericOption: option } = require('./options');

const PIECES = option('pieces', 150);
const RUNS = option('runs', 3);
const GAP_MS = option('gap', 40);
const ANSWER = Array.from({ length: PIECES }, (_, i) => (i === 0 ? 'Piece0' : ` piece${i}`)).join('');

/** Records when each piece of the ClientAsk stream is handed to the socket. */
function recordWrites(sim) {
	const runs = [];
	sim.server.on('request', (req, res) => {
		if (!req.url.startsWith('/chat/Chat/ClientAsk')) return;
		const writes = [];
		runs.push(writes);
		const write = res.write.bind(res);
		res.write = (chunk, ...rest) => {
			const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
			if (text.includes('"content"')) writes.push(Date.now());
			return write(chunk, ...rest);
		};
	});
	return runs;
}

function postAndTimeItems(url, body) {
	return new Promise((resolve, reject) => {
		const arrivals = [];
		const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
			const decoder = new TextDecoder('utf-8');
			let pending = '';
			res.on('data', (buf) => {
				const at = Date.now();
				pending += decoder.decode(buf, { stream: true });
				let newline;
				while ((newline = pending.indexOf('\n')) >= 0) {
					const line = pending.slice(0, newline).trim();
					pending = pending.slice(newline + 1);
					if (line && JSON.parse(line).type === 'item') arrivals.push(at);
				}
			});
			res.on('end', () => resolve(arrivals));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(JSON.stringify(body));
	});
}

async function main() {
	await withN8nAndSimulator({ prefix: 'bench-stream-' }, async ({ ctx, sim }) => {
		sim.configure({ answer: ANSWER, stream: { pieceDelayMs: GAP_MS } });
		const writeRuns = recordWrites(sim);
		const examples = await stack.importExamples(ctx, sim, { publish: true });
		if (!examples['stream-answer-to-chat.json']) throw new Error('the stream example is missing');
		const server = await h.startServer(ctx);
		try {
			const delays = [];
			for (let run = 0; run < RUNS; run++) {
				const arrivals = await postAndTimeItems(`${server.url}/webhook/ask`, { question: 'Count for me' });
				const writes = writeRuns[run];
				if (!writes || arrivals.length !== PIECES || writes.length !== PIECES) {
					throw new Error(`run ${run}: ${writes ? writes.length : 0} pieces written, ${arrivals.length} items received; expected ${PIECES}`);
				}
				for (let i = 0; i < PIECES; i++) delays.push(arrivals[i] - writes[i]);
			}
			console.log('');
			console.log(`Forwarding delay in real n8n 2.41: simulator write → client receives the "item" line`);
			console.log(`(${RUNS} runs × ${PIECES} pieces, ${GAP_MS} ms apart, Webhook in streaming mode → HotTask Chat → Ask)`);
			console.log(`  median ${percentile(delays, 50)} ms   p95 ${percentile(delays, 95)} ms   max ${percentile(delays, 100)} ms   (goal < 20 ms)`);
		} finally {
			await server.stop();
		}
	});
}

runBench(main);
