import type { INodeProperties } from 'n8n-workflow';

/** A web tool of the project: from the list (searched by Hamsa) or by its ID. */
export const toolField: INodeProperties = {
	displayName: 'Tool',
	name: 'toolId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The tool, from the list or by its ID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a tool...',
			typeOptions: { searchListMethod: 'searchWebTools', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 3f6c2a1e-8b7d-4c5e-9f0a-1b2c3d4e5f60',
		},
	],
};

/** A tool's path in Hamsa's v1 API, where get (and, by our guess, delete) are. */
export function toolPath(toolId: string): string {
	return `/v1/voice-agents/web-tool/${encodeURIComponent(toolId)}`;
}
