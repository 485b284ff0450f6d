import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { resourceProperties } from '../shared/resources';
import { routeOperation } from '../shared/router';
import { account } from './actions/account';
import { lead } from './actions/lead';
import { message } from './actions/message';
import { session } from './actions/session';

const resources = [message, session, lead, account];

export class HotTaskChat implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HotTask Chat',
		name: 'hotTaskChat',
		icon: { light: 'file:../../icons/hottask.svg', dark: 'file:../../icons/hottask.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Ask a HotTask AI chatbot, with answers streamed live, and read its history and leads. Used as an AI Agent tool, every question the agent asks uses your HotTask message credits.',
		documentationUrl: 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hottask-chat',
		defaults: { name: 'HotTask Chat' },
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
