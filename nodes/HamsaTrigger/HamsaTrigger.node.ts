import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { voiceAgentField } from '../HamsaVoiceCall/actions/fields';
import { searchVoiceAgents } from '../HamsaVoiceCall/methods/listSearch';
import { flattenWebhookEvent } from '../shared/hamsa/callOutcome';
import { downloadRecordingOptions, readRecordingOption, TRIGGER_DOWNLOAD_RECORDING_DESCRIPTION, withRecording } from '../shared/hamsa/recording';
import { authorizationMatches, expectedAuthorization, usableSecret } from '../shared/hamsa/webhookAuth';
import { agentWebhookExists, chosenAgentId, GENERATED_AUTH_KEY, generatedSecrets, restoreAgentWebhook, setUpAgentWebhook } from './agentWebhook';
import { claimDelivery, deliveryId, eventKey, settleWhenAnswered, type AnsweredResponse } from './deliveryLog';
import { dropRecordedRepeats } from './repeatFilter';

export class HamsaTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hamsa Trigger',
		name: 'hamsaTrigger',
		icon: { light: 'file:../../icons/hamsa.svg', dark: 'file:../../icons/hamsa.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when Hamsa reports a call event, such as a call that ended',
		documentationUrl: 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hamsa-trigger',
		defaults: { name: 'Hamsa Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Needed with a Voice Agent (the trigger sets up the agent's webhook; checked on activation)
		// and for Download Recording (the call's recording address is read from Hamsa's API).
		credentials: [{ name: 'hamsaApi', required: false }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Without this, n8n 2.x answers an accepted event with its default
				// "firstEntryJson" as a literal body; '' lets webhookResponse through.
				responseData: '',
				path: 'hamsa',
			},
		],
		properties: [
			{
				...voiceAgentField(false),
				description:
					'The Hamsa voice agent whose call events start this workflow. The trigger then sets itself up: on activation it writes its webhook URL and a secret it generates into the agent, and on deactivation puts back what the agent had. Needs a Hamsa API credential. Leave empty to paste the URL into Hamsa yourself.',
				placeholder: 'Leave empty to set up the agent yourself',
			},
			{
				displayName:
					'This trigger points the voice agent\'s webhook at itself when the workflow is activated (or while it listens for a test event) and puts the agent\'s previous webhook back afterwards. The secret Hamsa sends is generated and kept by n8n.',
				name: 'selfSetupNotice',
				type: 'notice',
				default: '',
				displayOptions: { hide: { voiceAgentId: [''] } },
			},
			{
				displayName:
					'Paste this node\'s Production URL into your Hamsa agent\'s webhook (or into the Webhook URL of a Hamsa Voice Call node), with the same Auth Key and Auth Secret as below. Hamsa then sends "Authorization: &lt;Auth Key&gt; &lt;Auth Secret&gt;" and every other request is refused.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { voiceAgentId: [''] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: ['call.ended'],
				required: true,
				description: 'The call events that start the workflow; others are acknowledged and ignored',
				options: [
					{ name: 'Call Answered', value: 'call.answered', description: 'The person picked up' },
					{ name: 'Call Ended', value: 'call.ended', description: 'The call is over; carries the transcript, outcome and recording' },
					{ name: 'Call Started', value: 'call.started', description: 'The call began dialling' },
					{ name: 'Tool Executed', value: 'tool.executed', description: 'The agent used one of its tools during the call' },
					{ name: 'Transcription Update', value: 'transcription.update', description: 'New lines of the transcript during the call' },
				],
			},
			{
				displayName: 'Auth Key',
				name: 'authKey',
				type: 'string',
				default: 'Bearer',
				required: true,
				displayOptions: { show: { voiceAgentId: [''] } },
				description: 'For manual setup (no Voice Agent): first part of the Authorization header Hamsa must send (Hamsa\'s "authKey"; Hamsa suggests Bearer). An expression that gives no text makes the trigger refuse every request.',
			},
			{
				displayName: 'Auth Secret',
				name: 'authSecret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				displayOptions: { show: { voiceAgentId: [''] } },
				description: 'For manual setup (no Voice Agent): second part of the Authorization header (Hamsa\'s "authSecret"). Use a long random value and give Hamsa the same one.',
				hint: 'While it is empty, or an expression that gives no text (an unset variable, "undefined", "null"), every request is refused with HTTP 500 and no execution starts',
			},
			{
				displayName:
					'Set an Auth Secret: without one this trigger refuses every request (HTTP 500) and starts no execution',
				name: 'authSecretMissingNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authSecret: [''], voiceAgentId: [''] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Replace Existing Webhook',
						name: 'replaceExistingWebhook',
						type: 'boolean',
						default: false,
						displayOptions: { hide: { '/voiceAgentId': [''] } },
						description:
							'Whether to point the voice agent at this trigger even when it already sends its events to another address. That address (and its credentials) is put back when the workflow is deactivated. Off: activation fails and names the address\'s host.',
					},
					{
						displayName: 'Ignore Repeated Deliveries',
						name: 'ignoreRepeats',
						type: 'boolean',
						default: true,
						description: 'Whether an event Hamsa delivers again (same call, event type and timestamp) is acknowledged without running the workflow a second time. Delivery IDs are kept in n8n\'s database, so this holds across webhook processes and restarts.',
					},
					{
						displayName: 'Include Raw Event',
						name: 'includeRawEvent',
						type: 'boolean',
						default: true,
						description: 'Whether to add the event exactly as Hamsa sent it under "event"',
					},
					...downloadRecordingOptions.map((option) => ({
						...option,
						description:
							option.name === 'downloadRecording'
								? TRIGGER_DOWNLOAD_RECORDING_DESCRIPTION
								: option.description,
					})),
				],
			},
		],
	};

	methods = {
		listSearch: { searchVoiceAgents },
	};

	// With a Voice Agent chosen, the trigger writes its URL and a generated
	// secret into the agent's webhook and puts the old one back afterwards
	// (agentWebhook.ts). Without one there is nothing to register: the URL is
	// pasted into the agent or given per call (Webhook URL of Hamsa Voice Call).
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await agentWebhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await setUpAgentWebhook(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await restoreAgentWebhook(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const agentId = chosenAgentId(this);
		const generated = agentId === '' ? [] : generatedAuthorizations(this, agentId);
		if (agentId !== '' && generated.length === 0) {
			const problem = `the Hamsa Trigger has not set up voice agent ${agentId} (no generated secret is kept for it). Deactivate and activate the workflow again (or listen for a test event again)`;
			this.logger.warn(`Hamsa Trigger "${this.getNode().name}" refused a request: ${problem}`, { workflowId: this.getWorkflow().id });
			response.status(500).json({ message: `Not accepting Hamsa events: ${problem}` });
			return { noWebhookResponse: true };
		}
		const expected = agentId === '' ? manualAuthorization(this) : generated[0];
		if (expected === undefined) {
			const authSecret = parameterOrNothing(this, 'authSecret', '');
			const problem =
				usableSecret(authSecret) === undefined
					? 'the Hamsa Trigger\'s Auth Secret is empty or evaluates to nothing. Set it (or its expression) to the secret given to Hamsa'
					: 'the Hamsa Trigger\'s Auth Key evaluates to nothing. Set it (or its expression) to the key given to Hamsa, usually Bearer';
			this.logger.warn(`Hamsa Trigger "${this.getNode().name}" refused a request: ${problem}`, { workflowId: this.getWorkflow().id });
			// Answered here rather than thrown: n8n saves a failed execution for a webhook that throws.
			response.status(500).json({ message: `Not accepting Hamsa events: ${problem}` });
			return { noWebhookResponse: true };
		}
		const headers = this.getHeaderData() as IDataObject;
		// Every candidate is compared (in constant time each), so the time taken says nothing of which matched.
		const candidates = agentId === '' ? [expected] : generated;
		const matches = candidates.map((candidate) => authorizationMatches(headers.authorization, candidate));
		if (!matches.includes(true)) {
			const what = agentId === '' ? 'the Hamsa Trigger\'s Auth Key and Auth Secret' : 'the secret the Hamsa Trigger gave the voice agent';
			response.status(401).json({ message: `Authorization does not match ${what}` });
			return { noWebhookResponse: true };
		}

		// An authenticated body that is not a JSON object (null, a list) is acknowledged and ignored below.
		const body = (this.getBodyData() ?? {}) as IDataObject;
		const eventType = typeof body.eventType === 'string' ? body.eventType : '';
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(eventType)) {
			return { webhookResponse: { received: true, ignored: `event type "${eventType}" is not selected` } };
		}

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const key = eventKey(body);
		const id = key === undefined ? undefined : deliveryId(key);
		// Test events (Listen for test event) run every time and leave no trace for production copies.
		if (options.ignoreRepeats !== false && key !== undefined && this.getMode() === 'webhook') {
			const triggerId = `${this.getWorkflow().id ?? ''}:${this.getNode().id ?? this.getNode().name}`;
			// Copies reaching this process, also at the same moment; execute() checks n8n's database for the rest.
			const claim = await claimDelivery(triggerId, key);
			if (claim.repeat) {
				return { webhookResponse: { received: true, ignored: 'repeated delivery' } };
			}
			settleWhenAnswered(response as unknown as AnsweredResponse, claim.settle);
		}

		const output: IDataObject = { ...(id === undefined ? {} : { deliveryId: id }), ...flattenWebhookEvent(body) };
		if (options.includeRawEvent === false) delete output.event;
		return {
			webhookResponse: { received: true },
			workflowData: [this.helpers.returnJsonArray([output])],
		};
	}

	// n8n runs this when the execution starts (on a worker in queue mode), with
	// what webhook() returned as input: the one place a webhook trigger can
	// reach n8n's database. The recording is downloaded here too: after Hamsa
	// was answered, only for a delivery that is not a repeat, and away from the
	// webhook processes.
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = await dropRecordedRepeats(this, this.getInputData());
		const property = readRecordingOption(this, 0);
		if (property === undefined) return [items];
		const withRecordings: INodeExecutionData[] = [];
		for (const item of items) {
			if (item.json.eventType !== 'call.ended') {
				withRecordings.push(item);
				continue;
			}
			const { json, binary } = await withRecording.call(this, item.json, item.json, property, { credentialOptional: true });
			withRecordings.push({ json, ...(binary ? { binary } : {}), pairedItem: item.pairedItem });
		}
		return [withRecordings];
	}
}

/** Manual setup: the Authorization built from the Auth Key and Auth Secret fields. */
function manualAuthorization(context: IWebhookFunctions): string | undefined {
	return expectedAuthorization(parameterOrNothing(context, 'authKey', 'Bearer'), parameterOrNothing(context, 'authSecret', ''));
}

/** Self setup: "Bearer <the secret generated on activation>", from the node's static data. */
function generatedAuthorizations(context: IWebhookFunctions, agentId: string): string[] {
	return generatedSecrets(context, agentId)
		.map((secret) => expectedAuthorization(GENERATED_AUTH_KEY, secret))
		.filter((value): value is string => value !== undefined);
}

/**
 * A parameter's value, or undefined when its expression fails to evaluate
 * (e.g. $env access denied): for the Auth fields that is one more way of
 * evaluating to nothing.
 */
function parameterOrNothing(context: IWebhookFunctions, name: string, fallback: string): unknown {
	try {
		return context.getNodeParameter(name, fallback);
	} catch {
		return undefined;
	}
}
