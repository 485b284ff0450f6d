/**
 * Incremental reader for HotTask's streamed answers.
 *
 * HotTask's docs show one JSON object per event but leave the framing open, so
 * the reader accepts SSE (`data: {...}` / `data:{...}`, with `event:`, `id:`,
 * `retry:` and `:` comment lines), bare JSON lines, `\n` or `\r\n` line ends,
 * blank lines and an optional `[DONE]` marker. Chunks may split anywhere,
 * including inside a multi-byte UTF-8 character: bytes are held back until a
 * newline byte arrives and only whole lines are decoded (0x0A never occurs
 * inside a multi-byte character), so only the unfinished line is kept in
 * memory, and a chunk without a newline costs a copy, not a decode. That line
 * is kept up to MAX_LINE_BYTES: a stream that never sends a newline would
 * otherwise be held until memory runs out.
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
	| { kind: 'malformed'; line: string; lineNumber: number; unterminated?: true }
	/** A line that grew past MAX_LINE_BYTES without ending; the rest of it is skipped unread. */
	| { kind: 'tooLong'; lineNumber: number; heldBytes: number };

export function describeMalformedLine(event: { line: string; lineNumber: number }): string {
	return `Line ${event.lineNumber} of the answer stream is not a JSON object: ${preview(event.line)}`;
}

/**
 * The longest line kept. The longest real one is the summary, which repeats the
 * whole answer: a long answer in Arabic, escaped as \uXXXX, is a few hundred KB.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

export function describeOverlongLine(event: { lineNumber: number }): string {
	return `Line ${event.lineNumber} of the answer stream went past ${MAX_LINE_BYTES / (1024 * 1024)} MB without ending, so the node stopped reading it`;
}

const SSE_FIELDS_TO_IGNORE = ['event:', 'id:', 'retry:'];

/** What push() returns for a chunk that completes no line; never modified. */
const NO_EVENTS: StreamEvent[] = Object.freeze([]) as unknown as StreamEvent[];
const NEWLINE_BYTE = 10;
/** A hold buffer grown past this by one long line is let go once the line is read. */
const KEPT_HOLD_CAPACITY = 64 * 1024;

export class EventStreamReader {
	private readonly decoder = new TextDecoder('utf-8');
	private partialLine = '';
	private lineNumber = 0;
	/** Bytes of the unfinished line, not decoded yet: `held[0, heldLength)`. */
	private held = new Uint8Array(256);
	private heldLength = 0;
	/** Inside a line already reported as too long: everything up to its newline is dropped. */
	private skippingLine = false;

	/** Feeds one network chunk; returns the events completed by it. */
	push(chunk: Uint8Array | string): StreamEvent[] {
		if (this.skippingLine) {
			const rest = this.afterSkippedLine(chunk);
			if (rest === undefined) return NO_EVENTS;
			chunk = rest;
		}
		const events = this.read(chunk);
		if (this.bufferedLength <= MAX_LINE_BYTES) return events;
		const tooLong = this.dropLongLine();
		return events.length === 0 ? [tooLong] : [...events, tooLong];
	}

	private read(chunk: Uint8Array | string): StreamEvent[] {
		if (typeof chunk === 'string') return this.consumeText(this.takeHeldText() + chunk);
		// Tiny chunks are common when a proxy forwards bytes as they come: skip the call for them.
		const lastNewline = chunk.length === 1 ? (chunk[0] === NEWLINE_BYTE ? 0 : -1) : chunk.lastIndexOf(NEWLINE_BYTE);
		if (lastNewline === -1) {
			this.hold(chunk);
			return NO_EVENTS;
		}
		let lines = chunk.subarray(0, lastNewline + 1);
		if (this.heldLength > 0) {
			this.hold(lines);
			lines = this.held.subarray(0, this.heldLength);
		}
		const text = this.decoder.decode(lines, { stream: true });
		this.releaseHeld();
		if (lastNewline + 1 < chunk.length) this.hold(chunk.subarray(lastNewline + 1));
		return this.consumeText(text);
	}

	/** Flushes what is left once the body has ended (a last line without newline). */
	end(): StreamEvent[] {
		if (this.skippingLine) {
			this.skippingLine = false;
			return [];
		}
		const events = this.consumeText(this.takeHeldText() + this.decoder.decode());
		const rest = this.partialLine;
		this.partialLine = '';
		if (rest.length > 0) this.readLine(rest, 0, rest.length, events, true);
		return events;
	}

	/** Bytes of text held back waiting for the end of their line. */
	get bufferedLength(): number {
		return this.partialLine.length + this.heldLength;
	}

	/** Reports the unfinished line as too long and lets go of it. */
	private dropLongLine(): StreamEvent {
		const event: StreamEvent = { kind: 'tooLong', lineNumber: ++this.lineNumber, heldBytes: this.bufferedLength };
		this.partialLine = '';
		this.releaseHeld();
		this.decoder.decode(); // an unfinished character of the dropped line
		this.skippingLine = true;
		return event;
	}

	/** What follows the newline that ends the skipped line, or undefined while the line goes on. */
	private afterSkippedLine(chunk: Uint8Array | string): Uint8Array | string | undefined {
		const newline = typeof chunk === 'string' ? chunk.indexOf('\n') : chunk.indexOf(NEWLINE_BYTE);
		if (newline === -1) return undefined;
		this.skippingLine = false;
		const rest = typeof chunk === 'string' ? chunk.slice(newline + 1) : chunk.subarray(newline + 1);
		return rest.length === 0 ? undefined : rest;
	}

	private hold(bytes: Uint8Array): void {
		const needed = this.heldLength + bytes.length;
		if (needed > this.held.length) {
			const grown = new Uint8Array(Math.max(needed, this.held.length * 2));
			grown.set(this.held.subarray(0, this.heldLength));
			this.held = grown;
		}
		if (bytes.length === 1) this.held[this.heldLength] = bytes[0];
		else this.held.set(bytes, this.heldLength);
		this.heldLength = needed;
	}

	private releaseHeld(): void {
		this.heldLength = 0;
		if (this.held.length > KEPT_HOLD_CAPACITY) this.held = new Uint8Array(256);
	}

	/** The held bytes as text, for a string chunk or the end (an unfinished character stays in the decoder). */
	private takeHeldText(): string {
		if (this.heldLength === 0) return '';
		const text = this.decoder.decode(this.held.subarray(0, this.heldLength), { stream: true });
		this.releaseHeld();
		return text;
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
		if (this.partialLine.length > 0) {
			const line = this.partialLine + text.slice(0, newline);
			this.partialLine = '';
			this.readLine(line, 0, line.length, events, false);
		} else {
			this.readLine(text, 0, newline, events, false);
		}
		let start = newline + 1;
		// The other lines are read in place, as ranges of `text`: no string per line.
		while ((newline = text.indexOf('\n', start)) !== -1) {
			this.readLine(text, start, newline, events, false);
			start = newline + 1;
		}
		this.partialLine = start < text.length ? text.slice(start) : '';
		return events;
	}

	/** Reads the line `text[start, end)`, its `\n` excluded. */
	private readLine(text: string, start: number, end: number, events: StreamEvent[], unterminated: boolean): void {
		const lineNumber = ++this.lineNumber;
		if (end > start && text.charCodeAt(end - 1) === 13 /* \r */) end--;
		// Most lines are pieces: read them in place, with neither a copy nor JSON.parse.
		// Everything else is in readOtherLine, which keeps this hot path small.
		const objectStart = compactObjectStart(text, start, end);
		if (objectStart !== -1) {
			const content = plainContentPiece(text, objectStart, end);
			if (content !== undefined) {
				events.push({ kind: 'json', value: { content }, lineNumber });
				return;
			}
		}
		this.readOtherLine(text, start, end, objectStart, lineNumber, events, unterminated);
	}

	private readOtherLine(
		text: string,
		start: number,
		end: number,
		objectStart: number,
		lineNumber: number,
		events: StreamEvent[],
		unterminated: boolean,
	): void {
		let payload: string | undefined;
		if (objectStart === -1) {
			payload = payloadOf(text.slice(start, end));
			if (payload === undefined) return;
			if (payload === '[DONE]') {
				events.push({ kind: 'done', lineNumber });
				return;
			}
		} else {
			payload = text.slice(objectStart, end);
		}
		const value = parseJsonObject(payload);
		if (value === undefined) {
			const line = text.slice(start, end);
			events.push(
				unterminated
					? { kind: 'malformed', line, lineNumber, unterminated: true }
					: { kind: 'malformed', line, lineNumber },
			);
			return;
		}
		events.push({ kind: 'json', value, lineNumber });
	}
}

/**
 * Where the object starts on a line `{...}` or `data:` + spaces + `{...}`, or -1
 * for any other line. Such a line has nothing to trim at either end, so
 * `payloadOf` would give the same payload.
 */
function compactObjectStart(text: string, start: number, end: number): number {
	if (end === start || text.charCodeAt(end - 1) !== 125 /* } */) return -1;
	const first = text.charCodeAt(start);
	if (first === 123 /* { */) return start;
	if (first === 100 /* d */ && text.startsWith('data:', start)) {
		let from = start + 5;
		while (text.charCodeAt(from) === 32 /* space */) from++;
		if (text.charCodeAt(from) === 123 /* { */) return from;
	}
	return -1;
}

/** The JSON text a line carries, or undefined for lines that carry none. */
function payloadOf(line: string): string | undefined {
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

const CONTENT_PIECE_START = '{"content":"';

/**
 * The bulk of every stream: a piece `{"content":"…"}` written compactly, whose
 * text has nothing to unescape, at `text[from, end)`. Returns its text, which is
 * what JSON.parse would give (a JSON string may hold any character but `"`, `\`
 * and controls), or undefined for anything else, which then goes to JSON.parse.
 */
function plainContentPiece(text: string, from: number, end: number): string | undefined {
	const first = from + CONTENT_PIECE_START.length;
	const close = end - 2; // where the closing quote must be
	if (
		close < first ||
		text.charCodeAt(close) !== 34 /* " */ ||
		text.charCodeAt(close + 1) !== 125 /* } */ ||
		!text.startsWith(CONTENT_PIECE_START, from)
	) {
		return undefined;
	}
	for (let index = first; index < close; index++) {
		const code = text.charCodeAt(index);
		if (code === 34 /* " */ || code === 92 /* \ */ || code < 32) return undefined;
	}
	return text.slice(first, close);
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
