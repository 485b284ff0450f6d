import type { INodeProperties } from 'n8n-workflow';

/** The chatbot a HotTask operation works with; the same field in HotTask Chat and HotTask Twilio. */
export const chatbotIdField: INodeProperties = {
	displayName: 'Chatbot ID',
	name: 'chatbotId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '3254a9d0424c4806b9ea3d0763ccfxxx',
	description: 'The ID of the chatbot, found in HotTask under the chatbot\'s Settings → General → Chatbot ID',
};
