import { expectFailure, expectNoSecrets, expectOnlyRequest, expectRefusedBeforeSending, onlyRequest } from '../../harness/expectations';
import { finishedCall } from '../../harness/calls';
import { runNode } from '../../harness/runWorkflow';
import { credentialsFor, HAMSA_KEY, useSimulator } from '../../harness/simulator';

// Short calls that end COMPLETED, so a call started here can be read back finished.
const context = useSimulator({ callDurationMs: 150, callOutcome: 'COMPLETED' });

function getCall(callId: string, options: Record<string, number> = {}) {
	return runNode({
		node: 'hamsaVoiceCall',
		// Simplify off: the whole call; simplify.test.ts checks the simplified default.
		parameters: { resource: 'call', operation: 'get', callId, simplify: false, options },
		credentials: credentialsFor(context.sim),
	});
}

/** An ended call whose params (echoed in its outcome) name Ada. */
const adasFinishedCall = () => finishedCall(context.sim, { params: { values: [{ key: 'customerName', value: 'Ada' }] } });

describe('Hamsa Voice Call → Call → Get', () => {
	it('GETs the conversation by id with "Token <key>" as Authorization', async () => {
		const { sim } = context;
		const callId = await adasFinishedCall();
		const run = await getCall(callId);
		expect(run.error).toBeUndefined();
		expectOnlyRequest(sim, { method: 'GET', path: `/v1/voice-agents/conversation/${callId}`, authorization: `Token ${HAMSA_KEY}` });
	});

	it('outputs a finished call flat: status, transcript as lines, outcome with the params echoed, recording', async () => {
		const callId = await adasFinishedCall();
		const run = await getCall(callId);
		expect(run.error).toBeUndefined();
		const { json } = run.items[0];
		expect(json).toMatchObject({
			callId,
			status: 'COMPLETED',
			recordingUrl: `https://cdn.tryhamsa.com/recordings/${callId}.mp3`,
			outcome: { customerName: 'Ada', interested: true },
		});
		expect(typeof json.callDuration).toBe('number');
		expect((json.transcript as string).split('\n')).toEqual([
			'Agent: Hi Ada, this is Appointment Reminder calling on behalf of Hamsa Demo Co.',
			'User: Hi, yes, go ahead.',
			'Agent: I wanted to check whether you would like to book a time with us this week.',
			'User: Sure, Thursday at 3 pm works for me.',
			'Agent: Great, you are booked for Thursday at 3 pm. Goodbye!',
		]);
		expect(json.transcription).toHaveLength(5);
		expect((json.call as { id: string }).id).toBe(callId);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('reads calls made before the workflow existed, found through Get Many', async () => {
		const list = await runNode({
			node: 'hamsaVoiceCall',
			parameters: { resource: 'call', operation: 'getMany', limit: 1, filters: { status: ['NO_ANSWER'] } },
			credentials: credentialsFor(context.sim),
		});
		const callId = list.items[0].json.callId as string;
		const run = await getCall(callId);
		expect(run.items[0].json).toMatchObject({ callId, status: 'NO_ANSWER', transcript: '', outcome: {} });
		expect(run.items[0].json.recordingUrl).toBeUndefined();
	});

	it('escapes the Call ID in the path', async () => {
		const { sim } = context;
		await getCall('a/b?c', { maxRetries: 0 });
		expect(onlyRequest(sim).path).toBe('/v1/voice-agents/conversation/a%2Fb%3Fc');
	});

	it('names Hamsa\'s message and code when the call does not exist, without retrying', async () => {
		const { sim } = context;
		const run = await getCall('no-such-call');
		expectFailure(run, { message: 'Hamsa: Conversation not found [item 0]', httpCode: '404', description: ['HTTP 404, Hamsa code CONVERSATION_NOT_FOUND.'] });
		expect(sim.requests).toHaveLength(1);
		expectNoSecrets(run);
	});

	it('refuses an empty Call ID before sending anything', async () => {
		expectRefusedBeforeSending(await getCall('={{ $json.missing }}'), context.sim, 'Call ID is required [item 0]');
	});
});
