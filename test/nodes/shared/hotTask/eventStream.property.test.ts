/**
 * Properties of the stream reader and the answer collector over generated
 * streams: every framing docs/services.md allows, multi-byte answers, and byte streams cut
 * at random places (down to single bytes, inside UTF-8 characters).
 *
 * A failing run prints fast-check's seed and path; re-run one with
 * `FC_SEED=<seed> npx jest test/nodes/shared/hotTask/eventStream.property`.
 */
import fc from 'fast-check';

import { EventStreamReader, type StreamEvent } from '../../../../nodes/shared/hotTask/eventStream';
import { chunkSizes, chunksOf, collect, coverage, encoder, frameLines, noteCoverage, oneLine, pieceText, place, readEvents, runs, streamSpec, trickyText, type PlacedLine } from './generatedStreams';

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
