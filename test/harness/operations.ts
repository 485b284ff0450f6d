/** Running one node operation against a test file's simulator, without repeating its setup in every test. */
import type { INodeParameters } from 'n8n-workflow';
import { runNode, type NodeRun, type RunNodeOptions } from './runWorkflow';
import { credentialsFor, type Simulator } from './simulator';

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
