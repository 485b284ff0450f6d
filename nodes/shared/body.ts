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

/** A body larger than this is cut off: no answer either service sends comes near it. */
const MAX_BODY_CHARS = 20 * 1024 * 1024;

export function stopReading(body: ResponseBody): void {
	if (typeof body !== 'string') body.destroy?.();
}

/** The whole body as text, or `brokenOff` with the network error's code when the connection broke. */
export async function readBodyText(body: ResponseBody): Promise<BodyText> {
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
 * without tags.
 */
function readableText(text: string): string {
	const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
	const looksLikeHtml = /<(!doctype|html|head|body|div|p|h\d|center)\b/i.test(text);
	const plain = (title ?? (looksLikeHtml ? text.replace(/<[^>]*>/g, ' ') : text)).replace(/\s+/g, ' ').trim();
	return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

/** A short, single-line look at an unreadable body, for the error description. */
export function describeBody(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat === '') return ' (it was empty)';
	return ` (it began ${JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat)})`;
}
