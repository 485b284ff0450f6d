import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { routeOperation, type OperationTable } from '../shared/router';
import { sendMessage } from './actions/message/send.operation';

const operations: OperationTable = {
	message: { send: sendMessage },
};

export class HotTaskTwilio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HotTask Twilio',
		name: 'hotTaskTwilio',
		icon: { light: 'file:hottask.svg', dark: 'file:hottask.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send an SMS through a HotTask chatbot\'s Twilio line',
		documentationUrl: 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hottask-twilio',
		defaults: { name: 'HotTask Twilio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hotTaskApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'message',
				options: [{ name: 'Message', value: 'message', description: 'An SMS sent through Twilio' }],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['message'] } },
				default: 'send',
				options: [{ name: 'Send', value: 'send', action: 'Send an SMS', description: 'Send an SMS to a phone number' }],
			},
			...sendMessage.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation.call(this, operations);
	}
}
