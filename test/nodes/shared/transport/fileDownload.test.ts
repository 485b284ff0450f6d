/**
 * The rules every file download keeps (fetchFile), seen through Call → Get
 * Recording in n8n's engine: the recording's address is the one Hamsa's API
 * gives (the simulator's mediaUrl), and each rule holds whatever it says.
 * A second simulator on 127.0.0.2 stands in for another host on the worker's
 * network; the credential's host is 127.0.0.1.
 */
import { callReaches, expectFailure, expectNoSecrets, failureOf } from '../../../harness/expectations';
import { finishedCall, startCallParameters } from '../../../harness/calls';
import { operationRunner } from '../../../harness/operations';
import { runNode } from '../../../harness/runWorkflow';
import { peerProblem } from '../../../../nodes/shared/transport/fileDownload';
import { loopbackHostName } from '../../../harness/hostNames';
import { credentialsFor, HAMSA_KEY, startSimulator, useSimulator, type Simulator } from '../../../harness/simulator';

const context = useSimulator({ callDurationMs: 100, callOutcome: 'COMPLETED' });
const getRecording = operationRunner(context, 'hamsaVoiceCall', { resource: 'call', operation: 'getRecording' });

let otherHost: Simulator;
beforeAll(async () => {
	otherHost = await startSimulator({ port: 0, host: '127.0.0.2' });
});
beforeEach(() => otherHost.reset());
afterAll(async () => {
	await otherHost?.close();
});

/** An ended call on `sim` whose recording Hamsa's API says is at `url`. */
async function callWithRecordingAt(url: string, sim: Simulator = context.sim): Promise<string> {
	const callId = await finishedCall(sim);
	sim.calls.get(callId)!.mediaUrl = url as never;
	return callId;
}

const recordingRequests = (sim: Simulator) => sim.requests.filter((request) => request.service === 'recordings');
const fileText = (data: string) => Buffer.from(data, 'base64').toString('latin1');
const redirect = (from: string, to: string) => `${from}?to=${encodeURIComponent(to)}`;

// Most machines' hosts files give their own name 127.0.0.1; without such a name the test is skipped.
const LOOPBACK_NAME = loopbackHostName() as string | undefined;

describe('fetchFile: addresses', () => {
	it('refuses a recording on another loopback host (127.0.0.2) without sending it anything', async () => {
		const callId = await callWithRecordingAt(`${otherHost.url}/recordings/elsewhere.mp3`);
		const run = await getRecording({ callId });
		expectFailure(run, {
			message: `Hamsa: The file's address 127.0.0.2:${otherHost.port} is loopback (127.0.0.0/8), so it was not fetched [item 0]`,
			description: ['The request did not reach Hamsa', 'public addresses only, or from the Hamsa credential\'s own host'],
		});
		expect(otherHost.requests).toEqual([]);
	});

	it('judges a host name by the address its answer came from, where the answer shows its socket', () => {
		const ownHost = { hostname: '127.0.0.2', addresses: ['127.0.0.2'] };
		const answerFrom = (remoteAddress: string, remotePort = 443) => ({ socket: { remoteAddress, remotePort } });
		const storage = new URL('https://recordings.example.com/call.mp3');
		expect(peerProblem(answerFrom('10.0.0.7'), storage, ownHost)).toEqual({ address: '10.0.0.7', reason: expect.stringMatching(/private/) });
		expect(peerProblem(answerFrom('169.254.169.254'), storage, ownHost)).toEqual({ address: '169.254.169.254', reason: expect.stringMatching(/link-local/) });
		expect(peerProblem(answerFrom('::ffff:127.0.0.1'), storage, ownHost)?.address).toBe('::ffff:127.0.0.1');
		expect(peerProblem(answerFrom('93.184.216.34'), storage, ownHost)).toBeUndefined();
		// The credential's own address, a proxy's port, and an answer without its socket are not judged.
		expect(peerProblem(answerFrom('127.0.0.2'), storage, ownHost)).toBeUndefined();
		expect(peerProblem(answerFrom('10.0.0.7', 3128), storage, ownHost)).toBeUndefined();
		expect(peerProblem({}, storage, ownHost)).toBeUndefined();
	});

	(LOOPBACK_NAME ? it : it.skip)(
		`never sends the key to a host name that is not the credential's: ${LOOPBACK_NAME ?? '(no loopback name in /etc/hosts)'} → 127.0.0.1, with the credential on 127.0.0.2`,
		async () => {
			const { sim } = context;
			const callId = await callWithRecordingAt(`http://${LOOPBACK_NAME}:${sim.port}/recordings/named.mp3`, otherHost);
			const run = await runNode({
				node: 'hamsaVoiceCall',
				parameters: { resource: 'call', operation: 'getRecording', callId },
				credentials: credentialsFor(otherHost),
			});
			// n8n 1.x hands nodes the answer's socket, and the loopback address it led to is refused
			// (peerProblem above); n8n 2.x wraps the stream, and the name is left to n8n's SSRF protection.
			if (run.error) {
				expect(failureOf(run).message).toBe(
					`Hamsa: The file's address ${LOOPBACK_NAME}:${sim.port} led to 127.0.0.1, which is loopback (127.0.0.0/8), so its answer was not read [item 0]`,
				);
			}
			expect(recordingRequests(sim).map((request) => request.headers.authorization)).toEqual([undefined]);
		},
	);
});

describe('fetchFile: redirects, followed one checked hop at a time', () => {
	it('follows storage\'s redirect to the recording', async () => {
		const { sim } = context;
		const callId = await callWithRecordingAt(redirect(`${sim.url}/recordings/moved-1.mp3`, `${sim.url}/recordings/final-1.mp3`));
		const run = await getRecording({ callId });
		expect(run.error).toBeUndefined();
		expect(fileText(run.items[0].binary!.recording.data)).toMatch(/^RECORDING final-1.mp3\n/);
		expect(recordingRequests(sim).map((request) => request.path)).toEqual(['/recordings/moved-1.mp3', '/recordings/final-1.mp3']);
	});

	it('refuses a redirect to another loopback host without sending it anything', async () => {
		const { sim } = context;
		const callId = await callWithRecordingAt(redirect(`${sim.url}/recordings/moved-2.mp3`, `${otherHost.url}/recordings/inside.mp3`));
		const run = await getRecording({ callId });
		expect(failureOf(run).message).toBe(`Hamsa: The file's address 127.0.0.2:${otherHost.port} is loopback (127.0.0.0/8), so it was not fetched [item 0]`);
		expect(otherHost.requests).toEqual([]);
	});

	it('gives up after 5 redirects', async () => {
		const { sim } = context;
		const loop = `${sim.url}/recordings/moved-loop.mp3`;
		const callId = await callWithRecordingAt(redirect(loop, redirect(loop, redirect(loop, redirect(loop, redirect(loop, redirect(loop, loop)))))));
		const run = await getRecording({ callId });
		expectFailure(run, { message: 'Hamsa: The file\'s address redirected more than 5 times [item 0]', httpCode: '302' });
		expect(recordingRequests(sim)).toHaveLength(6);
	});

	it('never carries the key along a redirect, even from Hamsa\'s own host', async () => {
		const { sim } = context;
		const foreign = `${sim.url.replace('127.0.0.1', 'localhost')}/private-recordings/k-1.mp3`;
		const callId = await callWithRecordingAt(redirect(`${sim.url}/private-recordings/moved-k.mp3`, foreign));
		const run = await getRecording({ callId });
		expectFailure(run, {
			message: 'Hamsa: Unauthorized [item 0]',
			description: [`The file is on localhost:${sim.port}, not on the credential's Hamsa host, so the API key was not sent to it.`],
		});
		const tries = recordingRequests(sim).map((request) => [request.headers.host.split(':')[0], request.headers.authorization]);
		expect(tries).toEqual([
			['127.0.0.1', undefined],
			['127.0.0.1', `Token ${HAMSA_KEY}`],
			['localhost', undefined],
		]);
		expectNoSecrets(run);
	});
});

describe('fetchFile: size, at most 200 MB', () => {
	it('refuses a recording whose Content-Length is over 200 MB without reading it', async () => {
		const callId = await callWithRecordingAt(`${context.sim.url}/recordings/big-201mb.wav`);
		const run = await getRecording({ callId });
		expect(failureOf(run).message).toBe('Hamsa: The file is 201 MB, more than 200 MB, the most a download takes [item 0]');
	});

	it('cuts off a recording without a Content-Length once it runs past 200 MB', async () => {
		const callId = await callWithRecordingAt(`${context.sim.url}/recordings/chunked-big-201mb.wav`);
		const run = await getRecording({ callId });
		expect(failureOf(run).message).toBe('Hamsa: The file is larger than 200 MB, the most a download takes [item 0]');
		expect(run.items).toEqual([]);
	});
});

describe('fetchFile: audio and video only', () => {
	it.each([
		['a web page', 'login.html', 'text/html'],
		['JSON', 'answer.json', 'application/json'],
		['a generic type under a name that is not audio', 'untyped-notes.txt', 'application/octet-stream'],
	])('refuses %s where the recording should be', async (_what, name, type) => {
		const { sim } = context;
		const callId = await callWithRecordingAt(`${sim.url}/recordings/${name}`);
		const run = await getRecording({ callId });
		expect(failureOf(run).message).toBe(`Hamsa: 127.0.0.1:${sim.port}/recordings/${name} answered with ${type}, not audio or video, so it was not taken as the file [item 0]`);
	});

	it('takes a generic type under an audio file name', async () => {
		const callId = await callWithRecordingAt(`${context.sim.url}/recordings/untyped-2.ogg`);
		const run = await getRecording({ callId });
		expect(run.items[0].binary!.recording).toMatchObject({ mimeType: 'audio/ogg', fileName: `call-${callId}.ogg` });
	});
});

describe('fetchFile: the key goes only to a recording file on Hamsa\'s own host', () => {
	it('a "recording" naming the terminate path of a live call gets no key, and the call stays live', async () => {
		const { sim } = context;
		const ended = await finishedCall(sim);
		sim.configure({ callOutcome: 'IN_PROGRESS' });
		const started = await runNode({ node: 'hamsaVoiceCall', parameters: startCallParameters(), credentials: credentialsFor(sim) });
		const live = started.items[0].json.callId as string;
		await callReaches(sim, live, 'IN_PROGRESS');
		sim.calls.get(ended)!.mediaUrl = `${sim.url}/v1/voice-agents/conversation/${live}/terminate` as never;
		sim.clearRequests();
		const run = await getRecording({ callId: ended });
		expect(failureOf(run).description).toContain(
			`/v1/voice-agents/conversation/${live}/terminate on the credential's Hamsa host is not a recording file, so the API key was not sent to it.`,
		);
		const terminates = sim.requests.filter((request) => request.path.endsWith('/terminate'));
		expect(terminates.map((request) => request.headers.authorization)).toEqual([undefined]);
		expect(sim.calls.get(live)!.status).toBe('IN_PROGRESS');
		expectNoSecrets(run);
	});
});
