import type { Resource } from '../../../shared/resources';
import { getMany } from './getMany.operation';

export const voiceAgent: Resource = {
	name: 'Voice Agent',
	value: 'voiceAgent',
	description: 'An AI voice agent set up in Hamsa',
	defaultOperation: 'getMany',
	operations: {
		getMany: {
			name: 'Get Many',
			action: 'Get many voice agents',
			description: 'List the voice agents of the project, by name',
			operation: getMany,
		},
	},
};
