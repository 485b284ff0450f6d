import type { INodeProperties } from 'n8n-workflow';

/** The chatbot field used by several operations. */
export const chatbotIdField: INodeProperties = {
	displayName: 'Chatbot ID',
	name: 'chatbotId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '3254a9d0424c4806b9ea3d0763ccfxxx',
	description: 'The ID of the chatbot, found in HotTask under the chatbot\'s Settings → General → Chatbot ID',
};

export const dateRangeFields: INodeProperties[] = [
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'First day to include (UTC)',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Last day to include (UTC)',
	},
];
