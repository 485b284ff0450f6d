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
