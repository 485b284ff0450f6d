import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection, simplifyField } from '../../../shared/descriptions';
import { simpleAgent, visibleAgent } from '../../../shared/hamsa/agentViews';
import { hamsaError } from '../../../shared/hamsa/service';
import type { ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { hamsaWrite } from '../agentRequests';
import { readSimplify } from '../call/start.operation';
import { agentSettings, nameField, readAgentSettings, secretsOf, v2Body } from './agentFields';

const properties: INodeProperties[] = [
	{ ...nameField, required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Settings of the new agent; those left out take Hamsa\'s defaults',
		options: agentSettings,
	},
	simplifyField,
	optionsCollection(true),
];

interface Plan {
	body: IDataObject;
	secrets: string[];
	simplify: boolean;
}

/** Creates a voice agent (POST /v2/voice-agents). Sent once: a repeat would make a second agent. */
export const create: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const settings = readAgentSettings(this, itemIndex, 'additionalFields', this.getNodeParameter('name', itemIndex, ''));
		return { body: v2Body(settings), secrets: secretsOf(settings), simplify: readSimplify(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const { data } = await hamsaWrite.call(this, { method: 'POST', path: '/v2/voice-agents', body: plan.body, secrets: plan.secrets }, item);
		const agent = (data ?? {}) as IDataObject;
		if (agent.id === undefined || agent.id === null || agent.id === '') {
			throw await hamsaError.call(
				this,
				{
					message: 'Hamsa answered without the id of the new voice agent',
					delivery: 'mayHaveBeenDelivered',
					itemIndex: item.itemIndex,
					hint: 'Look for the agent in the Hamsa dashboard (or with Voice Agent → Get Many) before creating it again.',
				},
				plan.secrets,
			);
		}
		return plan.simplify ? simpleAgent(agent) : visibleAgent(agent);
	},
};
