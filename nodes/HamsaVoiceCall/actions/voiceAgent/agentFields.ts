/**
 * The settings of a voice agent that Create and Update share, and how they
 * are read and checked before anything is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { invalidField, missingField } from '../../../shared/errors';
import { voiceAgentField } from '../fields';

/** Max Call Duration bounds, in seconds: our own (Hamsa publishes none), from 10 seconds to one hour. */
export const SHORTEST_CALL_SECONDS = 10;
export const LONGEST_CALL_SECONDS = 3600;

export const agentLocator: INodeProperties = {
	...voiceAgentField(true),
	description: 'The voice agent, from the list or by its ID',
};

export const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	placeholder: 'e.g. Appointment Reminder',
	description: 'The name of the voice agent, as the Hamsa dashboard and the Voice Agent lists show it',
};

/** Every setting besides the name, for Create's Additional Fields and Update's Update Fields. */
export const agentSettings: INodeProperties[] = [
	{
		displayName: 'Greeting Message',
		name: 'greetingMessage',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. Hi, this is the clinic calling about your appointment.',
		description: 'What the agent says first when the call is answered',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		default: 'en',
		description: 'The language the agent speaks and understands',
		options: [
			{ name: 'Arabic', value: 'ar' },
			{ name: 'English', value: 'en' },
		],
	},
	{
		displayName: 'Max Call Duration (Seconds)',
		name: 'maxCallDuration',
		type: 'number',
		typeOptions: { minValue: SHORTEST_CALL_SECONDS, maxValue: LONGEST_CALL_SECONDS },
		default: 300,
		description: `How long a call may last before the agent ends it, from ${SHORTEST_CALL_SECONDS} to ${LONGEST_CALL_SECONDS} seconds`,
	},
	{
		displayName: 'Outcome Shape (JSON Schema)',
		name: 'outcomeResponseShape',
		type: 'json',
		default: '{\n  "type": "object",\n  "properties": {\n    "interested": { "type": "boolean", "description": "Whether the person is interested" }\n  },\n  "required": ["interested"]\n}',
		description: 'What the agent extracts from each call, as a JSON schema object; it comes back as the call\'s outcome',
	},
	{
		displayName: 'Params (JSON)',
		name: 'params',
		type: 'json',
		default: '{}',
		description: 'Default values for the variables in the agent\'s prompt and greeting, as a JSON object; a call\'s own params override them',
	},
	{
		displayName: 'Prompt',
		name: 'preamble',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		placeholder: 'e.g. You are a friendly receptionist. Confirm the appointment time and ask whether the person will come.',
		description: 'The agent\'s instructions: who it is, what it must find out and how it speaks (Hamsa\'s preamble)',
	},
	{
		displayName: 'Voice ID',
		name: 'voiceId',
		type: 'string',
		default: '',
		placeholder: 'e.g. en-US-Neural2-A',
		description: 'The ID of the voice the agent speaks with, as the Hamsa dashboard shows it',
	},
	{
		displayName: 'Webhook Auth Key',
		name: 'webhookAuthKey',
		type: 'string',
		default: 'Bearer',
		description: 'First part of the Authorization header Hamsa sends to the agent\'s webhook ("&lt;key&gt; &lt;secret&gt;"); set it together with the Webhook Auth Secret',
	},
	{
		displayName: 'Webhook Auth Secret',
		name: 'webhookAuthSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Second part of the Authorization header Hamsa sends to the agent\'s webhook; a Hamsa Trigger checks it. Never output by this node.',
	},
	{
		displayName: 'Webhook URL',
		name: 'webhookUrl',
		type: 'string',
		default: '',
		placeholder: 'https://your-n8n.example.com/webhook/hamsa',
		description: 'Where Hamsa posts the events of every call this agent makes (started, answered, transcript, ended), e.g. a Hamsa Trigger\'s URL. Must start with https://.',
	},
];

/** A voice agent's settings as the user gave them, checked, in neither of Hamsa's shapes yet. */
export interface AgentSettings {
	name?: string;
	greetingMessage?: string;
	preamble?: string;
	language?: string;
	voiceId?: string;
	maxCallDuration?: number;
	outcomeResponseShape?: IDataObject;
	params?: IDataObject;
	webhookUrl?: string;
	webhookAuth?: { authKey: string; authSecret: string };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https://, or http:// to this machine only (a local receiver in tests and development). */
function isAcceptedWebhookUrl(text: string): boolean {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return false;
	}
	if (url.protocol === 'https:') return url.hostname !== '';
	return url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname));
}

function textOf(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

function jsonObjectOf(context: IExecuteFunctions, itemIndex: number, field: string, raw: unknown, example: string): IDataObject {
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') throw invalidField(context.getNode(), itemIndex, field, `it is empty; give a JSON object like ${example}`);
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw invalidField(context.getNode(), itemIndex, field, `it is not valid JSON (${(error as Error).message})`);
		}
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw invalidField(context.getNode(), itemIndex, field, `it must be a JSON object like ${example}`);
	}
	return value as IDataObject;
}

/**
 * Reads the settings in `collection` (plus `name` when given apart) and checks
 * each before anything is sent. A text setting left empty is left out, never
 * sent as "" (so an empty expression cannot wipe the agent's prompt); the Name
 * cannot be empty.
 */
export function readAgentSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	name: unknown,
): AgentSettings {
	const node = context.getNode();
	const given = (context.getNodeParameter(collection, itemIndex, {}) ?? {}) as IDataObject;
	const settings: AgentSettings = {};

	if (name !== undefined) {
		const text = textOf(name);
		if (text === '') throw missingField(node, itemIndex, 'Name', 'A voice agent needs a name.');
		settings.name = text;
	}
	for (const key of ['greetingMessage', 'preamble', 'voiceId'] as const) {
		const text = textOf(given[key]);
		if (text !== '') settings[key] = text;
	}
	if (given.language !== undefined) {
		const language = textOf(given.language);
		if (!/^[a-z]{2}(-[A-Za-z]{2})?$/.test(language)) {
			throw invalidField(node, itemIndex, 'Language', 'it must be a language code such as "ar" or "en"', given.language);
		}
		settings.language = language;
	}
	if (given.maxCallDuration !== undefined && given.maxCallDuration !== '') {
		const seconds = Number(given.maxCallDuration);
		if (!Number.isInteger(seconds) || seconds < SHORTEST_CALL_SECONDS || seconds > LONGEST_CALL_SECONDS) {
			throw invalidField(
				node,
				itemIndex,
				'Max Call Duration (Seconds)',
				`it must be a whole number of seconds from ${SHORTEST_CALL_SECONDS} to ${LONGEST_CALL_SECONDS}`,
				given.maxCallDuration,
			);
		}
		settings.maxCallDuration = seconds;
	}
	if (given.outcomeResponseShape !== undefined) {
		const shape = jsonObjectOf(context, itemIndex, 'Outcome Shape (JSON Schema)', given.outcomeResponseShape, '{"type": "object", "properties": {…}}');
		if (shape.type !== undefined && shape.type !== 'object') {
			throw invalidField(node, itemIndex, 'Outcome Shape (JSON Schema)', 'its "type" must be "object": the outcome is an object of fields');
		}
		if (shape.properties !== undefined && (shape.properties === null || typeof shape.properties !== 'object' || Array.isArray(shape.properties))) {
			throw invalidField(node, itemIndex, 'Outcome Shape (JSON Schema)', 'its "properties" must be an object, one entry per field');
		}
		settings.outcomeResponseShape = shape;
	}
	if (given.params !== undefined) {
		settings.params = jsonObjectOf(context, itemIndex, 'Params (JSON)', given.params, '{"clinic": "Downtown"}');
	}
	if (given.webhookUrl !== undefined) {
		const url = textOf(given.webhookUrl);
		if (url !== '') {
			if (!isAcceptedWebhookUrl(url)) {
				throw invalidField(node, itemIndex, 'Webhook URL', 'it must be a full URL starting with https:// (Hamsa only calls https)', url);
			}
			settings.webhookUrl = url;
		}
	}
	const authSecret = textOf(given.webhookAuthSecret);
	if (authSecret !== '') {
		settings.webhookAuth = { authKey: textOf(given.webhookAuthKey) || 'Bearer', authSecret };
	} else if (given.webhookAuthKey !== undefined && given.webhookAuthSecret === undefined) {
		throw missingField(node, itemIndex, 'Webhook Auth Secret', 'Hamsa keeps the key and the secret together: add the Webhook Auth Secret too, or remove the Webhook Auth Key.');
	}
	return settings;
}

/** Whether any setting was given at all. */
export function hasSettings(settings: AgentSettings): boolean {
	return Object.keys(settings).length > 0;
}

/** Create's body: Hamsa's v2 shape (POST /v2/voice-agents), only what was given. */
export function v2Body(settings: AgentSettings): IDataObject {
	const body: IDataObject = {};
	if (settings.name !== undefined) body.name = settings.name;
	const conversation: IDataObject = {};
	if (settings.greetingMessage !== undefined) conversation.greetingMessage = settings.greetingMessage;
	if (settings.preamble !== undefined) conversation.preamble = settings.preamble;
	if (settings.params !== undefined) conversation.params = settings.params;
	if (Object.keys(conversation).length) body.conversation = conversation;
	const voice: IDataObject = {};
	if (settings.voiceId !== undefined) voice.voiceId = settings.voiceId;
	if (settings.language !== undefined) voice.lang = settings.language;
	if (Object.keys(voice).length) body.voice = voice;
	if (settings.maxCallDuration !== undefined) body.callSettings = { maxCallDuration: settings.maxCallDuration };
	if (settings.webhookUrl !== undefined) body.webhookUrl = settings.webhookUrl;
	if (settings.webhookAuth !== undefined) body.webhookAuth = settings.webhookAuth;
	if (settings.outcomeResponseShape !== undefined) body.outcomeResponseShape = settings.outcomeResponseShape;
	return body;
}

/**
 * Update's body: Hamsa's flat v1 shape (PATCH /v1/voice-agents/{id}), only
 * what was given. Flat, so that no nested object (v2's `conversation`) is
 * sent half-filled, which Hamsa might read as "replace the whole object".
 */
export function v1Body(settings: AgentSettings): IDataObject {
	const body: IDataObject = {};
	if (settings.name !== undefined) body.agentName = settings.name;
	if (settings.greetingMessage !== undefined) body.greetingMessage = settings.greetingMessage;
	if (settings.preamble !== undefined) body.preamble = settings.preamble;
	if (settings.params !== undefined) body.params = settings.params;
	if (settings.language !== undefined) body.lang = settings.language;
	if (settings.voiceId !== undefined) body.voiceId = settings.voiceId;
	if (settings.maxCallDuration !== undefined) body.maxCallDuration = settings.maxCallDuration;
	if (settings.webhookUrl !== undefined) body.webhookUrl = settings.webhookUrl;
	if (settings.webhookAuth !== undefined) body.webhookAuth = settings.webhookAuth;
	if (settings.outcomeResponseShape !== undefined) body.outcomeResponseShape = settings.outcomeResponseShape;
	return body;
}

/** The webhook secret being sent, to keep out of errors. */
export function secretsOf(settings: AgentSettings): string[] {
	return settings.webhookAuth ? [settings.webhookAuth.authSecret] : [];
}
