import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection, simplifyField } from '../../../shared/descriptions';
import { simpleAgent, visibleAgent } from '../../../shared/hamsa/agentViews';
import { requiredId, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { hamsaRead } from '../agentRequests';
import { readSimplify } from '../call/start.operation';
import { agentLocator } from './agentFields';

const properties: INodeProperties[] = [agentLocator, simplifyField, optionsCollection(false)];

interface Plan {
	voiceAgentId: string;
	simplify: boolean;
}

/** One voice agent with its settings, webhook and tools (its webhook secret never). */
export const get: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { voiceAgentId: requiredId(this, 'voiceAgentId', itemIndex, 'Voice Agent'), simplify: readSimplify(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const agent = await hamsaRead.call(this, `/v2/voice-agents/${encodeURIComponent(plan.voiceAgentId)}`, item);
		return plan.simplify ? simpleAgent(agent) : visibleAgent(agent);
	},
};
