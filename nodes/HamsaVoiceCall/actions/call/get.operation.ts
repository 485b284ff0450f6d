import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { flattenConversation } from '../../../shared/callOutcome';
import { optionsCollection } from '../../../shared/descriptions';
import { requestSettings, requiredText, type RequestSettings } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { hamsaRequest } from '../../../shared/transport';
import { callIdField } from '../fields';

const properties: INodeProperties[] = [
	callIdField,
	optionsCollection(false),
];

interface Plan {
	callId: string;
	settings: RequestSettings;
}

export async function fetchCall(
	this: IExecuteFunctions,
	callId: string,
	itemIndex: number,
	settings: RequestSettings,
): Promise<IDataObject> {
	const conversation = await hamsaRequest.call(this, {
		method: 'GET',
		path: `/v1/voice-agents/conversation/${encodeURIComponent(callId)}`,
		idempotent: true,
		itemIndex,
		...settings,
	});
	return flattenConversation(conversation);
}

export const getCall: Operation<Plan> = {
	description: updateDisplayOptions({ show: { resource: ['call'], operation: ['get'] } }, properties),

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { callId: requiredText(this, 'callId', itemIndex, 'Call ID'), settings: requestSettings(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, itemIndex: number): Promise<IDataObject> {
		return await fetchCall.call(this, plan.callId, itemIndex, plan.settings);
	},
};
