import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection, simplifyField } from '../../../shared/descriptions';
import { invalidField } from '../../../shared/errors';
import { hamsaError, hamsaRequest } from '../../../shared/hamsa/service';
import { simpleCallJob } from '../../../shared/hamsa/simplify';
import {
	jsonObjectParameter,
	optionalText,
	requiredId,
	requiredPhone,
	type ItemRequest,
} from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { twilioPhoneNumberField, voiceAgentField } from '../fields';

export const startCallFields: INodeProperties[] = [
	voiceAgentField(true),
	{
		displayName: 'To Number',
		name: 'toNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550123',
		description: 'The phone number to call, in international format. Spaces, dashes, dots and brackets are removed and a leading 00 is read as +.',
	},
	twilioPhoneNumberField,
	{
		displayName: 'Agent Name',
		name: 'agentName',
		type: 'string',
		default: '',
		description: 'The name the agent introduces itself with on this call. Leave empty to use the voice agent\'s own.',
	},
	{
		displayName: 'Params Input',
		name: 'paramsInput',
		type: 'options',
		default: 'keyValue',
		description: 'How to give the values the agent can use in its script (e.g. the customer\'s name)',
		options: [
			{ name: 'Key-Value Pairs', value: 'keyValue' },
			{ name: 'JSON', value: 'json' },
		],
	},
	{
		displayName: 'Params',
		name: 'params',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Param',
		default: {},
		description: 'Values passed to the agent for this call; Hamsa echoes them back in the call\'s outcome',
		displayOptions: { show: { paramsInput: ['keyValue'] } },
		options: [
			{
				displayName: 'Param',
				name: 'values',
				values: [
					{ displayName: 'Name', name: 'key', type: 'string', default: '', description: 'Name of the param, as used in the agent\'s script' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Value of the param' },
				],
			},
		],
	},
	{
		displayName: 'Params (JSON)',
		name: 'paramsJson',
		type: 'json',
		default: '{}',
		description: 'Values passed to the agent for this call, as a JSON object',
		displayOptions: { show: { paramsInput: ['json'] } },
	},
	{
		displayName: 'Webhook URL',
		name: 'webhookUrl',
		type: 'string',
		default: '',
		placeholder: 'https://your-n8n.example.com/webhook/hamsa',
		description: 'Where Hamsa posts this call\'s events (started, answered, transcript, ended). Use a Hamsa Trigger node\'s URL to react to the outcome.',
	},
	{
		displayName: 'Webhook Auth Key',
		name: 'webhookAuthKey',
		type: 'string',
		default: 'Bearer',
		description: 'First part of the Authorization header Hamsa sends to the webhook ("&lt;key&gt; &lt;secret&gt;")',
		displayOptions: { hide: { webhookUrl: [''] } },
	},
	{
		displayName: 'Webhook Auth Secret',
		name: 'webhookAuthSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Second part of the Authorization header Hamsa sends to the webhook; the Hamsa Trigger checks it',
		displayOptions: { hide: { webhookUrl: [''] } },
	},
];

const properties: INodeProperties[] = [
	...startCallFields,
	simplifyField,
	optionsCollection(true),
];

export interface StartCallPlan {
	body: IDataObject;
	/** Simplify: the fields a workflow or an agent needs instead of Hamsa's whole answer. */
	simplify: boolean;
}

/** The Simplify switch of an item (on by default). */
export function readSimplify(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, true) !== false;
}

/** Reads and checks every field of a call; shared with Start and Wait. */
export function readStartCall(context: IExecuteFunctions, itemIndex: number): StartCallPlan {
	const voiceAgentId = requiredId(context, 'voiceAgentId', itemIndex, 'Voice Agent');
	const toNumber = requiredPhone(context, 'toNumber', itemIndex, 'To Number');
	const twilioPhoneNumber = requiredPhone(context, 'twilioPhoneNumber', itemIndex, 'Twilio Phone Number');
	const body: IDataObject = {
		toNumber,
		twilioPhoneNumber,
		agentDetails: { agentName: optionalText(context, 'agentName', itemIndex) },
		voiceAgentId,
		params: readParams(context, itemIndex),
	};
	const webhookUrl = optionalText(context, 'webhookUrl', itemIndex);
	if (webhookUrl) {
		if (!/^https?:\/\/[^\s]+$/i.test(webhookUrl)) {
			throw invalidField(context.getNode(), itemIndex, 'Webhook URL', 'it must be a full URL starting with https://', webhookUrl);
		}
		body.webhookUrl = webhookUrl;
		const authKey = optionalText(context, 'webhookAuthKey', itemIndex);
		const authSecret = optionalText(context, 'webhookAuthSecret', itemIndex);
		if (authSecret) body.webhookAuth = { authKey: authKey || 'Bearer', authSecret };
	}
	return { body, simplify: readSimplify(context, itemIndex) };
}

function readParams(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const input = context.getNodeParameter('paramsInput', itemIndex, 'keyValue') as string;
	if (input === 'json') return jsonObjectParameter(context, 'paramsJson', itemIndex, 'Params (JSON)');
	const pairs = (context.getNodeParameter('params.values', itemIndex, []) as IDataObject[]) ?? [];
	const params: IDataObject = {};
	for (const pair of pairs) {
		const key = String(pair.key ?? '').trim();
		if (key === '') {
			throw invalidField(context.getNode(), itemIndex, 'Params', 'a param has no name; give every param a name or remove it');
		}
		params[key] = pair.value as string;
	}
	return params;
}

/** Places the call. Never retried after it may have reached Hamsa: a retry would call the person twice. */
export async function placeCall(this: IExecuteFunctions, plan: StartCallPlan, item: ItemRequest): Promise<IDataObject> {
	// Hamsa may repeat the webhook secret in an error message.
	const secrets = [String((plan.body.webhookAuth as IDataObject | undefined)?.authSecret ?? '')];
	const job = ((await hamsaRequest.call(this, {
		method: 'POST',
		path: '/v1/voice-agents/twilio/call',
		body: plan.body,
		idempotent: false,
		...item,
		secrets,
	})) ?? {}) as IDataObject;
	if (job.id === undefined || job.id === null || job.id === '') {
		const failure = {
			message: 'Hamsa answered without the id of the call',
			delivery: 'mayHaveBeenDelivered' as const,
			itemIndex: item.itemIndex,
			hint: 'Look for the call in the Hamsa dashboard before starting it again.',
		};
		throw await hamsaError.call(this, failure, secrets);
	}
	// The webhook secret is ours; keep it out of the output even if Hamsa echoes it.
	const visible = { ...job };
	delete visible.webhookAuth;
	return { callId: job.id as string, status: job.status as string, ...visible };
}

export const start: Operation<StartCallPlan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return readStartCall(this, itemIndex);
	},

	async run(this: IExecuteFunctions, plan: StartCallPlan, item: ItemRequest): Promise<IDataObject> {
		const job = await placeCall.call(this, plan, item);
		return plan.simplify ? simpleCallJob(job, plan.body) : job;
	},
};
