import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection, simplifyField } from '../../../shared/descriptions';
import { missingField } from '../../../shared/errors';
import { simpleAgent, visibleAgent } from '../../../shared/hamsa/agentViews';
import { requiredId, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { hamsaRead, hamsaWrite } from '../agentRequests';
import { readSimplify } from '../call/start.operation';
import { agentLocator, agentSettings, hasSettings, nameField, readAgentSettings, secretsOf, v1Body } from './agentFields';

const properties: INodeProperties[] = [
	agentLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the settings added here are sent; every other setting of the agent stays as it is. A text field left empty is not sent.',
		options: [nameField, ...agentSettings].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	simplifyField,
	optionsCollection(true),
];

interface Plan {
	voiceAgentId: string;
	body: IDataObject;
	secrets: string[];
	simplify: boolean;
}

/**
 * Changes the settings given, and only those (PATCH /v1/voice-agents/{id},
 * flat, so no nested object is sent half-filled). Sent once. Outputs the
 * agent as Hamsa answers it, or reads it back when the answer is only a message.
 */
export const update: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const voiceAgentId = requiredId(this, 'voiceAgentId', itemIndex, 'Voice Agent');
		const given = (this.getNodeParameter('updateFields', itemIndex, {}) ?? {}) as IDataObject;
		const settings = readAgentSettings(this, itemIndex, 'updateFields', given.name);
		if (!hasSettings(settings)) {
			throw missingField(this.getNode(), itemIndex, 'Update Fields', 'Add at least one setting to change (a text field left empty is not sent).');
		}
		return { voiceAgentId, body: v1Body(settings), secrets: secretsOf(settings), simplify: readSimplify(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const id = encodeURIComponent(plan.voiceAgentId);
		const { data } = await hamsaWrite.call(this, { method: 'PATCH', path: `/v1/voice-agents/${id}`, body: plan.body, secrets: plan.secrets }, item);
		let agent = (data ?? {}) as IDataObject;
		if (agent.id === undefined || agent.id === null || agent.id === '') agent = await hamsaRead.call(this, `/v2/voice-agents/${id}`, item);
		return plan.simplify ? simpleAgent(agent) : visibleAgent(agent);
	},
};
