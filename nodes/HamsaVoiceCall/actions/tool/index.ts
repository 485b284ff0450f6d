import type { Resource } from '../../../shared/resources';
import { deleteTool } from './delete.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';

export const tool: Resource = {
	name: 'Tool',
	value: 'tool',
	description: 'A tool a voice agent can use during a call (e.g. an HTTP function)',
	defaultOperation: 'getMany',
	operations: {
		// `delete` is a reserved word, so its export is deleteTool.
		delete: {
			name: 'Delete',
			action: 'Delete a tool',
			description: 'Delete a tool, which live voice agents then can no longer use, where Hamsa allows it (its API reference shows no delete)',
			operation: deleteTool,
		},
		get: { name: 'Get', action: 'Get a tool', description: 'Get a tool\'s name, type, server URL and parameters', operation: get },
		getMany: {
			name: 'Get Many',
			action: 'Get many tools',
			description: 'List the project\'s tools, by voice agent, type, state and name',
			operation: getMany,
		},
	},
};
