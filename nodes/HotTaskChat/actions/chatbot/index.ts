import type { Resource } from '../../../shared/resources';
import { create } from './create.operation';
import { update } from './update.operation';

export const chatbot: Resource = {
	name: 'Chatbot',
	value: 'chatbot',
	description: 'A HotTask chatbot and its settings',
	defaultOperation: 'update',
	operations: {
		create: {
			name: 'Create',
			action: 'Create a chatbot',
			description: 'Create a new chatbot; its Chatbot ID is in the output for the next node. As an AI Agent tool this adds a chatbot to your HotTask account.',
			operation: create,
		},
		update: {
			name: 'Update',
			action: 'Update a chatbot\'s settings',
			description:
				'Change a chatbot\'s name, model, system prompt, temperature, answer suffix or time zone. As an AI Agent tool this changes a live chatbot\'s answers: gate it with n8n\'s human review for tool calls.',
			operation: update,
		},
	},
};
