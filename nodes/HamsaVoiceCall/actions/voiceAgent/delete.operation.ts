import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requiredId, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { deleteUnconfirmed } from '../agentRequests';
import { agentLocator } from './agentFields';

const properties: INodeProperties[] = [
	{
		...agentLocator,
		description: 'The voice agent to delete. Hamsa\'s API reference shows no delete: when Hamsa has none, the node fails and the agent stays.',
	},
	optionsCollection(true),
];

interface Plan {
	voiceAgentId: string;
}

/**
 * DELETE /v2/voice-agents/{id}, which Hamsa does not document: see
 * deleteUnconfirmed for how "no such delete" is told apart and reported.
 */
export const deleteAgent: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { voiceAgentId: requiredId(this, 'voiceAgentId', itemIndex, 'Voice Agent') };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const path = `/v2/voice-agents/${encodeURIComponent(plan.voiceAgentId)}`;
		const { message } = await deleteUnconfirmed.call(this, { what: 'voice agent', path, readPath: path, id: plan.voiceAgentId }, item);
		return { voiceAgentId: plan.voiceAgentId, deleted: true, ...(message ? { message } : {}) };
	},
};
