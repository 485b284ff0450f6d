import type { IHttpRequestOptions } from 'n8n-workflow';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, pause } from '../defaults';
import { backoffDelay, deliveryOfNetworkError, findErrorCode, isCancellation, isTurnedAway, parseRetryAfter } from '../retry';
import type { ServiceProfile } from '../serviceProfile';
import {
	CANCELLED,
	LONGEST_RETRY_WAIT_MS,
	cancelSignalOf,
	failureOf,
	serviceCredentials,
	type HttpContext,
} from './context';

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
	const signal = cancelSignalOf(context);
	const where = describeStorageUrl(upload.url);
	const fail = failureOf(context, profile, credentials, {
		itemIndex: upload.itemIndex,
		repeatable: true,
		secrets: [upload.url, signatureOf(upload.url)],
	});
	if (!/^https?:\/\//i.test(upload.url)) {
		return fail({
			message: `${profile.name} gave an upload address that is not a URL`,
			delivery: 'notDelivered',
		});
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
		let response: {
			statusCode: number;
			body: unknown;
			headers: Record<string, unknown>;
		};
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
			hint: expired ? 'Upload addresses are valid for a few minutes; run the node again.' : `${attempts} at ${where}.`,
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
