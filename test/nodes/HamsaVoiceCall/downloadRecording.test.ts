/**
 * The Download Recording option where a call ends: Start and Wait for Outcome
 * (polling, and resumed by Hamsa's call.ended) and the Hamsa Trigger. Hamsa is
 * answered before the recording is downloaded; a recording that cannot be had
 * becomes recordingError on the item, never a failed execution.
 */
import { CUSTOMER_ADA, startCallParameters } from '../../harness/calls';
import { RESUME_SECRET } from '../../harness/knownSecrets';
import { runNode } from '../../harness/runWorkflow';
import { runWebhook } from '../../harness/runWebhook';
import { credentialsFor, HAMSA_KEY, useSimulator, VOICE_AGENT_ID, type Simulator } from '../../harness/simulator';
import { runTriggerExecution } from '../../harness/runTriggerExecution';
import { callEnded, newCallId, SECRET, trigger } from '../HamsaTrigger/triggerFixtures';

const context = useSimulator({ callDurationMs: 300 });

const recordingRequests = (sim: Simulator) => sim.requests.filter((request) => request.service === 'recordings');

function pollAndWait(sim: Simulator, options: Record<string, unknown>) {
	return runNode({
		node: 'hamsaVoiceCall',
		parameters: startCallParameters({
			operation: 'startAndWait',
			...CUSTOMER_ADA,
			waitMethod: 'poll',
			pollIntervalSeconds: 1,
			timeLimitMinutes: 1,
			options,
		}),
		credentials: credentialsFor(sim),
	});
}

function endedWithRecording(url: string) {
	const callId = newCallId();
	const event = callEnded(callId);
	event.data.data.conversationRecording = url;
	return { callId, event };
}

describe('Download Recording on Start and Wait for Outcome', () => {
	it('with polling, gives the finished call with its recording as binary data', async () => {
		const { sim } = context;
		sim.configure({ recordingBase: '<own>' });
		const run = await pollAndWait(sim, { downloadRecording: true });
		expect(run.error).toBeUndefined();
		const [item] = run.items;
		expect(item.json).toMatchObject({ status: 'COMPLETED', finished: true, recordingKeySent: false });
		expect(item.binary!.recording).toMatchObject({ fileName: `call-${String(item.json.callId)}.mp3`, mimeType: 'audio/mpeg' });
		expect(recordingRequests(sim)).toHaveLength(1);
	});

	it('with polling, flags a recording on a refusing foreign host and still outputs the outcome', async () => {
		const { sim } = context;
		sim.configure({ recordingBase: `${sim.url.replace('127.0.0.1', 'localhost')}/private-recordings` });
		const run = await pollAndWait(sim, { downloadRecording: true });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ status: 'COMPLETED', finished: true });
		expect(run.items[0].json.recordingError).toContain('Hamsa: Unauthorized');
		expect(run.items[0].binary).toBeUndefined();
		expect(recordingRequests(sim).map((request) => request.headers.authorization)).toEqual([undefined]);
	});

	it('resumed by call.ended: answers Hamsa first, then adds the recording (with the key, on Hamsa\'s host)', async () => {
		const { sim } = context;
		const { callId, event } = endedWithRecording(`${sim.url}/private-recordings/r-${Date.now()}.wav`);
		event.callId = callId;
		const run = await runWebhook({
			node: 'hamsaVoiceCall',
			parameters: startCallParameters({ operation: 'startAndWait', waitMethod: 'webhook', options: { downloadRecording: true } }),
			credentials: credentialsFor(sim),
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${RESUME_SECRET}` },
			originalUrl: '/webhook-waiting/1/under-test',
			body: event,
		});
		expect(run.error).toBeUndefined();
		expect(run.status).toBe(200);
		expect(run.body).toEqual({ received: true });
		expect(run.noWebhookResponse).toBe(true);
		const item = run.workflowData![0][0];
		expect(item.json).toMatchObject({ callId, status: 'COMPLETED', finished: true, recordingKeySent: true });
		expect(item.binary!.recording).toMatchObject({ mimeType: 'audio/wav', fileName: `call-${callId}.wav` });
		expect(recordingRequests(sim).map((request) => request.headers.authorization)).toEqual([undefined, `Token ${HAMSA_KEY}`]);
	});
});

describe('Download Recording on the Hamsa Trigger', () => {
	/** The delivery as n8n handles it: the webhook answers Hamsa, then the execution (on a worker in queue mode) downloads. */
	async function deliverWithDownload(event: object, options: Record<string, unknown>, credentials?: ReturnType<typeof credentialsFor>) {
		const parameters = { options: { downloadRecording: true, ...options } };
		const answer = await trigger({ body: event, parameters, credentials });
		const recordingsAtAnswer = recordingRequests(context.sim).length;
		const execution = await runTriggerExecution({
			node: 'hamsaTrigger',
			parameters: { authKey: 'Bearer', authSecret: SECRET, events: ['call.ended'], ...parameters },
			workflowData: answer.workflowData!,
			workflowId: `download-${newCallId()}`,
			credentials,
		});
		return { answer, recordingsAtAnswer, item: execution.triggerItems[0], execution };
	}

	it('answers Hamsa without touching the recording, then the execution adds it as binary data', async () => {
		const { sim } = context;
		const { callId, event } = endedWithRecording(`${sim.url.replace('127.0.0.1', 'localhost')}/recordings/t-1.mp3`);
		const before = recordingRequests(sim).length;
		const { answer, recordingsAtAnswer, item, execution } = await deliverWithDownload(event, { recordingBinaryProperty: 'audio' });
		expect(answer.body).toEqual({ received: true });
		expect(recordingsAtAnswer).toBe(before);
		expect(execution.status).toBe('success');
		expect(item.json).toMatchObject({ callId, eventType: 'call.ended', agentId: VOICE_AGENT_ID, recordingKeySent: false });
		expect(item.binary!.audio).toMatchObject({ fileName: `call-${callId}.mp3`, mimeType: 'audio/mpeg' });
		expect(execution.nextNodeItems).toHaveLength(1);
	});

	it('flags an expired recording (and a key-only one, without a credential) instead of failing', async () => {
		const { sim } = context;
		const expired = await deliverWithDownload(endedWithRecording(`${sim.url}/recordings/expired-t.mp3`).event, {});
		expect(expired.execution.status).toBe('success');
		expect(expired.item.json.recordingError).toContain('The recording is missing or has expired');
		const needsKey = await deliverWithDownload(endedWithRecording(`${sim.url}/private-recordings/t-2.mp3`).event, {});
		expect(needsKey.item.json.recordingError).toContain('Select a Hamsa API credential');
		expect(needsKey.item.binary).toBeUndefined();
	});

	it('with a Hamsa credential, sends the key to Hamsa\'s own host after a refusal', async () => {
		const { sim } = context;
		const { item } = await deliverWithDownload(endedWithRecording(`${sim.url}/private-recordings/t-3.mp3`).event, {}, credentialsFor(sim));
		expect(item.binary!.recording.mimeType).toBe('audio/mpeg');
		expect(item.json.recordingKeySent).toBe(true);
	});

	it('downloads nothing for a repeated delivery that ends at the trigger', async () => {
		const { sim } = context;
		const { event } = endedWithRecording(`${sim.url}/recordings/t-4.mp3`);
		const workflowId = `repeat-${newCallId()}`;
		const parameters = { authKey: 'Bearer', authSecret: SECRET, events: ['call.ended'], options: { downloadRecording: true } };
		const answer = await trigger({ body: event, parameters: { options: { downloadRecording: true } } });
		await runTriggerExecution({ node: 'hamsaTrigger', parameters, workflowData: answer.workflowData!, workflowId });
		const before = recordingRequests(sim).length;
		// The same delivery's execution again, as when a copy reached another webhook process.
		const again = await runTriggerExecution({ node: 'hamsaTrigger', parameters, workflowData: answer.workflowData!, workflowId });
		expect(again.triggerItems).toEqual([]);
		expect(recordingRequests(sim).length).toBe(before);
	});
});

