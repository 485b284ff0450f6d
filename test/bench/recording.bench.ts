/**
 * Memory of Call → Get Recording with a 50 MB recording (npm run bench:recording).
 * The recording comes from a server in another process (test/bench/recordingServer.js),
 * so only the downloading process is measured. The same run measures a baseline (the same operation on a 4 KB recording)
 * and the 50 MB download, in n8n's filesystem binary-data mode (n8n 2.x's
 * default) and in its in-memory mode, where n8n itself keeps a file whole.
 */
import { finishedCall } from '../harness/calls';
import { operationRunner } from '../harness/operations';
import { useSimulator } from '../harness/simulator';
import { hasGc, peakRssGrowth, report, startRecordingServer, useBinaryDataMode } from './memory';

const MB = 1024 * 1024;
const context = useSimulator({ callDurationMs: 100, callOutcome: 'COMPLETED' });
const getRecording = operationRunner(context, 'hamsaVoiceCall', { resource: 'call', operation: 'getRecording' });

let recordings: { url: string; stop: () => void };
beforeAll(async () => {
	recordings = await startRecordingServer();
});
afterAll(() => recordings.stop());

async function download(path: string) {
	const callId = await finishedCall(context.sim);
	context.sim.calls.get(callId)!.mediaUrl = `${recordings.url}${path}` as never;
	return await peakRssGrowth(async () => await getRecording({ callId }));
}

const mib = (bytes: number) => `${(bytes / MB).toFixed(1)} MiB`;

it('downloads a 50 MB recording with RSS growth far below its size (filesystem binary data)', async () => {
	expect(hasGc()).toBe(true);
	const store = await useBinaryDataMode('filesystem');
	try {
		await download('/recordings/warm-up.mp3');
		const baseline = await download('/recordings/baseline.mp3');
		// The first large download grows the process once (allocator and heap sizing, code paths
		// met for the first time); the second shows what a download costs in a process that has
		// run one, and 100 MB shows whether memory follows the file's size.
		const first = await download('/recordings/big-50mb.wav');
		const onDisk = store.bytesOnDisk();
		const second = await download('/recordings/big-50mb.wav');
		const bigger = await download('/recordings/big-100mb.wav');
		for (const run of [first, second, bigger]) expect(run.result.error).toBeUndefined();
		const binary = second.result.items[0].binary!.recording;
		report([
			'Call → Get Recording into n8n binary data mode "filesystem" (n8n 2.x default).',
			'Peak RSS growth during the download (and what is left of it after gc), one process:',
			`  baseline, 4 KB recording:     ${mib(baseline.growth)} (${mib(baseline.retained)})`,
			`  50 MB, first large download:  ${mib(first.growth)} (${mib(first.retained)})  file ${binary.fileSize}, ${mib(onDisk)} on disk`,
			`  50 MB, again:                 ${mib(second.growth)} (${mib(second.retained)})`,
			`  100 MB:                       ${mib(bigger.growth)} (${mib(bigger.retained)})`,
			`  50 MB (again) over baseline:  ${mib(second.growth - baseline.growth)} for ${mib(50 * MB)} downloaded`,
		]);
		expect(onDisk).toBeGreaterThanOrEqual(50 * MB);
		expect(first.growth).toBeLessThan(50 * MB);
		expect(second.growth - baseline.growth).toBeLessThan(10 * MB);
		expect(bigger.growth - baseline.growth).toBeLessThan(10 * MB);
	} finally {
		store.remove();
	}
}, 120_000);
