/**
 * The one place that talks HTTP to HotTask and Hamsa, and the one place that
 * builds their errors.
 *
 * Every request goes through n8n's httpRequestWithAuthentication (so the
 * credential's own `authenticate` sets the Authorization header), with the
 * execution's cancel signal, and the body read as text or as a stream so that
 * JSON answers and plain-text error pages share one path. What differs between
 * the services comes in as a ServiceProfile; what an answer means beyond its
 * envelope (a streamed HotTask answer, say) comes in as a ResponseReader.
 * Retries follow retry.ts: only what cannot cause a second SMS or call.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { describeBody, parseJsonOrText, readBodyText, stopReading, type StreamedResponse } from './body';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, pause } from './defaults';
import { ServiceError, type ServiceFailure } from './errors';
import { backoffDelay, deliveryOfNetworkError, findErrorCode, isCancellation, isTurnedAway, parseRetryAfter } from './retry';
import type { ServiceProfile } from './serviceProfile';

export type HttpContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | IHookFunctions;

export interface ServiceCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** A read: sending it twice is harmless, so it may be retried after any failure. */
	idempotent: boolean;
	itemIndex?: number;
	/** Retries after 429/503/refused connections (and any failure when idempotent). */
	maxRetries?: number;
	timeoutMs?: number;
	/** Accept header; JSON unless the caller reads an event stream. */
	accept?: string;
	/** Values besides the credential's key to keep out of errors, e.g. a webhook secret sent in the body. */
	secrets?: string[];
	/** Read the body as it arrives (an answer stream) rather than whole. */
	streamBody?: boolean;
}

/** A failure as the caller describes it; the transport adds the service, the item and the redaction. */
type FailureDetails = Omit<ServiceFailure, 'service' | 'itemIndex'>;
export type Fail = (failure: FailureDetails) => never;
/** Reads a response; `brokenOff` when its body broke off (a read is then tried again). */
export type ResponseReader<T> = (response: StreamedResponse, fail: Fail) => Promise<{ value: T } | 'brokenOff'>;

/** A Retry-After longer than this fails the item rather than holding the workflow. */
const LONGEST_RETRY_WAIT_MS = 5 * 60_000;
const CANCELLED = 'The execution was cancelled, so the request was stopped';

/**
 * Sends one request (retrying what is safe to retry) and returns the payload
 * of the service's envelope, or what `readResponse` makes of the answer.
 */
export async function sendRequest<T = unknown>(
	context: HttpContext,
	profile: ServiceProfile,
	call: ServiceCall,
	readResponse: ResponseReader<T> = async (response, fail) => (await readEnvelope(response, fail, profile)) as { value: T },
): Promise<T> {
	const credentials = await serviceCredentials(context, profile, call.itemIndex);
	const node = context.getNode();
	const signal = cancelSignalOf(context);
	const fail: Fail = (failure) => {
		const cancelled: Partial<ServiceFailure> = signal?.aborted ? { message: CANCELLED, hint: undefined } : {};
		const details = { ...failure, ...cancelled, itemIndex: call.itemIndex, repeatable: call.idempotent };
		throw buildServiceError(node, profile, credentials, details, call.secrets);
	};
	const base = profile.baseUrl(credentials);
	if ('problem' in base) {
		return fail({ message: base.problem, delivery: 'notDelivered', hint: 'Open the credential and correct it.' });
	}
	const failIfCancelled = (error?: unknown) => {
		if (isCancellation(error, signal)) fail({ message: CANCELLED, delivery: 'mayHaveBeenDelivered' });
	};
	const maxRetries = Math.max(0, Math.floor(call.maxRetries ?? DEFAULT_MAX_RETRIES));
	const options: IHttpRequestOptions = {
		method: call.method,
		baseURL: base.url,
		url: call.path,
		qs: call.qs,
		body: call.body,
		headers: { Accept: call.accept ?? 'application/json' },
		json: true,
		// Whole bodies arrive as text (parsed here, so a non-JSON error page is still
		// read); only answer streams are read piece by piece.
		encoding: call.streamBody ? 'stream' : 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: call.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		arrayFormat: 'brackets',
	};
	if (signal) options.abortSignal = signal;

	for (let attempt = 0; ; attempt++) {
		const mayRetry = attempt < maxRetries;
		const attempts = `${attempt + 1} attempt${attempt ? 's' : ''}`;
		let response: StreamedResponse;
		try {
			response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				profile.credentialType,
				{ ...options },
				// The credentials this run already read: without them n8n reads and decrypts them again per request.
				{ credentialsDecrypted: { id: '', name: '', type: profile.credentialType, data: credentials } },
			)) as StreamedResponse;
		} catch (error) {
			failIfCancelled(error);
			const code = findErrorCode(error);
			const delivery = deliveryOfNetworkError(code);
			if (mayRetry && (delivery === 'notDelivered' || call.idempotent)) {
				await pause(backoffDelay(attempt), signal);
				continue;
			}
			return fail({ message: networkProblem(code, profile, base.url), delivery, hint: `${attempts}.` });
		}

		// Stops a body that is still arriving (a long stream) when the workflow is cancelled.
		const stopBody = () => stopReading(response.body);
		signal?.addEventListener('abort', stopBody, { once: true });
		try {
			const status = response.statusCode;
			if (isTurnedAway(status) || (status >= 500 && call.idempotent)) {
				const waitMs = parseRetryAfter(response.headers['retry-after']) ?? backoffDelay(attempt);
				const outcome = await unwrapWhole(response, profile);
				if (mayRetry && waitMs <= LONGEST_RETRY_WAIT_MS) {
					await pause(waitMs, signal);
					continue;
				}
				const tooLong = waitMs > LONGEST_RETRY_WAIT_MS ? `, asked to wait ${Math.round(waitMs / 1000)} s` : '';
				return fail({
					...outcome,
					delivery: isTurnedAway(status) ? 'notDelivered' : 'mayHaveBeenDelivered',
					hint: isTurnedAway(status)
						? `${profile.name} is busy or rate limiting (${attempts}${tooLong}). Raise "Max Retries" or slow down with the Batching option.`
						: `${attempts}.`,
				});
			}
			if (status === 401 || status === 403) {
				const outcome = await unwrapWhole(response, profile);
				return fail({ ...outcome, delivery: 'refused', hint: profile.rejectedKeyHint });
			}
			const result = await readResponse(response, fail);
			if (result !== 'brokenOff') return result.value;
			failIfCancelled();
			if (mayRetry && call.idempotent) {
				await pause(backoffDelay(attempt), signal);
				continue;
			}
			return fail({
				message: 'The connection broke while the answer was arriving',
				httpStatus: status,
				delivery: 'mayHaveBeenDelivered',
			});
		} finally {
			signal?.removeEventListener('abort', stopBody);
		}
	}
}

/** A PUT of raw bytes to a pre-signed storage URL (HotTask's upload step 2). */
export interface PresignedUpload {
	/** The pre-signed URL exactly as the service gave it; its signature is kept out of errors. */
	url: string;
	/** Opens the bytes afresh for each attempt (a stream can be read only once). */
	openBody: () => Promise<Buffer | NodeJS.ReadableStream>;
	contentLength: number;
	contentType?: string;
	itemIndex?: number;
	maxRetries?: number;
	timeoutMs?: number;
}

/**
 * Sends bytes to pre-signed storage WITHOUT the credential: the URL carries
 * its own signature, and the service's secret key must never reach storage.
 * The one request in the package not made with httpRequestWithAuthentication,
 * on purpose. A PUT to the same URL stores the same object again, so every
 * failure that is not a refusal is retried.
 */
export async function putToPresignedUrl(context: HttpContext, profile: ServiceProfile, upload: PresignedUpload): Promise<void> {
	const credentials = await serviceCredentials(context, profile, upload.itemIndex);
	const node = context.getNode();
	const signal = cancelSignalOf(context);
	const where = describeStorageUrl(upload.url);
	const fail = (failure: FailureDetails): never => {
		const cancelled: Partial<ServiceFailure> = signal?.aborted ? { message: CANCELLED, hint: undefined } : {};
		throw buildServiceError(node, profile, credentials, { ...failure, ...cancelled, itemIndex: upload.itemIndex, repeatable: true }, [
			upload.url,
			signatureOf(upload.url),
		]);
	};
	if (!/^https?:\/\//i.test(upload.url)) {
		return fail({ message: `${profile.name} gave an upload address that is not a URL`, delivery: 'notDelivered' });
	}
	const maxRetries = Math.max(0, Math.floor(upload.maxRetries ?? DEFAULT_MAX_RETRIES));
	for (let attempt = 0; ; attempt++) {
		const mayRetry = attempt < maxRetries;
		const attempts = `${attempt + 1} attempt${attempt ? 's' : ''}`;
		const options: IHttpRequestOptions = {
			method: 'PUT',
			url: upload.url,
			body: (await upload.openBody()) as unknown as IHttpRequestOptions['body'],
			headers: {
				'Content-Type': upload.contentType || 'application/octet-stream',
				'Content-Length': String(upload.contentLength),
			},
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: upload.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		};
		if (signal) options.abortSignal = signal;
		let response: { statusCode: number; body: unknown; headers: Record<string, unknown> };
		try {
			response = (await context.helpers.httpRequest(options)) as typeof response;
		} catch (error) {
			if (isCancellation(error, signal)) return fail({ message: CANCELLED, delivery: 'mayHaveBeenDelivered' });
			const code = findErrorCode(error);
			if (mayRetry) {
				await pause(backoffDelay(attempt), signal);
				continue;
			}
			return fail({
				message: `The file could not be sent to ${profile.name}'s storage at ${where}${code ? ` (${code})` : ''}`,
				delivery: deliveryOfNetworkError(code),
				hint: `${attempts}.`,
			});
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) return;
		const text = typeof response.body === 'string' ? response.body : '';
		// S3-style storage explains itself in XML: <Code>…</Code><Message>…</Message>.
		const storageCode = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
		const storageMessage = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
		if ((isTurnedAway(status) || status >= 500) && mayRetry) {
			const waitMs = parseRetryAfter(response.headers?.['retry-after']) ?? backoffDelay(attempt);
			if (waitMs <= LONGEST_RETRY_WAIT_MS) {
				await pause(waitMs, signal);
				continue;
			}
		}
		const expired = status === 403 && /expire/i.test(`${storageCode ?? ''} ${storageMessage ?? text}`);
		return fail({
			message: expired
				? `${profile.name}'s upload address expired before the file was sent`
				: `${profile.name}'s storage refused the file${storageMessage ? `: ${storageMessage}` : ''}`,
			httpStatus: status,
			serviceCode: storageCode,
			delivery: status >= 500 ? 'mayHaveBeenDelivered' : 'refused',
			hint: expired
				? 'Upload addresses are valid for a few minutes; run the node again.'
				: `${attempts} at ${where}.`,
		});
	}
}

/** Host and path of a pre-signed URL, without the query that holds its signature. */
function describeStorageUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.host}${parsed.pathname}`;
	} catch {
		return 'an unreadable address';
	}
}

function signatureOf(url: string): string {
	try {
		return new URL(url).search.slice(1);
	} catch {
		return '';
	}
}

/** The message and codes of an error answer (429, 5xx, 401), read whole. */
async function unwrapWhole(response: StreamedResponse, profile: ServiceProfile) {
	const status = response.statusCode;
	const body = await readBodyText(response.body);
	const outcome = profile.unwrap(status, 'text' in body ? parseJsonOrText(body.text) : undefined);
	return {
		message: outcome.ok ? `HTTP ${status}` : outcome.message,
		serviceCode: outcome.ok ? undefined : outcome.serviceCode,
		httpStatus: status,
	};
}

/** Reads a whole answer and returns the payload of the service's envelope, or fails with the service's message. */
export async function readEnvelope(
	response: StreamedResponse,
	fail: Fail,
	profile: ServiceProfile,
): Promise<{ value: unknown } | 'brokenOff'> {
	const body = await readBodyText(response.body);
	if ('brokenOff' in body) return 'brokenOff';
	const parsed = parseJsonOrText(body.text);
	const outcome = profile.unwrap(response.statusCode, parsed);
	if (outcome.ok) return { value: outcome.payload };
	const status = response.statusCode;
	const keyRejected = outcome.serviceCode === 401 || outcome.serviceCode === 403;
	// A success status with a body that is not a JSON object: the service took the
	// request, and nothing says whether it acted on it.
	const unreadable = status < 400 && (parsed === null || typeof parsed !== 'object');
	return fail({
		message: outcome.message,
		serviceCode: outcome.serviceCode,
		httpStatus: status,
		delivery: status >= 500 || unreadable ? 'mayHaveBeenDelivered' : 'refused',
		hint: keyRejected
			? profile.rejectedKeyHint
			: unreadable
				? `Its answer could not be read${describeBody(body.text)}.`
				: undefined,
	});
}

/**
 * A failure an operation finds in an answer the transport accepted (Twilio's
 * Status "False", an answer without the id it must carry): built as the
 * transport builds its own, with the credential's key kept out of the text.
 */
export async function serviceError(
	this: HttpContext,
	profile: ServiceProfile,
	failure: Omit<ServiceFailure, 'service'>,
	extraSecrets?: string[],
): Promise<ServiceError> {
	const credentials = await serviceCredentials(this, profile, failure.itemIndex);
	return buildServiceError(this.getNode(), profile, credentials, failure, extraSecrets);
}

/** The only place a ServiceError is made: every one redacts the credential's key. */
function buildServiceError(
	node: ReturnType<HttpContext['getNode']>,
	profile: ServiceProfile,
	credentials: ICredentialDataDecryptedObject,
	failure: Omit<ServiceFailure, 'service'>,
	extraSecrets: string[] = [],
): ServiceError {
	const secrets = [String(credentials[profile.secretField] ?? ''), ...extraSecrets];
	return new ServiceError(node, { ...failure, service: profile.name }, secrets);
}

/**
 * Credentials are read once per node run, not once per item: each read is a
 * database query and a decryption in n8n, and they cannot differ per item.
 */
const credentialsByRun = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

export async function serviceCredentials(
	context: HttpContext,
	profile: ServiceProfile,
	itemIndex?: number,
): Promise<ICredentialDataDecryptedObject> {
	let byType = credentialsByRun.get(context);
	if (!byType) {
		byType = new Map();
		credentialsByRun.set(context, byType);
	}
	let credentials = byType.get(profile.credentialType);
	if (!credentials) {
		credentials = context.getCredentials(profile.credentialType, itemIndex);
		byType.set(profile.credentialType, credentials);
		// A failed read (e.g. no credential selected) must not be remembered.
		credentials.catch(() => byType.delete(profile.credentialType));
	}
	return await credentials;
}

function cancelSignalOf(context: HttpContext): AbortSignal | undefined {
	const candidate = context as Partial<IExecuteFunctions>;
	return typeof candidate.getExecutionCancelSignal === 'function' ? candidate.getExecutionCancelSignal() : undefined;
}

function networkProblem(code: string | undefined, profile: ServiceProfile, baseUrl: string): string {
	switch (code) {
		case 'ECONNREFUSED':
			return `${baseUrl} refused the connection`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `The host of ${baseUrl} could not be found; check the credential's Base URL`;
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
			return `${profile.name} did not answer in time`;
		case 'ECONNRESET':
		case 'EPIPE':
			return 'The connection was reset before an answer arrived';
		default:
			return `Could not reach ${profile.name}${code ? ` (${code})` : ''}`;
	}
}

/**
 * A file answer (a call recording, synthesised speech): the body is handed on
 * as a stream, never read whole, so it can be piped into n8n's binary data.
 */
export interface FileCall {
	method: IHttpRequestMethods;
	/** A path on the credential's base URL, always sent with the credential. */
	path?: string;
	/**
	 * A full URL given by the service (a recording). Fetched first without the
	 * credential; only when it refuses (401/403) and its origin is the
	 * credential's own host is it fetched again with the key. A foreign host
	 * (cloud storage) never receives the key.
	 */
	url?: string;
	body?: IDataObject;
	idempotent: boolean;
	itemIndex?: number;
	maxRetries?: number;
	timeoutMs?: number;
	/** Accept header, e.g. audio/*. */
	accept?: string;
	/** The message for 404 and 410 (a missing or expired file). */
	missingMessage?: string;
	/** Read the credential only if one is set (the Hamsa Trigger's is optional). */
	credentialOptional?: boolean;
}

export interface FileAnswer {
	/** The body as it arrives (a Node stream), ready for helpers.prepareBinaryData. */
	body: Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
	mimeType?: string;
	/** From Content-Length, when the service sent one. */
	byteLength?: number;
	/** From Content-Disposition, when the service sent one. */
	fileName?: string;
	/** Whether the credential's key had to be sent to get the file. */
	keySent: boolean;
}

export async function fetchFile(context: HttpContext, profile: ServiceProfile, call: FileCall): Promise<FileAnswer> {
	const node = context.getNode();
	const credentials: ICredentialDataDecryptedObject | undefined = call.credentialOptional
		? await serviceCredentials(context, profile, call.itemIndex).catch(() => undefined)
		: await serviceCredentials(context, profile, call.itemIndex);
	const signal = cancelSignalOf(context);
	const fail: Fail = (failure) => {
		const cancelled: Partial<ServiceFailure> = signal?.aborted ? { message: CANCELLED, hint: undefined } : {};
		const details = { ...failure, ...cancelled, itemIndex: call.itemIndex, repeatable: call.idempotent };
		throw new ServiceError(node, { ...details, service: profile.name }, [String(credentials?.[profile.secretField] ?? '')]);
	};
	const base = credentials ? profile.baseUrl(credentials) : undefined;
	if (call.path !== undefined && (!base || 'problem' in base)) {
		return fail({ message: base && 'problem' in base ? base.problem : 'No credential', delivery: 'notDelivered', hint: 'Open the credential and correct it.' });
	}
	const baseUrl = base && 'url' in base ? base.url : undefined;
	let target: URL;
	try {
		target = new URL(call.path !== undefined ? `${baseUrl}${call.path}` : String(call.url ?? ''));
		if (!['http:', 'https:'].includes(target.protocol)) throw new Error('not http');
	} catch {
		return fail({ message: `The file's URL ${JSON.stringify(call.url ?? '')} is not an http(s) URL`, delivery: 'notDelivered' });
	}
	const ownHost = baseUrl !== undefined && new URL(baseUrl).origin === target.origin;
	let withKey = call.path !== undefined;
	const maxRetries = Math.max(0, Math.floor(call.maxRetries ?? DEFAULT_MAX_RETRIES));
	const options: IHttpRequestOptions = {
		method: call.method,
		url: target.toString(),
		body: call.body,
		headers: { Accept: call.accept ?? '*/*' },
		json: call.body !== undefined,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: call.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		// n8n sends credentials along a redirect to another host unless told not to.
		sendCredentialsOnCrossOriginRedirect: false,
	};
	if (signal) options.abortSignal = signal;

	for (let attempt = 0; ; attempt++) {
		const mayRetry = attempt < maxRetries;
		let response: StreamedResponse;
		try {
			response = (withKey
				? await context.helpers.httpRequestWithAuthentication.call(context, profile.credentialType, { ...options }, {
						credentialsDecrypted: { id: '', name: '', type: profile.credentialType, data: credentials! },
					})
				: await context.helpers.httpRequest({ ...options })) as StreamedResponse;
		} catch (error) {
			if (isCancellation(error, signal)) return fail({ message: CANCELLED, delivery: 'mayHaveBeenDelivered' });
			const code = findErrorCode(error);
			const delivery = deliveryOfNetworkError(code);
			if (mayRetry && (delivery === 'notDelivered' || call.idempotent)) {
				await pause(backoffDelay(attempt), signal);
				continue;
			}
			return fail({ message: `Could not download ${target.host}${target.pathname}${code ? ` (${code})` : ''}`, delivery, hint: `${attempt + 1} attempt(s).` });
		}
		const status = response.statusCode;
		if (status < 400) {
			const headers = response.headers;
			const length = Number(headers['content-length']);
			return {
				body: response.body as FileAnswer['body'],
				mimeType: typeof headers['content-type'] === 'string' ? headers['content-type'].split(';')[0].trim() : undefined,
				byteLength: Number.isFinite(length) && length >= 0 ? length : undefined,
				fileName: fileNameOf(headers['content-disposition']),
				keySent: withKey,
			};
		}
		const outcome = await unwrapWhole(response, profile);
		if ((status === 401 || status === 403) && !withKey) {
			if (ownHost && credentials) {
				withKey = true;
				attempt--;
				continue;
			}
			return fail({
				...outcome,
				delivery: 'refused',
				hint: credentials
					? `The file is on ${target.host}, not on the credential's ${profile.name} host, so the API key was not sent to it.`
					: `Select a ${profile.name} API credential so the key can be sent to ${profile.name}'s own host.`,
			});
		}
		if (status === 401 || status === 403) return fail({ ...outcome, delivery: 'refused', hint: profile.rejectedKeyHint });
		if ((isTurnedAway(status) || (status >= 500 && call.idempotent)) && mayRetry) {
			await pause(parseRetryAfter(response.headers['retry-after']) ?? backoffDelay(attempt), signal);
			continue;
		}
		const missing = (status === 404 || status === 410) && call.missingMessage;
		return fail({
			...outcome,
			message: missing ? String(call.missingMessage) : outcome.message,
			delivery: status >= 500 ? 'mayHaveBeenDelivered' : 'refused',
			hint: missing ? `${target.host} answered: ${outcome.message.slice(0, 200)}` : undefined,
		});
	}
}

/** The file name of a Content-Disposition header, if it gives one. */
function fileNameOf(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	const encoded = /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(header)?.[1];
	if (encoded) {
		try {
			return decodeURIComponent(encoded.trim());
		} catch {
			// fall through to the plain form
		}
	}
	return /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1]?.trim();
}
