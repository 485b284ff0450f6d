/**
 * How Hamsa wraps its answers: these rules decide success from an HTTP status
 * and a parsed body. Plain values in, plain values out.
 */
import { asRecord, isTrue, readKey, textOf } from '../records';
import type { EnvelopeOutcome } from '../serviceProfile';

/**
 * Hamsa: `{success, message, messageKey?, data}`. Hamsa's own examples show
 * `success: false, message: "success"` on success, so the flag is not trusted:
 * a 2xx with `data` present is a success.
 */
export function unwrapHamsaEnvelope(status: number, body: unknown): EnvelopeOutcome {
	const envelope = asRecord(body);
	const message = envelope ? textOf(readKey(envelope, 'message')) ?? textOf(readKey(envelope, 'error')) : textOf(body);
	const messageKey = envelope ? textOf(readKey(envelope, 'messagekey')) : undefined;
	if (status >= 400) {
		return { ok: false, message: message ?? `HTTP ${status}`, serviceCode: messageKey };
	}
	if (!envelope) {
		return { ok: false, message: 'Hamsa answered with something other than a JSON object' };
	}
	const data = readKey(envelope, 'data');
	if (data !== undefined && data !== null) return { ok: true, payload: data };
	if (isTrue(readKey(envelope, 'success'))) return { ok: true, payload: {} };
	return { ok: false, message: message ?? 'Hamsa answered without data', serviceCode: messageKey };
}
