/** A real call placed through Hamsa Voice Call → Start, for tests that need one that has ended. */
import { callReaches } from './expectations';
import { runNode } from './runWorkflow';
import { credentialsFor, TWILIO_NUMBER, VOICE_AGENT_ID, type Simulator } from './simulator';

/** Starts a call with the node, waits until the simulator has completed it, and clears the recorded requests. */
export async function finishedCall(sim: Simulator, parameters: Record<string, unknown> = {}): Promise<string> {
	const started = await runNode({
		node: 'hamsaVoiceCall',
		parameters: {
			resource: 'call',
			operation: 'start',
			voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID },
			toNumber: '+14155550123',
			twilioPhoneNumber: { __rl: true, mode: 'number', value: TWILIO_NUMBER },
			...parameters,
		},
		credentials: credentialsFor(sim),
	});
	const callId = started.items[0].json.callId as string;
	await callReaches(sim, callId, 'COMPLETED');
	sim.clearRequests();
	return callId;
}
