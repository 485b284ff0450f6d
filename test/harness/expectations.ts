/**
 * Checks shared by the node tests: what a run showed the user (items, error
 * message, description) and whether any secret leaked into it.
 */
import { sleepWithAbort } from 'n8n-workflow';
import type { NodeRun } from './runWorkflow';
import { HAMSA_KEY, HOTTASK_KEY, type RecordedRequest, type Simulator } from './simulator';

/**
 * Everything of an error that n8n shows or stores, as JSON. The `node` field is
 * left out: it is the user's own node (its parameters), not something the
 * node under test wrote.
 */
export function errorSurface(error: unknown): string {
	if (!error || typeof error !== 'object') return JSON.stringify(error ?? null);
	const rest = Object.fromEntries(Object.entries(error).filter(([key]) => key !== 'node'));
	const shown = { ...rest, message: (error as Error).message, stack: (error as Error).stack };
	return JSON.stringify(shown);
}

/** What the user sees of a run: its output items and its error. */
export function visibleOutput(run: NodeRun): string {
	return `${JSON.stringify(run.items)}\n${errorSurface(run.error)}`;
}

/** Fails naming the secret when any of them appears in the run's items or error. */
export function expectNoSecrets(run: NodeRun, extraSecrets: string[] = []): void {
	const text = visibleOutput(run);
	for (const secret of [HOTTASK_KEY, HAMSA_KEY, ...extraSecrets]) {
		expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
	}
}

/** The message and description of the run's error, checked to exist. */
export function failureOf(run: NodeRun): { message: string; description: string; httpCode?: string } {
	expect(run.error).toBeDefined();
	const error = run.error as unknown as { message: string; description?: string | null; httpCode?: string | null };
	return { message: error.message, description: error.description ?? '', httpCode: error.httpCode ?? undefined };
}

/** The requests the simulator saw, as `METHOD /path`. */
export function routesOf(sim: Simulator): string[] {
	return sim.requests.map((request) => `${request.method} ${request.path}`);
}

/** The single request the simulator saw (fails when there were more or none). */
export function onlyRequest(sim: Simulator): RecordedRequest {
	expect(routesOf(sim)).toHaveLength(1);
	return sim.requests[0];
}

/** Resolves once the simulator reports that call reaching that status (or rejects after timeoutMs). */
export async function callReaches(sim: Simulator, callId: string, status: string, timeoutMs = 5000): Promise<void> {
	const emitter = sim as unknown as {
		on(event: 'callStatus', listener: (change: { id: string; status: string }) => void): void;
		off(event: 'callStatus', listener: (change: { id: string; status: string }) => void): void;
	};
	if (sim.calls.get(callId)?.status === status) return;
	const timeLimit = new AbortController();
	let listener: ((change: { id: string; status: string }) => void) | undefined;
	const reached = new Promise<boolean>((resolve) => {
		listener = (change) => {
			if (change.id === callId && change.status === status) resolve(true);
		};
		emitter.on('callStatus', listener);
	});
	// false once the time limit passes; its sleep is aborted when the status arrives first, so no timer outlives the wait.
	const limitPassed = sleepWithAbort(timeoutMs, timeLimit.signal).then(
		() => false,
		() => true,
	);
	const arrived = await Promise.race([reached, limitPassed]);
	timeLimit.abort();
	if (listener) emitter.off('callStatus', listener);
	if (!arrived) throw new Error(`call ${callId} did not reach ${status} within ${timeoutMs} ms`);
}
