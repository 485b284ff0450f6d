import type { INodeProperties } from 'n8n-workflow';

export function voiceAgentField(required: boolean): INodeProperties {
	return {
		displayName: 'Voice Agent',
		name: 'voiceAgentId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		description: required ? 'The Hamsa voice agent that makes the call' : 'Only calls made by this voice agent',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a voice agent...',
				typeOptions: { searchListMethod: 'searchVoiceAgents', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 0f1e2d3c-4b5a-4968-8776-655443322110',
			},
		],
	};
}

export const twilioPhoneNumberField: INodeProperties = {
	displayName: 'Twilio Phone Number',
	name: 'twilioPhoneNumber',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Twilio number connected to Hamsa that the call comes from',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a phone number...',
			typeOptions: { searchListMethod: 'searchTwilioPhoneNumbers', searchable: true },
		},
		{
			displayName: 'Number',
			name: 'number',
			type: 'string',
			placeholder: 'e.g. +14155550100',
		},
	],
};

export const callIdField: INodeProperties = {
	displayName: 'Call ID',
	name: 'callId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.callId }}',
	description: 'The ID of the call, as output by the Start and Get Many operations',
};

/** Return All and Limit, as every n8n "Get Many" operation has them. */
export function returnAllFields(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			hint: `Return All reads every page of ${what} from Hamsa`,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The number a campaign calls from: one of the project's numbers, from the same list as Call → Start. */
export const callerNumberField: INodeProperties = {
	...twilioPhoneNumberField,
	displayName: 'From Phone Number',
	name: 'fromPhoneNumber',
	description: 'The number connected to Hamsa that the campaign\'s calls come from (the caller ID)',
};

export const campaignIdField: INodeProperties = {
	displayName: 'Campaign ID',
	name: 'campaignId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.campaignId }}',
	description: 'The ID of the campaign, as output by the Create and Get Many operations',
};
