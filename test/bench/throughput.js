#!/usr/bin/env node
'use strict';
// Throughput inside a real n8n (the end-to-end harness's n8n 2.38), from one run:
//  1. 500 items through HotTask Twilio → Send, sequential, against the same 500
//     requests through n8n's own HTTP Request node configured by hand; both
//     against the simulator with a fixed latency. Figure: time ratio.
//     The HTTP Request node has no sequential mode: it starts every item's
//     request at once (its Batching option only paces the starts). So the
//     table also gives our node at that same concurrency (all items in
//     flight), which compares the per-request cost of the two nodes.
//  2. The same with Batching at 10 in flight and 100 ms latency, against the
//     ideal N·L/C.
//  3. The packed tarball's size.
// Times are the nodes' own execution times as n8n records them, so n8n's
// start-up does not count. Usage: npm run bench [-- --items 500 --repeat 2]

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('../e2e/lib/n8n');
const { startSimulator, DEFAULT_HOTTASK_KEY, DEFAULT_CHATBOT_ID } = require('../simulator');

const { numericOption: option } = require('./options');
const ITEMS = option('items', 500);
const REPEAT = option('repeat', 2);
const SEQUENTIAL_LATENCY_MS = option('latency', 10);
const BATCH_LATENCY_MS = 100;
const IN_FLIGHT = 10;
const root = path.resolve(__dirname, '..', '..');

function makeItemsNode() {
	return {
		id: 'make',
		name: 'Make Items',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [200, 0],
		parameters: {
			jsCode: `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { i, phone: '+1415555' + String(1000 + i) } }));`,
		},
	};
}

function workflow(name, sender) {
	return {
		name,
		nodes: [
			{ id: 'manual', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			makeItemsNode(),
			{ ...sender, id: 'send', name: 'Send', position: [400, 0] },
		],
		connections: {
			Manual: { main: [[{ node: 'Make Items', type: 'main', index: 0 }]] },
			'Make Items': { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
		},
	};
}

function ourSender(batchSize) {
	return {
		type: 'n8n-nodes-hottask-hamsa.hotTaskTwilio',
		typeVersion: 1,
		credentials: { hotTaskApi: { id: 'benchHotTask', name: 'HotTask account' } },
		parameters: {
			resource: 'message',
			operation: 'send',
			chatbotId: DEFAULT_CHATBOT_ID,
			to: '={{ $json.phone }}',
			message: '=Hello {{ $json.i }}',
			options: { batching: { batch: { batchSize, batchInterval: 0 } } },
		},
	};
}

function httpRequestSender(simulatorUrl, batchSize) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${simulatorUrl}/chat/Chatbot/SendTwilioMessage`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: DEFAULT_HOTTASK_KEY }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ SerialNumber: "${DEFAULT_CHATBOT_ID}", ToPhoneNumber: $json.phone, Message: "Hello " + $json.i }) }}`,
			options: { batching: { batch: { batchSize, batchInterval: 0 } } },
		},
	};
}

async function timeNode(ctx, sim, workflowId, latencyMs) {
	sim.configure({ latencyMs, recordRequests: true });
	sim.clearRequests();
	const run = await h.executeWorkflow(ctx, workflowId, { timeoutMs: 600000 });
	if (!run.ok) throw new Error(`workflow ${workflowId} failed: ${JSON.stringify(run.error ?? run.stderr).slice(0, 500)}`);
	const task = run.output.data.resultData.runData.Send[0];
	const out = task.data.main[0];
	const sends = sim.requests.filter((request) => request.path === '/chat/Chatbot/SendTwilioMessage').length;
	if (out.length !== ITEMS || sends !== ITEMS) throw new Error(`expected ${ITEMS} items and sends, got ${out.length} items, ${sends} sends`);
	return task.executionTime;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
	const started = Date.now();
	await h.ensureN8nInstalled({ log: (line) => console.error(line) });
	const sim = await startSimulator({ port: 0, recordRequests: true, maxRecordedRequests: ITEMS * 2 });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pack-'));
	const tarballName = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: root, encoding: 'utf8' })
		.trim()
		.split('\n')
		.pop();
	const tarball = path.join(packDir, tarballName);
	const ctx = await h.createUserFolder({ prefix: 'bench-' });
	try {
		h.installPackage(ctx.userFolder, tarball);
		await h.importCredentials(ctx, [
			{ id: 'benchHotTask', name: 'HotTask account', type: 'hotTaskApi', data: { secretKey: DEFAULT_HOTTASK_KEY, baseUrl: sim.url } },
		]);
		const ours1 = await h.importWorkflow(ctx, workflow('bench ours sequential', ourSender(1)));
		const http1 = await h.importWorkflow(ctx, workflow('bench http sequential', httpRequestSender(sim.url, 1)));
		const ours10 = await h.importWorkflow(ctx, workflow('bench ours batched', ourSender(IN_FLIGHT)));
		const oursAll = await h.importWorkflow(ctx, workflow('bench ours all in flight', ourSender(ITEMS)));

		const oursTimes = [];
		const httpTimes = [];
		const oursAllTimes = [];
		for (let round = 0; round < REPEAT; round++) {
			// Alternate so that warm-up and machine noise hit all alike.
			httpTimes.push(await timeNode(ctx, sim, http1, SEQUENTIAL_LATENCY_MS));
			oursTimes.push(await timeNode(ctx, sim, ours1, SEQUENTIAL_LATENCY_MS));
			oursAllTimes.push(await timeNode(ctx, sim, oursAll, SEQUENTIAL_LATENCY_MS));
		}
		const batchedTimes = [];
		for (let round = 0; round < REPEAT; round++) batchedTimes.push(await timeNode(ctx, sim, ours10, BATCH_LATENCY_MS));

		const ours = median(oursTimes);
		const oursAllInFlight = median(oursAllTimes);
		const httpNode = median(httpTimes);
		const batched = median(batchedTimes);
		const ideal = (ITEMS * BATCH_LATENCY_MS) / IN_FLIGHT;
		const size = fs.statSync(tarball).size;
		console.log('');
		console.log(`Throughput in real n8n 2.38 (${ITEMS} items, median of ${REPEAT})`);
		console.log('--------------------------------------------------------------------------');
		console.log(`${SEQUENTIAL_LATENCY_MS} ms latency per request:`);
		console.log(`  HTTP Request node (by hand, all in flight)  ${(httpNode / 1000).toFixed(2)} s  (${(httpNode / ITEMS).toFixed(2)} ms/item)`);
		console.log(`  HotTask Twilio → Send, sequential           ${(ours / 1000).toFixed(2)} s  (${(ours / ITEMS).toFixed(2)} ms/item)`);
		console.log(`    ratio to HTTP Request                     ${(ours / httpNode).toFixed(2)}   (goal ≤ 1.00; sequential pays the latency ${ITEMS} times)`);
		console.log(`    of which waiting for the service          ${((ITEMS * SEQUENTIAL_LATENCY_MS) / 1000).toFixed(2)} s`);
		console.log(`  HotTask Twilio → Send, all in flight        ${(oursAllInFlight / 1000).toFixed(2)} s  (${(oursAllInFlight / ITEMS).toFixed(2)} ms/item)`);
		console.log(`    ratio to HTTP Request                     ${(oursAllInFlight / httpNode).toFixed(2)}   (goal ≤ 1.00)`);
		console.log(`Batching ${IN_FLIGHT} in flight, ${BATCH_LATENCY_MS} ms latency:`);
		console.log(`  HotTask Twilio → Send            ${(batched / 1000).toFixed(2)} s`);
		console.log(`  ideal N·L/C                      ${(ideal / 1000).toFixed(2)} s`);
		console.log(`  ratio to ideal                   ${(batched / ideal).toFixed(2)}   (goal ≤ 1.25)`);
		console.log(`Packed tarball                     ${(size / 1024).toFixed(1)} KiB (${tarballName})`);
		console.log(`Wall time                          ${((Date.now() - started) / 1000).toFixed(0)} s`);
	} finally {
		await sim.close();
		ctx.cleanup();
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
