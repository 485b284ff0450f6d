/**
 * The request defaults every operation shares, and the one way to pause.
 * The Options fields, the parameter reader and the transport all read these,
 * so the editor's defaults and the behaviour cannot drift apart.
 */
import { ManualExecutionCancelledError, sleep } from 'n8n-workflow';

export const DEFAULT_MAX_RETRIES = 3;
/** The editor lets users raise Max Retries up to this. */
export const MOST_RETRIES = 10;
export const DEFAULT_TIMEOUT_MS = 120_000;
/** A shorter timeout is read as a mistake and the default is used instead. */
export const SHORTEST_TIMEOUT_MS = 1000;

/**
 * Waits, ending early when the execution is cancelled (rejecting as n8n 1.x's
 * sleepWithAbort does). n8n-workflow 2.x no longer exports sleepWithAbort, and
 * its sleep cannot be interrupted: the wait races the cancel signal.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw cancelledError();
	if (!signal) return await sleep(ms);
	let onAbort = () => {};
	const cancelled = new Promise<never>((_, reject) => {
		onAbort = () => reject(cancelledError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([sleep(ms), cancelled]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/** n8n's own cancellation error; n8n-workflow 1.98 (n8n 1.101) has none, so a plain one there. */
function cancelledError(): Error {
	return typeof ManualExecutionCancelledError === 'function' ? new ManualExecutionCancelledError('') : new Error('The execution was cancelled');
}
