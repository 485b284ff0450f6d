/**
 * A call's recording as n8n binary data: Get Recording, and the Download
 * Recording option of Get, Start and Wait for Outcome and the Hamsa Trigger.
 *
 * The recording is fetched only from where Hamsa's API says it is: the
 * `mediaUrl` of Get call. A webhook body (call.ended's
 * `conversationRecording`) is only a claim: anyone who can reach the webhook
 * URL can write one, naming any address (another host on the worker's
 * network, cloud metadata, a Hamsa API path such as terminate). So for a call
 * that came from a webhook, the call is read from Hamsa's API first and its
 * `mediaUrl` is the one fetched, whatever the body said.
 *
 * Hamsa does not say whether that URL needs the API key: it is fetched without
 * the key first, and again with it only when it refuses and is a file on the
 * credential's own Hamsa host (see fetchFile, which also keeps to the address,
 * redirect, type and size rules). The answer is piped into n8n's binary data
 * as it arrives, never held whole.
 */
import type { IBinaryData, IDataObject, INodeExecutionData, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { ServiceError } from '../errors';
import { DEFAULT_MAX_FILE_BYTES, type FileAnswer, type HttpContext } from '../transport';
import { flattenConversation } from './callOutcome';
import { hamsaApiKey, hamsaFile, hamsaRequest } from './service';

export const DEFAULT_RECORDING_PROPERTY = 'recording';

const MAX_RECORDING_MB = DEFAULT_MAX_FILE_BYTES / (1024 * 1024);

const DOWNLOAD_RECORDING_DESCRIPTION = `Whether to download the call's recording into a binary property. It is fetched only from the address Hamsa's API gives for the call (its mediaUrl), audio or video up to ${MAX_RECORDING_MB} MB, never from a private network address other than the credential's host. A recording that is missing, expired, too large or refused sets recordingError on the item instead of failing it.`;

/** Download Recording as the Hamsa Trigger describes it: there the credential is optional, yet needed for this. */
export const TRIGGER_DOWNLOAD_RECORDING_DESCRIPTION = `Whether to download the recording of a call.ended event into a binary property, after Hamsa has been answered. Needs the Hamsa API credential above: the recording is fetched only from the address Hamsa's API gives for the call (its mediaUrl), never from the address in the event, as audio or video up to ${MAX_RECORDING_MB} MB. The key is sent only to a recording file on Hamsa's own host that refused without it. A missing, expired, too large or refused recording sets recordingError instead.`;

/** The Download Recording option and its binary property name, for an Options collection. */
export const downloadRecordingOptions: INodeProperties[] = [
	{
		displayName: 'Download Recording',
		name: 'downloadRecording',
		type: 'boolean',
		default: false,
		description: DOWNLOAD_RECORDING_DESCRIPTION,
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
	// After redirects, the file name at the end says more than the first one.
	const { mimeType, extension } = recordingFileType(file.url, file.mimeType);
	const fileName = `call-${safeFilePart(request.callId)}.${extension}`;
	const binary = await this.helpers.prepareBinaryData(file.body, fileName, mimeType);
	return { binary, keySent: file.keySent };
}

export type WithRecordingRequest = Omit<RecordingRequest, 'url' | 'callId'> & {
	/**
	 * The call was read from Hamsa's API (Get, Start and Wait polling), so its
	 * recordingUrl is Hamsa's own word. Anything else (a webhook body) is
	 * checked against the API first.
	 */
	callReadFromApi?: boolean;
};

/** Said instead of fetching when a webhook's call cannot be checked with Hamsa's API. */
export const CREDENTIAL_NEEDED =
	'Select a Hamsa API credential on the node to download recordings: the recording is fetched only from where Hamsa\'s API says it is, and asking the API needs the key';

/**
 * The recording URL Hamsa's API gives for the call, or a reason there is none.
 * A webhook's URL is never used: the event may not come from Hamsa.
 */
async function recordingUrlFromApi(this: BinaryContext, callId: string, request: WithRecordingRequest): Promise<{ url: string } | { problem: string }> {
	if (callId === '') return { problem: 'The event names no call, so its recording cannot be looked up' };
	if (request.credentialOptional) {
		const selected = await hamsaApiKey.call(this, request.itemIndex).then(
			() => true,
			() => false,
		);
		if (!selected) return { problem: CREDENTIAL_NEEDED };
	}
	const conversation = await hamsaRequest.call(this, {
		method: 'GET',
		path: `/v1/voice-agents/conversation/${encodeURIComponent(callId)}`,
		idempotent: true,
		itemIndex: request.itemIndex,
		maxRetries: request.maxRetries,
		timeoutMs: request.timeoutMs,
	});
	const url = flattenConversation(conversation).recordingUrl;
	if (typeof url !== 'string' || url.trim() === '') return { problem: 'Hamsa\'s API gives no recording for this call (yet)' };
	return { url: url.trim() };
}

function messageOf(error: unknown): string {
	return error instanceof ServiceError ? `${error.message}. ${String(error.description ?? '')}`.trim() : (error as Error).message;
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
	request: WithRecordingRequest,
): Promise<{ json: IDataObject; binary?: Record<string, IBinaryData> }> {
	const callId = typeof call.callId === 'string' || typeof call.callId === 'number' ? String(call.callId).trim() : '';
	let url: string;
	if (request.callReadFromApi) {
		url = typeof call.recordingUrl === 'string' ? call.recordingUrl.trim() : '';
		if (url === '') return { json: { ...output, recordingError: 'The call has no recording (yet)' } };
	} else {
		try {
			const found = await recordingUrlFromApi.call(this, callId, request);
			if ('problem' in found) return { json: { ...output, recordingError: found.problem } };
			url = found.url;
		} catch (error) {
			return { json: { ...output, recordingError: `Could not look the call up in Hamsa's API: ${messageOf(error)}` } };
		}
	}
	// The item says where the recording came from, not what a webhook body claimed.
	const shown = 'recordingUrl' in output ? { ...output, recordingUrl: url } : output;
	try {
		const { binary, keySent } = await downloadRecording.call(this, {
			itemIndex: request.itemIndex,
			maxRetries: request.maxRetries,
			timeoutMs: request.timeoutMs,
			credentialOptional: request.credentialOptional,
			url,
			callId: callId || 'recording',
		});
		return { json: { ...shown, recordingKeySent: keySent }, binary: { [property]: binary } };
	} catch (error) {
		return { json: { ...shown, recordingError: messageOf(error) } };
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
