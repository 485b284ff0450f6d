/**
 * The two services wrap every answer differently; these rules decide success
 * from an HTTP status and a parsed body. Plain values in, plain values out.
 */
import { readKey, readNumber } from './answerCollector';

export type EnvelopeOutcome =
	| { ok: true; payload: unknown }
	| { ok: false; message: string; serviceCode?: number | string };

function asRecord(body: unknown): Record<string, unknown> | undefined {
	return body !== null && typeof body === 'object' && !Array.isArray(body)
		? (body as Record<string, unknown>)
		: undefined;
}

function isTrue(value: unknown): boolean {
	return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function textOf(value: unknown): string | undefined {
	// Validation errors often come as a list of messages.
	if (Array.isArray(value)) return textOf(value.filter((entry) => typeof entry === 'string').join('; '));
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

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

/** HotTask's SendTwilioMessage reports its own outcome as the STRING "True"/"False". */
export function readTwilioStatus(data: unknown): { sent: boolean; message: string; sessionId?: number } {
	const record = asRecord(data) ?? {};
	const status = readKey(record, 'status');
	return {
		sent: isTrue(status),
		message: textOf(readKey(record, 'message')) ?? '',
		sessionId: readNumber(record, 'sessionid'),
	};
}
