import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { routeOperation, type OperationTable } from '../shared/router';
import { getCall } from './actions/call/get.operation';
import { getManyCalls } from './actions/call/getMany.operation';
import { startCall } from './actions/call/start.operation';
import { startCallAndWait } from './actions/call/startAndWait.operation';
import { getManyPhoneNumbers } from './actions/phoneNumber/getMany.operation';
import { getManyVoiceAgents } from './actions/voiceAgent/getMany.operation';
import { resumeOnCallEnded, resumeWebhookDescription } from './resumeWebhook';
import { searchTwilioPhoneNumbers, searchVoiceAgents } from './methods/listSearch';

const operations: OperationTable = {
	call: { start: startCall, startAndWait: startCallAndWait, get: getCall, getMany: getManyCalls },
	phoneNumber: { getMany: getManyPhoneNumbers },
	voiceAgent: { getMany: getManyVoiceAgents },
};

export class HamsaVoiceCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hamsa Voice Call',
		name: 'hamsaVoiceCall',
		icon: { light: 'file:hamsa.svg', dark: 'file:hamsa.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Place phone calls with a Hamsa AI voice agent and read how they went',
		documentationUrl: 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hamsa-voice-call',
		defaults: { name: 'Hamsa Voice Call' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hamsaApi', required: true }],
		webhooks: resumeWebhookDescription,
		waitingNodeTooltip: 'Waiting for Hamsa to report the end of the call',
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'call',
				options: [
					{ name: 'Call', value: 'call', description: 'A phone call made by a voice agent' },
					{ name: 'Phone Number', value: 'phoneNumber', description: 'A number connected to Hamsa that calls come from' },
					{ name: 'Voice Agent', value: 'voiceAgent', description: 'An AI voice agent set up in Hamsa' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['call'] } },
				default: 'start',
				options: [
					{ name: 'Get', value: 'get', action: 'Get a call', description: 'Get a call\'s status, transcript, outcome and recording' },
					{ name: 'Get Many', value: 'getMany', action: 'Get many calls', description: 'List calls, filtered by agent, status and time' },
					{ name: 'Start', value: 'start', action: 'Start a call', description: 'Have a voice agent call a phone number' },
					{
						name: 'Start and Wait for Outcome',
						value: 'startAndWait',
						action: 'Start a call and wait for its outcome',
						description: 'Place a call and continue once it has ended, with its status, transcript, outcome and recording',
					},
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['phoneNumber'] } },
				default: 'getMany',
				options: [
					{ name: 'Get Many', value: 'getMany', action: 'Get many phone numbers', description: 'List the numbers connected to Hamsa' },
				],
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['voiceAgent'] } },
				default: 'getMany',
				options: [
					{ name: 'Get Many', value: 'getMany', action: 'Get many voice agents', description: 'List the voice agents of the project, by name' },
				],
			},
			...startCall.description,
			...startCallAndWait.description,
			...getCall.description,
			...getManyCalls.description,
			...getManyPhoneNumbers.description,
			...getManyVoiceAgents.description,
		],
	};

	methods = {
		listSearch: { searchVoiceAgents, searchTwilioPhoneNumbers },
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeOnCallEnded.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation.call(this, operations);
	}
}
