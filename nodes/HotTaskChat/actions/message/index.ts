import type { Resource } from '../../../shared/resources';
import { ask } from './ask.operation';
import { getHistory } from './getHistory.operation';

export const message: Resource = {
	name: 'Message',
	value: 'message',
	description: 'Questions to a chatbot and its answers',
	defaultOperation: 'ask',
	operations: {
		ask: { name: 'Ask', action: 'Ask a chatbot', description: 'Send a question and get the chatbot\'s answer', operation: ask },
		getHistory: {
			name: 'Get History',
			action: 'Get message history',
			description: 'Get the messages of a chatbot between two days',
			operation: getHistory,
		},
	},
};
