/**
 * Hamsa Speech on n8n's engine against the simulator: Transcribe (short WAV
 * through realtime STT, anything else as a polled job) and Text to Speech
 * (whole or streamed into a binary property).
 */
import { Container } from '@n8n/di';
import { BinaryDataService, type BinaryData } from 'n8n-core';
import { failureOf } from '../../harness/expectations';
import { operationRunner } from '../../harness/operations';
import { HAMSA_KEY, useSimulator, type RecordedRequest } from '../../harness/simulator';

const context = useSimulator({ jobDurationMs: 200 });

const transcribe = operationRunner(context, 'hamsaSpeech', { resource: 'speech', operation: 'transcribe', options: { pollIntervalSeconds: 1 } });
const speak = operationRunner(context, 'hamsaSpeech', { resource: 'speech', operation: 'textToSpeech', speaker: 'Majd', dialect: 'ksa' });

/** A WAV file of `dataBytes` samples, all `sample` (0: silence). */
function wavOf(dataBytes: number, sample = 0): Buffer {
	const header = Buffer.alloc(44);
	header.write('RIFF', 0);
	header.writeUInt32LE(36 + dataBytes, 4);
	header.write('WAVE', 8);
	return Buffer.concat([header, Buffer.alloc(dataBytes, sample)]);
}

/** A WAV file of `dataBytes` of silence, as a binary property of an input item. */
function wavItem(dataBytes: number, mimeType = 'audio/wav', fileName = 'note.wav') {
	return { $binary: { data: { data: wavOf(dataBytes).toString('base64'), mimeType, fileName } } };
}

const pathsOf = () => context.sim.requests.map((request) => `${request.method} ${request.path}`);

describe('Hamsa Speech → Transcribe', () => {
	it('sends short WAV to realtime STT as base64 with the language, and outputs the text', async () => {
		const run = await transcribe({ language: 'en' }, { items: [wavItem(32_000)] });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toEqual({ text: 'Hello, how can I help you today?', language: 'en', mode: 'realtime' });
		const [request] = context.sim.requests;
		expect([request.method, request.path]).toEqual(['POST', '/v1/realtime/stt']);
		expect(request.headers.authorization).toBe(`Token ${HAMSA_KEY}`);
		expect(Buffer.from(request.body.audioBase64 as unknown as string, 'base64')).toHaveLength(32_044);
		expect(request.body.language).toBe('en');
	});

	it('runs a job for a URL, polls it by jobId until COMPLETED, and outputs the text', async () => {
		const run = await transcribe({ source: 'url', mediaUrl: 'https://example.com/voice-note.mp3', model: 'Hamsa-Conversational-V1.0', options: { pollIntervalSeconds: 1, title: 'Lead 7' } });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ text: 'مرحبا، كيف يمكنني مساعدتك اليوم؟', status: 'COMPLETED', mode: 'job', language: 'ar', model: 'Hamsa-Conversational-V1.0' });
		expect(run.items[0].json.srt).toBeUndefined();
		const [start, ...polls] = context.sim.requests;
		expect(start.body).toEqual({ mediaUrl: 'https://example.com/voice-note.mp3', model: 'Hamsa-Conversational-V1.0', language: 'ar', title: 'Lead 7' });
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(polls.every((poll) => poll.path === '/v1/jobs' && poll.query.jobId === run.items[0].json.jobId)).toBe(true);
	});

	it('asks for and outputs SRT with Return SRT', async () => {
		const run = await transcribe({ source: 'url', mediaUrl: 'https://example.com/a.mp3', language: 'en', options: { pollIntervalSeconds: 1, returnSrt: true } });
		expect(context.sim.requests[0].body.returnSrtFormat).toBe(true);
		expect(run.items[0].json.srt).toBe('1\n00:00:00,000 --> 00:00:02,500\nHello, how can I help you today?\n');
	});

	it('a failed job is an error naming the job and the item; Continue On Fail keeps the others', async () => {
		const failed = await transcribe({ source: 'url', mediaUrl: 'https://example.com/fail.mp3' });
		expect(failureOf(failed).message).toMatch(/^Hamsa: The transcription job job-\d+ failed: Could not decode the media file \[item 0\]$/);
		const run = await transcribe(
			{ source: 'url', mediaUrl: '={{ $json.url }}' },
			{ items: [{ url: 'https://example.com/ok.mp3' }, { url: 'https://example.com/fail.mp3' }], continueOnFail: true },
		);
		expect(run.items[0].json.status).toBe('COMPLETED');
		expect(run.items[1].json.error).toContain('failed: Could not decode the media file');
	});

	it('sends a binary that is not short WAV as a job when an Audio URL is given', async () => {
		const run = await transcribe({ mediaUrl: 'https://example.com/long.mp3' }, { items: [wavItem(1000, 'audio/mpeg', 'long.mp3')] });
		expect(run.items[0].json.mode).toBe('job');
		expect(pathsOf()[0]).toBe('POST /v1/jobs/transcribe');
	});

	it('refuses, before any request, a binary that is not short WAV without a URL, naming the item and why', async () => {
		const run = await transcribe({}, { items: [wavItem(100), wavItem(700 * 1024)] });
		const { message } = failureOf(run);
		expect(message).toContain('[item 1]');
		expect(message).toContain('is not short WAV audio (WAV up to 640 KB)');
		expect(message).toContain('Hamsa\'s transcription job takes only a URL');
		expect(context.sim.requests).toEqual([]);
	});

	it('refuses a missing binary field and a URL that is not http(s) before any request', async () => {
		expect(failureOf(await transcribe({}, { items: [{}] })).message).toMatch(/binary/i);
		expect(failureOf(await transcribe({ source: 'url', mediaUrl: 'ftp://x/a.mp3' })).message).toContain('Audio URL');
		expect(context.sim.requests).toEqual([]);
	});
});

/**
 * Input audio as n8n 2.x keeps files: in its binary data store, each item's
 * binary only an id. Every read of a file from the store is logged in `log`.
 */
function audioInStore(log: string[], itemCount: number) {
	const files = new Map(Array.from({ length: itemCount }, (_, index) => [`item${index}`, wavOf(1000, index)]));
	const store = {
		getAsBuffer: async (fileId: string) => {
			log.push(`read ${fileId}`);
			return files.get(fileId)!;
		},
		getMetadata: async (fileId: string) => ({ fileName: `${fileId}.wav`, mimeType: 'audio/wav', fileSize: files.get(fileId)!.length }),
	};
	Container.get(BinaryDataService).setManager('recorded' as BinaryData.ServiceMode, store as unknown as BinaryData.Manager);
	return [...files.keys()].map((fileId) => ({
		$binary: { data: { id: `recorded:${fileId}`, data: 'recorded', mimeType: 'audio/wav', fileName: `${fileId}.wav` } },
	}));
}

describe('Hamsa Speech → Transcribe: memory', () => {
	it('reads each item\'s audio only when its request is built, so one item\'s audio is in memory at a time', async () => {
		const { sim } = context;
		const log: string[] = [];
		// Each file's samples are its item index, so a request shows whose audio it carries.
		const logRequest = (request: RecordedRequest) => {
			const audio = Buffer.from(String(request.body.audioBase64), 'base64');
			log.push(`send item${audio[44]}`);
		};
		sim.on('request', logRequest);
		try {
			const run = await transcribe({ language: 'en' }, { items: audioInStore(log, 3) });
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => item.json.text)).toEqual(Array(3).fill('Hello, how can I help you today?'));
		} finally {
			sim.off('request', logRequest);
		}
		expect(log).toEqual(['read item0', 'send item0', 'read item1', 'send item1', 'read item2', 'send item2']);
	});
});

describe('Hamsa Speech → Text to Speech', () => {
	it('puts the audio of a short text in a binary property, from /v1/realtime/tts', async () => {
		const run = await speak({ text: 'مرحبا' });
		expect(run.error).toBeUndefined();
		const [request] = context.sim.requests;
		expect([request.method, request.path]).toEqual(['POST', '/v1/realtime/tts']);
		expect(request.body).toEqual({ text: 'مرحبا', speaker: 'Majd', dialect: 'ksa' });
		const binary = run.items[0].binary!.data;
		expect(binary).toMatchObject({ mimeType: 'audio/wav', fileName: 'speech.wav' });
		expect(Buffer.from(binary.data, 'base64')).toHaveLength(44 + 5 * 200);
		expect(run.items[0].json).toMatchObject({ streamed: false, characters: 5, speaker: 'Majd', dialect: 'ksa' });
	});

	it('streams a long text from /v1/realtime/tts-stream into the binary property', async () => {
		const text = 'A long announcement. '.repeat(40);
		const run = await speak({ text, binaryPropertyName: 'audio', options: { fileName: 'announcement.wav', mulaw: true } });
		expect(run.error).toBeUndefined();
		expect(context.sim.requests[0].path).toBe('/v1/realtime/tts-stream');
		expect(context.sim.requests[0].body.mulaw).toBe(true);
		const binary = run.items[0].binary!.audio;
		expect(binary.fileName).toBe('announcement.wav');
		// The text is sent trimmed.
		expect(Buffer.from(binary.data, 'base64')).toHaveLength(44 + text.trim().length * 200);
		expect(run.items[0].json.streamed).toBe(true);
	});

	it('refuses an empty text or speaker before any request', async () => {
		expect(failureOf(await speak({ text: '={{ $json.missing }}' })).message).toBe('Text is required [item 0]');
		expect(failureOf(await speak({ text: 'hi', speaker: '={{ " " }}' })).message).toBe('Speaker is required [item 0]');
		expect(context.sim.requests).toEqual([]);
	});

	it('is not sent again after a bare 503 (a gateway may answer so after Hamsa made the audio), only after one with Retry-After', async () => {
		context.sim.addFault({ method: 'POST', path: '/v1/realtime/tts', status: 503 });
		const refused = await speak({ text: 'hi', options: { maxRetries: 3 } });
		expect(failureOf(refused).message).toBe('Hamsa: Service unavailable [item 0]');
		expect(pathsOf()).toEqual(['POST /v1/realtime/tts']);

		context.sim.addFault({ method: 'POST', path: '/v1/realtime/tts', rateLimit: { status: 503, retryAfter: '1' } });
		const retried = await speak({ text: 'hi', options: { maxRetries: 3 } });
		expect(retried.error).toBeUndefined();
		expect(pathsOf()).toEqual(['POST /v1/realtime/tts', 'POST /v1/realtime/tts', 'POST /v1/realtime/tts']);
	});

	it('shows Hamsa\'s refusal of a voice request as the error', async () => {
		context.sim.configure({ hamsaKey: 'another-key-entirely' });
		const run = await speak({ text: 'hi' });
		expect(failureOf(run).message).toBe('Hamsa: Unauthorized [item 0]');
		expect(failureOf(run).httpCode).toBe('401');
	});
});
