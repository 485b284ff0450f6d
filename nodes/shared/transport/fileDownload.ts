import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { type StreamedResponse } from '../body';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, pause } from '../defaults';
import { backoffDelay, deliveryOfNetworkError, findErrorCode, isCancellation, isTurnedAway, parseRetryAfter } from '../retry';
import type { ServiceProfile } from '../serviceProfile';
import { CANCELLED, cancelSignalOf, failureOf, requestWithRunCredentials, serviceCredentials, unwrapWhole, type HttpContext } from './context';

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
	const credentials: ICredentialDataDecryptedObject | undefined = call.credentialOptional
		? await serviceCredentials(context, profile, call.itemIndex).catch(() => undefined)
		: await serviceCredentials(context, profile, call.itemIndex);
	const signal = cancelSignalOf(context);
	const fail = failureOf(context, profile, credentials, { itemIndex: call.itemIndex, repeatable: call.idempotent });
	const base = credentials ? profile.baseUrl(credentials) : undefined;
	if (call.path !== undefined && (!base || 'problem' in base)) {
		return fail({
			message: base && 'problem' in base ? base.problem : 'No credential',
			delivery: 'notDelivered',
			hint: 'Open the credential and correct it.',
		});
	}
	const baseUrl = base && 'url' in base ? base.url : undefined;
	let target: URL;
	try {
		target = new URL(call.path !== undefined ? `${baseUrl}${call.path}` : String(call.url ?? ''));
		if (!['http:', 'https:'].includes(target.protocol)) throw new Error('not http');
	} catch {
		return fail({
			message: `The file's URL ${JSON.stringify(call.url ?? '')} is not an http(s) URL`,
			delivery: 'notDelivered',
		});
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
			response = (
				withKey
					? await requestWithRunCredentials(context, profile, credentials!, options)
					: await context.helpers.httpRequest({ ...options })
			) as StreamedResponse;
		} catch (error) {
			if (isCancellation(error, signal)) return fail({ message: CANCELLED, delivery: 'mayHaveBeenDelivered' });
			const code = findErrorCode(error);
			const delivery = deliveryOfNetworkError(code);
			if (mayRetry && (delivery === 'notDelivered' || call.idempotent)) {
				await pause(backoffDelay(attempt), signal);
				continue;
			}
			return fail({
				message: `Could not download ${target.host}${target.pathname}${code ? ` (${code})` : ''}`,
				delivery,
				hint: `${attempt + 1} attempt(s).`,
			});
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
		if (status === 401 || status === 403)
			return fail({
				...outcome,
				delivery: 'refused',
				hint: profile.rejectedKeyHint,
			});
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
