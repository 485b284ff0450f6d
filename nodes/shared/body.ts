/**
 * Reading an HTTP answer's body, whatever it holds: a JSON envelope, a
 * plain-text or HTML error page, or a stream still arriving. Every answer is
 * asked for as text or as a stream, never parsed by the HTTP client, so an
 * error page that is not JSON can still become a readable message.
 */
import { findErrorCode } from './retry';

export type ResponseBody = string | (AsyncIterable<Uint8Array | string> & { destroy?: () => void });

export interface StreamedResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: ResponseBody;
}

export type BodyText = { text: string } | { brokenOff: string };

/**
 * A body larger than this is cut off: no answer either service sends comes
 * near it (a full page of 200 calls is a few hundred KB), and a longer one
 * would only be refused as unreadable once it is cut.
 */
export const MAX_BODY_CHARS = 20 * 1024 * 1024;

/**
 * An error answer (HTTP 4xx or 5xx) is read no further than this: its message
 * sits at the start, and a proxy's error page can be any size. Roomy enough for
 * a validation error listing every field of a request.
 */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;

/**
 * What of a body that is not JSON is looked at for a message: the title or
 * first words of an error page are well inside it, and no scan of it can take
 * long whatever it holds.
 */
export const READABLE_TEXT_CHARS = 8 * 1024;

/** How much of an answer with this HTTP status is worth reading. */
export function bodyLimitFor(statusCode: number): number {
	return statusCode >= 400 ? MAX_ERROR_BODY_CHARS : MAX_BODY_CHARS;
}

export function stopReading(body: ResponseBody): void {
	if (typeof body !== 'string') body.destroy?.();
}

/**
 * The body as text, up to `maxChars` (see bodyLimitFor), or `brokenOff` with
 * the network error's code when the connection broke. A longer body is cut
 * and the rest left unread.
 */
export async function readBodyText(body: ResponseBody, maxChars = MAX_BODY_CHARS): Promise<BodyText> {
	if (typeof body === 'string') return { text: body.slice(0, maxChars) };
	const decoder = new TextDecoder('utf-8');
	let text = '';
	try {
		for await (const chunk of body) {
			text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
			if (text.length >= maxChars) {
				stopReading(body);
				return { text: text.slice(0, maxChars) };
			}
		}
	} catch (error) {
		return { brokenOff: findErrorCode(error) ?? 'connection closed' };
	}
	return { text: (text + decoder.decode()).slice(0, maxChars) };
}

/** Parsed JSON, or the text made readable when it is not JSON; undefined when empty. */
export function parseJsonOrText(text: string): unknown {
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	try {
		return JSON.parse(trimmed);
	} catch {
		return readableText(trimmed);
	}
}

export function isJsonObjectText(text: string): boolean {
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === 'object' && !Array.isArray(value);
	} catch {
		return false;
	}
}

/**
 * A plain-text or HTML error page (a proxy's "502 Bad Gateway") becomes the
 * error message, so keep it to one short line: the page's title, or its text
 * without tags. Only the page's start is looked at, and only with scans that
 * pass over it once: a tag pattern such as /<[^>]*>/g starts again at every
 * "<", so a page of "<" without ">" took minutes.
 */
export function readableText(text: string): string {
	const start = text.slice(0, READABLE_TEXT_CHARS);
	const title = titleOf(start);
	// Each alternative is a fixed word tried once per "<": no quantifier to backtrack.
	const looksLikeHtml = /<(!doctype|html|head|body|div|p|h\d|center)\b/i.test(start);
	const plain = oneLine(title ?? (looksLikeHtml ? withoutTags(start) : start));
	return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

/** The text between the first <title …> and the next </title>; the patterns are fixed words. */
function titleOf(text: string): string | undefined {
	const open = text.search(/<title/i);
	if (open < 0) return undefined;
	const contentStart = text.indexOf('>', open) + 1;
	if (contentStart === 0) return undefined;
	const length = text.slice(contentStart).search(/<\/title>/i);
	return length < 0 ? undefined : text.slice(contentStart, contentStart + length);
}

/** Every "<…>" replaced by a space, in one pass; a "<" never closed is kept as text, as /<[^>]*>/g keeps it. */
function withoutTags(text: string): string {
	let out = '';
	let from = 0;
	for (;;) {
		const open = text.indexOf('<', from);
		const close = open < 0 ? -1 : text.indexOf('>', open + 1);
		if (close < 0) return out + text.slice(from);
		out += `${text.slice(from, open)} `;
		from = close + 1;
	}
}

/** Runs of white space as single spaces; \s+ with nothing after it cannot backtrack. */
function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** A short, single-line look at an unreadable body, for the error description. */
export function describeBody(text: string): string {
	const flat = oneLine(text.slice(0, READABLE_TEXT_CHARS));
	if (flat === '') return ' (it was empty)';
	return ` (it began ${JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat)})`;
}
