/**
 * The Batching option: without a Batch Interval, N requests in flight at once
 * (the next item starts as one finishes); with one, whole batches in lockstep.
 * Results in input order with their pairedItem whatever order the answers
 * arrive in, and one failed item under Continue On Fail leaving the others
 * alone. Concurrency is read from the simulator's in-flight count, not the clock.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { runNode, type NodeRun } from '../harness/runWorkflow';
import { credentialsFor, useSimulator, type RecordedRequest } from '../harness/simulator';
import { ASK, delivery, expectStopped, itemTag, openSession, requestsOf } from './support';

const context = useSimulator();

function batching(batchSize: number, batchInterval = 0): INodeParameters {
	return { batching: { batch: { batchSize, batchInterval } } };
}

/** Ask in a given session, the question (and, if set, the session) taken from each item. */
async function askItems(items: IDataObject[], options: INodeParameters, continueOnFail = false): Promise<NodeRun> {
	return await runNode({
		node: 'hotTaskChat',
		parameters: {
			resource: 'message',
			operation: 'ask',
			sessionId: '={{ $json.session }}',
			chatbotId: '',
			question: '={{ $json.q }}',
			stream: false,
			options,
		},
		items,
		credentials: credentialsFor(context.sim),
		continueOnFail,
	});
}

function questions(count: number, session: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({ q: `Question ${index}`, session }));
}

function answerFor(question: string): string {
	return `Hello! You asked: "${question}". HotTask is here to help 🙂`;
}

/** The most requests the simulator was answering at once (the count peaks as a request arrives). */
function mostInFlight(requests: RecordedRequest[]): number {
	return Math.max(...requests.map((request) => request.inFlight));
}

describe('Batching', () => {
	it('keeps input order and pairedItem when later items are answered first, and a slow item holds up no other', async () => {
		const { sim } = context;
		const session = await openSession(sim);
		// The first request waits long, the others not at all (a wide gap, so that a
		// loaded machine cannot put the answers back in input order).
		sim.addFaults([900, 0, 0, 0, 0, 0, 0, 0, 0, 0].map((delayMs) => ({ method: 'POST', path: ASK.path, delayMs })));
		const run = await askItems(questions(10, session), batching(5));

		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(10);
		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.answer).toBe(answerFor(`Question ${index}`));
		});
		// Message ids are handed out as HotTask answers: item 0 was answered last,
		// because the other four places in flight went on to the next items meanwhile.
		const ids = run.items.map((item) => item.json.messageId as number);
		expect(Math.max(...ids)).toBe(ids[0]);
		expect(requestsOf(sim, ASK)).toHaveLength(10);
	});

	it('under Continue On Fail, a failing item in a batch leaves the other items and their order untouched', async () => {
		const { sim } = context;
		const session = await openSession(sim);
		sim.addFaults([250, 0, 150, 50, 100].map((delayMs) => ({ method: 'POST', path: ASK.path, delayMs })));
		const items = questions(8, session);
		items[3] = { ...items[3], session: 999999 };
		const run = await askItems(items, batching(5), true);

		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(8);
		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			if (index === 3) {
				expect(item.json).toMatchObject({
					error: `HotTask: Session not found ${itemTag(3)}`,
					delivery: 'refused',
					serviceCode: 404,
				});
				expect(item.json.errorDescription).toContain(delivery.refused('HotTask'));
			} else {
				expect(item.json.error).toBeUndefined();
				expect(item.json.answer).toBe(answerFor(`Question ${index}`));
			}
		});
		// Every item asked exactly once; the failed one was not asked again.
		const asked = requestsOf(sim, ASK).map((request) => String(request.body.content));
		expect(asked.sort()).toEqual(items.map((item) => item.q as string).sort());
	});

	it('without Continue On Fail, the requests in flight finish, no new item is started, and none is sent twice', async () => {
		const { sim } = context;
		const session = await openSession(sim);
		// Items 0 and 1 are slow, so the failure of item 2 is known while they are in flight.
		sim.addFaults([400, 400].map((delayMs) => ({ method: 'POST', path: ASK.path, delayMs })));
		const items = questions(10, session);
		items[2] = { ...items[2], session: 999999 };
		const run = await askItems(items, batching(5));
		expectStopped(run, {
			message: `HotTask: Session not found ${itemTag(2)}`,
			description: [delivery.refused('HotTask')],
		});
		const asked = requestsOf(sim, ASK).map((request) => String(request.body.content));
		expect(new Set(asked).size).toBe(asked.length);
		expect(asked).toEqual(expect.arrayContaining(['Question 0', 'Question 1', 'Question 2', 'Question 3', 'Question 4']));
		expect(asked).not.toContain('Question 8');
		expect(asked).not.toContain('Question 9');
	});

	it('Items per Batch N puts N requests in flight at once, and never more', async () => {
		const { sim } = context;
		const session = await openSession(sim);
		sim.configure({ latencyMs: 300 });
		const run = await askItems(questions(10, session), batching(5));
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(10);
		const requests = requestsOf(sim, ASK);
		expect(requests).toHaveLength(10);
		expect(mostInFlight(requests)).toBe(5);
	});

	it('without a Batch Interval, the next item starts as soon as one finishes, not when the whole batch has', async () => {
		const { sim } = context;
		const session = await openSession(sim);
		// The first request to arrive is slow; the rest are quick, and arrive while it is still being answered.
		sim.addFaults([2000, 100, 200, 100, 200, 100, 200, 100, 200].map((delayMs) => ({ method: 'POST', path: ASK.path, delayMs })));
		const run = await askItems(questions(9, session), batching(3));

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual(Array.from({ length: 9 }, (_, index) => ({ item: index })));
		const requests = requestsOf(sim, ASK);
		expect(requests).toHaveLength(9);
		expect(mostInFlight(requests)).toBe(3);
		const [slow, ...others] = requests;
		// Lockstep batches would send the 4th item only after the slow one was answered.
		for (const request of others) expect(request.at).toBeLessThan(slow.answeredAt!);
	});

	it('with a Batch Interval, batches go in lockstep: the next batch starts only once the whole batch before was answered', async () => {
		const { sim } = context;
		const session = await openSession(sim);
		sim.addFaults([600, 0, 0, 0, 0, 0].map((delayMs) => ({ method: 'POST', path: ASK.path, delayMs })));
		const run = await askItems(questions(6, session), batching(3, 50));

		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.answer)).toEqual(questions(6, session).map((item) => answerFor(String(item.q))));
		const requests = requestsOf(sim, ASK);
		expect(mostInFlight(requests)).toBeLessThanOrEqual(3);
		const [first, second] = [requests.slice(0, 3), requests.slice(3)];
		const firstBatchAnswered = Math.max(...first.map((request) => request.answeredAt!));
		for (const request of second) expect(request.at).toBeGreaterThanOrEqual(firstBatchAnswered);
	});

	it('without Batching, one request at a time', async () => {
		const { sim } = context;
		const session = await openSession(sim);
		sim.configure({ latencyMs: 300 });
		const run = await askItems(questions(3, session), {});
		expect(run.items).toHaveLength(3);
		const requests = requestsOf(sim, ASK);
		expect(requests.map((request) => request.body.content)).toEqual(['Question 0', 'Question 1', 'Question 2']);
		expect(mostInFlight(requests)).toBe(1);
	});

	it('Batch Interval pauses between batches', async () => {
		const { sim } = context;
		const session = await openSession(sim);
		sim.configure({ latencyMs: 200 });
		const run = await askItems(questions(4, session), batching(2, 600));
		expect(run.items).toHaveLength(4);
		const requests = requestsOf(sim, ASK);
		expect(mostInFlight(requests)).toBe(2);
		expect(requests[2].at - Math.max(requests[0].answeredAt!, requests[1].answeredAt!)).toBeGreaterThanOrEqual(580);
	});
});
