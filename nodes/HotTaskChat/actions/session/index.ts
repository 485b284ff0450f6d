import type { Resource } from '../../../shared/resources';
import { create } from './create.operation';

export const session: Resource = {
	name: 'Session',
	value: 'session',
	description: 'A conversation with a chatbot',
	defaultOperation: 'create',
	operations: {
		create: { name: 'Create', action: 'Create a chat session', description: 'Start a new conversation with a chatbot', operation: create },
	},
};
