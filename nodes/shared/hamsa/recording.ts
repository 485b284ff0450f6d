/**
 * A call's recording as n8n binary data: Get Recording, and the Download
 * Recording option of Get, Start and Wait for Outcome and the Hamsa Trigger.
 *
 * The recording is the call's `mediaUrl` (Get call) or `conversationRecording`
 * (call.ended). Hamsa does not say whether that URL needs the API key: it is
 * fetched without the key first, and again with it only when it refuses and
 * is on the credential's own Hamsa host (see fetchFile). The answer is piped
 * into n8n's binary data as it arrives, never held whole.
 */
import type { IBinaryData, IDataObject, INodeExecutionData, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { ServiceError } from '../errors';
import type { FileAnswer, HttpContext } from '../transport';
import { hamsaFile } from './service';

export const DEFAULT_RECORDING_PROPERTY = 'recording';

/** The Download Recording option and its binary property name, for an Options collection. */
export const downloadRecordingOptions: INodeProperties[] = [
	{
		displayName: 'Download Recording',
		name: 'downloadRecording',
		type: 'boolean',
		default: false,
		description:
			'Whether to download the call\'s recording into a binary property. A recording that is missing, expired or refused sets recordingError on the item instead of failing it.',
	},
	{
		displayName: 'Put Recording in Field',
		name: 'recordingBinaryProperty',
		type: 'string',
		default: DEFAULT_RECORDING_PROPERTY,
		description: 'The name of the binary property the recording is written to (with Download Recording on)',
	},
];

/** What prepareBinaryData needs: execute and webhook contexts both have it. */
type BinaryContext = HttpContext & {
	helpers: { prepareBinaryData(data: FileAnswer['body'], fileName?: string, mimeType?: string): Promise<IBinaryData> };
};

const EXTENSIONS: Record<string, string> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/ogg': 'ogg',
	'audio/webm': 'webm',
	'audio/mp4': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/aac': 'aac',
	'audio/flac': 'flac',
	'video/mp4': 'mp4',
};
const MIME_TYPES: Record<string, string> = { mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', webm: 'audio/webm', m4a: 'audio/mp4', aac: 'audio/aac', flac: 'audio/flac', mp4: 'video/mp4' };

function extensionOfUrl(url: string): string | undefined {
	try {
		return /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
	} catch {
		return undefined;
	}
}

/** The MIME type from the response, or from the URL's extension when the host sent none (or a generic one). */
export function recordingFileType(url: string, responseType: string | undefined): { mimeType: string; extension: string } {
	const fromUrl = extensionOfUrl(url);
	const generic = !responseType || responseType === 'application/octet-stream' || responseType === 'binary/octet-stream';
	const mimeType = generic ? (fromUrl && MIME_TYPES[fromUrl]) || responseType || 'application/octet-stream' : responseType;
	const extension = EXTENSIONS[mimeType] ?? (fromUrl && MIME_TYPES[fromUrl] ? fromUrl : 'bin');
	return { mimeType, extension };
}

function safeFilePart(text: string): string {
	return text.replace(/[^a-zA-Z0-9._-]+/g, '_').slice(0, 100) || 'recording';
}

export interface RecordingRequest {
	url: string;
	callId: string;
	itemIndex?: number;
	maxRetries?: number;
	timeoutMs?: number;
	credentialOptional?: boolean;
}

/** Downloads a recording into n8n's binary data, streamed. Throws a ServiceError when it cannot. */
export async function downloadRecording(this: BinaryContext, request: RecordingRequest): Promise<{ binary: IBinaryData; keySent: boolean }> {
	const file = await hamsaFile.call(this, {
		method: 'GET',
		url: request.url,
		idempotent: true,
		accept: 'audio/*, video/*, */*',
		missingMessage: 'The recording is missing or has expired',
		itemIndex: request.itemIndex,
		maxRetries: request.maxRetries,
		timeoutMs: request.timeoutMs,
		credentialOptional: request.credentialOptional,
	});
	const { mimeType, extension } = recordingFileType(request.url, file.mimeType);
	const fileName = `call-${safeFilePart(request.callId)}.${extension}`;
	const binary = await this.helpers.prepareBinaryData(file.body, fileName, mimeType);
	return { binary, keySent: file.keySent };
}

/**
 * The Download Recording option on a flattened call: the call with its
 * recording in `property`, or with `recordingError` saying why there is none.
 * Never throws for the recording: the call's outcome matters more.
 */
export async function withRecording(
	this: BinaryContext,
	call: IDataObject,
	output: IDataObject,
	property: string,
	request: Omit<RecordingRequest, 'url' | 'callId'>,
): Promise<{ json: IDataObject; binary?: Record<string, IBinaryData> }> {
	const url = typeof call.recordingUrl === 'string' ? call.recordingUrl.trim() : '';
	if (url === '') return { json: { ...output, recordingError: 'The call has no recording (yet)' } };
	try {
		const { binary, keySent } = await downloadRecording.call(this, { ...request, url, callId: String(call.callId ?? 'recording') });
		return { json: { ...output, recordingKeySent: keySent }, binary: { [property]: binary } };
	} catch (error) {
		const message = error instanceof ServiceError ? `${error.message}. ${String(error.description ?? '')}`.trim() : (error as Error).message;
		return { json: { ...output, recordingError: message } };
	}
}

/** The binary property to download the recording into, or undefined when Download Recording is off. */
export function readRecordingOption(context: { getNodeParameter(name: string, itemIndex: number, fallback?: unknown): unknown }, itemIndex: number): string | undefined {
	const options = (context.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	if (options.downloadRecording !== true) return undefined;
	const property = typeof options.recordingBinaryProperty === 'string' ? options.recordingBinaryProperty.trim() : '';
	return property || DEFAULT_RECORDING_PROPERTY;
}

/** Download Recording as the resume webhook of Start and Wait for Outcome reads it. */
export function recordingOptionOfWebhook(context: IWebhookFunctions): string | undefined {
	return readRecordingOption({ getNodeParameter: (name, _itemIndex, fallback) => context.getNodeParameter(name, fallback) }, 0);
}

/**
 * Answers Hamsa's webhook at once (it waits 5 s at most and a recording can
 * take longer), then downloads the recording for the item n8n runs with.
 */
export async function answerBeforeDownloading(
	this: IWebhookFunctions,
	call: IDataObject,
	output: IDataObject,
	property: string,
): Promise<INodeExecutionData> {
	this.getResponseObject().status(200).json({ received: true });
	const { json, binary } = await withRecording.call(this as unknown as BinaryContext, call, output, property, {});
	return binary ? { json, binary } : { json };
}
