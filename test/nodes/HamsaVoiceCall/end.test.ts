import { callReaches, expectNoSecrets, failureOf, routesOf } from '../../harness/expectations';
import { finishedCall, startCallParameters } from '../../harness/calls';
import { operationRunner } from '../../harness/operations';
import { runNode } from '../../harness/runWorkflow';
import { credentialsFor, HAMSA_KEY, useSimulator } from '../../harness/simulator';
import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';
import { startWebhookReceiver } from '../../harness/webhookReceiver';

// Calls that would stay IN_PROGRESS for good unless ended; short ones for the "already ended" case.
const context = useSimulator({ callDurationMs: 100, callOutcome: 'IN_PROGRESS' });
const end = operationRunner(context, 'hamsaVoiceCall', { resource: 'call', operation: 'end' });

async function callInProgress(extra: Record<string, unknown> = {}): Promise<string> {
	const started = await runNode({ node: 'hamsaVoiceCall', parameters: startCallParameters(extra), credentials: credentialsFor(context.sim) });
	const callId = started.items[0].json.callId as string;
	await callReaches(context.sim, callId, 'IN_PROGRESS');
	context.sim.clearRequests();
	return callId;
}

describe('Hamsa Voice Call → Call → End', () => {
	it('ends a call in progress with GET …/conversation/{id}/terminate: ended: true, the call TERMINATED', async () => {
		const { sim } = context;
		const callId = await callInProgress();
		const run = await end({ callId });
		expect(run.error).toBeUndefined();
		expect(routesOf(sim)).toEqual([`GET /v1/voice-agents/conversation/${callId}/terminate`]);
		expect(sim.requests[0].headers.authorization).toBe(`Token ${HAMSA_KEY}`);
		expect(run.items).toEqual([{ json: { callId, ended: true, message: 'Conversation terminated successfully.' }, pairedItem: { item: 0 } }]);
		expect(sim.calls.get(callId)?.status).toBe('TERMINATED');
		expectNoSecrets(run);
	});

	it('the ended call reports call.ended with status TERMINATED to its webhook', async () => {
		const receiver = await startWebhookReceiver();
		try {
			const callId = await callInProgress({ webhookUrl: receiver.urlFor('/hook'), webhookAuthSecret: WEBHOOK_SECRETS[0] });
			await end({ callId });
			await receiver.waitForEvent('call.ended');
			const ended = receiver.received.find((entry) => entry.body.eventType === 'call.ended');
			expect(ended?.body).toMatchObject({ callId, data: { status: 'TERMINATED' } });
		} finally {
			await receiver.close();
		}
	});

	it('answers ended: false, reason alreadyEnded (not an error) for a call that has already ended', async () => {
		const { sim } = context;
		sim.configure({ callOutcome: 'COMPLETED' });
		const callId = await finishedCall(sim);
		const run = await end({ callId });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toEqual({
			callId,
			ended: false,
			reason: 'alreadyEnded',
			status: 'COMPLETED',
			message: 'Conversation has already ended (status COMPLETED)',
		});
		// Hamsa's refusal, then the call looked up to be sure it has ended.
		expect(routesOf(sim)).toEqual([`GET /v1/voice-agents/conversation/${callId}/terminate`, `GET /v1/voice-agents/conversation/${callId}`]);
	});

	it('answers ended: false, reason notFound for a call Hamsa does not know', async () => {
		const run = await end({ callId: 'no-such-call' });
		expect(run.items[0].json).toEqual({ callId: 'no-such-call', ended: false, reason: 'notFound', message: 'Conversation not found' });
	});

	it('still fails on a 400 about a call that is not over', async () => {
		const { sim } = context;
		const callId = await callInProgress();
		sim.addFault({ path: `/v1/voice-agents/conversation/${callId}/terminate`, status: 400, body: { message: 'Something else is wrong', messageKey: 'OTHER' } });
		const run = await end({ callId });
		expect(failureOf(run).message).toBe('Hamsa: Something else is wrong [item 0]');
	});

	it('refuses an empty Call ID before sending anything', async () => {
		const run = await end({ callId: '={{ $json.missing }}' });
		expect(failureOf(run).message).toBe('Call ID is required [item 0]');
		expect(context.sim.requests).toEqual([]);
	});
});
