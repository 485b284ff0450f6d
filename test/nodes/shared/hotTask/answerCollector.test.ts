import { AnswerCollector } from '../../../../nodes/shared/hotTask/answerCollector';
import { readKey, readNumber } from '../../../../nodes/shared/records';
import { EventStreamReader, type StreamEvent } from '../../../../nodes/shared/hotTask/eventStream';

let line = 0;
const json = (value: Record<string, unknown>): StreamEvent => ({ kind: 'json', value, lineNumber: ++line });
const piece = (content: string): StreamEvent => json({ content });
const done = (): StreamEvent => ({ kind: 'done', lineNumber: ++line });
const summary = (answer: string, extra: Record<string, unknown> = {}): StreamEvent =>
	json({ QuestionID: 10495005, AnswerID: 10495006, Answer: answer, TotalToken: 4994, ...extra });

/** Reads a whole stream text through the real reader into a collector. */
function collect(text: string, onPiece?: (text: string) => void) {
	const reader = new EventStreamReader();
	const collector = new AnswerCollector(onPiece);
	collector.accept(reader.push(new TextEncoder().encode(text)));
	collector.accept(reader.end());
	return collector.finish();
}

beforeEach(() => {
	line = 0;
});

describe('AnswerCollector', () => {
	describe('a complete stream', () => {
		it('joins the content pieces and takes ids and token count from the summary', () => {
			const collector = new AnswerCollector();
			collector.accept([piece('Hello'), piece(', '), piece('world'), summary('Hello, world'), done()]);
			expect(collector.finish()).toEqual({
				ok: true,
				answer: {
					answer: 'Hello, world',
					questionId: 10495005,
					answerId: 10495006,
					totalTokens: 4994,
					pieceCount: 3,
					hadSummary: true,
				},
			});
		});

		it('calls onPiece with each non-empty piece, in order, as it arrives', () => {
			const seen: string[] = [];
			const collector = new AnswerCollector((text) => seen.push(text));
			collector.accept([piece('Hel'), piece('')]);
			expect(seen).toEqual(['Hel']);
			collector.accept([piece('lo 👋'), summary('Hello 👋')]);
			expect(seen).toEqual(['Hel', 'lo 👋']);
			expect(collector.finish()).toMatchObject({ ok: true, answer: { answer: 'Hello 👋', pieceCount: 3 } });
		});

		it("takes the summary's Answer when it differs from the joined pieces, and says so", () => {
			const collector = new AnswerCollector();
			collector.accept([piece('Hello! '), piece('How can I help?'), summary('\nHello! How can I help?')]);
			expect(collector.finish()).toMatchObject({
				ok: true,
				answer: { answer: '\nHello! How can I help?', joinedPiecesDiffer: true },
			});
		});

		it('does not flag a difference when the pieces match the summary', () => {
			const collector = new AnswerCollector();
			collector.accept([piece('Hi'), summary('Hi')]);
			const outcome = collector.finish();
			expect(outcome.ok && outcome.answer.joinedPiecesDiffer).toBeUndefined();
		});

		it('uses the summary alone when no pieces came', () => {
			const collector = new AnswerCollector();
			collector.accept([summary('Whole answer')]);
			expect(collector.finish()).toMatchObject({
				ok: true,
				answer: { answer: 'Whole answer', pieceCount: 0, hadSummary: true },
			});
		});

		it('uses the joined pieces when the summary carries ids but no Answer', () => {
			const collector = new AnswerCollector();
			collector.accept([piece('a'), piece('b'), json({ QuestionID: 1, AnswerID: 2, TotalToken: 3 })]);
			expect(collector.finish()).toMatchObject({
				ok: true,
				answer: { answer: 'ab', questionId: 1, answerId: 2, totalTokens: 3 },
			});
		});

		it('matches the summary keys without regard to case, and reads numbers sent as strings', () => {
			const collector = new AnswerCollector();
			collector.accept([json({ questionId: '7', answerid: 8, answer: 'x', totalToken: ' 9 ' })]);
			expect(collector.finish()).toMatchObject({
				ok: true,
				answer: { answer: 'x', questionId: 7, answerId: 8, totalTokens: 9 },
			});
		});

		it('leaves ids undefined when they are not numbers', () => {
			const collector = new AnswerCollector();
			collector.accept([json({ QuestionID: 'abc', AnswerID: null, Answer: 'x', TotalToken: {} })]);
			const outcome = collector.finish();
			expect(outcome.ok && outcome.answer).toMatchObject({ questionId: undefined, answerId: undefined, totalTokens: undefined });
		});

		it('accepts `[DONE]` without a summary as a complete answer made of the pieces', () => {
			const collector = new AnswerCollector();
			collector.accept([piece('a'), piece('b'), done()]);
			expect(collector.finish()).toEqual({ ok: true, answer: { answer: 'ab', pieceCount: 2, hadSummary: false } });
		});

		it('takes a whole non-streamed envelope found in the stream as the summary', () => {
			const collector = new AnswerCollector();
			collector.accept([json({ Success: true, Code: 200, Data: { messageid: 375561, content: 'answer', totalToken: 4337 } })]);
			expect(collector.finish()).toMatchObject({
				ok: true,
				answer: { answer: 'answer', answerId: 375561, totalTokens: 4337, hadSummary: true },
			});
		});

		it('ignores objects that are neither pieces nor a summary, and non-string content', () => {
			const collector = new AnswerCollector();
			collector.accept([json({ type: 'ping' }), json({ content: 42 }), piece('a'), summary('a')]);
			expect(collector.finish()).toMatchObject({ ok: true, answer: { answer: 'a', pieceCount: 1 } });
		});
	});

	describe('an incomplete stream', () => {
		it('reports a stream that ended before the summary, keeping the pieces as the partial answer', () => {
			const collector = new AnswerCollector();
			collector.accept([piece('Hel'), piece('lo')]);
			expect(collector.finish()).toEqual({
				ok: false,
				problem: { kind: 'incomplete', message: 'The answer stream ended before HotTask sent its final summary' },
				partialAnswer: 'Hello',
			});
		});

		it('reports a connection that broke off, even after `[DONE]`', () => {
			const collector = new AnswerCollector();
			collector.accept([piece('Hel'), done()]);
			expect(collector.finish(true)).toEqual({
				ok: false,
				problem: { kind: 'incomplete', message: 'The connection broke before the whole answer arrived' },
				partialAnswer: 'Hel',
			});
		});

		it('still succeeds when the connection broke after the summary arrived', () => {
			const collector = new AnswerCollector();
			collector.accept([piece('Hi'), summary('Hi')]);
			expect(collector.finish(true)).toMatchObject({ ok: true, answer: { answer: 'Hi' } });
		});

		it('reports an empty stream as incomplete with an empty partial answer', () => {
			expect(new AnswerCollector().finish()).toMatchObject({ ok: false, problem: { kind: 'incomplete' }, partialAnswer: '' });
		});

		it('calls a stream that ends in the middle of a line incomplete, not malformed, and names the line', () => {
			const outcome = collect('data: {"content":"Hel"}\n\ndata: {"content":"lo"}\n\ndata: {"content":"wo');
			expect(outcome).toEqual({
				ok: false,
				problem: {
					kind: 'incomplete',
					message:
						'The answer stream ended in the middle of line 5, before HotTask sent its final summary: data: {"content":"wo',
				},
				partialAnswer: 'Hello',
			});
		});

		it('loses nothing when the stream is cut inside a `[DONE]` after the summary', () => {
			expect(collect('{"content":"Hi"}\n{"QuestionID":1,"AnswerID":2,"Answer":"Hi","TotalToken":3}\ndata: [DO')).toMatchObject({
				ok: true,
				answer: { answer: 'Hi', questionId: 1 },
			});
		});
	});

	describe('problems reported by the stream', () => {
		it('reports a malformed line with its line number and keeps the pieces before it', () => {
			const outcome = collect('data: {"content":"a"}\n\ndata: {not json\n\ndata: {"content":"b"}\n\n');
			expect(outcome).toEqual({
				ok: false,
				problem: { kind: 'malformedLine', message: 'Line 3 of the answer stream is not a JSON object: data: {not json' },
				partialAnswer: 'a',
			});
		});

		it('reports an error envelope sent inside the stream with its message and code', () => {
			const collector = new AnswerCollector();
			collector.accept([piece('a'), json({ Success: false, Code: 4001, Message: 'Chatbot is disabled' })]);
			expect(collector.failed).toBe(true);
			expect(collector.finish()).toEqual({
				ok: false,
				problem: { kind: 'serviceError', message: 'Chatbot is disabled', serviceCode: 4001 },
				partialAnswer: 'a',
			});
		});

		it('gives an error envelope without a message a generic one', () => {
			const collector = new AnswerCollector();
			collector.accept([json({ success: false })]);
			expect(collector.finish()).toMatchObject({
				ok: false,
				problem: { kind: 'serviceError', message: 'HotTask reported a failure in the stream', serviceCode: undefined },
			});
		});

		it('stops at the first problem: later events, even a summary, are ignored', () => {
			const seen: string[] = [];
			const collector = new AnswerCollector((text) => seen.push(text));
			collector.accept([
				piece('a'),
				{ kind: 'malformed', line: 'oops', lineNumber: 2 },
				piece('b'),
				json({ Success: false, Message: 'later' }),
				summary('ab'),
			]);
			expect(seen).toEqual(['a']);
			expect(collector.finish()).toMatchObject({ ok: false, problem: { kind: 'malformedLine' }, partialAnswer: 'a' });
		});
	});

	describe('readKey and readNumber', () => {
		it('find a key whatever its case', () => {
			expect(readKey({ SessionID: 5 }, 'sessionid')).toBe(5);
			expect(readKey({ sessionId: 5 }, 'sessionid')).toBe(5);
			expect(readKey({ session: 5 }, 'sessionid')).toBeUndefined();
		});

		it('read finite numbers and numeric strings, nothing else', () => {
			expect(readNumber({ n: 3 }, 'n')).toBe(3);
			expect(readNumber({ n: '3.5' }, 'n')).toBe(3.5);
			expect(readNumber({ n: '' }, 'n')).toBeUndefined();
			expect(readNumber({ n: '  ' }, 'n')).toBeUndefined();
			expect(readNumber({ n: 'x' }, 'n')).toBeUndefined();
			expect(readNumber({ n: Infinity }, 'n')).toBeUndefined();
			expect(readNumber({ n: true }, 'n')).toBeUndefined();
		});
	});
});
