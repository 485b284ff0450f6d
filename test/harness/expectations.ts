/**
 * Checks shared by the node tests: what a run showed the user (items, error
 * message, description) and whether any secret leaked into it.
 */
import { sleepWithAbort } from './promises';
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

/**
 * What a failed run shows: `message` is the whole message, a RegExp it
 * matches, or an asymmetric matcher (expect.stringContaining(…)); the HTTP
 * code and pieces of the description are checked when given.
 */
export interface ShownFailure {
	message: unknown;
	httpCode?: string;
	/** Each piece appears somewhere in the description. */
	description?: string[];
}

function expectMessage(actual: string, expected: unknown): void {
	if (expected instanceof RegExp) expect(actual).toMatch(expected);
	else expect(actual).toEqual(expected);
}

/** The run failed showing `expected` (see ShownFailure). */
export function expectFailure(run: NodeRun, expected: ShownFailure): void {
	const { message, description, httpCode } = failureOf(run);
	expectMessage(message, expected.message);
	if (expected.httpCode !== undefined) expect(httpCode).toBe(expected.httpCode);
	for (const piece of expected.description ?? []) expect(description).toContain(piece);
}

/** The run failed with `message` (as in ShownFailure) before sending the simulator any request. */
export function expectRefusedBeforeSending(run: NodeRun, sim: Simulator, message: unknown): void {
	expectMessage(failureOf(run).message, message);
	expect(sim.requests).toEqual([]);
}

/**
 * For an operation that must not run twice (a call, an SMS): a server error
 * `status` on `path` (with Retry-After: 0) fails the run after its one request.
 */
export async function expectServerErrorNotRetried(sim: Simulator, path: string, status: number, run: () => Promise<NodeRun>): Promise<void> {
	sim.addFault({ path, status, headers: { 'Retry-After': '0' } });
	expect(failureOf(await run()).description).toContain(`HTTP ${status}`);
	expect(sim.requests).toHaveLength(1);
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

/** A request as a test expects it: method, path and Authorization header, and its query or body when given. */
export interface ExpectedRequest {
	method: string;
	path: string;
	authorization: string;
	query?: unknown;
	body?: unknown;
}

/** The single request the simulator saw, checked to be `expected` (its query and body only when `expected` has them). */
export function expectOnlyRequest(sim: Simulator, expected: ExpectedRequest): RecordedRequest {
	const request = onlyRequest(sim);
	const seen: Record<string, unknown> = { method: request.method, path: request.path, authorization: request.headers.authorization };
	if ('query' in expected) seen.query = request.query;
	if ('body' in expected) seen.body = request.body;
	expect(seen).toEqual(expected);
	return request;
}

/** A Hamsa list read: the run succeeded after one GET of `path` with "Token <key>" and `query`, and output `items` items. */
export function expectOneHamsaPage(run: NodeRun, sim: Simulator, path: string, query: Record<string, string>, items: number): void {
	expect(run.error).toBeUndefined();
	expectOnlyRequest(sim, { method: 'GET', path, authorization: `Token ${HAMSA_KEY}`, query });
	expect(run.items).toHaveLength(items);
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
