import type { Resource } from '../../../shared/resources';
import { create } from './create.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';

export const campaign: Resource = {
	name: 'Campaign',
	value: 'campaign',
	description: 'A list of people a voice agent calls in bulk',
	defaultOperation: 'create',
	operations: {
		create: {
			name: 'Create',
			action: 'Create a campaign',
			description: 'Have a voice agent call every input item\'s phone number, now or at a set time',
			operation: create,
		},
		get: {
			name: 'Get',
			action: 'Get a campaign',
			description: 'Get a campaign with each recipient\'s status, attempts and call',
			operation: get,
		},
		getMany: { name: 'Get Many', action: 'Get many campaigns', description: 'List campaigns, by voice agent and name', operation: getMany },
	},
};
