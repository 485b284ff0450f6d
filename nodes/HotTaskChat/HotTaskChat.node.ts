import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { routeOperation, type OperationTable } from '../shared/router';
import { getMessageCredits } from './actions/account/getCredits.operation';
import { getModels } from './actions/account/getModels.operation';
import { getManyLeads } from './actions/lead/getMany.operation';
import { askMessage } from './actions/message/ask.operation';
import { getMessageHistory } from './actions/message/getHistory.operation';
import { createSession } from './actions/session/create.operation';

const operations: OperationTable = {
	session: { create: createSession },
	message: { ask: askMessage, getHistory: getMessageHistory },
	lead: { getMany: getManyLeads },
	account: { getModels, getCredits: getMessageCredits },
};

export class HotTaskChat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HotTask Chat',
		name: 'hotTaskChat',
		icon: { light: 'file:hottask.svg', dark: 'file:hottask.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Ask a HotTask AI chatbot, with answers streamed live, and read its history and leads',
		documentationUrl: 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hottask-chat',
		defaults: { name: 'HotTask Chat' },
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
				options: [
					{ name: 'Account', value: 'account', description: 'Models and message credits of your HotTask account' },
					{ name: 'Lead', value: 'lead', description: 'Contacts the chatbot collected' },
					{ name: 'Message', value: 'message', description: 'Questions to a chatbot and its answers' },
					{ name: 'Session', value: 'session', description: 'A conversation with a chatbot' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['message'] } },
				default: 'ask',
				options: [
					{ name: 'Ask', value: 'ask', action: 'Ask a chatbot', description: 'Send a question and get the chatbot\'s answer' },
					{ name: 'Get History', value: 'getHistory', action: 'Get message history', description: 'Get the messages of a chatbot between two days' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['session'] } },
				default: 'create',
				options: [
					{ name: 'Create', value: 'create', action: 'Create a chat session', description: 'Start a new conversation with a chatbot' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['lead'] } },
				default: 'getMany',
				options: [
					{ name: 'Get Many', value: 'getMany', action: 'Get many leads', description: 'Get the leads a chatbot collected' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['account'] } },
				default: 'getModels',
				options: [
					{ name: 'Get Message Credits', value: 'getCredits', action: 'Get message credits usage', description: 'Get how many message credits are used and left' },
					{ name: 'Get Models', value: 'getModels', action: 'Get AI models', description: 'List the AI models available to your chatbots' },
				],
			},
			...askMessage.description,
			...getMessageHistory.description,
			...createSession.description,
			...getManyLeads.description,
			...getModels.description,
			...getMessageCredits.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation.call(this, operations);
	}
}
