/**
 * Requests to HotTask and Hamsa that answer with their JSON envelope or an
 * answer stream.
 *
 * Every request goes through n8n's httpRequestWithAuthentication (so the
 * credential's own `authenticate` sets the Authorization header), with the
 * execution's cancel signal, and the body read as text or as a stream so that
 * JSON answers and plain-text error pages share one path. What differs between
 * the services comes in as a ServiceProfile; what an answer means beyond its
 * envelope (a streamed HotTask answer, say) comes in as a ResponseReader.
 * Retries follow retry.ts: only what cannot cause a second SMS or call.
 */
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { bodyLimitFor, describeBody, parseJsonOrText, readBodyText, stopReading, type StreamedResponse } from '../body';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, pause } from '../defaults';
import { backoffDelay, deliveryOfNetworkError, findErrorCode, isCancellation, parseRetryAfter, refusedForNow } from '../retry';
import type { ServiceProfile } from '../serviceProfile';
import {
	CANCELLED,
	LONGEST_RETRY_WAIT_MS,
	cancelSignalOf,
	failureOf,
	networkProblem,
	requestWithRunCredentials,
	serviceCredentials,
	unwrapWhole,
	type Fail,
	type HttpContext,
} from './context';

/** What a proxy answers when it gave up on the service, which may have acted by then. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

export interface ServiceCall {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** A read: sending it twice is harmless, so it may be retried after any failure. */
	idempotent: boolean;
	itemIndex?: number;
	/** Retries after refused connections, 429 and 503 with Retry-After (and any failure when idempotent). */
	maxRetries?: number;
	timeoutMs?: number;
	/** Accept header; JSON unless the caller reads an event stream. */
	accept?: string;
	/** Values besides the credential's key to keep out of errors, e.g. a webhook secret sent in the body. */
	secrets?: string[];
	/** Read the body as it arrives (an answer stream) rather than whole. */
	streamBody?: boolean;
}

/** Reads a response; `brokenOff` when its body broke off (a read is then tried again). */
export type ResponseReader<T> = (response: StreamedResponse, fail: Fail) => Promise<{ value: T } | 'brokenOff'>;

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
	const signal = cancelSignalOf(context);
	const fail = failureOf(context, profile, credentials, { itemIndex: call.itemIndex, repeatable: call.idempotent, secrets: call.secrets });
	const base = profile.baseUrl(credentials);
	if ('problem' in base) {
		return fail({
			message: base.problem,
			delivery: 'notDelivered',
			hint: 'Open the credential and correct it.',
		});
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
			response = (await requestWithRunCredentials(context, profile, credentials, options)) as StreamedResponse;
		} catch (error) {
			failIfCancelled(error);
			const code = findErrorCode(error);
			const delivery = deliveryOfNetworkError(code);
			if (mayRetry && (delivery === 'notDelivered' || call.idempotent)) {
				await pause(backoffDelay(attempt), signal);
				continue;
			}
			return fail({
				message: networkProblem(code, profile, base.url),
				delivery,
				hint: `${attempts}.`,
			});
		}

		// Stops a body that is still arriving (a long stream) when the workflow is cancelled.
		const stopBody = () => stopReading(response.body);
		signal?.addEventListener('abort', stopBody, { once: true });
		try {
			const status = response.statusCode;
			const retryAfter = response.headers['retry-after'];
			// A read is repeated after any 5xx; a send only when the service said it did nothing.
			const notActedOn = refusedForNow(status, retryAfter);
			if (notActedOn || (status >= 500 && call.idempotent)) {
				const waitMs = parseRetryAfter(retryAfter) ?? backoffDelay(attempt);
				const outcome = await unwrapWhole(response, profile);
				if (mayRetry && waitMs <= LONGEST_RETRY_WAIT_MS) {
					await pause(waitMs, signal);
					continue;
				}
				const tooLong = waitMs > LONGEST_RETRY_WAIT_MS ? `, asked to wait ${Math.round(waitMs / 1000)} s` : '';
				return fail({
					...outcome,
					delivery: notActedOn ? 'notDelivered' : 'mayHaveBeenDelivered',
					hint: notActedOn
						? `${profile.name} is busy or rate limiting (${attempts}${tooLong}). Raise "Max Retries" or slow down with the Batching option.`
						: `${attempts}.`,
				});
			}
			if (status >= 500) {
				const outcome = await unwrapWhole(response, profile);
				return fail({
					...outcome,
					delivery: 'mayHaveBeenDelivered',
					hint: GATEWAY_STATUSES.has(status)
						? `An HTTP ${status} can come from a proxy in front of ${profile.name} after ${profile.name} already acted.`
						: undefined,
				});
			}
			if (status === 401 || status === 403) {
				const outcome = await unwrapWhole(response, profile);
				return fail({
					...outcome,
					delivery: 'refused',
					hint: profile.rejectedKeyHint,
				});
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

/** Reads a whole answer and returns the payload of the service's envelope, or fails with the service's message. */
export async function readEnvelope(response: StreamedResponse, fail: Fail, profile: ServiceProfile): Promise<{ value: unknown } | 'brokenOff'> {
	const body = await readBodyText(response.body, bodyLimitFor(response.statusCode));
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
		hint: keyRejected ? profile.rejectedKeyHint : unreadable ? `Its answer could not be read${describeBody(body.text)}.` : undefined,
	});
}
