/**
 * pause() is every wait in the package (retry back-off, polling, batches).
 * n8n-workflow 2.x dropped sleepWithAbort, which pause used: on n8n 2.x a
 * cancelled execution then sat out the whole wait. It now races the signal.
 */
import { ManualExecutionCancelledError, sleep } from 'n8n-workflow';

import { pause } from '../../../nodes/shared/defaults';

describe('pause', () => {
	it('waits the time given', async () => {
		const started = Date.now();
		await pause(120);
		expect(Date.now() - started).toBeGreaterThanOrEqual(100);
	});

	it('ends at once, with n8n’s cancellation error, when the execution is cancelled during a long wait', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const waiting = pause(10_000, controller.signal);
		void sleep(50).then(() => controller.abort());
		await expect(waiting).rejects.toBeInstanceOf(ManualExecutionCancelledError);
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('does not start waiting when already cancelled', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(pause(10_000, controller.signal)).rejects.toBeInstanceOf(ManualExecutionCancelledError);
	});
});
