/**
 * When is it safe to send a request again?
 *
 * Only a request known to have done nothing may be repeated when it sends
 * something (an SMS, a call, a question, a campaign): one whose connection
 * never opened, a 429, or a 503 that carries Retry-After (the service itself
 * asking to come back later). Every other 5xx, a bare 503 included, may come
 * from a proxy in front of the service after the service already acted (a
 * gateway time-out, an upstream reset): repeating it once sent one SMS four
 * times. Such answers, time-outs after sending and resets are repeated only
 * for reads.
 */

export type Delivery = 'notDelivered' | 'mayHaveBeenDelivered' | 'delivered';

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
const CANCELLED = new Set(['ERR_CANCELED', 'ABORT_ERR']);

const ERROR_CODE = /^(E[A-Z_]+|ERR_[A-Z_]+|ABORT_ERR)$/;

/**
 * Walks an error's `cause` chain for a Node/axios error code such as ECONNREFUSED.
 * n8n's httpRequestWithAuthentication wraps network errors in a NodeApiError that
 * drops the original error (its `cause` stays undefined) and keeps the code only
 * as `httpCode`, so that is read too.
 */
export function findErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
		const { code, httpCode } = current as { code?: unknown; httpCode?: unknown };
		if (typeof code === 'string' && ERROR_CODE.test(code)) return code;
		if (typeof httpCode === 'string' && ERROR_CODE.test(httpCode)) return httpCode;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

export function isCancellation(error: unknown, signal?: { aborted: boolean }): boolean {
	if (signal?.aborted) return true;
	const code = findErrorCode(error);
	if (code !== undefined && CANCELLED.has(code)) return true;
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth++) {
		const name = (current as { name?: unknown }).name;
		if (name === 'AbortError' || name === 'CanceledError') return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

export function deliveryOfNetworkError(code: string | undefined): Delivery {
	return code !== undefined && NEVER_CONNECTED.has(code) ? 'notDelivered' : 'mayHaveBeenDelivered';
}

/**
 * 429 and 503: what a busy service answers. Only reads and downloads may be
 * judged by this alone; a request that must not repeat needs refusedForNow,
 * because a bare 503 may also come from a proxy after the service acted.
 */
export function isTurnedAway(status: number): boolean {
	return status === 429 || status === 503;
}

/**
 * The service said "not now" and did nothing: a 429, or a 503 with a
 * Retry-After header. A proxy that gives up on a slow or broken upstream
 * sends a bare 503 (or 502/504) without knowing whether the service acted.
 */
export function refusedForNow(status: number, retryAfterHeader: unknown): boolean {
	if (status === 429) return true;
	return status === 503 && parseRetryAfter(retryAfterHeader) !== undefined;
}

/**
 * Retry-After is either delay-seconds or an HTTP date. Returns milliseconds,
 * or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (trimmed === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	// Every HTTP-date form carries hh:mm:ss; without it V8's lenient Date.parse
	// would read "-5" or "1,5" as a date in the past and retry at once.
	if (!/\d{1,2}:\d{2}:\d{2}/.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: attempt 0 waits up to 1 s, then 2 s, 4 s... capped at 30 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(30_000, 1000 * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function describeDelivery(delivery: Delivery, serviceName: string): string {
	switch (delivery) {
		case 'notDelivered':
			return `The request did not reach ${serviceName}; nothing was done there.`;
		case 'mayHaveBeenDelivered':
			return `The request may have reached ${serviceName} and been acted on. It was not repeated automatically, so that nothing is sent twice; check ${serviceName} before running it again.`;
		case 'delivered':
			return `${serviceName} received the request and answered it.`;
	}
}
