import { expectFailure, expectNoSecrets, expectRefusedBeforeSending, failureOf } from '../../harness/expectations';
import { finishedCall } from '../../harness/calls';
import { operationRunner } from '../../harness/operations';
import { HAMSA_KEY, useSimulator, type Simulator } from '../../harness/simulator';

const context = useSimulator({ callDurationMs: 150, callOutcome: 'COMPLETED' });

const getRecording = operationRunner(context, 'hamsaVoiceCall', { resource: 'call', operation: 'getRecording' });
const getCall = operationRunner(context, 'hamsaVoiceCall', { resource: 'call', operation: 'get' });

/** The credential's host is 127.0.0.1; the same simulator reached as "localhost" is another origin, standing in for S3. */
function foreignUrl(sim: Simulator, path: string): string {
	return sim.url.replace('127.0.0.1', 'localhost') + path;
}

/** An ended call whose recording is at `path` (on the credential's host, or a foreign one). */
async function callWithRecording(path: string, foreign = false): Promise<string> {
	const { sim } = context;
	const callId = await finishedCall(sim);
	sim.calls.get(callId)!.mediaUrl = (foreign ? foreignUrl(sim, path) : sim.url + path) as never;
	return callId;
}

const recordingRequests = (sim: Simulator) => sim.requests.filter((request) => request.service === 'recordings');

function fileText(data: string): string {
	return Buffer.from(data, 'base64').toString('latin1');
}

describe('Hamsa Voice Call → Call → Get Recording', () => {
	it('puts the call\'s recording in a binary property named like the call, with the MIME type Hamsa sent', async () => {
		const callId = await callWithRecording('/recordings/public-1.mp3');
		const run = await getRecording({ callId });
		expect(run.error).toBeUndefined();
		const [item] = run.items;
		expect(item.json).toMatchObject({ callId, status: 'COMPLETED', fileName: `call-${callId}.mp3`, mimeType: 'audio/mpeg', recordingKeySent: false });
		const binary = item.binary!.recording;
		expect(binary).toMatchObject({ fileName: `call-${callId}.mp3`, mimeType: 'audio/mpeg', fileExtension: 'mp3' });
		expect(fileText(binary.data)).toMatch(/^RECORDING public-1.mp3\n/);
		expect(Buffer.from(binary.data, 'base64')).toHaveLength(4096);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('asks without the key first, then with "Token <key>" when Hamsa\'s own host refuses', async () => {
		const { sim } = context;
		const callId = await callWithRecording('/private-recordings/p-1.wav');
		const run = await getRecording({ callId, binaryPropertyName: 'audio' });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.recordingKeySent).toBe(true);
		expect(run.items[0].binary!.audio).toMatchObject({ mimeType: 'audio/wav', fileName: `call-${callId}.wav` });
		const tries = recordingRequests(sim);
		expect(tries.map((request) => request.headers.authorization)).toEqual([undefined, `Token ${HAMSA_KEY}`]);
	});

	it('never sends the key to a host other than the credential\'s: a refusal there is an error', async () => {
		const { sim } = context;
		const callId = await callWithRecording('/private-recordings/p-2.mp3', true);
		const run = await getRecording({ callId });
		expectFailure(run, {
			message: 'Hamsa: Unauthorized [item 0]',
			description: [`The file is on localhost:${sim.port}, not on the credential's Hamsa host, so the API key was not sent to it.`],
		});
		const tries = recordingRequests(sim);
		expect(tries).toHaveLength(1);
		expect(tries[0].headers.authorization).toBeUndefined();
		expect(sim.requests.filter((request) => request.headers.host?.startsWith('localhost')).every((request) => !request.headers.authorization)).toBe(true);
		expectNoSecrets(run);
	});

	it('says clearly that an expired recording is missing', async () => {
		const callId = await callWithRecording('/recordings/expired-1.mp3', true);
		const run = await getRecording({ callId });
		expectFailure(run, { message: 'Hamsa: The recording is missing or has expired [item 0]', httpCode: '404', description: ['HTTP 404.', 'NoSuchKey'] });
	});

	it('names the call when it has no recording, without downloading anything', async () => {
		const { sim } = context;
		const callId = await finishedCall(sim);
		sim.calls.get(callId)!.mediaUrl = null as never;
		const run = await getRecording({ callId });
		expect(failureOf(run).message).toBe(`Hamsa: Call ${callId} has no recording [item 0]`);
		expect(recordingRequests(sim)).toEqual([]);
	});

	it('keeps other items going under Continue On Fail', async () => {
		const good = await callWithRecording('/recordings/good.mp3');
		const bad = await callWithRecording('/recordings/expired-2.mp3');
		const run = await getRecording({ callId: '={{ $json.id }}' }, { items: [{ id: good }, { id: bad }], continueOnFail: true });
		expect(run.items[0].binary!.recording.fileName).toBe(`call-${good}.mp3`);
		expect(run.items[1].json.error).toContain('The recording is missing or has expired');
		expect(run.items[1].pairedItem).toEqual({ item: 1 });
	});

	it('takes the MIME type from the URL when the host sends a generic one', async () => {
		const callId = await callWithRecording('/recordings/untyped-1.wav');
		const run = await getRecording({ callId });
		expect(run.items[0].binary!.recording).toMatchObject({ mimeType: 'audio/wav', fileName: `call-${callId}.wav` });
	});

	it('refuses an empty Call ID before sending anything', async () => {
		expectRefusedBeforeSending(await getRecording({ callId: '={{ $json.missing }}' }), context.sim, 'Call ID is required [item 0]');
	});
});

describe('Hamsa Voice Call → Call → Get with Download Recording', () => {
	it('adds the recording as binary data beside the call', async () => {
		const callId = await callWithRecording('/private-recordings/g-1.mp3');
		const run = await getCall({ callId, options: { downloadRecording: true } });
		expect(run.items[0].json).toMatchObject({ callId, status: 'COMPLETED', recordingKeySent: true });
		expect(run.items[0].binary!.recording.fileName).toBe(`call-${callId}.mp3`);
	});

	it('flags an expired recording on the item instead of failing it', async () => {
		const callId = await callWithRecording('/recordings/expired-3.mp3', true);
		const run = await getCall({ callId, options: { downloadRecording: true, recordingBinaryProperty: 'audio' } });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ callId, status: 'COMPLETED' });
		expect(run.items[0].json.recordingError).toContain('The recording is missing or has expired');
		expect(run.items[0].binary).toBeUndefined();
	});

	it('leaves the recording alone without the option', async () => {
		const { sim } = context;
		const callId = await callWithRecording('/recordings/untouched.mp3');
		const run = await getCall({ callId });
		expect(run.items[0].binary).toBeUndefined();
		expect(recordingRequests(sim)).toEqual([]);
	});
});
