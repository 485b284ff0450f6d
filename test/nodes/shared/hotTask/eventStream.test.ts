import { describeMalformedLine, describeOverlongLine, EventStreamReader, MAX_LINE_BYTES, type StreamEvent } from '../../../../nodes/shared/hotTask/eventStream';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Feeds the whole text as bytes, in chunks of `size` bytes, then ends the stream. */
function readAll(text: string, size = Number.MAX_SAFE_INTEGER): StreamEvent[] {
	const reader = new EventStreamReader();
	const data = bytes(text);
	const events: StreamEvent[] = [];
	for (let start = 0; start < data.length; start += size) {
		events.push(...reader.push(data.subarray(start, start + size)));
	}
	events.push(...reader.end());
	return events;
}

const json = (value: Record<string, unknown>, lineNumber: number): StreamEvent => ({ kind: 'json', value, lineNumber });

describe('EventStreamReader', () => {
	describe('framings HotTask may use (its docs leave it open)', () => {
		it('reads SSE `data: {...}` events separated by blank lines', () => {
			expect(readAll('data: {"content":"Hel"}\n\ndata: {"content":"lo"}\n\n')).toEqual([
				json({ content: 'Hel' }, 1),
				json({ content: 'lo' }, 3),
			]);
		});

		it('reads `data:{...}` without the space after the colon', () => {
			expect(readAll('data:{"content":"Hi"}\n\n')).toEqual([json({ content: 'Hi' }, 1)]);
		});

		it('reads bare JSON lines with no framing at all', () => {
			expect(readAll('{"content":"a"}\n{"content":"b"}\n')).toEqual([
				json({ content: 'a' }, 1),
				json({ content: 'b' }, 2),
			]);
		});

		it('accepts \\r\\n line ends and never leaves a \\r in a value or a line', () => {
			const events = readAll('data: {"content":"a"}\r\n\r\n{"content":"b"}\r\nnot json\r\n');
			expect(events).toEqual([
				json({ content: 'a' }, 1),
				json({ content: 'b' }, 3),
				{ kind: 'malformed', line: 'not json', lineNumber: 4 },
			]);
		});

		it('ignores SSE comment lines, including a bare `:` keep-alive', () => {
			expect(readAll(': keep-alive\n:\ndata: {"content":"x"}\n\n')).toEqual([json({ content: 'x' }, 3)]);
		});

		it('ignores `event:`, `id:` and `retry:` lines', () => {
			const text = 'event: message\nid: 17\nretry: 3000\ndata: {"content":"x"}\n\n';
			expect(readAll(text)).toEqual([json({ content: 'x' }, 4)]);
		});

		it('ignores blank lines and lines of spaces, and `data:` lines with nothing after them', () => {
			expect(readAll('\n\n   \ndata:\ndata:   \n{"content":"x"}\n\n\n')).toEqual([json({ content: 'x' }, 6)]);
		});

		it('trims whitespace around the payload, alike for bare lines and `data:` lines', () => {
			const value = { content: 'x' };
			expect(readAll(' data:\t{"content":"x"} \n')).toEqual([json(value, 1)]);
			expect(readAll('data:   {"content":"x"}\u00a0\n')).toEqual([json(value, 1)]);
			expect(readAll('{"content":"x"}\u00a0\n')).toEqual([json(value, 1)]);
			expect(readAll('\t{"content":"x"}\t\n')).toEqual([json(value, 1)]);
		});

		it('reports `[DONE]` as a done event, framed as SSE data or on its own line', () => {
			expect(readAll('data: [DONE]\n\n')).toEqual([{ kind: 'done', lineNumber: 1 }]);
			expect(readAll('data:[DONE]\n')).toEqual([{ kind: 'done', lineNumber: 1 }]);
			expect(readAll('[DONE]\n')).toEqual([{ kind: 'done', lineNumber: 1 }]);
		});

		it('reads a piece exactly as JSON.parse would, whatever its escapes', () => {
			const contents = ['plain', '', 'say "hi"', 'C:\\data', 'line\nbreak\ttab', '\u00e9\u4f60', '\ud83d\ude00', '{"content":"x"}'];
			for (const content of contents) {
				const line = `data: ${JSON.stringify({ content })}`;
				expect(readAll(`${line}\n`)).toEqual([json(JSON.parse(line.slice(6)) as Record<string, unknown>, 1)]);
			}
		});

		it('refuses a raw control character inside a piece, as JSON does', () => {
			expect(readAll('{"content":"a\tb"}\n')).toEqual([{ kind: 'malformed', line: '{"content":"a\tb"}', lineNumber: 1 }]);
		});

		it('tolerates a byte-order mark before the first line', () => {
			expect(readAll('\uFEFFdata: {"content":"x"}\n')).toEqual([json({ content: 'x' }, 1)]);
		});
	});

	describe('chunks split anywhere', () => {
		const stream =
			': hello\r\nevent: message\r\ndata: {"content":"Grüße 👋🏽 你好 e\u0301"}\r\n\r\n' +
			'{"QuestionID":1,"AnswerID":2,"Answer":"Grüße 👋🏽 你好 e\u0301","TotalToken":3}\r\ndata: [DONE]\r\n';
		const whole = readAll(stream);

		it.each([1, 2, 3, 5, 7, 64])('gives the same events when fed %i byte(s) at a time', (size) => {
			expect(readAll(stream, size)).toEqual(whole);
		});

		it('keeps a multi-byte UTF-8 character split across two chunks intact', () => {
			const reader = new EventStreamReader();
			const data = bytes('{"content":"€"}\n'); // € is E2 82 AC
			const euro = data.indexOf(0xe2);
			expect(reader.push(data.subarray(0, euro + 1))).toEqual([]);
			expect(reader.push(data.subarray(euro + 1, euro + 2))).toEqual([]);
			expect(reader.push(data.subarray(euro + 2))).toEqual([json({ content: '€' }, 1)]);
		});

		it('returns events as soon as their line is complete, not at the end', () => {
			const reader = new EventStreamReader();
			expect(reader.push(bytes('data: {"content":"a"}\n\ndata: {"con'))).toEqual([json({ content: 'a' }, 1)]);
			expect(reader.push(bytes('tent":"b"}\n'))).toEqual([json({ content: 'b' }, 3)]);
			expect(reader.end()).toEqual([]);
		});

		it('accepts text chunks as well as byte chunks', () => {
			const reader = new EventStreamReader();
			expect([...reader.push('{"content":'), ...reader.push('"a"}\n')]).toEqual([json({ content: 'a' }, 1)]);
		});

		it('reads a last line that has no newline when the stream ends', () => {
			const reader = new EventStreamReader();
			expect(reader.push(bytes('{"content":"a"}\n{"content":"b"}'))).toEqual([json({ content: 'a' }, 1)]);
			expect(reader.end()).toEqual([json({ content: 'b' }, 2)]);
		});
	});

	describe('malformed lines', () => {
		it('reports a line that is not JSON with its 1-based line number, counting every line', () => {
			expect(readAll(': c\n\ndata: {"content":"a"}\n\ndata: oops\n\n')).toEqual([
				json({ content: 'a' }, 3),
				{ kind: 'malformed', line: 'data: oops', lineNumber: 5 },
			]);
		});

		it.each([
			['a JSON array', '[1,2]'],
			['a JSON string', 'data: "text"'],
			['a JSON number', 'data: 42'],
			['JSON null', 'null'],
			['cut-off JSON', '{"content":"a"'],
			['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
		])('reports %s as malformed, since only objects carry events', (_what, line) => {
			expect(readAll(`${line}\n`)).toEqual([{ kind: 'malformed', line, lineNumber: 1 }]);
		});

		it('keeps reading after a malformed line (the collector decides what it means)', () => {
			expect(readAll('junk\n{"content":"a"}\n')).toEqual([
				{ kind: 'malformed', line: 'junk', lineNumber: 1 },
				json({ content: 'a' }, 2),
			]);
		});

		it('marks a malformed last line that never got its newline as unterminated (the stream was cut in it)', () => {
			expect(readAll('{"content":"a"}\n{"content":"b')).toEqual([
				json({ content: 'a' }, 1),
				{ kind: 'malformed', line: '{"content":"b', lineNumber: 2, unterminated: true },
			]);
		});

		it('describes a malformed line by its number and a preview cut at 120 characters', () => {
			expect(describeMalformedLine({ line: 'data: oops', lineNumber: 5 })).toBe(
				'Line 5 of the answer stream is not a JSON object: data: oops',
			);
			const long = 'x'.repeat(500);
			expect(describeMalformedLine({ line: long, lineNumber: 1 })).toBe(
				`Line 1 of the answer stream is not a JSON object: ${'x'.repeat(120)}…`,
			);
		});
	});

	describe('memory', () => {
		it('holds back only the unfinished line', () => {
			const reader = new EventStreamReader();
			reader.push(bytes('{"content":"a"}\n{"content":"b"}\n{"cont'));
			expect(reader.bufferedLength).toBe('{"cont'.length);
			reader.push(bytes('ent":"c"}\n'));
			expect(reader.bufferedLength).toBe(0);
		});

		it('holds the bytes of an unfinished UTF-8 character with its line, and decodes them once the line ends', () => {
			const reader = new EventStreamReader();
			const emoji = bytes('🙂');
			const start = bytes('{"content":"');
			expect(reader.push(Uint8Array.of(...start, emoji[0], emoji[1]))).toEqual([]);
			expect(reader.bufferedLength).toBe(start.length + 2);
			const events = reader.push(Uint8Array.of(emoji[2], emoji[3], ...bytes('"}\n')));
			expect(events).toEqual([{ kind: 'json', value: { content: '🙂' }, lineNumber: 1 }]);
			expect(reader.bufferedLength).toBe(0);
		});

		it('lets go of the buffer a very long line needed once that line is read', () => {
			const reader = new EventStreamReader();
			const long = 'x'.repeat(200_000);
			for (let at = 0; at < long.length; at += 1000) reader.push(bytes(`${at === 0 ? '{"content":"' : ''}${long.slice(at, at + 1000)}`));
			expect(reader.bufferedLength).toBe('{"content":"'.length + long.length);
			expect(reader.push(bytes('"}\n'))).toEqual([{ kind: 'json', value: { content: long }, lineNumber: 1 }]);
			expect(reader.bufferedLength).toBe(0);
			expect((reader as unknown as { held: Uint8Array }).held.length).toBeLessThanOrEqual(64 * 1024);
		});
	});

	describe('a line that never ends', () => {
		const opening = bytes('data: {"content":"');
		const block = new Uint8Array(64 * 1024).fill(0x78);

		it(`is reported as too long once it passes ${MAX_LINE_BYTES} bytes, and let go of`, () => {
			const reader = new EventStreamReader();
			expect(reader.push(bytes('{"content":"a"}\n'))).toEqual([json({ content: 'a' }, 1)]);
			const events: StreamEvent[] = [...reader.push(opening)];
			while (events.length === 0) events.push(...reader.push(block));
			expect(events).toEqual([{ kind: 'tooLong', lineNumber: 2, heldBytes: expect.any(Number) }]);
			const [tooLong] = events as Array<Extract<StreamEvent, { kind: 'tooLong' }>>;
			expect(tooLong.heldBytes).toBeGreaterThan(MAX_LINE_BYTES);
			expect(tooLong.heldBytes).toBeLessThanOrEqual(MAX_LINE_BYTES + block.length);
			expect(reader.bufferedLength).toBe(0);
		});

		it('holds nothing of it while more arrives, and reads the lines after its newline', () => {
			const reader = new EventStreamReader();
			reader.push(opening);
			while (reader.bufferedLength > 0) reader.push(block);
			for (let index = 0; index < 32; index++) expect(reader.push(block)).toEqual([]);
			expect(reader.bufferedLength).toBe(0);
			expect(reader.push(bytes('xxx"}\n{"content":"b"}\n'))).toEqual([json({ content: 'b' }, 2)]);
			expect(reader.end()).toEqual([]);
		});

		it('is caught in text chunks too', () => {
			const reader = new EventStreamReader();
			const text = 'x'.repeat(64 * 1024);
			const events: StreamEvent[] = [...reader.push('{"content":"')];
			while (events.length === 0) events.push(...reader.push(text));
			expect(events).toEqual([{ kind: 'tooLong', lineNumber: 1, heldBytes: expect.any(Number) }]);
			expect(reader.push(`${text}"}\n[DONE]\n`)).toEqual([{ kind: 'done', lineNumber: 2 }]);
		});

		it('is described by its number and the limit', () => {
			expect(describeOverlongLine({ lineNumber: 7 })).toBe('Line 7 of the answer stream went past 1 MB without ending, so the node stopped reading it');
		});

		it('is not a line of exactly the limit, which is read as usual', () => {
			const content = 'x'.repeat(MAX_LINE_BYTES - '{"content":""}'.length);
			expect(readAll(`{"content":"${content}"}\n`, 64 * 1024)).toEqual([json({ content }, 1)]);
		});
	});

	it('never throws, whatever bytes arrive', () => {
		const reader = new EventStreamReader();
		const garbage = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256);
		expect(() => {
			reader.push(garbage);
			reader.push('');
			reader.push(new Uint8Array(0));
			reader.end();
		}).not.toThrow();
	});
});
