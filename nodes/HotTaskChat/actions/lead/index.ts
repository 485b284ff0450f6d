import type { Resource } from '../../../shared/resources';
import { getMany } from './getMany.operation';

export const lead: Resource = {
	name: 'Lead',
	value: 'lead',
	description: 'Contacts the chatbot collected',
	defaultOperation: 'getMany',
	operations: {
		getMany: { name: 'Get Many', action: 'Get many leads', description: 'Get the leads a chatbot collected', operation: getMany },
	},
};
