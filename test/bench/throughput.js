#!/usr/bin/env node
'use strict';
// Throughput inside a real n8n (the end-to-end harness's n8n 2.41), from one run:
//  1. 500 items through HotTask Twilio → Send, sequential (its default: one
//     request at a time), against the same 500 requests through n8n's own HTTP
//     Request node configured by hand; both against the simulator with a fixed
//     latency. Figure: time ratio. The HTTP Request node has no sequential
//     mode: whatever its Batching says, it starts every item's request without
//     waiting for the one before (Batching only paces the starts). So two
//     baselines are measured:
//       - sending one at a time by hand, the way n8n users do it with that node:
//         Loop Over Items (1 per batch) around the HTTP Request node;
//       - the HTTP Request node on its own (all requests in flight at once),
//         compared with our node at the same concurrency (Items per Batch =
//         all items), which compares the per-request cost of the two nodes.
//  2. The same with Batching at 10 in flight and 100 ms latency, against the
//     ideal N·L/C.
//  3. Batching at 10 in flight with uneven latencies (each request its own,
//     10–300 ms, seeded, handed out in arrival order): Batch Interval 0 (a
//     window: the next item starts as one finishes) against lockstep batches
//     (what a Batch Interval gives; 1 ms here, the least that selects it),
//     both against the ideal N·mean(L)/C; lockstep also against its own ideal,
//     the sum over batches of the slowest request.
//  4. The packed tarball's size.
// Times are what n8n records for the nodes (for the loop: from its first run's
// start to its last run's end), so n8n's start-up does not count.
// Usage: npm run bench [-- --items 500 --repeat 2]

const h = require('../e2e/lib/n8n');
const { DEFAULT_HOTTASK_KEY, DEFAULT_CHATBOT_ID } = require('../simulator');
const { withN8nAndSimulator, runBench } = require('./lib/realN8n');
const { numericOption: option } = require('./options');
const { median } = require('./lib/stats');
const { seededRandom } = require('../simulator/seededRandom');

const ITEMS = option('items', 500);
const REPEAT = option('repeat', 2);
const SEQUENTIAL_LATENCY_MS = option('latency', 10);
const BATCH_LATENCY_MS = 100;
const IN_FLIGHT = 10;
const UNEVEN_MIN_MS = 10;
const UNEVEN_MAX_MS = 300;
const SEED = option('seed', 7);
const SEND_PATH = '/chat/Chatbot/SendTwilioMessage';

/** One latency per request, UNEVEN_MIN_MS to UNEVEN_MAX_MS, the same for every run with the same seed. */
function unevenLatencies(count, seed) {
	const random = seededRandom(seed);
	return Array.from({ length: count }, () => Math.round(UNEVEN_MIN_MS + random() * (UNEVEN_MAX_MS - UNEVEN_MIN_MS)));
}

/** Lockstep's own best: each batch of C takes as long as its slowest request. */
function lockstepIdeal(latencies, batchSize) {
	let total = 0;
	for (let i = 0; i < latencies.length; i += batchSize) total += Math.max(...latencies.slice(i, i + batchSize));
	return total;
}

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

const MANUAL_TRIGGER = { id: 'manual', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const to = (node) => ({ main: [[{ node, type: 'main', index: 0 }]] });

/** Manual → Make Items → the given nodes, the first of them fed by Make Items; `connections` wire the rest. */
function itemsWorkflow(name, nodes, connections = {}) {
	return {
		name,
		nodes: [MANUAL_TRIGGER, makeItemsNode(), ...nodes],
		connections: { Manual: to('Make Items'), 'Make Items': to(nodes[0].name), ...connections },
	};
}

/** Manual → Make Items → Send: the sender gets every item in one run. */
function workflow(name, sender) {
	return itemsWorkflow(name, [{ ...sender, id: 'send', name: 'Send', position: [400, 0] }]);
}

/** Manual → Make Items → Loop Over Items (1 per batch) ⇄ Send: one request at a time. */
function loopWorkflow(name, sender) {
	return itemsWorkflow(
		name,
		[
			{ id: 'loop', name: 'Loop', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [400, 0], parameters: { batchSize: 1, options: {} } },
			{ ...sender, id: 'send', name: 'Send', position: [600, 100] },
		],
		// Output 0 is "done", output 1 "loop".
		{ Loop: { main: [[], [{ node: 'Send', type: 'main', index: 0 }]] }, Send: to('Loop') },
	);
}

function ourSender(batchSize, batchInterval = 0) {
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
			options: { batching: { batch: { batchSize, batchInterval } } },
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

/** `delays`: one extra latency per request, in the order the requests arrive. */
async function runTimed(ctx, sim, workflowId, latencyMs, delays = []) {
	sim.configure({ latencyMs, recordRequests: true });
	sim.clearRequests();
	sim.clearFaults();
	if (delays.length) sim.addFaults(delays.map((delayMs) => ({ method: 'POST', path: SEND_PATH, delayMs })));
	const run = await h.executeWorkflow(ctx, workflowId, { timeoutMs: 600000 });
	if (!run.ok) throw new Error(`workflow ${workflowId} failed: ${JSON.stringify(run.error ?? run.stderr).slice(0, 500)}`);
	const { runData } = run.output.data.resultData;
	const items = runData.Send.reduce((n, task) => n + task.data.main[0].length, 0);
	const sends = sim.requests.filter((request) => request.path === SEND_PATH).length;
	if (items !== ITEMS || sends !== ITEMS) throw new Error(`expected ${ITEMS} items and sends, got ${items} items, ${sends} sends`);
	return runData;
}

/** The Send node's own time (one run over all items). */
async function timeNode(ctx, sim, workflowId, latencyMs, delays) {
	const runData = await runTimed(ctx, sim, workflowId, latencyMs, delays);
	return runData.Send[0].executionTime;
}

/** The most requests the simulator answered at once during the last run. */
function mostInFlight(sim) {
	return Math.max(...sim.requests.filter((request) => request.path === SEND_PATH).map((request) => request.inFlight));
}

/** From the loop's first run to the end of its last (which sees every item done). */
async function timeLoop(ctx, sim, workflowId, latencyMs) {
	const runData = await runTimed(ctx, sim, workflowId, latencyMs);
	const runs = runData.Loop;
	if (runData.Send.length !== ITEMS) throw new Error(`expected ${ITEMS} runs of Send, got ${runData.Send.length}`);
	const last = runs[runs.length - 1];
	return last.startTime + last.executionTime - runs[0].startTime;
}


async function main() {
	const started = Date.now();
	const simulatorOptions = { recordRequests: true, maxRecordedRequests: ITEMS * 2 };
	await withN8nAndSimulator({ prefix: 'bench-', simulatorOptions }, async ({ ctx, sim, pkg }) => {
		await h.importCredentials(ctx, [
			{ id: 'benchHotTask', name: 'HotTask account', type: 'hotTaskApi', data: { secretKey: DEFAULT_HOTTASK_KEY, baseUrl: sim.url } },
		]);
		const ours1 = await h.importWorkflow(ctx, workflow('bench ours sequential', ourSender(1)));
		const httpLoop = await h.importWorkflow(ctx, loopWorkflow('bench http one at a time', httpRequestSender(sim.url, 1)));
		const http1 = await h.importWorkflow(ctx, workflow('bench http sequential', httpRequestSender(sim.url, 1)));
		const ours10 = await h.importWorkflow(ctx, workflow('bench ours batched', ourSender(IN_FLIGHT)));
		const oursAll = await h.importWorkflow(ctx, workflow('bench ours all in flight', ourSender(ITEMS)));
		const oursLockstep = await h.importWorkflow(ctx, workflow('bench ours lockstep', ourSender(IN_FLIGHT, 1)));

		const oursTimes = [];
		const httpTimes = [];
		const httpLoopTimes = [];
		const oursAllTimes = [];
		for (let round = 0; round < REPEAT; round++) {
			// Alternate so that warm-up and machine noise hit all alike.
			httpLoopTimes.push(await timeLoop(ctx, sim, httpLoop, SEQUENTIAL_LATENCY_MS));
			httpTimes.push(await timeNode(ctx, sim, http1, SEQUENTIAL_LATENCY_MS));
			oursTimes.push(await timeNode(ctx, sim, ours1, SEQUENTIAL_LATENCY_MS));
			oursAllTimes.push(await timeNode(ctx, sim, oursAll, SEQUENTIAL_LATENCY_MS));
		}
		const batchedTimes = [];
		let batchedMostInFlight = 0;
		for (let round = 0; round < REPEAT; round++) {
			batchedTimes.push(await timeNode(ctx, sim, ours10, BATCH_LATENCY_MS));
			batchedMostInFlight = Math.max(batchedMostInFlight, mostInFlight(sim));
		}
		const latencies = unevenLatencies(ITEMS, SEED);
		const windowTimes = [];
		const lockstepTimes = [];
		const most = { window: 0, lockstep: 0 };
		for (let round = 0; round < REPEAT; round++) {
			windowTimes.push(await timeNode(ctx, sim, ours10, 0, latencies));
			most.window = Math.max(most.window, mostInFlight(sim));
			lockstepTimes.push(await timeNode(ctx, sim, oursLockstep, 0, latencies));
			most.lockstep = Math.max(most.lockstep, mostInFlight(sim));
		}
		sim.clearFaults();

		const ours = median(oursTimes);
		const oursAllInFlight = median(oursAllTimes);
		const httpNode = median(httpTimes);
		const httpOneAtATime = median(httpLoopTimes);
		const batched = median(batchedTimes);
		const ideal = (ITEMS * BATCH_LATENCY_MS) / IN_FLIGHT;
		const line = (label, ms) => console.log(`  ${label.padEnd(52)} ${(ms / 1000).toFixed(2).padStart(6)} s  (${(ms / ITEMS).toFixed(2)} ms/item)`);
		const ratio = (label, value, goal) => console.log(`    ${label.padEnd(50)} ${value.toFixed(2).padStart(6)}${goal ? `    (goal ≤ ${goal})` : ''}`);
		console.log('');
		console.log(`Throughput in real n8n 2.41 (${ITEMS} items, median of ${REPEAT})`);
		console.log('-------------------------------------------------------------------------------');
		console.log(`${SEQUENTIAL_LATENCY_MS} ms latency per request, one request at a time:`);
		line('HTTP Request node by hand, in Loop Over Items (1)', httpOneAtATime);
		line('HotTask Twilio → Send, sequential (default)', ours);
		ratio('ratio to the HTTP Request node', ours / httpOneAtATime, '1.00');
		console.log(`    waiting for the service alone                     ${((ITEMS * SEQUENTIAL_LATENCY_MS) / 1000).toFixed(2).padStart(6)} s`);
		console.log(`${SEQUENTIAL_LATENCY_MS} ms latency per request, all requests in flight at once:`);
		line('HTTP Request node by hand (how it always runs)', httpNode);
		line('HotTask Twilio → Send, Items per Batch = all', oursAllInFlight);
		ratio('ratio to the HTTP Request node', oursAllInFlight / httpNode, '1.00');
		ratio('our sequential default against it', ours / httpNode);
		console.log(`Batching ${IN_FLIGHT} in flight, ${BATCH_LATENCY_MS} ms latency (Batch Interval 0):`);
		console.log(`  HotTask Twilio → Send            ${(batched / 1000).toFixed(2)} s   (at most ${batchedMostInFlight} in flight at the simulator)`);
		console.log(`  ideal N·L/C                      ${(ideal / 1000).toFixed(2)} s`);
		console.log(`  ratio to ideal                   ${(batched / ideal).toFixed(2)}   (goal ≤ 1.10)`);
		const meanLatency = latencies.reduce((a, b) => a + b, 0) / latencies.length;
		const unevenIdeal = (ITEMS * meanLatency) / IN_FLIGHT;
		const lockIdeal = lockstepIdeal(latencies, IN_FLIGHT);
		const windowMs = median(windowTimes);
		const lockstepMs = median(lockstepTimes);
		console.log(`Batching ${IN_FLIGHT} in flight, uneven latencies ${UNEVEN_MIN_MS}–${UNEVEN_MAX_MS} ms (seed ${SEED}, mean ${meanLatency.toFixed(1)} ms):`);
		console.log(`  window (Batch Interval 0)        ${(windowMs / 1000).toFixed(2)} s   ratio to ideal ${(windowMs / unevenIdeal).toFixed(2)}   (at most ${most.window} in flight)`);
		console.log(`  lockstep (Batch Interval 1 ms)   ${(lockstepMs / 1000).toFixed(2)} s   ratio to ideal ${(lockstepMs / unevenIdeal).toFixed(2)}   (at most ${most.lockstep} in flight)`);
		console.log(`  ideal N·mean(L)/C                ${(unevenIdeal / 1000).toFixed(2)} s`);
		console.log(`  lockstep's own ideal Σ max(L)    ${(lockIdeal / 1000).toFixed(2)} s   (each batch as slow as its slowest; lockstep's ratio to it ${(lockstepMs / lockIdeal).toFixed(2)})`);
		console.log(`  window / lockstep                ${(windowMs / lockstepMs).toFixed(2)}`);
		console.log(`Packed tarball                     ${(pkg.tarballBytes / 1024).toFixed(1)} KiB (${pkg.tarball})`);
		console.log(`Wall time                          ${((Date.now() - started) / 1000).toFixed(0)} s`);
	});
}

runBench(main);
