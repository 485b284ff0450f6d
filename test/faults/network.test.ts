/**
 * Fault matrix, rows "connection refused" (nothing reached the service:
 * retried for every operation, sending ones included) and "time-out" (the
 * request may have reached the service: reads are retried, sends never).
 * Resets and broken streams are in resets.test.ts.
 */
import { sleep } from 'n8n-workflow';
import { closedPort } from '../harness/ports';
import { credentialsFor, startSimulator, useSimulator } from '../harness/simulator';
import { delivery, expectContinued, expectRequestKinds, expectRetriedOnce, expectStopped, failedWith, GET_CALL, GET_CREDITS, itemTag, requestsOf, runCase, runCaseWithFaultAt, SEND_SMS, SENDING, START_CALL } from './support';

const context = useSimulator();

function credentialsAt(baseUrl: string) {
	return credentialsFor(context.sim, { hotTask: { baseUrl }, hamsa: { baseUrl } });
}

describe('fault matrix: connection refused', () => {
	it.each([
		{ op: SEND_SMS, maxRetries: 0, attempts: '1 attempt' },
		{ op: SEND_SMS, maxRetries: 2, attempts: '3 attempts' },
		{ op: START_CALL, maxRetries: 1, attempts: '2 attempts' },
		{ op: GET_CREDITS, maxRetries: 1, attempts: '2 attempts' },
	].map((row) => ({ ...row, label: row.op.label })))(
		'$label with Max Retries $maxRetries makes $attempts, then says nothing reached the service',
		async ({ op, maxRetries, attempts }) => {
			const port = await closedPort();
			const baseUrl = `http://127.0.0.1:${port}`;
			const run = await runCase(context.sim, op, { options: { maxRetries }, credentials: credentialsAt(baseUrl) });
			expectStopped(run, {
				message: `${op.service}: ${baseUrl} refused the connection ${itemTag(0)}`,
				description: [delivery.notDelivered(op.service), `${attempts}.`],
			});
			expect(context.sim.requests).toHaveLength(0);
		},
	);

	it('Start Call under Continue On Fail: every item fails on its own, in order, each paired', async () => {
		const port = await closedPort();
		const baseUrl = `http://127.0.0.1:${port}`;
		const run = await runCase(context.sim, START_CALL, {
			items: 2,
			continueOnFail: true,
			options: { maxRetries: 0 },
			credentials: credentialsAt(baseUrl),
		});
		const failure = (index: number) => ({
			message: `Hamsa: ${baseUrl} refused the connection ${itemTag(index)}`,
			description: [delivery.notDelivered('Hamsa'), '1 attempt.'],
			delivery: 'notDelivered',
		});
		expectContinued(run, START_CALL, 2, { 0: failure(0), 1: failure(1) });
		expect(context.sim.requests).toHaveLength(0);
	});

	it('Send SMS: a service that comes up while the node is backing off gets the SMS exactly once', async () => {
		const port = await closedPort();
		const baseUrl = `http://127.0.0.1:${port}`;
		let late: Awaited<ReturnType<typeof startSimulator>> | undefined;
		// The first attempt is refused (nothing listens yet); the retry waits at least 500 ms.
		const opening = sleep(250)
			.then(async () => await startSimulator({ port }))
			.then((sim) => {
				late = sim;
			});
		try {
			const run = await runCase(context.sim, SEND_SMS, { options: { maxRetries: 3 }, credentials: credentialsAt(baseUrl) });
			await opening;
			expect(run.error).toBeUndefined();
			SEND_SMS.ok(run.items[0].json);
			expect(requestsOf(late!, SEND_SMS)).toHaveLength(1);
		} finally {
			await opening.catch(() => undefined);
			await late?.close();
		}
	});
});

describe('fault matrix: time-out (the service never answers)', () => {
	it.each(SENDING)('$label gives up after the Timeout option and does not send the item again', async (op) => {
		const { sim } = context;
		const run = await runCaseWithFaultAt(sim, op, 0, { hang: true }, { items: 2, continueOnFail: true, options: { timeout: 1000, maxRetries: 3 } });
		expectContinued(run, op, 2, {
			0: failedWith('mayHaveBeenDelivered', op.service, {
				message: `${op.service}: ${op.service} did not answer in time ${itemTag(0)}`,
				description: ['1 attempt.'],
			}),
		});
		const requests = requestsOf(sim, op);
		expectRequestKinds(sim, op, 2, 2);
		expect(requests[0].closedEarly).toBe(true);
	});

	it.each([GET_CALL, GET_CREDITS])('$label is retried after a time-out and succeeds', async (op) => {
		const { sim } = context;
		sim.addFault({ method: op.method, path: op.path, hang: true });
		const requests = expectRetriedOnce(sim, op, await runCase(sim, op, { options: { timeout: 1000, maxRetries: 1 } }));
		expect(requests[0].closedEarly).toBe(true);
	});
});
