/**
 * The request defaults every operation shares, and the one way to pause.
 * The Options fields, the parameter reader and the transport all read these,
 * so the editor's defaults and the behaviour cannot drift apart.
 */
import { sleep, sleepWithAbort } from 'n8n-workflow';

export const DEFAULT_MAX_RETRIES = 3;
/** The editor lets users raise Max Retries up to this. */
export const MOST_RETRIES = 10;
export const DEFAULT_TIMEOUT_MS = 120_000;
/** A shorter timeout is read as a mistake and the default is used instead. */
export const SHORTEST_TIMEOUT_MS = 1000;

/**
 * Waits, ending early when the execution is cancelled. n8n-workflow versions
 * before sleepWithAbort have only sleep, which cannot be interrupted.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (typeof sleepWithAbort === 'function') await sleepWithAbort(ms, signal);
	else await sleep(ms);
}
