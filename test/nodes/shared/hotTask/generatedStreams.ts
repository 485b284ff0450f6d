/**
 * Generated answer streams for the stream reader's property tests: every
 * framing docs/services.md allows, multi-byte answers, and the chunk sizes that
 * cut them, down to single bytes inside UTF-8 characters.
 */
import fc from 'fast-check';

import { AnswerCollector, type StreamOutcome } from '../../../../nodes/shared/hotTask/answerCollector';
import { EventStreamReader, type StreamEvent } from '../../../../nodes/shared/hotTask/eventStream';
import { FC_SEED } from '../../../harness/fcSeed';

export const seed: number | undefined = FC_SEED;
export function runs<T>(numRuns: number): fc.Parameters<T> {
	return seed === undefined ? { numRuns } : { numRuns, seed };
}

// ---------------------------------------------------------------------------
// Answer text

/** Characters that stress JSON escaping, line splitting or the framing itself. */
export const trickyText = fc.constantFrom(
	'"', '\\', '\n', '\r', '\r\n', '\t', '\u0000', '\u001f', '\u2028', '\u2029', '\uFEFF',
	'data: ', '[DONE]', ':', '{', '}', 'e\u0301', 'ñ', '€', '你好', '😀', '👍🏽', '👨‍👩‍👧', '🇮🇸',
);
/** A server may split an emoji's surrogate pair between two pieces: JSON carries each half escaped. */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

export const pieceText = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 4 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
	{ weight: 2, arbitrary: fc.string({ unit: fc.oneof(trickyText, loneSurrogate), maxLength: 4 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
);

// ---------------------------------------------------------------------------
// Stream model

export const oneLine = (text: string): boolean => !text.includes('\n') && !text.includes('\r');

/** Lines that carry no event and must be skipped: SSE comments and fields, blank lines. */
export const ignoredLine = fc.oneof(
	fc.constantFrom(':', ': keep-alive', 'event: message', 'event:answer', 'id: 10495006', 'id:1', 'retry: 3000', '', '   ', 'data:', 'data: '),
	fc.string({ unit: 'grapheme', maxLength: 8 }).filter(oneLine).map((text) => `: ${text}`),
);

export const KEY_CASES = {
	canonical: { content: 'content', question: 'QuestionID', answerId: 'AnswerID', answer: 'Answer', tokens: 'TotalToken' },
	lower: { content: 'content', question: 'questionid', answerId: 'answerid', answer: 'answer', tokens: 'totaltoken' },
	camel: { content: 'Content', question: 'questionId', answerId: 'answerId', answer: 'answer', tokens: 'totalToken' },
} as const;

export const streamSpec = fc.record({
	pieces: fc.array(pieceText, { maxLength: 12 }),
	questionId: fc.maxSafeNat(),
	answerId: fc.maxSafeNat(),
	totalTokens: fc.nat(),
	keyCase: fc.constantFrom<keyof typeof KEY_CASES>('canonical', 'lower', 'camel'),
	summaryCarriesAnswer: fc.boolean(),
	/** One prefix for the whole stream, or a mix cycled over the events. */
	prefixes: fc.oneof(
		fc.constantFrom('data: ', 'data:', '').map((prefix) => [prefix]),
		fc.array(fc.constantFrom('data: ', 'data:', ''), { minLength: 2, maxLength: 5 }),
	),
	eols: fc.oneof(
		fc.constantFrom('\n', '\r\n').map((eol) => [eol]),
		fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 2, maxLength: 5 }),
	),
	/** Lines put before each event (cycled). */
	extras: fc.array(fc.array(ignoredLine, { maxLength: 2 }), { maxLength: 6 }),
	blankLineAfterEvent: fc.boolean(),
	done: fc.constantFrom(null, 'data: [DONE]', 'data:[DONE]', '[DONE]'),
	trailingNewline: fc.boolean(),
});
export type StreamSpec = typeof streamSpec extends fc.Arbitrary<infer T> ? T : never;

export type LineRole = 'piece' | 'summary' | 'malformed' | 'other';
export interface Line {
	text: string;
	role: LineRole;
	pieceIndex?: number;
}
export interface PlacedLine extends Line {
	/** Byte offsets: where the line starts, where its text ends, and after its line end. */
	start: number;
	textEnd: number;
	end: number;
	/** UTF-16 length of the line as the reader sees it before the newline (a \r included). */
	readerLength: number;
	/** The same in bytes: what the reader holds back of an unfinished line. */
	readerBytes: number;
	lineNumber: number;
}
export interface Stream {
	spec: StreamSpec;
	bytes: Uint8Array;
	lines: PlacedLine[];
}

export function eventLines(spec: StreamSpec): Line[] {
	const keys = KEY_CASES[spec.keyCase];
	const summary: Record<string, unknown> = {
		[keys.question]: spec.questionId,
		[keys.answerId]: spec.answerId,
		[keys.tokens]: spec.totalTokens,
	};
	if (spec.summaryCarriesAnswer) summary[keys.answer] = spec.pieces.join('');
	const events: Line[] = spec.pieces.map((text, pieceIndex) => ({
		text: JSON.stringify({ [keys.content]: text }),
		role: 'piece' as const,
		pieceIndex,
	}));
	events.push({ text: JSON.stringify(summary), role: 'summary' });
	return events;
}

/**
 * Frames the events as lines. `insert` adds a line before event `at` (or after
 * the summary when `at` equals the event count), framed with that event's prefix.
 */
export function frameLines(spec: StreamSpec, insert?: { at: number; text: string; role: LineRole }): Line[] {
	const lines: Line[] = [];
	const events = eventLines(spec);
	const framed = (index: number, line: Line): Line => ({ ...line, text: spec.prefixes[index % spec.prefixes.length] + line.text });
	for (let index = 0; index <= events.length; index++) {
		if (insert?.at === index) lines.push(framed(index, insert));
		if (index === events.length) break;
		const extras = spec.extras.length > 0 ? spec.extras[index % spec.extras.length] : [];
		for (const extra of extras) lines.push({ text: extra, role: 'other' });
		lines.push(framed(index, events[index]));
		if (spec.blankLineAfterEvent) lines.push({ text: '', role: 'other' });
	}
	if (spec.done !== null) lines.push({ text: spec.done, role: 'other' });
	return lines;
}

export const encoder = new TextEncoder();

export function place(spec: StreamSpec, lines: Line[], trailingNewline = spec.trailingNewline): Stream {
	const parts: Uint8Array[] = [];
	const placed: PlacedLine[] = [];
	let offset = 0;
	lines.forEach((line, index) => {
		const isLast = index === lines.length - 1;
		const eol = isLast && !trailingNewline ? '' : spec.eols[index % spec.eols.length];
		const text = encoder.encode(line.text);
		const end = encoder.encode(eol);
		parts.push(text, end);
		placed.push({
			...line,
			start: offset,
			textEnd: offset + text.length,
			end: offset + text.length + end.length,
			readerLength: line.text.length + (eol === '\r\n' ? 1 : 0),
			readerBytes: text.length + (eol === '\r\n' ? 1 : 0),
			lineNumber: index + 1,
		});
		offset += text.length + end.length;
	});
	const bytes = new Uint8Array(offset);
	let at = 0;
	for (const part of parts) {
		bytes.set(part, at);
		at += part.length;
	}
	return { spec, bytes, lines: placed };
}

// ---------------------------------------------------------------------------
// Chunking

/** Chunk sizes, cycled: single bytes, small sizes, or larger ones. */
export const chunkSizes: fc.Arbitrary<readonly number[]> = fc.oneof(
	{ weight: 2, arbitrary: fc.constant([1]) },
	{ weight: 4, arbitrary: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }) },
	{ weight: 2, arbitrary: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 6 }) },
	{ weight: 1, arbitrary: fc.constant([Number.MAX_SAFE_INTEGER]) },
);

export function* chunksOf(bytes: Uint8Array, sizes: readonly number[]): Generator<Uint8Array> {
	let start = 0;
	for (let index = 0; start < bytes.length; index++) {
		const size = sizes[index % sizes.length];
		yield bytes.subarray(start, start + size);
		start += size;
	}
}

/** Counts runs whose chunk boundaries fall inside a UTF-8 character (a continuation byte follows). */
export const coverage = { runs: 0, cutInsideCharacter: 0 };
export function noteCoverage(bytes: Uint8Array, sizes: readonly number[]): void {
	coverage.runs++;
	let boundary = 0;
	for (let index = 0; boundary < bytes.length; index++) {
		boundary += sizes[index % sizes.length];
		if (boundary < bytes.length && (bytes[boundary] & 0xc0) === 0x80) {
			coverage.cutInsideCharacter++;
			return;
		}
	}
}

export interface Collected {
	outcome: StreamOutcome;
	forwarded: string[];
}

export function collect(bytes: Uint8Array, sizes: readonly number[], ending: 'end' | 'brokenOff' = 'end'): Collected {
	const forwarded: string[] = [];
	const reader = new EventStreamReader();
	const collector = new AnswerCollector((text) => forwarded.push(text));
	for (const chunk of chunksOf(bytes, sizes)) collector.accept(reader.push(chunk));
	if (ending === 'end') {
		collector.accept(reader.end());
		return { outcome: collector.finish(), forwarded };
	}
	return { outcome: collector.finish(true), forwarded };
}

export function readEvents(bytes: Uint8Array, sizes: readonly number[]): StreamEvent[] {
	const reader = new EventStreamReader();
	const events: StreamEvent[] = [];
	for (const chunk of chunksOf(bytes, sizes)) events.push(...reader.push(chunk));
	events.push(...reader.end());
	return events;
}
