/**
 * Fault matrix, row "HTTP 500": a server error means the request may have been
 * acted on. Sending operations report it and never send the item again; reads
 * are retried (up to Max Retries) and say they are safe to repeat.
 */
import { useSimulator } from '../harness/simulator';
import { expectContinued, expectRequestKinds, expectRetriedOnce, expectStopped, itemTag, mayHaveStatement, READING, runCase, runCaseWithFaultAt, SENDING } from './support';

const context = useSimulator();

describe('fault matrix: HTTP 500', () => {
	describe.each(SENDING)('$label (sends: never twice)', (op) => {
		it('is not retried although retries are allowed; under Continue On Fail the other items go on', async () => {
			const { sim } = context;
			const run = await runCaseWithFaultAt(sim, op, 1, { status: 500 }, { items: 3, continueOnFail: true, options: { maxRetries: 3 } });
			expectContinued(run, op, 3, {
				1: {
					message: `${op.service}: Internal server error ${itemTag(1)}`,
					description: ['HTTP 500', mayHaveStatement(op)],
					delivery: 'mayHaveBeenDelivered',
					httpStatus: 500,
				},
			});
			expectRequestKinds(sim, op, 3, 3);
			if (op.acted) expect(op.acted(sim)).toBe(2);
		});

		it('without Continue On Fail, stops at the failed item and sends nothing after it', async () => {
			const { sim } = context;
			const run = await runCaseWithFaultAt(sim, op, 0, { status: 500 }, { items: 2, options: { maxRetries: 3 } });
			expectStopped(run, {
				message: `${op.service}: Internal server error ${itemTag(0)}`,
				description: ['HTTP 500', mayHaveStatement(op)],
				httpStatus: 500,
			});
			expectRequestKinds(sim, op, 1, 1);
		});
	});

	describe.each(READING)('$label (reads: retried)', (op) => {
		it('is retried and succeeds when the next attempt works', async () => {
			const { sim } = context;
			sim.addFault({ method: op.method, path: op.path, status: 500 });
			expectRetriedOnce(sim, op, await runCase(sim, op, { options: { maxRetries: 1 } }));
		});

		it('gives up after Max Retries, says so and that repeating is safe; the next item is undisturbed', async () => {
			const { sim } = context;
			const run = await runCaseWithFaultAt(sim, op, 0, { status: 500, times: 2 }, { items: 2, continueOnFail: true, options: { maxRetries: 1 } });
			expectContinued(run, op, 2, {
				0: {
					message: `${op.service}: Internal server error ${itemTag(0)}`,
					description: ['HTTP 500', mayHaveStatement(op), '2 attempts'],
					delivery: 'mayHaveBeenDelivered',
					httpStatus: 500,
				},
			});
			expectRequestKinds(sim, op, 3, 2);
		});
	});
});
