/**
 * Fault matrix, rows about error pages built to be slow to read: the
 * simulator serves them from a real HTTP server, and the node turns them into
 * a one-line message as quickly as any other page. A 400 KB page of "<"
 * without ">" once kept `n8n execute` busy for 231 s; the patterns now see
 * only the page's first 8 KB and pass over it once (test/nodes/shared/body.test.ts).
 */
import { delivery, expectContinued, expectStopped, failedWith, itemTag, runCaseWithFaultAt, SEND_SMS, START_CALL } from './support';
import { useSimulator } from '../harness/simulator';

const context = useSimulator();

const HTML = { 'Content-Type': 'text/html' };
const shortened = '<'.repeat(200) + '…';

describe('fault matrix: a pathological error page', () => {
	it('Start Call: HTTP 502 with 400 KB of "<" without ">" stops the node with a short message', async () => {
		const run = await runCaseWithFaultAt(context.sim, START_CALL, 0, { status: 502, headers: HTML, body: '<'.repeat(400 * 1024) }, { options: { maxRetries: 3 } });
		expectStopped(run, {
			message: `Hamsa: ${shortened} ${itemTag(0)}`,
			description: ['HTTP 502.', delivery.mayHaveBeenDelivered('Hamsa')],
			httpStatus: 502,
		});
	});

	it('Send SMS under Continue On Fail: HTTP 400 with 5 MB of unclosed "<title" fails only its item, with a short message', async () => {
		const run = await runCaseWithFaultAt(context.sim, SEND_SMS, 0, { status: 400, headers: HTML, body: '<title'.repeat(900_000) }, { items: 2, continueOnFail: true });
		const message = `HotTask: ${'<title'.repeat(40).slice(0, 200)}… ${itemTag(0)}`;
		expectContinued(run, SEND_SMS, 2, {
			0: failedWith('refused', 'HotTask', { message, description: ['HTTP 400.'], httpStatus: 400 }),
		});
	});
});
