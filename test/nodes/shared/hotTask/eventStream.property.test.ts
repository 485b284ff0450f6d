/**
 * Properties of the stream reader and the answer collector over generated
 * streams: every framing docs/services.md allows, multi-byte answers, and byte streams cut
 * at random places (down to single bytes, inside UTF-8 characters).
 *
 * A failing run prints fast-check's seed and path; re-run one with
 * `FC_SEED=<seed> npx jest test/nodes/shared/eventStream.property`.
 */
import fc from 'fast-check';

import { AnswerCollector, type StreamOutcome } from '../../../../nodes/shared/hotTask/answerCollector';
import { EventStreamReader, type StreamEvent } from '../../../../nodes/shared/hotTask/eventStream';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
function runs<T>(numRuns: number): fc.Parameters<T> {
	return seed === undefined ? { numRuns } : { numRuns, seed };
}

// ---------------------------------------------------------------------------
// Answer text

/** Characters that stress JSON escaping, line splitting or the framing itself. */
const trickyText = fc.constantFrom(
	'"', '\\', '\n', '\r', '\r\n', '\t', '\u0000', '\u001f', '\u2028', '\u2029', '\uFEFF',
	'data: ', '[DONE]', ':', '{', '}', 'e\u0301', 'ñ', '€', '你好', '😀', '👍🏽', '👨‍👩‍👧', '🇮🇸',
);
/** A server may split an emoji's surrogate pair between two pieces: JSON carries each half escaped. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

const pieceText = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 4 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
	{ weight: 2, arbitrary: fc.string({ unit: fc.oneof(trickyText, loneSurrogate), maxLength: 4 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
);

// ---------------------------------------------------------------------------
// Stream model

const oneLine = (text: string): boolean => !text.includes('\n') && !text.includes('\r');

/** Lines that carry no event and must be skipped: SSE comments and fields, blank lines. */
const ignoredLine = fc.oneof(
	fc.constantFrom(':', ': keep-alive', 'event: message', 'event:answer', 'id: 10495006', 'id:1', 'retry: 3000', '', '   ', 'data:', 'data: '),
	fc.string({ unit: 'grapheme', maxLength: 8 }).filter(oneLine).map((text) => `: ${text}`),
);

const KEY_CASES = {
	canonical: { content: 'content', question: 'QuestionID', answerId: 'AnswerID', answer: 'Answer', tokens: 'TotalToken' },
	lower: { content: 'content', question: 'questionid', answerId: 'answerid', answer: 'answer', tokens: 'totaltoken' },
	camel: { content: 'Content', question: 'questionId', answerId: 'answerId', answer: 'answer', tokens: 'totalToken' },
} as const;

const streamSpec = fc.record({
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
type StreamSpec = typeof streamSpec extends fc.Arbitrary<infer T> ? T : never;

type LineRole = 'piece' | 'summary' | 'malformed' | 'other';
interface Line {
	text: string;
	role: LineRole;
	pieceIndex?: number;
}
interface PlacedLine extends Line {
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
interface Stream {
	spec: StreamSpec;
	bytes: Uint8Array;
	lines: PlacedLine[];
}

function eventLines(spec: StreamSpec): Line[] {
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
function frameLines(spec: StreamSpec, insert?: { at: number; text: string; role: LineRole }): Line[] {
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

const encoder = new TextEncoder();

function place(spec: StreamSpec, lines: Line[], trailingNewline = spec.trailingNewline): Stream {
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
const chunkSizes: fc.Arbitrary<readonly number[]> = fc.oneof(
	{ weight: 2, arbitrary: fc.constant([1]) },
	{ weight: 4, arbitrary: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }) },
	{ weight: 2, arbitrary: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 6 }) },
	{ weight: 1, arbitrary: fc.constant([Number.MAX_SAFE_INTEGER]) },
);

function* chunksOf(bytes: Uint8Array, sizes: readonly number[]): Generator<Uint8Array> {
	let start = 0;
	for (let index = 0; start < bytes.length; index++) {
		const size = sizes[index % sizes.length];
		yield bytes.subarray(start, start + size);
		start += size;
	}
}

/** Counts runs whose chunk boundaries fall inside a UTF-8 character (a continuation byte follows). */
const coverage = { runs: 0, cutInsideCharacter: 0 };
function noteCoverage(bytes: Uint8Array, sizes: readonly number[]): void {
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

interface Collected {
	outcome: StreamOutcome;
	forwarded: string[];
}

function collect(bytes: Uint8Array, sizes: readonly number[], ending: 'end' | 'brokenOff' = 'end'): Collected {
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

function readEvents(bytes: Uint8Array, sizes: readonly number[]): StreamEvent[] {
	const reader = new EventStreamReader();
	const events: StreamEvent[] = [];
	for (const chunk of chunksOf(bytes, sizes)) events.push(...reader.push(chunk));
	events.push(...reader.end());
	return events;
}

// ---------------------------------------------------------------------------
// Properties

describe('EventStreamReader + AnswerCollector, on generated streams', () => {
	it('collect exactly the answer, ids and token count, whatever the framing and wherever the chunks split (10,000 streams)', () => {
		coverage.runs = 0;
		coverage.cutInsideCharacter = 0;
		fc.assert(
			fc.property(streamSpec, chunkSizes, (spec, sizes) => {
				const stream = place(spec, frameLines(spec));
				noteCoverage(stream.bytes, sizes);
				const { outcome, forwarded } = collect(stream.bytes, sizes);
				const answer = spec.pieces.join('');
				expect(outcome).toEqual({
					ok: true,
					answer: {
						answer,
						questionId: spec.questionId,
						answerId: spec.answerId,
						totalTokens: spec.totalTokens,
						pieceCount: spec.pieces.length,
						hadSummary: true,
					},
				});
				expect(forwarded.join('')).toBe(answer);
				expect(forwarded).toEqual(spec.pieces.filter((piece) => piece.length > 0));
			}),
			runs(10_000),
		);
		// The generators must really have cut inside multi-byte characters, and often.
		expect(coverage.runs).toBe(10_000);
		expect(coverage.cutInsideCharacter / coverage.runs).toBeGreaterThan(0.2);
	});

	describe('a stream cut before its summary', () => {
		const cutStream = streamSpec.chain((spec) => {
			const stream = place(spec, frameLines(spec));
			const summary = stream.lines.find((line) => line.role === 'summary')!;
			// Anywhere before the summary's last byte: the summary never arrives whole.
			return fc.record({
				stream: fc.constant(stream),
				cutAt: fc.integer({ min: 0, max: summary.textEnd - 1 }),
				sizes: chunkSizes,
			});
		});

		it('is incomplete, keeping as the partial answer the pieces that fully arrived, whether the body ends cleanly or breaks off', () => {
			fc.assert(
				fc.property(cutStream, ({ stream, cutAt, sizes }) => {
					const prefix = stream.bytes.subarray(0, cutAt);
					const pieces = (lines: PlacedLine[]) => lines.map((line) => stream.spec.pieces[line.pieceIndex!]).join('');
					const pieceLines = stream.lines.filter((line) => line.role === 'piece');

					// Ended cleanly: the reader still reads a last line that is whole without its newline.
					expect(collect(prefix, sizes, 'end').outcome).toMatchObject({
						ok: false,
						problem: { kind: 'incomplete' },
						partialAnswer: pieces(pieceLines.filter((line) => line.textEnd <= cutAt)),
					});
					// Broken off (a reset): end() is never called, so only lines whose newline arrived count.
					expect(collect(prefix, sizes, 'brokenOff').outcome).toEqual({
						ok: false,
						problem: { kind: 'incomplete', message: 'The connection broke before the whole answer arrived' },
						partialAnswer: pieces(pieceLines.filter((line) => line.end <= cutAt)),
					});
				}),
				runs(10_000),
			);
		});
	});

	describe('a malformed line', () => {
		/** What the reader must treat as malformed, from the rules in docs/services.md (used only to filter random text). */
		function isMalformed(line: string): boolean {
			const trimmed = line.trim();
			if (trimmed === '' || trimmed.startsWith(':') || /^(event|id|retry):/.test(trimmed)) return false;
			const payload = trimmed.startsWith('data:') ? trimmed.slice(5).trim() : trimmed;
			if (payload === '' || payload === '[DONE]') return false;
			try {
				const value: unknown = JSON.parse(payload);
				return value === null || typeof value !== 'object' || Array.isArray(value);
			} catch {
				return true;
			}
		}

		const malformedText = fc.oneof(
			fc.constantFrom('{not json', 'data', 'hello', '<html>502 Bad Gateway</html>', '{"content":"a"}}', "{'content':'a'}"),
			// A piece line cut short: a proper prefix of a JSON object is never a JSON object.
			fc.tuple(pieceText, fc.nat()).map(([text, cut]) => {
				const json = JSON.stringify({ content: text });
				return json.slice(0, 1 + (cut % (json.length - 1)));
			}),
			// Valid JSON that is not an object.
			fc.jsonValue({ maxDepth: 2 }).filter((value) => value === null || typeof value !== 'object' || Array.isArray(value)).map((value) => JSON.stringify(value)),
			fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
		).filter((text) => oneLine(text) && isMalformed(text));

		const streamWithMalformedLine = streamSpec.chain((spec) =>
			fc.record({
				spec: fc.constant(spec),
				text: malformedText,
				at: fc.integer({ min: 0, max: spec.pieces.length + 1 }),
				sizes: chunkSizes,
			}),
		);

		it('always ends collection with kind malformedLine naming its line number, keeping the pieces before it', () => {
			fc.assert(
				fc.property(streamWithMalformedLine, ({ spec, text, at, sizes }) => {
					const lines = frameLines(spec, { at, text, role: 'malformed' });
					// The bad line is followed by a newline, so it was not cut off by the end of the body.
					const isLast = lines[lines.length - 1].role === 'malformed';
					const stream = place(spec, lines, spec.trailingNewline || isLast);
					const bad = stream.lines.find((line) => line.role === 'malformed')!;
					fc.pre(isMalformed(bad.text));
					const before = stream.lines.filter((line) => line.role === 'piece' && line.lineNumber < bad.lineNumber);
					const { outcome } = collect(stream.bytes, sizes);
					expect(outcome).toMatchObject({ ok: false, problem: { kind: 'malformedLine' } });
					if (outcome.ok) return;
					expect(outcome.problem.message.startsWith(`Line ${bad.lineNumber} of the answer stream is not a JSON object: `)).toBe(true);
					expect(outcome.partialAnswer).toBe(before.map((line) => spec.pieces[line.pieceIndex!]).join(''));
				}),
				runs(5_000),
			);
		});
	});

	describe('EventStreamReader alone', () => {
		it('gives the same events however the bytes are chunked, for any bytes at all (never throwing)', () => {
			const anyBytes = fc.oneof(
				fc.uint8Array({ maxLength: 200 }),
				// Mostly text, with some stray bytes that are not UTF-8.
				fc.array(fc.oneof(fc.string({ unit: fc.oneof(trickyText, fc.string({ unit: 'grapheme', maxLength: 3 })) , maxLength: 8 }).map((text) => encoder.encode(text)), fc.uint8Array({ maxLength: 3 })), { maxLength: 20 }).map(
					(parts) => Uint8Array.from(parts.flatMap((part) => [...part])),
				),
			);
			fc.assert(
				fc.property(anyBytes, chunkSizes, (bytes, sizes) => {
					expect(readEvents(bytes, sizes)).toEqual(readEvents(bytes, [Number.MAX_SAFE_INTEGER]));
				}),
				runs(5_000),
			);
		});

		it("reads each line as a plain line-by-line reading of the rules in docs/services.md would, whatever the chunking", () => {
			/** The rules, applied to the whole text at once: the reference the incremental reader must match. */
			function referenceEvents(text: string): StreamEvent[] {
				const lines = text.split('\n');
				const last = lines.pop()!;
				const events: StreamEvent[] = [];
				const read = (raw: string, lineNumber: number, unterminated: boolean) => {
					const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
					const trimmed = line.trim();
					if (trimmed === '' || trimmed.startsWith(':') || /^(event|id|retry):/.test(trimmed)) return;
					const payload = trimmed.startsWith('data:') ? trimmed.slice(5).trim() : trimmed;
					if (payload === '') return;
					if (payload === '[DONE]') return void events.push({ kind: 'done', lineNumber });
					let value: unknown;
					try {
						value = JSON.parse(payload);
					} catch {
						value = undefined;
					}
					if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
						events.push({ kind: 'json', value: value as Record<string, unknown>, lineNumber });
					} else {
						events.push(unterminated ? { kind: 'malformed', line, lineNumber, unterminated: true } : { kind: 'malformed', line, lineNumber });
					}
				};
				lines.forEach((line, index) => read(line, index + 1, false));
				if (last !== '') read(last, lines.length + 1, true);
				return events;
			}
			const prefix = fc.constantFrom('', 'data:', 'data: ', 'data:  ', 'data:\t', ' data: ', '\tdata:', 'Data: ', 'data', ' ', ':', ': ', 'event:', 'event: ', 'id:', 'retry: ', 'event', 'ping: ');
			const payload = fc.oneof(
				pieceText.map((content) => JSON.stringify({ content })),
				fc.constantFrom('{"a":1}', '{ "a" : [1, {"b": null}] }', '{}', '[DONE]', ' [DONE] ', '[done]', '', '"text"', '[1]', 'null', '42', '{not json', '{"a":1', 'hello', 'data: {"a":1}'),
			);
			const suffix = fc.constantFrom('', ' ', '  ', '\t', '\r', ' \r', '\u00a0', '\uFEFF');
			const soup = fc.record({
				lines: fc.array(fc.tuple(prefix, payload, suffix).map((parts) => parts.join('')), { maxLength: 12 }),
				eol: fc.constantFrom('\n', '\r\n'),
				trailingNewline: fc.boolean(),
			});
			fc.assert(
				fc.property(soup, chunkSizes, ({ lines, eol, trailingNewline }, sizes) => {
					const text = lines.join(eol) + (trailingNewline && lines.length > 0 ? eol : '');
					expect(readEvents(encoder.encode(text), sizes)).toEqual(referenceEvents(text));
				}),
				runs(5_000),
			);
		});

		it('holds back at most one line: bufferedLength never exceeds the longest line, on long streams fed in small chunks', () => {
			const longSpec = streamSpec.chain((spec) =>
				fc.record({
					spec: fc.constant({ ...spec }),
					pieces: fc.array(pieceText, { minLength: 300, maxLength: 800 }),
					sizes: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 6 }),
				}),
			);
			fc.assert(
				fc.property(longSpec, ({ spec, pieces, sizes }) => {
					const stream = place({ ...spec, pieces }, frameLines({ ...spec, pieces }));
					const longest = Math.max(...stream.lines.map((line) => line.readerBytes));
					const reader = new EventStreamReader();
					let fed = 0;
					let lineIndex = 0;
					let worst = 0;
					for (const chunk of chunksOf(stream.bytes, sizes)) {
						reader.push(chunk);
						fed += chunk.length;
						while (lineIndex < stream.lines.length - 1 && stream.lines[lineIndex].end <= fed) lineIndex++;
						// Never more than the line being read, so never more than the longest line.
						if (reader.bufferedLength > stream.lines[lineIndex].readerBytes) {
							throw new Error(`holding ${reader.bufferedLength} bytes inside line ${lineIndex + 1} of ${stream.lines[lineIndex].readerBytes}`);
						}
						worst = Math.max(worst, reader.bufferedLength);
					}
					expect(worst).toBeLessThanOrEqual(longest);
				}),
				runs(200),
			);
		});
	});
});
