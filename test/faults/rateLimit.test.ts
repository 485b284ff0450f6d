/**
 * Fault matrix, rows "429 with Retry-After (seconds)", "429 with Retry-After
 * (HTTP date)" and "503": a 429, or a 503 that says when to come back, means
 * the service turned the request away without acting on it, so every
 * operation, sending ones included, waits as asked and tries again, up to Max
 * Retries. A bare 503 (or 502, 504) may come from a proxy after the service
 * acted: reads are retried, sends are not.
 */
import { useSimulator } from '../harness/simulator';
import { delivery, expectContinued, expectRequestKinds, expectRetriedOnce, expectStopped, failedWith, gapBetweenFirstTwo, GET_CALL, GET_CREDITS, itemTag, runCase, runCaseWithFaultAt, SEND_SMS, SENDING, START_CALL } from './support';

const context = useSimulator();

describe('fault matrix: 429 with Retry-After in seconds', () => {
	it.each([...SENDING, GET_CALL])('$label waits the Retry-After seconds, then sends once more and succeeds', async (op) => {
		const { sim } = context;
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 429, retryAfter: '1' } }, { options: { maxRetries: 3 } });
		const requests = expectRetriedOnce(context.sim, op, run);
		// Retry-After: 1 was honoured (the server saw the second attempt at least ~1 s later).
		expect(gapBetweenFirstTwo(requests)).toBeGreaterThanOrEqual(950);
	});

	it('Send SMS: when Max Retries is used up, says the request did not reach HotTask and how many attempts were made', async () => {
		const { sim } = context;
		const op = SEND_SMS;
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 429, retryAfter: '1' }, times: 2 }, { items: 2, continueOnFail: true, options: { maxRetries: 1 } });
		expectContinued(run, op, 2, {
			0: failedWith('notDelivered', 'HotTask', {
				message: `HotTask: Too many requests ${itemTag(0)}`,
				description: [
					'HTTP 429',
					'HotTask is busy or rate limiting (2 attempts). Raise "Max Retries" or slow down with the Batching option.',
				],
				httpStatus: 429,
			}),
		});
		expectRequestKinds(sim, op, 3, 2);
	});

	it('Get Message Credits: stops with the same explanation when no retries are allowed', async () => {
		const { sim } = context;
		const op = GET_CREDITS;
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 429, retryAfter: '1' } }, { options: { maxRetries: 0 } });
		expectStopped(run, {
			message: `HotTask: Too many requests ${itemTag(0)}`,
			description: ['HTTP 429', delivery.notDelivered('HotTask'), '(1 attempt)'],
			httpStatus: 429,
		});
		expectRequestKinds(sim, op, 1, 1);
	});

	it('Start Call: a Retry-After longer than five minutes fails at once instead of holding the workflow', async () => {
		const { sim } = context;
		const op = START_CALL;
		sim.addFault({ method: op.method, path: op.path, rateLimit: { status: 429, retryAfter: '3600' } });
		const started = Date.now();
		const run = await runCase(sim, op, { options: { maxRetries: 3 } });
		expect(Date.now() - started).toBeLessThan(5000);
		expectStopped(run, {
			message: `Hamsa: Too many requests ${itemTag(0)}`,
			description: ['HTTP 429, Hamsa code TOO_MANY_REQUESTS', delivery.notDelivered('Hamsa'), 'asked to wait 3600 s'],
		});
		expectRequestKinds(sim, op, 1, 1);
		expect(sim.calls.size).toBe(0);
	});
});

describe('fault matrix: 429 with Retry-After as an HTTP date', () => {
	it('Send SMS waits until the date (longer than any backoff), then sends once more', async () => {
		const { sim } = context;
		const op = SEND_SMS;
		// Whole seconds only in an HTTP date: this one lies 2-3 s ahead, longer than the first backoff (at most 1 s).
		const retryAfter = new Date(Date.now() + 3000).toUTCString();
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 429, retryAfter } }, { options: { maxRetries: 3 } });
		const requests = expectRetriedOnce(context.sim, op, run);
		// The retry came no earlier than the date (HTTP dates have whole seconds; allow for rounding).
		expect(requests[1].at).toBeGreaterThanOrEqual(Date.parse(retryAfter) - 50);
		expect(gapBetweenFirstTwo(requests)).toBeGreaterThan(0);
	});

	it('Start Call retries at once when the date has already passed', async () => {
		const { sim } = context;
		const op = START_CALL;
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 429, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' } }, { options: { maxRetries: 3 } });
		expectRetriedOnce(context.sim, op, run);
	});

	it('Get Call reports the HTTP date wait as a rate limit when retries run out', async () => {
		const { sim } = context;
		const op = GET_CALL;
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 429, retryAfter: new Date(Date.now() + 1000).toUTCString() }, times: 2 }, { options: { maxRetries: 1 } });
		expectStopped(run, {
			message: `Hamsa: Too many requests ${itemTag(0)}`,
			description: ['HTTP 429', delivery.notDelivered('Hamsa'), '(2 attempts)'],
		});
		expectRequestKinds(sim, op, 2, 1);
	});
});

describe('fault matrix: 503 Service Unavailable', () => {
	it.each([SEND_SMS, START_CALL])('$label with Retry-After: 1 waits, then sends once more and succeeds', async (op) => {
		const { sim } = context;
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 503, retryAfter: '1' } }, { options: { maxRetries: 2 } });
		const requests = expectRetriedOnce(context.sim, op, run);
		expect(gapBetweenFirstTwo(requests)).toBeGreaterThanOrEqual(950);
	});

	it('Send SMS answered 429 without Retry-After is retried after backoff and sent once', async () => {
		const { sim } = context;
		const op = SEND_SMS;
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 429 } }, { options: { maxRetries: 2 } });
		expectRetriedOnce(context.sim, op, run);
	});

	it.each([GET_CREDITS, GET_CALL])('$label (a read) is retried after a bare 503 and succeeds', async (op) => {
		const { sim } = context;
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 503 } }, { options: { maxRetries: 2 } });
		expectRetriedOnce(context.sim, op, run);
	});
});

describe('fault matrix: a bare 503 from a gateway after the service acted', () => {
	it('Send SMS: the SMS is sent exactly once, and the item fails saying it may have been sent', async () => {
		const { sim } = context;
		const op = SEND_SMS;
		const run = await runCaseWithFaultAt(sim, op, 0, { status: 503, afterActing: true }, { continueOnFail: true, options: { maxRetries: 3 } });
		expectContinued(run, op, 1, {
			0: failedWith('mayHaveBeenDelivered', 'HotTask', {
				message: `HotTask: Service unavailable ${itemTag(0)}`,
				description: ['HTTP 503', 'An HTTP 503 can come from a proxy in front of HotTask after HotTask already acted.'],
				httpStatus: 503,
			}),
		});
		expect(String(run.items[0].json.errorDescription)).not.toContain('busy or rate limiting');
		expectRequestKinds(sim, op, 1, 1);
		expect(op.acted?.(sim)).toBe(1);
	});

	it.each(SENDING.filter((op) => op !== SEND_SMS))('$label is not sent again: one request, acted on once where the simulator shows it', async (op) => {
		const { sim } = context;
		const run = await runCaseWithFaultAt(sim, op, 0, { rateLimit: { status: 503 }, afterActing: true }, { options: { maxRetries: 3 } });
		expectStopped(run, {
			message: `${op.service}: Service unavailable ${itemTag(0)}`,
			description: ['HTTP 503', delivery.mayHaveBeenDelivered(op.service)],
			httpStatus: 503,
		});
		expectRequestKinds(sim, op, 1, 1);
		if (op.acted) expect(op.acted(sim)).toBe(1);
	});

	it.each([502, 504])('Send SMS answered %i by a gateway is not sent again either', async (status) => {
		const { sim } = context;
		const op = SEND_SMS;
		const run = await runCaseWithFaultAt(sim, op, 0, { status, afterActing: true }, { options: { maxRetries: 3 } });
		expectStopped(run, { message: /^HotTask: /, description: [`HTTP ${status}`, delivery.mayHaveBeenDelivered('HotTask')], httpStatus: status });
		expect(op.acted?.(sim)).toBe(1);
	});

	it('Start Call with Max Retries 0: the item fails saying nothing was done, the others are placed once each', async () => {
		const { sim } = context;
		const op = START_CALL;
		const run = await runCaseWithFaultAt(sim, op, 1, { rateLimit: { status: 503, retryAfter: '1' } }, { items: 3, continueOnFail: true, options: { maxRetries: 0 } });
		expectContinued(run, op, 3, {
			1: failedWith('notDelivered', 'Hamsa', {
				message: `Hamsa: Service unavailable ${itemTag(1)}`,
				description: ['HTTP 503, Hamsa code SERVICE_UNAVAILABLE', 'Hamsa is busy or rate limiting (1 attempt)'],
				httpStatus: 503,
				serviceCode: 'SERVICE_UNAVAILABLE',
			}),
		});
		expectRequestKinds(sim, op, 3, 3);
		expect(sim.calls.size).toBe(2);
	});
});
