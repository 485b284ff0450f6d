import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { resourceProperties } from '../shared/resources';
import { routeOperation } from '../shared/router';
import { call } from './actions/call';
import { campaign } from './actions/campaign';
import { phoneNumber } from './actions/phoneNumber';
import { tool } from './actions/tool';
import { voiceAgent } from './actions/voiceAgent';
import { searchTwilioPhoneNumbers, searchVoiceAgents, searchWebTools } from './methods/listSearch';
import { resumeOnCallEnded, resumeWebhookDescription } from './resumeWebhook';

const resources = [call, campaign, phoneNumber, tool, voiceAgent];

export class HamsaVoiceCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hamsa Voice Call',
		name: 'hamsaVoiceCall',
		icon: { light: 'file:../../icons/hamsa.svg', dark: 'file:../../icons/hamsa.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Place phone calls and call campaigns with a Hamsa AI voice agent, read how they went, and set up the voice agents themselves. Used as an AI Agent tool, it places real, paid phone calls to real people (a campaign calls many) and can change or delete live voice agents and their tools: gate it with n8n\'s human review for tool calls.',
		documentationUrl: 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hamsa-voice-call',
		defaults: { name: 'Hamsa Voice Call' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hamsaApi', required: true }],
		webhooks: resumeWebhookDescription,
		waitingNodeTooltip: 'Waiting for Hamsa to report the end of the call',
		properties: resourceProperties(resources, 'call'),
	};

	methods = {
		listSearch: { searchVoiceAgents, searchTwilioPhoneNumbers, searchWebTools },
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeOnCallEnded.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation.call(this, resources);
	}
}
