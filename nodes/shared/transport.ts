/**
 * The one place that talks HTTP to HotTask and Hamsa.
 *
 * Every request goes through n8n's httpRequestWithAuthentication (so the
 * credential's own `authenticate` block sets the Authorization header), with
 * the execution's cancel signal, and the body read as a stream so that JSON
 * answers, plain-text errors and streamed answers share one path.
 * Retries follow retry.ts: only what cannot cause a second SMS or call.
 */
import { sleep, sleepWithAbort } from 'n8n-workflow';
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
import { AnswerCollector, type CollectedAnswer, type StreamOutcome } from './answerCollector';
import { ServiceError, type ServiceFailure } from './errors';
import { EventStreamReader } from './eventStream';
import {
	backoffDelay,
	deliveryOfNetworkError,
	findErrorCode,
	isCancellation,
	isTurnedAway,
	parseRetryAfter,
} from './retry';
import { HAMSA, HOTTASK, type ServiceProfile } from './services';

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

export const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_TIMEOUT_MS = 120_000;
/** A Retry-After longer than this fails the item rather than holding the workflow. */
const LONGEST_RETRY_WAIT_MS = 5 * 60_000;
const MAX_BODY_CHARS = 20 * 1024 * 1024;
/** How much of a non-stream answer is kept to read it as one JSON envelope. */
const MAX_ENVELOPE_CHARS = 1024 * 1024;

type ResponseBody = string | (AsyncIterable<Uint8Array | string> & { destroy?: () => void });

interface StreamedResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: ResponseBody;
}

function stopReading(body: ResponseBody): void {
	if (typeof body !== 'string') body.destroy?.();
}

type BodyText = { text: string } | { brokenOff: string };
type Fail = (failure: Omit<ServiceFailure, 'service' | 'itemIndex'>) => never;
/** Reads a response; `brokenOff` when its body broke off (a read is then tried again). */
type ResponseReader<T> = (response: StreamedResponse, fail: Fail) => Promise<{ value: T } | 'brokenOff'>;

export async function hotTaskRequest(this: HttpContext, call: ServiceCall): Promise<unknown> {
	return await sendWithRetries(this, HOTTASK, call, async (response, fail) => await readEnvelope(response, fail, HOTTASK));
}

export async function hamsaRequest(this: HttpContext, call: ServiceCall): Promise<unknown> {
	return await sendWithRetries(this, HAMSA, call, async (response, fail) => await readEnvelope(response, fail, HAMSA));
}

/**
 * Asks HotTask with `stream: true` and collects the answer, calling `onPiece`
 * for each piece as it arrives. A JSON envelope instead of a stream (an error,
 * or a host that ignores `stream`) is handled too.
 */
export async function hotTaskAnswerStream(
	this: HttpContext,
	call: ServiceCall,
	onPiece: (text: string) => void,
): Promise<CollectedAnswer> {
	const streamCall = { ...call, accept: 'text/event-stream, application/json', streamBody: true };
	return await sendWithRetries(this, HOTTASK, streamCall, async (response, fail) => {
		const contentType = String(response.headers['content-type'] ?? '').toLowerCase();
		if (contentType.includes('json') || response.statusCode >= 400) {
			return await answerFromEnvelope(response, fail, onPiece);
		}
		const reader = new EventStreamReader();
		const collector = new AnswerCollector(onPiece);
		// The text before the first event: an envelope written over several lines
		// (as HotTask's pages print them) is malformed as a stream but whole as JSON.
		let head: string | undefined = '';
		const headDecoder = new TextDecoder('utf-8');
		let readingWhole = false;
		let brokenOff = false;
		try {
			const body = typeof response.body === 'string' ? [response.body] : response.body;
			for await (const chunk of body) {
				if (head !== undefined) {
					head += typeof chunk === 'string' ? chunk : headDecoder.decode(chunk, { stream: true });
					if (head.length > MAX_ENVELOPE_CHARS) head = undefined;
				}
				if (readingWhole) {
					if (head === undefined) break;
					continue;
				}
				const events = reader.push(chunk);
				if (head !== undefined && events.some((event) => event.kind !== 'malformed')) head = undefined;
				collector.accept(events);
				if (collector.failed) {
					if (head === undefined) break;
					readingWhole = true;
				}
			}
			if (!collector.failed) collector.accept(reader.end());
		} catch {
			// A reset or time-out mid-answer: what arrived is kept as the partial answer.
			brokenOff = true;
		}
		stopReading(response.body);
		if (collector.failed && head !== undefined && !brokenOff) {
			const whole = `${head}${headDecoder.decode()}`;
			if (isJsonObjectText(whole)) return await answerFromEnvelope({ ...response, body: whole }, fail, onPiece);
		}
		return { value: answerOrFail(collector.finish(brokenOff), response, fail) };
	});
}

/** An answer sent whole, as HotTask's JSON envelope, instead of as a stream. */
async function answerFromEnvelope(
	response: StreamedResponse,
	fail: Fail,
	onPiece: (text: string) => void,
): Promise<{ value: CollectedAnswer } | 'brokenOff'> {
	const envelope = await readEnvelope(response, fail, HOTTASK);
	if (envelope === 'brokenOff') return envelope;
	const collector = new AnswerCollector(onPiece);
	collector.accept([{ kind: 'json', value: { Success: true, Data: envelope.value ?? {} }, lineNumber: 1 }]);
	return { value: answerOrFail(collector.finish(), response, fail) };
}

function isJsonObjectText(text: string): boolean {
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === 'object' && !Array.isArray(value);
	} catch {
		return false;
	}
}

function answerOrFail(outcome: StreamOutcome, response: StreamedResponse, fail: Fail): CollectedAnswer {
	if (outcome.ok) return outcome.answer;
	const partialAnswer = outcome.partialAnswer || undefined;
	const { problem } = outcome;
	switch (problem.kind) {
		case 'serviceError':
			return fail({
				message: problem.message,
				serviceCode: problem.serviceCode,
				httpStatus: response.statusCode,
				delivery: 'refused',
				partialAnswer,
			});
		case 'malformedLine':
			return fail({
				message: problem.message,
				httpStatus: response.statusCode,
				delivery: 'delivered',
				hint: 'HotTask sent a line the node cannot read, so the answer is incomplete.',
				partialAnswer,
			});
		case 'incomplete':
			return fail({
				message: problem.message,
				httpStatus: response.statusCode,
				delivery: 'delivered',
				hint: 'The question reached HotTask; the answer is incomplete. It was not asked again, to avoid a second answer being recorded.',
				partialAnswer,
			});
	}
}

async function readEnvelope(
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

/** A short, single-line look at an unreadable body, for the error description. */
function describeBody(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat === '') return ' (it was empty)';
	return ` (it began ${JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat)})`;
}

function parseJsonOrText(text: string): unknown {
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	try {
		return JSON.parse(trimmed);
	} catch {
		return readableText(trimmed);
	}
}

/**
 * A plain-text or HTML error page (a proxy's "502 Bad Gateway") becomes the
 * error message, so keep it to one short line: the page's title, or its text
 * without tags.
 */
function readableText(text: string): string {
	const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
	const looksLikeHtml = /<(!doctype|html|head|body|div|p|h\d|center)\b/i.test(text);
	const plain = (title ?? (looksLikeHtml ? text.replace(/<[^>]*>/g, ' ') : text)).replace(/\s+/g, ' ').trim();
	return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

async function readBodyText(body: StreamedResponse['body']): Promise<BodyText> {
	if (typeof body === 'string') return { text: body };
	const decoder = new TextDecoder('utf-8');
	let text = '';
	try {
		for await (const chunk of body) {
			text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
			if (text.length > MAX_BODY_CHARS) {
				stopReading(body);
				break;
			}
		}
	} catch (error) {
		return { brokenOff: findErrorCode(error) ?? 'connection closed' };
	}
	return { text: text + decoder.decode() };
}

function cancelSignalOf(context: HttpContext): AbortSignal | undefined {
	const candidate = context as Partial<IExecuteFunctions>;
	return typeof candidate.getExecutionCancelSignal === 'function' ? candidate.getExecutionCancelSignal() : undefined;
}

async function waitBeforeRetry(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (typeof sleepWithAbort === 'function') await sleepWithAbort(ms, signal);
	else await sleep(ms);
}

/**
 * Credentials are read once per node run, not once per item: each read is a
 * database query and a decryption in n8n, and they cannot differ per item.
 */
const credentialsByRun = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();

async function credentialsFor(context: HttpContext, profile: ServiceProfile, itemIndex?: number) {
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

/**
 * A failure the operation finds in an answer the transport accepted (e.g.
 * Twilio's Status "False"): built like the transport's own errors, with the
 * credential's key kept out of the service's text.
 */
export async function hotTaskAnswerError(
	this: HttpContext,
	failure: Omit<ServiceFailure, 'service'>,
): Promise<ServiceError> {
	const credentials = await credentialsFor(this, HOTTASK, failure.itemIndex);
	return new ServiceError(this.getNode(), { ...failure, service: HOTTASK.name }, [String(credentials[HOTTASK.secretField] ?? '')]);
}

async function sendWithRetries<T>(
	context: HttpContext,
	profile: ServiceProfile,
	call: ServiceCall,
	readResponse: ResponseReader<T>,
): Promise<T> {
	const credentials = await credentialsFor(context, profile, call.itemIndex);
	const secrets = [String(credentials[profile.secretField] ?? ''), ...(call.secrets ?? [])];
	const node = context.getNode();
	const signal = cancelSignalOf(context);
	const fail: Fail = (failure) => {
		const cancelled: Partial<ServiceFailure> = signal?.aborted
			? { message: 'The execution was cancelled, so the request was stopped', hint: undefined }
			: {};
		throw new ServiceError(
			node,
			{ ...failure, ...cancelled, service: profile.name, itemIndex: call.itemIndex, repeatable: call.idempotent },
			secrets,
		);
	};
	const base = profile.baseUrl(credentials);
	if ('problem' in base) {
		return fail({ message: base.problem, delivery: 'notDelivered', hint: 'Open the credential and correct it.' });
	}
	const failIfCancelled = (error?: unknown) => {
		if (isCancellation(error, signal)) {
			fail({ message: 'The execution was cancelled, so the request was stopped', delivery: 'mayHaveBeenDelivered' });
		}
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
				await waitBeforeRetry(backoffDelay(attempt), signal);
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
				const body = await readBodyText(response.body);
				if (mayRetry && waitMs <= LONGEST_RETRY_WAIT_MS) {
					await waitBeforeRetry(waitMs, signal);
					continue;
				}
				const outcome = profile.unwrap(status, 'text' in body ? parseJsonOrText(body.text) : undefined);
				const tooLong = waitMs > LONGEST_RETRY_WAIT_MS ? `, asked to wait ${Math.round(waitMs / 1000)} s` : '';
				return fail({
					message: outcome.ok ? `HTTP ${status}` : outcome.message,
					serviceCode: outcome.ok ? undefined : outcome.serviceCode,
					httpStatus: status,
					delivery: isTurnedAway(status) ? 'notDelivered' : 'mayHaveBeenDelivered',
					hint: isTurnedAway(status)
						? `${profile.name} is busy or rate limiting (${attempts}${tooLong}). Raise "Max Retries" or slow down with the Batching option.`
						: `${attempts}.`,
				});
			}
			if (status === 401 || status === 403) {
				const body = await readBodyText(response.body);
				const outcome = profile.unwrap(status, 'text' in body ? parseJsonOrText(body.text) : undefined);
				return fail({
					message: outcome.ok ? `HTTP ${status}` : outcome.message,
					serviceCode: outcome.ok ? undefined : outcome.serviceCode,
					httpStatus: status,
					delivery: 'refused',
					hint: profile.rejectedKeyHint,
				});
			}
			const result = await readResponse(response, fail);
			if (result !== 'brokenOff') return result.value;
			failIfCancelled();
			if (mayRetry && call.idempotent) {
				await waitBeforeRetry(backoffDelay(attempt), signal);
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
