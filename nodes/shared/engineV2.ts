/**
 * n8n's Engine 2.0 (opt-in, as read in n8n 2.41.1's source: the workflow setting
 * `"engineType": "v2"`, with the `engine-v2` module enabled through
 * N8N_ENABLED_MODULES). It cannot resume a waiting execution yet, refuses
 * streaming Webhook and Chat Trigger starts itself, and runs each node in a
 * context whose putExecutionToWait is a no-op: a node that waits for a resume
 * would place its request and then carry on as if nothing were pending, its
 * resume webhook refused when the outcome arrives.
 *
 * A node sees it through its execution id: n8n gives Engine 2.0 executions
 * UUID v7 ids (its own `isExecutionIdV2` tests exactly this) and Engine 1
 * executions numeric ones. The workflow setting is read as well, for an n8n
 * that hands it to the node.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

/** n8n's UUID_V7_PATTERN (@n8n/constants), which its isExecutionIdV2 applies. */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The setting as a user finds it in the workflow's JSON and n8n's environment. */
export const ENGINE_V2_SETTING = 'workflow setting "engineType": "v2" (n8n\'s Engine 2.0, enabled with N8N_ENABLED_MODULES=engine-v2)';

export function runsOnEngineV2(context: IExecuteFunctions): boolean {
	try {
		const settings = context.getWorkflowSettings?.() as { engineType?: string } | undefined;
		if (settings?.engineType === 'v2') return true;
	} catch {
		// An n8n without workflow settings in this context: the execution id decides.
	}
	const id = context.getExecutionId?.();
	return typeof id === 'string' && UUID_V7.test(id);
}

/**
 * Refuses, before anything is sent, an operation that needs n8n to resume the
 * execution later, when the workflow runs on Engine 2.0.
 */
export function refuseResumeOnEngineV2(context: IExecuteFunctions, itemIndex: number, what: string, instead: string): void {
	if (!runsOnEngineV2(context)) return;
	throw new NodeOperationError(
		context.getNode(),
		`${what} cannot run on n8n's Engine 2.0 (${ENGINE_V2_SETTING}): it cannot resume a waiting execution yet. Nothing was sent.`,
		{
			itemIndex,
			description: `${instead}, or run the workflow on n8n's default engine: remove "engineType": "v2" from the workflow's settings.`,
		},
	);
}
