/** Hamsa Voice Call → Start's parameters, and a real call placed with them for tests that need one that has ended. */
import type { INodeParameters } from 'n8n-workflow';
import { callReaches } from './expectations';
import { runNode } from './runWorkflow';
import { credentialsFor, TWILIO_NUMBER, VOICE_AGENT_ID, type Simulator } from './simulator';

/**
 * Call → Start with the simulator's first voice agent and Twilio number, calling
 * +14155550123; `extra` adds fields or overrides these (operation: 'startAndWait').
 */
export function startCallParameters(extra: Record<string, unknown> = {}): INodeParameters {
	return {
		resource: 'call',
		operation: 'start',
		voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID },
		toNumber: '+14155550123',
		twilioPhoneNumber: { __rl: true, mode: 'number', value: TWILIO_NUMBER },
		...extra,
	} as INodeParameters;
}

/** The events the simulator sends, in this order, for a call that is answered and completes. */
export const ANSWERED_CALL_EVENTS = ['call.started', 'call.answered', 'transcription.update', 'transcription.update', 'call.ended'];

/** One param for the call, customerName = Ada, which Hamsa echoes back in the outcome. */
export const CUSTOMER_ADA = { paramsInput: 'keyValue', params: { values: [{ key: 'customerName', value: 'Ada' }] } };

/** Starts a call with the node, waits until the simulator has completed it, and clears the recorded requests. */
export async function finishedCall(sim: Simulator, parameters: Record<string, unknown> = {}): Promise<string> {
	const started = await runNode({
		node: 'hamsaVoiceCall',
		parameters: startCallParameters(parameters),
		credentials: credentialsFor(sim),
	});
	const callId = started.items[0].json.callId as string;
	await callReaches(sim, callId, 'COMPLETED');
	sim.clearRequests();
	return callId;
}
