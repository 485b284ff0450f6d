import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { resourceProperties } from '../shared/resources';
import { routeOperation } from '../shared/router';
import { message } from './actions/message';

const resources = [message];

export class HotTaskTwilio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HotTask Twilio',
		name: 'hotTaskTwilio',
		icon: { light: 'file:../../icons/hottask.svg', dark: 'file:../../icons/hottask.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send an SMS through a HotTask chatbot\'s Twilio line. Used as an AI Agent tool, it sends real SMS to real people: gate it with n8n\'s human review for tool calls.',
		documentationUrl: 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hottask-twilio',
		defaults: { name: 'HotTask Twilio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hotTaskApi', required: true }],
		properties: resourceProperties(resources, 'message'),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation.call(this, resources);
	}
}
