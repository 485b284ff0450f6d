import type { Resource } from '../../../shared/resources';
import { getMany } from './getMany.operation';

export const phoneNumber: Resource = {
	name: 'Phone Number',
	value: 'phoneNumber',
	description: 'A number connected to Hamsa that calls come from',
	defaultOperation: 'getMany',
	operations: {
		getMany: { name: 'Get Many', action: 'Get many phone numbers', description: 'List the numbers connected to Hamsa', operation: getMany },
	},
};
