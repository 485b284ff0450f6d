/**
 * How HotTask wraps its answers: these rules decide success from an HTTP status
 * and a parsed body. Plain values in, plain values out.
 */
import { asRecord, isTrue, readKey, readNumber, textOf } from '../records';
import type { EnvelopeOutcome } from '../serviceProfile';

/**
 * HotTask: `{Data, Version, Success, Code, Message}`. A failure may come as an
 * HTTP error or as HTTP 200 with `Success: false` or a `Code` other than 200.
 */
export function unwrapHotTaskEnvelope(status: number, body: unknown): EnvelopeOutcome {
	const envelope = asRecord(body);
	const message = envelope ? textOf(readKey(envelope, 'message')) : textOf(body);
	const code = envelope ? readNumber(envelope, 'code') : undefined;
	if (status >= 400) {
		return { ok: false, message: message ?? `HTTP ${status}`, serviceCode: code };
	}
	if (Array.isArray(body)) return { ok: true, payload: body };
	if (!envelope) {
		return { ok: false, message: 'HotTask answered with something other than JSON' };
	}
	const success = readKey(envelope, 'success');
	if (success === undefined && code === undefined) {
		// Not an envelope at all; tolerate hosts that answer with the bare data.
		return { ok: true, payload: envelope };
	}
	if (success === undefined && code === 200) return { ok: true, payload: readKey(envelope, 'data') };
	if (!isTrue(success) || (code !== undefined && code !== 200)) {
		return { ok: false, message: message ?? 'HotTask reported a failure without a message', serviceCode: code };
	}
	return { ok: true, payload: readKey(envelope, 'data') };
}

/**
 * SendTwilioMessage reports Twilio's outcome inside a successful envelope, as
 * the STRING "True"/"False"; "False" is a failure with the reason in Message.
 */
export function readTwilioStatus(data: unknown): { sent: boolean; message: string; sessionId?: number } {
	const record = asRecord(data) ?? {};
	const status = readKey(record, 'status');
	return {
		sent: isTrue(status),
		message: textOf(readKey(record, 'message')) ?? '',
		sessionId: readNumber(record, 'sessionid'),
	};
}
