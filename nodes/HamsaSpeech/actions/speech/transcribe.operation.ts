import type { IBinaryData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_RETRIES, pause } from '../../../shared/defaults';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField } from '../../../shared/errors';
import { hamsaError, hamsaRequest } from '../../../shared/hamsa/service';
import { optionalText, requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';

/**
 * Short WAV goes through realtime STT in one request. Hamsa publishes no limit;
 * 640 KB is 20 s of 16 kHz 16-bit mono, and keeps the base64 body under 1 MB.
 */
export const REALTIME_MAX_BYTES = 640 * 1024;
const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'];

const properties: INodeProperties[] = [
	{
		displayName: 'Audio Source',
		name: 'source',
		type: 'options',
		default: 'binary',
		description: 'Where the audio to transcribe comes from',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file from an earlier node (e.g. a call recording, a voice note)' },
			{ name: 'URL', value: 'url', description: 'A public URL of the audio or video' },
		],
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { source: ['binary'] } },
		hint: 'Short WAV audio (up to 640 KB, about 20 s) is transcribed at once; anything else needs the Audio URL',
	},
	{
		displayName: 'Audio URL',
		name: 'mediaUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/voice-note.mp3',
		description: 'A URL Hamsa can download. With a binary file too, used when the file is not short WAV.',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		default: 'ar',
		description: 'The language spoken in the audio',
		options: [
			{ name: 'Arabic', value: 'ar' },
			{ name: 'English', value: 'en' },
		],
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		default: 'Hamsa-General-V2.0',
		description: 'The model of a transcription job (audio from a URL)',
		options: [
			{ name: 'General V2.0', value: 'Hamsa-General-V2.0' },
			{ name: 'Conversational V1.0', value: 'Hamsa-Conversational-V1.0' },
		],
	},
	optionsCollection(true, [
		{ displayName: 'Return SRT', name: 'returnSrt', type: 'boolean', default: false, description: 'Whether to ask the job for subtitles in SRT format as well (output "srt")' },
		{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'A title for the job in Hamsa\'s dashboard' },
		{ displayName: 'Time Limit (Minutes)', name: 'timeLimitMinutes', type: 'number', typeOptions: { minValue: 0.1 }, default: 10, description: 'Longest wait for a transcription job to finish' },
		{ displayName: 'Poll Interval (Seconds)', name: 'pollIntervalSeconds', type: 'number', typeOptions: { minValue: 1 }, default: 5, description: 'How often to check the job' },
	]),
];

/**
 * A realtime plan names the audio rather than holding it: every item is
 * planned before the first request goes out, and holding each item's audio
 * from then on would keep the whole input's audio in memory at once.
 */
type Plan =
	| { mode: 'realtime'; binaryPropertyName: string; language: string }
	| { mode: 'job'; body: IDataObject; timeLimitMs: number; pollIntervalMs: number };

function isShortWav(binary: IBinaryData, bytes: number): boolean {
	const wav = WAV_TYPES.includes(String(binary.mimeType).toLowerCase()) || /\.wav$/i.test(binary.fileName ?? '');
	return wav && bytes <= REALTIME_MAX_BYTES;
}

async function binarySize(context: IExecuteFunctions, binary: IBinaryData): Promise<number> {
	if (binary.id) {
		const metadata = await context.helpers.getBinaryMetadata(binary.id);
		if (typeof metadata.fileSize === 'number') return metadata.fileSize;
	}
	return Math.floor((binary.data.length * 3) / 4);
}

export const transcribe: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const source = this.getNodeParameter('source', itemIndex, 'binary') as string;
		const language = this.getNodeParameter('language', itemIndex, 'ar') as string;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const mediaUrl = optionalText(this, 'mediaUrl', itemIndex);
		if (source === 'binary') {
			const property = requiredText(this, 'binaryPropertyName', itemIndex, 'Input Binary Field');
			const binary = this.helpers.assertBinaryData(itemIndex, property);
			const bytes = await binarySize(this, binary);
			if (isShortWav(binary, bytes)) return { mode: 'realtime', binaryPropertyName: property, language };
			if (mediaUrl === '') {
				throw invalidField(
					this.getNode(),
					itemIndex,
					'Input Binary Field',
					`"${binary.fileName ?? property}" (${binary.mimeType}, ${bytes} bytes) is not short WAV audio (WAV up to ${REALTIME_MAX_BYTES / 1024} KB), which is all Hamsa transcribes directly. Hamsa's transcription job takes only a URL: set Audio URL to where this file can be downloaded`,
				);
			}
		}
		if (!/^https?:\/\/\S+$/i.test(mediaUrl)) {
			throw mediaUrl === ''
				? invalidField(this.getNode(), itemIndex, 'Audio URL', 'it is required when the Audio Source is URL')
				: invalidField(this.getNode(), itemIndex, 'Audio URL', 'it must start with http:// or https://', mediaUrl);
		}
		const minutes = Number(options.timeLimitMinutes ?? 10);
		const seconds = Number(options.pollIntervalSeconds ?? 5);
		if (!(minutes > 0)) throw invalidField(this.getNode(), itemIndex, 'Time Limit (Minutes)', 'it must be more than 0', minutes);
		if (!(seconds >= 1)) throw invalidField(this.getNode(), itemIndex, 'Poll Interval (Seconds)', 'it must be at least 1', seconds);
		const body: IDataObject = { mediaUrl, model: this.getNodeParameter('model', itemIndex, 'Hamsa-General-V2.0'), language };
		if (typeof options.title === 'string' && options.title.trim() !== '') body.title = options.title.trim();
		if (options.returnSrt === true) body.returnSrtFormat = true;
		return { mode: 'job', body, timeLimitMs: minutes * 60_000, pollIntervalMs: seconds * 1000 };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		if (plan.mode === 'realtime') {
			const audio = await this.helpers.getBinaryDataBuffer(item.itemIndex, plan.binaryPropertyName);
			const answer = (await hamsaRequest.call(this, {
				method: 'POST',
				path: '/v1/realtime/stt',
				body: { audioBase64: audio.toString('base64'), language: plan.language },
				idempotent: true,
				...item,
			})) as IDataObject;
			return { text: textOf(answer), language: plan.language, mode: 'realtime' };
		}
		return await runJob.call(this, plan, item);
	},
};

async function runJob(this: IExecuteFunctions, plan: Extract<Plan, { mode: 'job' }>, item: ItemRequest): Promise<IDataObject> {
	const started = (await hamsaRequest.call(this, { method: 'POST', path: '/v1/jobs/transcribe', body: plan.body, idempotent: false, ...item })) as IDataObject;
	const jobId = String(started?.jobId ?? started?.id ?? '');
	if (jobId === '') {
		throw await hamsaError.call(this, { message: 'Hamsa accepted the transcription but gave no jobId', delivery: 'delivered', itemIndex: item.itemIndex });
	}
	const deadline = Date.now() + plan.timeLimitMs;
	const signal = this.getExecutionCancelSignal?.();
	for (;;) {
		await pause(Math.min(plan.pollIntervalMs, Math.max(0, deadline - Date.now())), signal);
		const job = (await hamsaRequest.call(this, {
			method: 'GET',
			path: '/v1/jobs',
			qs: { jobId },
			idempotent: true,
			...item,
			maxRetries: Math.max(DEFAULT_MAX_RETRIES, item.maxRetries),
		})) as IDataObject;
		const status = String(job?.status ?? '').toUpperCase();
		const response = (job?.jobResponse ?? {}) as IDataObject;
		if (status === 'COMPLETED') {
			const out: IDataObject = { text: textOf(response), jobId, status, language: plan.body.language, model: plan.body.model, mode: 'job' };
			if (plan.body.returnSrtFormat) out.srt = firstString(response.srt, response.srtFormat, response.subtitles) ?? '';
			out.jobResponse = response;
			return out;
		}
		if (status === 'FAILED') {
			const reason = firstString(response.error, response.message, job.message, job.error) ?? 'Hamsa gave no reason';
			throw await hamsaError.call(this, {
				message: `The transcription job ${jobId} failed: ${reason}`,
				delivery: 'delivered',
				itemIndex: item.itemIndex,
				hint: 'Check that the Audio URL is a public audio or video file Hamsa can download.',
			});
		}
		if (Date.now() >= deadline) {
			throw await hamsaError.call(this, {
				message: `The transcription job ${jobId} had not finished within ${plan.timeLimitMs / 60_000} min (status ${status || 'unknown'})`,
				delivery: 'delivered',
				itemIndex: item.itemIndex,
				hint: 'Raise Time Limit in the options; the job keeps running at Hamsa.',
			});
		}
	}
}

function firstString(...values: unknown[]): string | undefined {
	return values.find((value): value is string => typeof value === 'string' && value !== '');
}

/** The text of a realtime answer or a job's response; the docs show {text} only for realtime. */
function textOf(answer: unknown): string {
	if (typeof answer === 'string') return answer;
	const record = (answer ?? {}) as IDataObject;
	return firstString(record.text, record.transcription, record.transcript) ?? '';
}
