/** Voice agents and tools in the simulator, set up and read behind the node's back for the Voice Agent and Tool tests. */
import { HAMSA_KEY, type JsonTree, type Simulator } from './simulator';

/** A Voice Agent (or Tool) resource locator by ID, as a workflow stores it. */
export function byId(value: string): { __rl: true; mode: 'id'; value: string } {
	return { __rl: true, mode: 'id', value };
}

/** Calls the simulator's Hamsa API directly (not through the node) and clears the recorded requests; returns `data`. */
export async function hamsaApi(sim: Simulator, method: string, path: string, body?: unknown): Promise<JsonTree> {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: { Authorization: `Token ${HAMSA_KEY}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const envelope = (await response.json()) as { data: JsonTree };
	sim.clearRequests();
	if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(envelope)}`);
	return envelope.data;
}

/** The simulator's stored agent (v2 shape), a deep copy to compare before and after. */
export function storedAgent(sim: Simulator, id: string): JsonTree | undefined {
	const agent = sim.hamsa.agents.find((candidate) => (candidate.id as unknown as string) === id);
	return agent === undefined ? undefined : (JSON.parse(JSON.stringify(agent)) as JsonTree);
}

/** The simulator's stored web tool. */
export function storedTool(sim: Simulator, id: string): JsonTree | undefined {
	const tool = sim.hamsa.webTools.find((candidate) => (candidate.id as unknown as string) === id);
	return tool === undefined ? undefined : (JSON.parse(JSON.stringify(tool)) as JsonTree);
}

/** The ids of the tools attached to an agent in the simulator. */
export function attachedToolIds(sim: Simulator, agentId: string): string[] {
	const tools = (storedAgent(sim, agentId)?.tools ?? []) as unknown as Array<{ toolId: string }>;
	return tools.map((tool) => tool.toolId);
}
