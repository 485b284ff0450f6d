import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_RETRIES, pause } from '../../../shared/defaults';
import { refuseResumeOnEngineV2 } from '../../../shared/engineV2';
import { optionsCollection, simplifyField } from '../../../shared/descriptions';
import { invalidField } from '../../../shared/errors';
import { hasEnded } from '../../../shared/hamsa/callOutcome';
import { downloadRecordingOptions, readRecordingOption, withRecording } from '../../../shared/hamsa/recording';
import { hamsaApiKey } from '../../../shared/hamsa/service';
import { simpleCall } from '../../../shared/hamsa/simplify';
import type { ItemRequest } from '../../../shared/parameters';
import { ItemWithBinary, type Operation } from '../../../shared/router';
import { RESUME_AUTH_KEY, executionAndNodeOf, rememberPlacedCall, rememberResumeAuthorization, resumeSecret, resumeUrlFor } from '../../resumeWebhook';
import { lookUpCall } from '../lookUpCall';
import { placeCall, readStartCall, startCallFields, type StartCallPlan } from './start.operation';

const properties: INodeProperties[] = [
	...startCallFields.filter((field) => !field.name.startsWith('webhook')),
	{
		displayName: 'Wait Method',
		name: 'waitMethod',
		type: 'options',
		default: 'webhook',
		description: 'How the node learns that the call has ended',
		options: [
			{
				name: 'Hamsa Webhook (Recommended)',
				value: 'webhook',
				description: 'The execution waits without using a worker until Hamsa reports the end of the call. Hamsa must be able to reach this n8n (its webhook URL). One call per execution.',
			},
			{
				name: 'Poll',
				value: 'poll',
				description: 'Checks the call every few seconds. Works when Hamsa cannot reach n8n and for several items, but keeps the execution running: only for short calls.',
			},
		],
	},
	{
		displayName: 'Time Limit (Minutes)',
		name: 'timeLimitMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'Longest wait for the call to end. With Poll, the item then comes out with timedOut: true and the last status; with Hamsa Webhook, n8n continues with the input item unchanged (as its Wait node does), so check finished: true in the next node.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 10,
		description: 'How often to check the call',
		displayOptions: { show: { waitMethod: ['poll'] } },
	},
	simplifyField,
	optionsCollection(true, downloadRecordingOptions),
];

/** n8n runs a node used as an AI Agent's tool under the type "<package>.<node name>Tool". */
function runsAsAiTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

interface Plan {
	call: StartCallPlan;
	method: 'webhook' | 'poll';
	timeLimitMs: number;
	pollIntervalMs: number;
	recordingProperty?: string;
}

export const startAndWait: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number, itemCount: number) {
		const method = this.getNodeParameter('waitMethod', itemIndex, 'webhook') as 'webhook' | 'poll';
		if (method === 'webhook' && runsAsAiTool(this)) {
			// Refused before anything is sent: no call is placed.
			throw new NodeOperationError(
				this.getNode(),
				'Start and Wait for Outcome with Wait Method "Hamsa Webhook" cannot run as an AI Agent tool. No call was placed.',
				{
					itemIndex,
					description:
						'This wait method puts the whole execution to wait until Hamsa reports the end of the call, and a waiting execution cannot hand the outcome back to the agent. Set Wait Method to "Poll": the tool then waits for the call to end and gives the agent its status, transcript and outcome.',
				},
			);
		}
		if (method === 'webhook') {
			// Engine 2.0 would let the call be placed and never resume the execution.
			refuseResumeOnEngineV2(this, itemIndex, 'Start and Wait for Outcome with Wait Method "Hamsa Webhook"', 'Set Wait Method to "Poll"');
		}
		if (method === 'webhook' && itemCount > 1 && itemIndex > 0) {
			throw invalidField(
				this.getNode(),
				itemIndex,
				'Wait Method',
				`"Hamsa Webhook" waits for one call per execution, and ${itemCount} items arrived. Put a Loop Over Items node (batch size 1) before this node, or choose Wait Method "Poll"`,
			);
		}
		const minutes = Number(this.getNodeParameter('timeLimitMinutes', itemIndex, 30));
		const seconds = Number(this.getNodeParameter('pollIntervalSeconds', itemIndex, 10));
		if (!(minutes > 0)) throw invalidField(this.getNode(), itemIndex, 'Time Limit (Minutes)', 'it must be more than 0', minutes);
		if (!(seconds >= 1)) throw invalidField(this.getNode(), itemIndex, 'Poll Interval (Seconds)', 'it must be at least 1', seconds);
		return {
			call: readStartCall(this, itemIndex),
			method,
			timeLimitMs: minutes * 60_000,
			pollIntervalMs: seconds * 1000,
			recordingProperty: readRecordingOption(this, itemIndex),
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject | ItemWithBinary> {
		if (plan.method === 'webhook') return await startAndAwaitWebhook.call(this, plan, item);
		return await startAndPoll.call(this, plan, item);
	},
};

/**
 * Places the call with this execution's resume URL and puts the execution to
 * wait. Hamsa's call.ended event resumes it with the outcome (see
 * resumeWebhook.ts). When the time limit passes first, n8n resumes by running
 * the node as disabled, which passes the input item on unchanged: what this
 * function returns is discarded either way.
 */
async function startAndAwaitWebhook(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
	const webhookUrl = resumeUrlFor(this);
	const authSecret = resumeSecret(await hamsaApiKey.call(this, item.itemIndex), executionAndNodeOf(webhookUrl));
	rememberResumeAuthorization(this, authSecret);
	const body = { ...plan.call.body, webhookUrl, webhookAuth: { authKey: RESUME_AUTH_KEY, authSecret } };
	const job = await placeCall.call(this, { ...plan.call, body }, item);
	const callId = String(job.callId ?? job.id ?? '');
	if (callId !== '') rememberPlacedCall(this, callId);
	await this.putExecutionToWait(new Date(Date.now() + plan.timeLimitMs));
	return { ...job, finished: false, timedOut: false, waiting: true };
}

async function startAndPoll(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject | ItemWithBinary> {
	const job = await placeCall.call(this, plan.call, item);
	const callId = String(job.callId ?? job.id ?? '');
	const deadline = Date.now() + plan.timeLimitMs;
	const signal = this.getExecutionCancelSignal?.();
	let latest: IDataObject = { callId, status: job.status };
	for (;;) {
		const wait = Math.min(plan.pollIntervalMs, Math.max(0, deadline - Date.now()));
		await pause(wait, signal);
		// Reading a call is safe to retry, so a passing network fault does not end the wait.
		latest = await lookUpCall.call(this, callId, { ...item, maxRetries: Math.max(DEFAULT_MAX_RETRIES, item.maxRetries) });
		const shown = plan.call.simplify ? simpleCall(latest) : latest;
		if (hasEnded(latest.status)) {
			const finished = { ...shown, finished: true, timedOut: false };
			if (plan.recordingProperty === undefined) return finished;
			const { json, binary } = await withRecording.call(this, latest, finished, plan.recordingProperty, { ...item, callReadFromApi: true });
			return binary ? new ItemWithBinary(json, binary) : json;
		}
		if (Date.now() >= deadline) {
			return {
				...shown,
				finished: false,
				timedOut: true,
				message: `The call had not ended within the time limit (${plan.timeLimitMs / 60_000} min); its last status was ${String(latest.status)}`,
			};
		}
	}
}
