import type { Resource } from '../../../shared/resources';
import { end } from './end.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { getRecording } from './getRecording.operation';
import { start } from './start.operation';
import { startAndWait } from './startAndWait.operation';

export const call: Resource = {
	name: 'Call',
	value: 'call',
	description: 'A phone call made by a voice agent',
	defaultOperation: 'start',
	operations: {
		end: { name: 'End', action: 'End a call', description: 'Hang up a call in progress', operation: end },
		get: { name: 'Get', action: 'Get a call', description: 'Get a call\'s status, transcript, outcome and recording', operation: get },
		getMany: { name: 'Get Many', action: 'Get many calls', description: 'List calls, filtered by agent, status and time', operation: getMany },
		getRecording: {
			name: 'Get Recording',
			action: 'Get the recording of a call',
			description: 'Download a call\'s recording as a file (binary data)',
			operation: getRecording,
		},
		start: { name: 'Start', action: 'Start a call', description: 'Have a voice agent call a phone number', operation: start },
		startAndWait: {
			name: 'Start and Wait for Outcome',
			action: 'Start a call and wait for its outcome',
			description: 'Place a call and continue once it has ended, with its status, transcript, outcome and recording',
			operation: startAndWait,
		},
	},
};
