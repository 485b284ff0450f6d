import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { stopReading, type StreamedResponse } from '../body';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, pause } from '../defaults';
import { backoffDelay, deliveryOfNetworkError, findErrorCode, isCancellation, parseRetryAfter, refusedForNow } from '../retry';
import type { ServiceProfile } from '../serviceProfile';
import { addressVerdict, hostVerdict, knownAddressesOf } from './addressPolicy';
import { CANCELLED, cancelSignalOf, failureOf, requestWithRunCredentials, serviceCredentials, unwrapWhole, type Fail, type HttpContext } from './context';

/** The largest file a download takes unless the caller says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Redirects followed, each checked like the first address. */
export const MAX_REDIRECTS = 5;

const MEDIA_EXTENSION = /\.(mp3|mpga|wav|wave|ogg|oga|opus|m4a|aac|flac|weba|webm|mp4|m4v|mov)$/i;
const GENERIC_TYPES = ['application/octet-stream', 'binary/octet-stream'];

/**
 * A file answer (a call recording, synthesised speech): the body is handed on
 * as a stream, never read whole, so it can be piped into n8n's binary data.
 *
 * Every fetch, wherever its URL came from, keeps to these rules:
 * - addresses: public ones only, or the credential's own host (addressPolicy.ts),
 *   checked before sending for IP literals and "localhost", and on the address
 *   actually connected for host names;
 * - redirects: followed here (never by the HTTP client), at most MAX_REDIRECTS,
 *   each checked like the first address and fetched without the key;
 * - size: at most maxBytes, refused on a larger Content-Length and cut off
 *   when the body runs past it;
 * - type: audio or video only (see isMediaAnswer);
 * - the key: sent with `path` (the service's own API), and with a `url` only
 *   as a second try after 401/403 from the credential's own origin on a file
 *   path (see mayCarryKey), never to an API path such as terminate.
 */
export interface FileCall {
	method: IHttpRequestMethods;
	/** A path on the credential's base URL, always sent with the credential. */
	path?: string;
	/**
	 * A full URL given by the service (a recording). Fetched first without the
	 * credential; only when it refuses (401/403) and mayCarryKey allows it is
	 * it fetched again with the key. A foreign host (cloud storage) never
	 * receives the key.
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
	/** The largest body taken; DEFAULT_MAX_FILE_BYTES when not given. */
	maxBytes?: number;
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
	/** Where the file was in the end, after any redirects. */
	url: string;
}

/** What fetchFile knows of the credential's own host, to judge each address with. */
interface OwnHost {
	origin?: string;
	hostname?: string;
	/** The credential host's addresses, where known without DNS (an IP literal, localhost). */
	addresses: string[];
}

/**
 * Whether the key may go to `url` after it refused without it: only the
 * credential's own origin, and only a file there. A file path is one whose
 * last segment has an audio or video extension and that is not under an API
 * version ("/v1/…", "/v2/…"), so a URL naming an API endpoint such as
 * /v1/voice-agents/conversation/<id>/terminate never gets the key.
 */
export function mayCarryKey(url: URL, ownOrigin: string | undefined): boolean {
	if (ownOrigin === undefined || url.origin !== ownOrigin) return false;
	if (/^\/v\d+(\/|$)/i.test(url.pathname)) return false;
	return MEDIA_EXTENSION.test(url.pathname);
}

/**
 * Whether an answer is audio or video: an audio/* or video/* Content-Type, or
 * a generic one (none, application/octet-stream, binary/octet-stream) for a
 * URL whose file name says audio or video, or for the service's own API
 * (text to speech), which the caller asked for audio. An HTML page or JSON is
 * never taken for a file.
 */
export function isMediaAnswer(contentType: string | undefined, url: URL, ownApi: boolean): boolean {
	const type = (contentType ?? '').toLowerCase();
	if (type.startsWith('audio/') || type.startsWith('video/')) return true;
	if (type !== '' && !GENERIC_TYPES.includes(type)) return false;
	return ownApi || MEDIA_EXTENSION.test(url.pathname);
}

/** The address a response came from, and its port: what the socket connected to. */
function peerOf(body: unknown): { address: string; port?: number } | undefined {
	const socket = (body as { socket?: { remoteAddress?: string; remotePort?: number } | null } | null)?.socket;
	return socket?.remoteAddress ? { address: socket.remoteAddress, port: socket.remotePort } : undefined;
}

function portOf(url: URL): number {
	return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function megabytes(bytes: number): string {
	return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/**
 * The body, cut off with a failure once it has carried more than maxBytes.
 * Readable.map keeps it one stream that prepareBinaryData can consume (an
 * import of node:stream is not allowed in a community node).
 */
function capped(body: unknown, maxBytes: number, tooBig: () => never): FileAnswer['body'] {
	const stream = body as { map?: (fn: (chunk: Buffer) => Buffer) => unknown };
	if (typeof stream.map !== 'function') return body as FileAnswer['body'];
	let received = 0;
	return stream.map((chunk: Buffer) => {
		received += chunk.length;
		if (received > maxBytes) tooBig();
		return chunk;
	}) as FileAnswer['body'];
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
	const ownHost = ownHostOf(baseUrl);
	const ownApi = call.path !== undefined;
	const maxBytes = call.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
	const maxRetries = Math.max(0, Math.floor(call.maxRetries ?? DEFAULT_MAX_RETRIES));
	let method = call.method;
	let body = call.body;
	let withKey = ownApi;
	let redirects = 0;

	for (let attempt = 0; ; attempt++) {
		refuseUnsafeHost(target, ownHost, profile, fail);
		const options: IHttpRequestOptions = {
			method,
			url: target.toString(),
			body,
			// Compressed answers would hide the socket the answer came from (see checkPeer).
			headers: { Accept: call.accept ?? '*/*', 'Accept-Encoding': 'identity' },
			json: body !== undefined,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: call.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			// Each hop is checked here before it is fetched, and fetched without the key.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		if (signal) options.abortSignal = signal;
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
		checkPeer(response, target, ownHost, profile, fail);
		const status = response.statusCode;
		const location = response.headers.location;
		if ([301, 302, 303, 307, 308].includes(status) && typeof location === 'string' && location !== '') {
			stopReading(response.body);
			if (++redirects > MAX_REDIRECTS) {
				return fail({ message: `The file's address redirected more than ${MAX_REDIRECTS} times`, delivery: 'delivered', httpStatus: status });
			}
			if (method !== 'GET' && (status === 307 || status === 308)) {
				return fail({ message: `${profile.name} redirected a ${method} request`, delivery: 'mayHaveBeenDelivered', httpStatus: status });
			}
			try {
				target = new URL(location, target);
				if (!['http:', 'https:'].includes(target.protocol)) throw new Error('not http');
			} catch {
				return fail({ message: 'The file\'s address redirected to something that is not an http(s) URL', delivery: 'delivered', httpStatus: status });
			}
			// The next hop starts without the key, wherever it is: see mayCarryKey.
			method = 'GET';
			body = undefined;
			withKey = false;
			attempt--;
			continue;
		}
		if (status >= 200 && status < 300) return acceptFile(response, target, { ownApi, maxBytes, withKey }, fail);
		const outcome = await unwrapWhole(response, profile);
		if ((status === 401 || status === 403) && !withKey) {
			if (credentials && mayCarryKey(target, ownHost.origin)) {
				withKey = true;
				attempt--;
				continue;
			}
			return fail({
				...outcome,
				delivery: 'refused',
				hint: !credentials
					? `Select a ${profile.name} API credential so the key can be sent to ${profile.name}'s own host.`
					: target.origin === ownHost.origin
						? `${target.pathname} on the credential's ${profile.name} host is not a recording file, so the API key was not sent to it.`
						: `The file is on ${target.host}, not on the credential's ${profile.name} host, so the API key was not sent to it.`,
			});
		}
		if (status === 401 || status === 403)
			return fail({
				...outcome,
				delivery: 'refused',
				hint: profile.rejectedKeyHint,
			});
		// Text to Speech is a POST sent once: like any send, it is repeated only when the service said it did nothing.
		if ((refusedForNow(status, response.headers['retry-after']) || (status >= 500 && call.idempotent)) && mayRetry) {
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

function ownHostOf(baseUrl: string | undefined): OwnHost {
	if (baseUrl === undefined) return { addresses: [] };
	try {
		const url = new URL(baseUrl);
		return { origin: url.origin, hostname: url.hostname, addresses: knownAddressesOf(url.hostname) ?? [] };
	} catch {
		return { addresses: [] };
	}
}

/** Before anything is sent: an address written in the URL (or localhost) must be allowed. */
function refuseUnsafeHost(target: URL, ownHost: OwnHost, profile: ServiceProfile, fail: Fail): void {
	if (ownHost.hostname !== undefined && target.hostname === ownHost.hostname) return;
	const verdict = hostVerdict(target.hostname, ownHost.addresses);
	if (verdict.allowed) return;
	fail({
		message: `The file's address ${target.host} is ${verdict.reason}, so it was not fetched`,
		delivery: 'notDelivered',
		hint: `Files are downloaded from public addresses only, or from the ${profile.name} credential's own host.`,
	});
}

/**
 * Once connected: the address the host name led to must be allowed too (DNS
 * may name a private address, or change between two look-ups; node:dns may
 * not be imported by a community node, so this is where a name's address is
 * known). Skipped on the credential's own host name, and when the socket's
 * port is not the URL's: the connection then went through n8n's HTTP proxy,
 * whose address says nothing about the file's. A body without its socket
 * cannot be judged and is let through: n8n 2.x hands nodes a wrapped stream,
 * so there only IP literals and localhost are refused before sending, and
 * host names are left to n8n's own SSRF protection (N8N_SSRF_PROTECTION_ENABLED).
 */
export function peerProblem(body: unknown, target: URL, ownHost: { hostname?: string; addresses: readonly string[] }): { address: string; reason: string } | undefined {
	if (ownHost.hostname !== undefined && target.hostname === ownHost.hostname) return undefined;
	const peer = peerOf(body);
	if (!peer || (peer.port !== undefined && peer.port !== portOf(target))) return undefined;
	const verdict = addressVerdict(peer.address, ownHost.addresses);
	return verdict.allowed ? undefined : { address: peer.address, reason: verdict.reason };
}

function checkPeer(response: StreamedResponse, target: URL, ownHost: OwnHost, profile: ServiceProfile, fail: Fail): void {
	const problem = peerProblem(response.body, target, ownHost);
	if (!problem) return;
	stopReading(response.body);
	fail({
		message: `The file's address ${target.host} led to ${problem.address}, which is ${problem.reason}, so its answer was not read`,
		delivery: 'mayHaveBeenDelivered',
		hint: `Files are downloaded from public addresses only, or from the ${profile.name} credential's own host.`,
	});
}

/** A 2xx answer, if it is audio or video within the size limit. */
function acceptFile(
	response: StreamedResponse,
	target: URL,
	rules: { ownApi: boolean; maxBytes: number; withKey: boolean },
	fail: Fail,
): FileAnswer {
	const headers = response.headers;
	const mimeType = typeof headers['content-type'] === 'string' ? headers['content-type'].split(';')[0].trim() : undefined;
	if (!isMediaAnswer(mimeType, target, rules.ownApi)) {
		stopReading(response.body);
		return fail({
			message: `${target.host}${target.pathname} answered with ${mimeType || 'no Content-Type'}, not audio or video, so it was not taken as the file`,
			delivery: 'delivered',
			httpStatus: response.statusCode,
		});
	}
	const length = Number(headers['content-length']);
	const byteLength = headers['content-length'] !== undefined && Number.isFinite(length) && length >= 0 ? length : undefined;
	const tooBig = (size?: number): never =>
		fail({
			message: `The file is ${size === undefined ? 'larger than' : `${megabytes(size)}, more than`} ${megabytes(rules.maxBytes)}, the most a download takes`,
			delivery: 'delivered',
			httpStatus: response.statusCode,
		});
	if (byteLength !== undefined && byteLength > rules.maxBytes) {
		stopReading(response.body);
		return tooBig(byteLength);
	}
	return {
		body: capped(response.body, rules.maxBytes, () => tooBig()),
		mimeType,
		byteLength,
		fileName: fileNameOf(headers['content-disposition']),
		keySent: rules.withKey,
		url: target.toString(),
	};
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
