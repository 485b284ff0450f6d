import type { Resource } from '../../../shared/resources';
import { getCredits } from './getCredits.operation';
import { getModels } from './getModels.operation';

export const account: Resource = {
	name: 'Account',
	value: 'account',
	description: 'Models and message credits of your HotTask account',
	defaultOperation: 'getModels',
	operations: {
		getCredits: {
			name: 'Get Message Credits',
			action: 'Get message credits usage',
			description: 'Get how many message credits are used and left',
			operation: getCredits,
		},
		getModels: {
			name: 'Get Models',
			action: 'Get AI models',
			description: 'List the AI models available to your chatbots',
			operation: getModels,
		},
	},
};
