import type { Resource } from '../../../shared/resources';
import { create } from './create.operation';
import { deleteAgent } from './delete.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { update } from './update.operation';

/** Create, Update and Delete change a live agent: their descriptions say so, as an AI Agent reads them. */
export const voiceAgent: Resource = {
	name: 'Voice Agent',
	value: 'voiceAgent',
	description: 'An AI voice agent set up in Hamsa',
	defaultOperation: 'getMany',
	operations: {
		create: {
			name: 'Create',
			action: 'Create a voice agent',
			description: 'Create a new voice agent in the Hamsa project, live at once: it can make calls as soon as it exists',
			operation: create,
		},
		// `delete` is a reserved word, so its export is deleteAgent.
		delete: {
			name: 'Delete',
			action: 'Delete a voice agent',
			description: 'Delete a live voice agent from the Hamsa project, where Hamsa allows it (its API reference shows no delete)',
			operation: deleteAgent,
		},
		get: {
			name: 'Get',
			action: 'Get a voice agent',
			description: 'Get a voice agent\'s settings: greeting, prompt, language, voice, webhook and tools',
			operation: get,
		},
		getMany: {
			name: 'Get Many',
			action: 'Get many voice agents',
			description: 'List the voice agents of the project, by name',
			operation: getMany,
		},
		update: {
			name: 'Update',
			action: 'Update a voice agent',
			description: 'Change a live voice agent\'s settings (only those given); its next calls, including those of running campaigns, use them',
			operation: update,
		},
	},
};
