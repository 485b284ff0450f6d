import type { Resource } from '../../../shared/resources';
import { send } from './send.operation';

export const message: Resource = {
	name: 'Message',
	value: 'message',
	description: 'An SMS sent through Twilio',
	defaultOperation: 'send',
	operations: {
		send: { name: 'Send', action: 'Send an SMS', description: 'Send an SMS to a phone number', operation: send },
	},
};
