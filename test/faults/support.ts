/**
 * Shared pieces of the fault matrix: the operations under test (from
 * operationCases.ts), a way to aim a queued fault at one item, and the checks
 * on what the user sees.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode, type NodeRun, type RunNodeOptions } from '../harness/runWorkflow';
import { credentialsFor, type RecordedRequest, type Simulator } from '../harness/simulator';
import type { OperationCase, Service } from './operationCases';

export * from './operationCases';

function matchesPath(pattern: string, path: string): boolean {
	return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** The requests the operation's target route received. */
export function requestsOf(sim: Simulator, op: Pick<OperationCase, 'method' | 'path'>): RecordedRequest[] {
	return sim.requests.filter((request) => request.method === op.method && matchesPath(op.path, request.path));
}

/** How many requests of each kind the simulator received, as `{"METHOD /path": count}`. */
export function requestKinds(sim: Simulator, op: Pick<OperationCase, 'method' | 'path'>): Record<string, number> {
	const kinds: Record<string, number> = {};
	for (const request of sim.requests) {
		const kind =
			request.method === op.method && matchesPath(op.path, request.path) ? `${op.method} ${op.path}` : `${request.method} ${request.path}`;
		kinds[kind] = (kinds[kind] ?? 0) + 1;
	}
	return kinds;
}

/**
 * The simulator received `count` requests of the operation under test and
 * nothing else, besides the one request per item some operations make first
 * (`itemsReached` of them: the items that got as far as sending).
 */
export function expectRequestKinds(sim: Simulator, op: OperationCase, count: number, itemsReached: number): void {
	const expected: Record<string, number> = {};
	if (count > 0) expected[`${op.method} ${op.path}`] = count;
	if (op.before && itemsReached > 0) expected[`${op.before.method} ${op.before.path}`] = itemsReached;
	expect(requestKinds(sim, op)).toEqual(expected);
}

/**
 * Queues `fault` for the operation's route so that it hits the request of item
 * `itemIndex` (items go one at a time without batching): the requests before
 * it take harmless zero-delay faults, which are matched first.
 */
export function faultAtItem(sim: Simulator, op: OperationCase, itemIndex: number, fault: IDataObject): void {
	const route = { method: op.method, path: op.path };
	const passes = Array.from({ length: itemIndex }, () => ({ ...route, delayMs: 0 }));
	sim.addFaults([...passes, { ...route, ...fault }]);
}

export interface CaseRun {
	options?: INodeParameters;
	items?: number;
	continueOnFail?: boolean;
	credentials?: RunNodeOptions['credentials'];
	streaming?: boolean;
}

export async function runCase(sim: Simulator, op: OperationCase, run: CaseRun = {}): Promise<NodeRun> {
	const setup = op.setup ? await op.setup(sim) : {};
	return await runNode({
		node: op.node,
		parameters: op.parameters(run.options ?? {}, setup),
		items: Array.from({ length: run.items ?? 1 }, (_, index) => ({ index })),
		credentials: run.credentials ?? credentialsFor(sim),
		continueOnFail: run.continueOnFail,
		streaming: run.streaming,
	});
}

/**
 * Queues `fault` for the operation's route, aimed at item `itemIndex` as
 * faultAtItem does, then runs the case.
 */
export async function runCaseWithFaultAt(sim: Simulator, op: OperationCase, itemIndex: number, fault: IDataObject, run: CaseRun = {}): Promise<NodeRun> {
	faultAtItem(sim, op, itemIndex, fault);
	return await runCase(sim, op, run);
}

/**
 * The run succeeded on its second request (one retry): one output item, paired
 * with its input, and, where the simulator counts it, acted on once.
 * Returns the two requests for checks of their own.
 */
export function expectRetriedOnce(sim: Simulator, op: OperationCase, run: NodeRun): RecordedRequest[] {
	expect(run.error).toBeUndefined();
	expect(run.items).toHaveLength(1);
	expect(run.items[0].pairedItem).toEqual({ item: 0 });
	op.ok(run.items[0].json);
	const requests = requestsOf(sim, op);
	expect(requests).toHaveLength(2);
	expectRequestKinds(sim, op, 2, 1);
	if (op.acted) expect(op.acted(sim)).toBe(1);
	return requests;
}

/** Delivery statements, as errors.ts and retry.ts word them. */
export const delivery = {
	notDelivered: (service: Service) => `The request did not reach ${service}; nothing was done there.`,
	mayHaveBeenDelivered: (service: Service) =>
		`The request may have reached ${service} and been acted on. It was not repeated automatically, so that nothing is sent twice; check ${service} before running it again.`,
	safeToRepeat: (service: Service) => `The request may have reached ${service}; repeating it does no harm, so it is safe to run again.`,
	refused: (service: Service) => `${service} received the request and refused it, so nothing was done.`,
	delivered: (service: Service) => `${service} received the request and answered it.`,
};

/** What "may have been delivered" means for this operation: a warning for senders, reassurance for reads. */
export function mayHaveStatement(op: OperationCase): string {
	return op.sends ? delivery.mayHaveBeenDelivered(op.service) : delivery.safeToRepeat(op.service);
}

export interface ExpectedFailure {
	message: string | RegExp;
	/** Every fragment must appear in the description. */
	description: Array<string | RegExp>;
	delivery?: string;
	httpStatus?: number;
	serviceCode?: string | number;
	partialAnswer?: string;
}

/**
 * An item's failure that says `delivery: kind` and whose description carries
 * that delivery statement for `service`, besides `expected`'s own pieces.
 */
export function failedWith(kind: keyof typeof delivery, service: Service, expected: Omit<ExpectedFailure, 'delivery'>): ExpectedFailure {
	return { ...expected, description: [delivery[kind](service), ...expected.description], delivery: kind };
}

function expectText(actual: unknown, expected: string | RegExp): void {
	if (typeof expected === 'string') expect(actual).toBe(expected);
	else expect(actual).toMatch(expected);
}

function expectFragments(actual: string, fragments: Array<string | RegExp>): void {
	for (const fragment of fragments) {
		if (typeof fragment === 'string') expect(actual).toContain(fragment);
		else expect(actual).toMatch(fragment);
	}
}

/** The run stopped on an error: what the user reads in n8n's error panel. */
export function expectStopped(run: NodeRun, expected: ExpectedFailure): void {
	expect(run.error).toBeDefined();
	expect(run.items).toHaveLength(0);
	const error = run.error as unknown as { message: string; description?: string | null; httpCode?: string | null };
	expectText(error.message, expected.message);
	expectFragments(error.description ?? '', expected.description);
	if (expected.httpStatus !== undefined) expect(error.httpCode).toBe(String(expected.httpStatus));
}

/**
 * A Continue On Fail run: as many items out as went in, in input order, each
 * paired with its input; the failed ones carry the error, the others the
 * operation's normal output.
 */
export function expectContinued(
	run: NodeRun,
	op: OperationCase,
	itemCount: number,
	failures: Record<number, ExpectedFailure>,
): void {
	expect(run.error).toBeUndefined();
	expect(run.items).toHaveLength(itemCount);
	run.items.forEach((item: INodeExecutionData, index: number) => {
		expect(item.pairedItem).toEqual({ item: index });
		const failure = failures[index];
		if (!failure) {
			expect(item.json.error).toBeUndefined();
			op.ok(item.json);
			return;
		}
		expectText(item.json.error, failure.message);
		expectFragments(String(item.json.errorDescription ?? ''), failure.description);
		if (failure.delivery !== undefined) expect(item.json.delivery).toBe(failure.delivery);
		if (failure.httpStatus !== undefined) expect(item.json.httpStatus).toBe(failure.httpStatus);
		if (failure.serviceCode !== undefined) expect(item.json.serviceCode).toBe(failure.serviceCode);
		if (failure.partialAnswer !== undefined) expect(item.json.partialAnswer).toBe(failure.partialAnswer);
	});
}

/** The message for an answer that is not JSON (worded "…than JSON" or "…than a JSON object"). */
export function notJsonMessage(service: Service, itemIndex: number): RegExp {
	return new RegExp(`^${service}: ${service} answered with something other than (a )?JSON( object)? \\[item ${itemIndex}\\]$`);
}

/** The text of the Nth `[item N]` suffix, for building expected messages. */
export function itemTag(index: number): string {
	return `[item ${index}]`;
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Milliseconds between the first two requests the route received. */
export function gapBetweenFirstTwo(requests: RecordedRequest[]): number {
	expect(requests.length).toBeGreaterThanOrEqual(2);
	return requests[1].at - requests[0].at;
}
