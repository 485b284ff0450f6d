import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { resourceProperties } from '../shared/resources';
import { routeOperation } from '../shared/router';
import { speech } from './actions/speech';

const resources = [speech];

export class HamsaSpeech implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hamsa Speech',
		name: 'hamsaSpeech',
		icon: { light: 'file:../../icons/hamsa.svg', dark: 'file:../../icons/hamsa.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Transcribe Arabic and English speech to text and turn text into speech with Hamsa. As an AI Agent tool, Transcribe works from a URL and Text to Speech returns the audio\'s details, not the audio: files do not pass through a tool call.',
		documentationUrl: 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hamsa-speech',
		defaults: { name: 'Hamsa Speech' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hamsaApi', required: true }],
		properties: resourceProperties(resources, 'speech'),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation.call(this, resources);
	}
}
