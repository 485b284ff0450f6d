/** Hamsa Trigger test fixtures: the webhook secrets, call events in the shape Hamsa sends them, and a run of the trigger. */
import { runWebhook, type RunWebhookOptions } from '../../harness/runWebhook';
import { VOICE_AGENT_ID } from '../../harness/simulator';

import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';

export { WEBHOOK_SECRETS };

export const SECRET = WEBHOOK_SECRETS[0];
export const OTHER_SECRET = WEBHOOK_SECRETS[1];
export const GOOD_AUTH = `Bearer ${SECRET}`;

let callCounter = 0;
/** A fresh call id per test: the delivery log lives for the whole test file. */
export function newCallId(): string {
	callCounter += 1;
	return `5b3f0c1e-7a2d-4c55-9e61-${String(callCounter).padStart(12, '0')}`;
}

/** A call.ended event in the shape of Hamsa's webhook guide (and the simulator's). */
export function callEnded(callId: string, timestamp = '2025-06-02T10:15:30.000Z', status = 'COMPLETED') {
	return {
		eventType: 'call.ended',
		callId,
		timestamp,
		projectId: 'proj-7c1d',
		agentId: VOICE_AGENT_ID,
		agentName: 'Appointment Reminder',
		data: {
			timestamp,
			status,
			callDuration: 47,
			data: {
				conversationId: callId,
				conversationRecording: `https://recordings.example.com/${callId}.mp3`,
				transcription: [
					{ Agent: 'Hello, this is the clinic calling about your appointment.' },
					{ User: 'Hi! Yes, Tuesday works for me.' },
					{ Agent: 'Great, see you on Tuesday at 3 pm.' },
				],
				outcomeResult: { customerName: 'Ada', interested: true, appointmentTime: '2025-06-03T15:00:00.000Z' },
			},
		},
	};
}

/**
 * What Hamsa Trigger, and Start and Wait's resume webhook, output for
 * callEnded(callId) as `event`: the call flattened into plain fields, and the
 * event itself.
 */
export function flatCallEnded(callId: string, event: ReturnType<typeof callEnded>) {
	return {
		callId,
		eventType: 'call.ended',
		status: 'COMPLETED',
		timestamp: '2025-06-02T10:15:30.000Z',
		agentId: VOICE_AGENT_ID,
		agentName: 'Appointment Reminder',
		callDuration: 47,
		transcript:
			'Agent: Hello, this is the clinic calling about your appointment.\n' +
			'User: Hi! Yes, Tuesday works for me.\n' +
			'Agent: Great, see you on Tuesday at 3 pm.',
		transcription: event.data.data.transcription,
		outcome: { customerName: 'Ada', interested: true, appointmentTime: '2025-06-03T15:00:00.000Z' },
		recordingUrl: `https://recordings.example.com/${callId}.mp3`,
		event,
	};
}

export function otherEvent(eventType: string, callId: string, timestamp = '2025-06-02T10:14:00.000Z') {
	return {
		eventType,
		callId,
		timestamp,
		projectId: 'proj-7c1d',
		agentId: VOICE_AGENT_ID,
		agentName: 'Appointment Reminder',
		data: { status: 'IN_PROGRESS' },
	};
}

export function trigger(options: Partial<RunWebhookOptions> & { parameters?: Record<string, unknown> } = {}) {
	const { parameters, ...rest } = options;
	return runWebhook({
		node: 'hamsaTrigger',
		parameters: { authKey: 'Bearer', authSecret: SECRET, ...parameters },
		headers: { 'Content-Type': 'application/json', Authorization: GOOD_AUTH },
		...rest,
	});
}
