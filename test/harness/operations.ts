/** Running one node operation against a test file's simulator, without repeating its setup in every test. */
import type { INodeParameters } from 'n8n-workflow';
import { runNode, type NodeRun, type RunNodeOptions } from './runWorkflow';
import { CHATBOT_ID, credentialsFor, type Simulator } from './simulator';

/**
 * Returns a function that runs `node` with `defaults` (resource, operation and
 * the fields every test fills in) plus the parameters it is given, with the
 * simulator's credentials. `extra` sets other run options (items, streaming, …).
 */
export function operationRunner(context: { readonly sim: Simulator }, node: string, defaults: Record<string, unknown>) {
	return async (parameters: Record<string, unknown> = {}, extra: Partial<RunNodeOptions> = {}): Promise<NodeRun> =>
		await runNode({
			node,
			parameters: { ...defaults, ...parameters } as INodeParameters,
			credentials: credentialsFor(context.sim),
			...extra,
		});
}

/** The query of each request the simulator received, in order (for paging checks). */
export function queriesOf(sim: Simulator): Array<Record<string, unknown>> {
	return sim.requests.map((request) => ({ ...request.query }));
}

/** One paging case of a Get Many (see itReadsPages). */
export interface PagingCase {
	title: string;
	parameters: Record<string, unknown>;
	/** The paging query of each request, in order (see itReadsPages). */
	pages: Array<Record<string, unknown>>;
	/** How many items the operation outputs, each with a different value of the key. */
	items: number;
}

/**
 * One test per case: runs the operation with the case's parameters and checks
 * the pages it asked for (the queries it sent, or what `pagesOf` reads of
 * them) and that it output `items` items, all with different values of `key`
 * (no item twice).
 */
export function itReadsPages(
	context: { readonly sim: Simulator },
	runner: (parameters: Record<string, unknown>) => Promise<NodeRun>,
	key: string,
	cases: PagingCase[],
	pagesOf: (sim: Simulator) => Array<Record<string, unknown>> = queriesOf,
): void {
	it.each(cases)('$title', async ({ parameters, pages, items }) => {
		const run = await runner(parameters);
		expect(pagesOf(context.sim)).toEqual(pages);
		expect(run.items).toHaveLength(items);
		expect(new Set(run.items.map((item) => item.json[key])).size).toBe(items);
	});
}

/** A session made the way a user would (HotTask Chat → Session → Create, the simulator's chatbot); the simulator's requests are cleared after. */
export async function createdSession(sim: Simulator): Promise<number> {
	const run = await runNode({
		node: 'hotTaskChat',
		parameters: { resource: 'session', operation: 'create', chatbotId: CHATBOT_ID },
		credentials: credentialsFor(sim),
	});
	sim.clearRequests();
	return run.items[0].json.sessionId as number;
}
