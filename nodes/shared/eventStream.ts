/**
 * Incremental reader for HotTask's streamed answers.
 *
 * HotTask's docs show one JSON object per event but leave the framing open, so
 * the reader accepts SSE (`data: {...}` / `data:{...}`, with `event:`, `id:`,
 * `retry:` and `:` comment lines), bare JSON lines, `\n` or `\r\n` line ends,
 * blank lines and an optional `[DONE]` marker. Chunks may split anywhere,
 * including inside a multi-byte UTF-8 character: TextDecoder in streaming mode
 * keeps the incomplete bytes, and only the unfinished line is kept in memory.
 *
 * It never throws and has no n8n imports, so it can be tested and benchmarked
 * on its own.
 */

export type StreamEvent =
	| { kind: 'json'; value: Record<string, unknown>; lineNumber: number }
	| { kind: 'done'; lineNumber: number }
	/**
	 * A line that should carry a JSON object but does not; the caller decides what that means.
	 * `unterminated` marks the last line when the stream ended before its newline: the
	 * stream was most likely cut off inside it.
	 */
	| { kind: 'malformed'; line: string; lineNumber: number; unterminated?: true };

export function describeMalformedLine(event: { line: string; lineNumber: number }): string {
	return `Line ${event.lineNumber} of the answer stream is not a JSON object: ${preview(event.line)}`;
}

const SSE_FIELDS_TO_IGNORE = ['event:', 'id:', 'retry:'];

export class EventStreamReader {
	private readonly decoder = new TextDecoder('utf-8');
	private partialLine = '';
	private lineNumber = 0;

	/** Feeds one network chunk; returns the events completed by it. */
	push(chunk: Uint8Array | string): StreamEvent[] {
		const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
		return this.consumeText(text);
	}

	/** Flushes what is left once the body has ended (a last line without newline). */
	end(): StreamEvent[] {
		const events = this.consumeText(this.decoder.decode());
		const rest = this.partialLine;
		this.partialLine = '';
		if (rest.length > 0) this.readLine(rest, events, true);
		return events;
	}

	/** Bytes of text held back waiting for the end of their line. */
	get bufferedLength(): number {
		return this.partialLine.length;
	}

	private consumeText(text: string): StreamEvent[] {
		const events: StreamEvent[] = [];
		// Searching only the new text keeps 1-byte chunks linear: the partial
		// line is never scanned twice.
		let newline = text.indexOf('\n');
		if (newline === -1) {
			this.partialLine += text;
			return events;
		}
		let start = 0;
		let line = this.partialLine + text.slice(0, newline);
		this.partialLine = '';
		for (;;) {
			this.readLine(line, events);
			start = newline + 1;
			newline = text.indexOf('\n', start);
			if (newline === -1) break;
			line = text.slice(start, newline);
		}
		this.partialLine = text.slice(start);
		return events;
	}

	private readLine(rawLine: string, events: StreamEvent[], unterminated = false): void {
		this.lineNumber++;
		const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
		const payload = payloadOf(line);
		if (payload === undefined) return;
		if (payload === '[DONE]') {
			events.push({ kind: 'done', lineNumber: this.lineNumber });
			return;
		}
		const value = parseJsonObject(payload);
		if (value === undefined) {
			events.push(
				unterminated
					? { kind: 'malformed', line, lineNumber: this.lineNumber, unterminated: true }
					: { kind: 'malformed', line, lineNumber: this.lineNumber },
			);
			return;
		}
		events.push({ kind: 'json', value, lineNumber: this.lineNumber });
	}
}

/** The JSON text a line carries, or undefined for lines that carry none. */
function payloadOf(line: string): string | undefined {
	const first = line.charCodeAt(0);
	// Fast path: bare JSON line.
	if (first === 123 /* { */) return line;
	const trimmed = line.trim();
	if (trimmed.length === 0 || trimmed.startsWith(':')) return undefined;
	if (trimmed.startsWith('data:')) {
		const data = trimmed.slice(5).trim();
		return data.length === 0 ? undefined : data;
	}
	for (const field of SSE_FIELDS_TO_IGNORE) {
		if (trimmed.startsWith(field)) return undefined;
	}
	return trimmed;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

export function describeCutOffLine(event: { line: string; lineNumber: number }): string {
	return `The answer stream ended in the middle of line ${event.lineNumber}, before HotTask sent its final summary: ${preview(event.line)}`;
}

function preview(line: string): string {
	return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
