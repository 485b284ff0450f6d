/**
 * The Hamsa Tool Trigger as the README's Operations section describes it: a
 * tool with one `date` parameter, activated against the simulator (its hooks
 * on n8n-core's HookContext), then called as Hamsa calls it, with the call's
 * and the agent's ids.
 */
import type { IDataObject } from 'n8n-workflow';
import { runHook } from '../harness/runHook';
import { runWebhook } from '../harness/runWebhook';
import { credentialsFor, VOICE_AGENT_ID, type Simulator } from '../harness/simulator';

const NODE_NAME = 'Hamsa Tool Trigger';
const parameters = {
	agentIds: [VOICE_AGENT_ID],
	toolName: 'check_availability',
	toolDescription: 'Checks which appointment slots are free on a given day',
	parameters: { parameter: [{ name: 'date', type: 'string', description: 'The day, as YYYY-MM-DD', required: true }] },
};

/** The items a tool call starts the workflow with. */
export async function toolTriggerItems(sim: Simulator): Promise<IDataObject[]> {
	const common = { node: 'hamsaToolTrigger', parameters, credentials: credentialsFor(sim), nodeName: NODE_NAME };
	const created = await runHook('create', common);
	if (created.error) throw created.error;
	const state = Object.values(created.staticData as Record<string, IDataObject>).find((value) => value?.production !== undefined)?.production as IDataObject;
	const run = await runWebhook({
		...common,
		staticData: created.staticData,
		headers: { authorization: `Bearer ${String(state.authToken)}` },
		body: { date: '2026-12-09', callId: 'a1b2c3d4-0000-4000-8000-000000000001', agentId: VOICE_AGENT_ID },
	});
	if (run.error || run.workflowData === undefined) throw new Error(`the tool call was answered ${run.status}: ${JSON.stringify(run.body)}`);
	return run.workflowData.flat().map((item) => item.json);
}
