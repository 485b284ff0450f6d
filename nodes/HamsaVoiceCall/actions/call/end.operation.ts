import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { ServiceError } from '../../../shared/errors';
import { hasEnded } from '../../../shared/hamsa/callOutcome';
import { hamsaRequest } from '../../../shared/hamsa/service';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import { withItemIndex, type Operation } from '../../../shared/router';
import { callIdField } from '../fields';
import { lookUpCall } from '../lookUpCall';

const properties: INodeProperties[] = [
	{ ...callIdField, description: 'The ID of the call to end, as output by the Start and Get Many operations' },
	optionsCollection(true),
];

interface Plan {
	callId: string;
}

/** HTTP statuses with which Hamsa may be saying "this call is not in progress"; the call is then looked up to be sure. */
const MAYBE_NOT_IN_PROGRESS = [400, 409, 410, 422];

/**
 * Ends a call in progress (Hamsa's terminate, a GET). A call that has already
 * ended, or that Hamsa does not know, is an answer, not an error:
 * `ended: false` with the reason.
 */
export const end: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { callId: requiredText(this, 'callId', itemIndex, 'Call ID') };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const { callId } = plan;
		try {
			await hamsaRequest.call(this, {
				method: 'GET',
				path: `/v1/voice-agents/conversation/${encodeURIComponent(callId)}/terminate`,
				// Sent once: a repeat would answer "already ended" for a call this request ended.
				idempotent: false,
				...item,
			});
			return { callId, ended: true };
		} catch (error) {
			if (!(error instanceof ServiceError)) throw withItemIndex(this, error, item.itemIndex);
			const status = error.serviceFailure.httpStatus ?? 0;
			const message = error.serviceFailure.message;
			// Hamsa's reply to terminate carries a message and no data: a 2xx is the call ending.
			if (status >= 200 && status < 300) return { callId, ended: true, message };
			if (status === 404) return { callId, ended: false, reason: 'notFound', message };
			if (!MAYBE_NOT_IN_PROGRESS.includes(status)) throw withItemIndex(this, error, item.itemIndex);
			const call = await lookUpCall.call(this, callId, item).catch(() => undefined);
			if (!call || !hasEnded(call.status)) throw withItemIndex(this, error, item.itemIndex);
			return { callId, ended: false, reason: 'alreadyEnded', status: call.status, message };
		}
	},
};
