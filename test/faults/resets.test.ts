/**
 * Fault matrix, rows "connection reset" and "reset in the middle of a streamed
 * answer": the request may have reached the service, so reads are retried and
 * sends never; a streamed answer that breaks off keeps what arrived, in the
 * error and in the output item's partialAnswer.
 */
import { runNode } from '../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, useSimulator } from '../harness/simulator';
import { ASK_STREAMED, CREATE_SESSION, escapeRegExp, expectContinued, expectRequestKinds, expectRetriedOnce, expectStopped, failedWith, GET_CALL, GET_CREDITS, itemTag, mayHaveStatement, runCase, runCaseWithFaultAt, SENDING } from './support';

const context = useSimulator();

describe('fault matrix: connection reset before an answer', () => {
	it.each(SENDING)('$label reports the reset and does not send the item again', async (op) => {
		const { sim } = context;
		const run = await runCaseWithFaultAt(sim, op, 1, { reset: true }, { items: 3, continueOnFail: true, options: { maxRetries: 3 } });
		expectContinued(run, op, 3, {
			1: failedWith('mayHaveBeenDelivered', op.service, {
				message: `${op.service}: The connection was reset before an answer arrived ${itemTag(1)}`,
				description: ['1 attempt.'],
			}),
		});
		expectRequestKinds(sim, op, 3, 3);
	});

	it.each([CREATE_SESSION, GET_CALL])('$label is retried after a reset and succeeds', async (op) => {
		const { sim } = context;
		sim.addFault({ method: op.method, path: op.path, reset: true });
		expectRetriedOnce(sim, op, await runCase(sim, op, { options: { maxRetries: 1 } }));
	});

	it('Get Message Credits says repeating is safe when every attempt is reset', async () => {
		const { sim } = context;
		const op = GET_CREDITS;
		const run = await runCaseWithFaultAt(sim, op, 0, { reset: true, times: 2 }, { options: { maxRetries: 1 } });
		expectStopped(run, {
			message: `HotTask: The connection was reset before an answer arrived ${itemTag(0)}`,
			description: [mayHaveStatement(op), '2 attempts.'],
		});
		expectRequestKinds(sim, op, 2, 1);
	});
});

describe('fault matrix: connection reset in the middle of a streamed answer', () => {
	const PARTIAL = 'Hello! You asked:';

	it('Ask (streamed), Continue On Fail: the item keeps the partial answer, is not asked again, the next item is answered', async () => {
		const { sim } = context;
		const op = ASK_STREAMED;
		const run = await runCaseWithFaultAt(sim, op, 0, { stream: { cutAfterPieces: 3 } }, { items: 2, continueOnFail: true, options: { maxRetries: 3 } });
		expectContinued(run, op, 2, {
			0: failedWith('delivered', 'HotTask', {
				message: `HotTask: The connection broke before the whole answer arrived ${itemTag(0)}`,
				description: [
					'It was not asked again, to avoid a second answer being recorded.',
					`Partial answer received: "${PARTIAL}"`,
				],
				partialAnswer: PARTIAL,
			}),
		});
		expectRequestKinds(sim, op, 2, 2);
	});

	it('Ask (streamed), stopping: the error shows the partial answer, and a streaming workflow already showed its pieces', async () => {
		const { sim } = context;
		sim.addFault({ method: 'POST', path: '/chat/Chat/ClientAsk', stream: { cutAfterPieces: 3 } });
		const run = await runNode({
			node: 'hotTaskChat',
			parameters: { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Opening hours?', stream: true },
			credentials: credentialsFor(sim),
			streaming: true,
		});
		expectStopped(run, {
			message: `HotTask: The connection broke before the whole answer arrived ${itemTag(0)}`,
			description: [new RegExp(`Partial answer received: "${escapeRegExp(PARTIAL)}"$`)],
		});
		const pieces = run.chunks.filter((chunk) => chunk.type === 'item').map((chunk) => chunk.content);
		expect(pieces.join('')).toBe(PARTIAL);
		expect(run.chunks.map((chunk) => chunk.type)).toEqual(expect.arrayContaining(['begin', 'end']));
		expectRequestKinds(sim, ASK_STREAMED, 1, 1);
	});

	it('Ask (streamed): a stream that stalls longer than the Timeout option is given up, keeping what arrived', async () => {
		const { sim } = context;
		const op = ASK_STREAMED;
		sim.addFault({ method: op.method, path: op.path, stream: { pieceDelayMs: 4000 } });
		const started = Date.now();
		const run = await runCase(sim, op, { continueOnFail: true, options: { timeout: 1000, maxRetries: 3 } });
		expect(Date.now() - started).toBeLessThan(3500);
		expectContinued(run, op, 1, {
			0: {
				message: `HotTask: The connection broke before the whole answer arrived ${itemTag(0)}`,
				description: ['It was not asked again', 'Partial answer received: "Hello!"'],
				delivery: 'delivered',
				partialAnswer: 'Hello!',
			},
		});
		expectRequestKinds(sim, op, 1, 1);
	});

	it('Ask (streamed): a stream that ends cleanly but without its summary is reported as incomplete, with the partial answer', async () => {
		const { sim } = context;
		const op = ASK_STREAMED;
		const run = await runCaseWithFaultAt(sim, op, 0, { stream: { endWithoutSummary: true } }, { continueOnFail: true });
		expectContinued(run, op, 1, {
			0: {
				message: `HotTask: The answer stream ended before HotTask sent its final summary ${itemTag(0)}`,
				description: ['It was not asked again', 'Partial answer received: "Hello! You asked: "Opening hours?"'],
				delivery: 'delivered',
				partialAnswer: 'Hello! You asked: "Opening hours?". HotTask is here to help 🙂',
			},
		});
		expectRequestKinds(sim, op, 1, 1);
	});
});
