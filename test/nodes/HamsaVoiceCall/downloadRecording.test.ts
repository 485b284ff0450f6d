/**
 * The Download Recording option where a call ends: Start and Wait for Outcome
 * (polling, and resumed by Hamsa's call.ended) and the Hamsa Trigger. Hamsa is
 * answered before the recording is downloaded; a recording that cannot be had
 * becomes recordingError on the item, never a failed execution.
 *
 * A webhook body is anyone's to write: the recording is fetched from the
 * mediaUrl Hamsa's API gives for the call (the simulator's), never from the
 * body's conversationRecording.
 */
import { callReaches } from '../../harness/expectations';
import { CUSTOMER_ADA, finishedCall, startCallParameters } from '../../harness/calls';
import { RESUME_SECRET } from '../../harness/knownSecrets';
import { runNode } from '../../harness/runWorkflow';
import { runWebhook } from '../../harness/runWebhook';
import { credentialsFor, HAMSA_KEY, startSimulator, useSimulator, VOICE_AGENT_ID, type Simulator } from '../../harness/simulator';
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

/**
 * A call that ended in the simulator, whose recording Hamsa's API says is at
 * `apiUrl`, and a call.ended event for it whose body says `bodyUrl` (the
 * same, unless a test has the body lie).
 */
async function endedWithRecording(apiUrl: string, bodyUrl = apiUrl) {
	const callId = await finishedCall(context.sim);
	context.sim.calls.get(callId)!.mediaUrl = apiUrl as never;
	const event = callEnded(callId);
	event.data.data.conversationRecording = bodyUrl;
	return { callId, event };
}

/** A call the simulator keeps in progress, to show that nothing ended it. */
async function liveCall(sim: Simulator): Promise<string> {
	sim.configure({ callOutcome: 'IN_PROGRESS' });
	const started = await runNode({ node: 'hamsaVoiceCall', parameters: startCallParameters(), credentials: credentialsFor(sim) });
	const callId = started.items[0].json.callId as string;
	await callReaches(sim, callId, 'IN_PROGRESS');
	sim.configure({ callOutcome: 'COMPLETED' });
	return callId;
}

let otherHost: Simulator;
beforeAll(async () => {
	otherHost = await startSimulator({ port: 0, host: '127.0.0.2' });
});
beforeEach(() => otherHost.reset());
afterAll(async () => {
	await otherHost?.close();
});

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

	function resume(event: object) {
		return runWebhook({
			node: 'hamsaVoiceCall',
			parameters: startCallParameters({ operation: 'startAndWait', waitMethod: 'webhook', options: { downloadRecording: true } }),
			credentials: credentialsFor(context.sim),
			headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${RESUME_SECRET}` },
			originalUrl: '/webhook-waiting/1/under-test',
			body: event,
		});
	}

	it('resumed by call.ended: answers Hamsa first, then adds the recording (with the key, on Hamsa\'s host)', async () => {
		const { sim } = context;
		const { callId, event } = await endedWithRecording(`${sim.url}/private-recordings/r-${Date.now()}.wav`);
		const run = await resume(event);
		expect(run.error).toBeUndefined();
		expect(run.status).toBe(200);
		expect(run.body).toEqual({ received: true });
		expect(run.noWebhookResponse).toBe(true);
		const item = run.workflowData![0][0];
		expect(item.json).toMatchObject({ callId, status: 'COMPLETED', finished: true, recordingKeySent: true });
		expect(item.binary!.recording).toMatchObject({ mimeType: 'audio/wav', fileName: `call-${callId}.wav` });
		expect(recordingRequests(sim).map((request) => request.headers.authorization)).toEqual([undefined, `Token ${HAMSA_KEY}`]);
	});

	it('resumed by a call.ended whose body names another host: fetches the recording Hamsa\'s API gives instead', async () => {
		const { sim } = context;
		const real = `${sim.url}/recordings/r-real.mp3`;
		const { callId, event } = await endedWithRecording(real, `${otherHost.url}/recordings/planted.mp3`);
		const run = await resume(event);
		const item = run.workflowData![0][0];
		expect(item.json).toMatchObject({ callId, finished: true, recordingUrl: real, recordingKeySent: false });
		expect(Buffer.from(item.binary!.recording.data, 'base64').toString('latin1')).toMatch(/^RECORDING r-real.mp3\n/);
		expect(otherHost.requests).toEqual([]);
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
		const { callId, event } = await endedWithRecording(`${sim.url.replace('127.0.0.1', 'localhost')}/recordings/t-1.mp3`);
		const before = recordingRequests(sim).length;
		const { answer, recordingsAtAnswer, item, execution } = await deliverWithDownload(event, { recordingBinaryProperty: 'audio' }, credentialsFor(sim));
		expect(answer.body).toEqual({ received: true });
		expect(recordingsAtAnswer).toBe(before);
		expect(execution.status).toBe('success');
		expect(item.json).toMatchObject({ callId, eventType: 'call.ended', agentId: VOICE_AGENT_ID, recordingKeySent: false });
		expect(item.binary!.audio).toMatchObject({ fileName: `call-${callId}.mp3`, mimeType: 'audio/mpeg' });
		expect(execution.nextNodeItems).toHaveLength(1);
	});

	it('without a Hamsa credential, fetches nothing and says to select one: the recording could not be checked', async () => {
		const { sim } = context;
		const { event } = await endedWithRecording(`${sim.url}/recordings/t-2.mp3`);
		sim.clearRequests();
		const { item, execution } = await deliverWithDownload(event, {});
		expect(execution.status).toBe('success');
		expect(item.json.recordingError).toBe(
			'Select a Hamsa API credential on the node to download recordings: the recording is fetched only from where Hamsa\'s API says it is, and asking the API needs the key',
		);
		expect(item.binary).toBeUndefined();
		expect(sim.requests).toEqual([]);
	});

	it('flags an expired recording instead of failing', async () => {
		const { sim } = context;
		const expired = await deliverWithDownload((await endedWithRecording(`${sim.url}/recordings/expired-t.mp3`)).event, {}, credentialsFor(sim));
		expect(expired.execution.status).toBe('success');
		expect(expired.item.json.recordingError).toContain('The recording is missing or has expired');
	});

	it('flags an event for a call Hamsa\'s API does not know, without fetching what the body names', async () => {
		const event = callEnded(newCallId());
		event.data.data.conversationRecording = `${otherHost.url}/recordings/unknown-call.mp3`;
		const { item } = await deliverWithDownload(event, {}, credentialsFor(context.sim));
		expect(item.json.recordingError).toMatch(/^Could not look the call up in Hamsa's API: /);
		expect(otherHost.requests).toEqual([]);
	});

	it('with a Hamsa credential, sends the key to Hamsa\'s own host after a refusal', async () => {
		const { sim } = context;
		const { item } = await deliverWithDownload((await endedWithRecording(`${sim.url}/private-recordings/t-3.mp3`)).event, {}, credentialsFor(sim));
		expect(item.binary!.recording.mimeType).toBe('audio/mpeg');
		expect(item.json.recordingKeySent).toBe(true);
	});

	it('a body naming another host gets the real recording; that host is never asked', async () => {
		const { sim } = context;
		const real = `${sim.url}/recordings/t-5.mp3`;
		const { callId, event } = await endedWithRecording(real, `${otherHost.url}/recordings/planted.mp3`);
		const { item } = await deliverWithDownload(event, {}, credentialsFor(sim));
		expect(item.json).toMatchObject({ callId, recordingUrl: real, recordingKeySent: false });
		expect(Buffer.from(item.binary!.recording.data, 'base64').toString('latin1')).toMatch(/^RECORDING t-5.mp3\n/);
		expect(otherHost.requests).toEqual([]);
	});

	it('a body naming the terminate path of a live call does not end it', async () => {
		const { sim } = context;
		const live = await liveCall(sim);
		const { event } = await endedWithRecording(`${sim.url}/recordings/t-6.mp3`, `${sim.url}/v1/voice-agents/conversation/${live}/terminate`);
		sim.clearRequests();
		const { item } = await deliverWithDownload(event, {}, credentialsFor(sim));
		expect(item.binary!.recording.fileName).toMatch(/\.mp3$/);
		expect(sim.requests.filter((request) => request.path.endsWith('/terminate'))).toEqual([]);
		expect(sim.calls.get(live)!.status).toBe('IN_PROGRESS');
	});

	it('downloads nothing for a repeated delivery that ends at the trigger', async () => {
		const { sim } = context;
		const { event } = await endedWithRecording(`${sim.url}/recordings/t-4.mp3`);
		const workflowId = `repeat-${newCallId()}`;
		const credentials = credentialsFor(sim);
		const parameters = { authKey: 'Bearer', authSecret: SECRET, events: ['call.ended'], options: { downloadRecording: true } };
		const answer = await trigger({ body: event, parameters: { options: { downloadRecording: true } }, credentials });
		await runTriggerExecution({ node: 'hamsaTrigger', parameters, workflowData: answer.workflowData!, workflowId, credentials });
		const before = sim.requests.length;
		// The same delivery's execution again, as when a copy reached another webhook process.
		const again = await runTriggerExecution({ node: 'hamsaTrigger', parameters, workflowData: answer.workflowData!, workflowId, credentials });
		expect(again.triggerItems).toEqual([]);
		expect(sim.requests.length).toBe(before);
	});
});

