import type { IDataObject } from 'n8n-workflow';
import { flattenConversation } from '../../shared/hamsa/callOutcome';
import { hamsaRequest } from '../../shared/hamsa/service';
import type { HttpContext } from '../../shared/transport';

/**
 * One call as Hamsa knows it now, flattened for the next node. A read, so it
 * is retried after any failure; used by Get, by Start and Wait while polling,
 * and when call.ended resumes a waiting execution without a status.
 */
export async function lookUpCall(
	this: HttpContext,
	callId: string,
	options: { itemIndex?: number; maxRetries?: number; timeoutMs?: number },
): Promise<IDataObject> {
	const conversation = await hamsaRequest.call(this, {
		method: 'GET',
		path: `/v1/voice-agents/conversation/${encodeURIComponent(callId)}`,
		idempotent: true,
		...options,
	});
	return flattenConversation(conversation);
}
