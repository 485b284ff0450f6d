/**
 * Turns the events of a streamed HotTask answer into one answer.
 *
 * Pieces look like `{"content": "Hel"}`; the last event is a summary
 * `{"QuestionID", "AnswerID", "Answer", "TotalToken"}`. An error can also
 * arrive as an envelope (`{"Success": false, "Message": ...}`) in the stream.
 * Keys are matched without regard to case because the docs do not promise it.
 * The first problem ends collection; `finish` reports it instead of throwing,
 * so the caller turns it into the user's error with the partial answer.
 */
import { asRecord, readKey, readNumber } from '../records';
import { describeCutOffLine, describeMalformedLine, describeOverlongLine, type StreamEvent } from './eventStream';

export interface CollectedAnswer {
	answer: string;
	questionId?: number;
	answerId?: number;
	totalTokens?: number;
	pieceCount: number;
	/** False when the stream ended with `[DONE]` but sent no summary. */
	hadSummary: boolean;
	/** Set when the summary's Answer differs from the joined pieces (the summary wins). */
	joinedPiecesDiffer?: boolean;
}

export type StreamProblem =
	| { kind: 'serviceError'; message: string; serviceCode?: number }
	| { kind: 'malformedLine'; message: string }
	| { kind: 'incomplete'; message: string };

export type StreamOutcome =
	| { ok: true; answer: CollectedAnswer }
	| { ok: false; problem: StreamProblem; partialAnswer: string };

export class AnswerCollector {
	/** Pieces already joined, in batches: one string instead of one per piece. */
	private joinedPieces = '';
	/** Pieces since the last batch was joined. */
	private readonly recentPieces: string[] = [];
	private pieceCount = 0;
	private summary: Record<string, unknown> | undefined;
	private sawDone = false;
	private problem: StreamProblem | undefined;

	constructor(private readonly onPiece?: (text: string) => void) {}

	get partialAnswer(): string {
		return this.joinedPieces + this.recentPieces.join('');
	}

	/** True once something went wrong; later events are ignored. */
	get failed(): boolean {
		return this.problem !== undefined;
	}

	accept(events: StreamEvent[]): void {
		for (const event of events) {
			if (this.problem) return;
			if (event.kind === 'done') this.sawDone = true;
			else if (event.kind === 'malformed') this.acceptMalformed(event);
			else if (event.kind === 'tooLong') this.problem = { kind: 'malformedLine', message: describeOverlongLine(event) };
			else this.acceptObject(event.value);
		}
	}

	/** @param brokenOff the connection ended abnormally (reset, time-out) */
	finish(brokenOff = false): StreamOutcome {
		const joined = this.partialAnswer;
		if (this.problem) return { ok: false, problem: this.problem, partialAnswer: joined };
		if (this.summary === undefined) {
			if (brokenOff || !this.sawDone) {
				return {
					ok: false,
					problem: {
						kind: 'incomplete',
						message: brokenOff
							? 'The connection broke before the whole answer arrived'
							: 'The answer stream ended before HotTask sent its final summary',
					},
					partialAnswer: joined,
				};
			}
			return { ok: true, answer: { answer: joined, pieceCount: this.pieceCount, hadSummary: false } };
		}
		return { ok: true, answer: answerFromSummary(this.summary, joined, this.pieceCount) };
	}

	private acceptMalformed(event: Extract<StreamEvent, { kind: 'malformed' }>): void {
		if (!event.unterminated) {
			this.problem = { kind: 'malformedLine', message: describeMalformedLine(event) };
		} else if (this.summary === undefined) {
			// The body ended inside a line: the stream was cut, the line itself is not at fault.
			this.problem = { kind: 'incomplete', message: describeCutOffLine(event) };
		}
		// A cut-off line after the summary (say `data: [DON`) loses nothing.
	}

	private acceptObject(value: Record<string, unknown>): void {
		// Fast path for the bulk of every stream: `{"content": "..."}` and nothing else.
		const content = value.content;
		if (typeof content === 'string' && hasOnlyContentKey(value)) {
			this.addPiece(content);
			return;
		}
		const success = readKey(value, 'success');
		if (success === false) {
			const message = readKey(value, 'message');
			this.problem = {
				kind: 'serviceError',
				message: typeof message === 'string' && message ? message : 'HotTask reported a failure in the stream',
				serviceCode: readNumber(value, 'code'),
			};
			return;
		}
		if (success === true && readKey(value, 'data') !== undefined) {
			// A whole non-streamed answer inside the stream: take it as the summary.
			this.summary = summaryOfWholeAnswer(readKey(value, 'data'));
			return;
		}
		if (isSummary(value)) {
			this.summary = value;
			return;
		}
		const anyCaseContent = readKey(value, 'content');
		if (typeof anyCaseContent === 'string') this.addPiece(anyCaseContent);
	}

	private addPiece(content: string): void {
		this.recentPieces.push(content);
		this.pieceCount++;
		if (this.recentPieces.length === PIECES_PER_BATCH) {
			// Keeps memory near the answer's size and spares the GC a long list of small strings.
			this.joinedPieces += this.recentPieces.join('');
			this.recentPieces.length = 0;
		}
		if (content.length > 0) this.onPiece?.(content);
	}
}

const PIECES_PER_BATCH = 1024;

function hasOnlyContentKey(value: Record<string, unknown>): boolean {
	for (const key in value) {
		if (key !== 'content') return false;
	}
	return true;
}

function isSummary(value: Record<string, unknown>): boolean {
	return (
		readKey(value, 'answer') !== undefined ||
		readKey(value, 'answerid') !== undefined ||
		readKey(value, 'questionid') !== undefined
	);
}

/**
 * A whole answer as HotTask sends it without streaming (ClientAsk's Data:
 * `{messageid, content, totalToken}`), in the summary's terms.
 */
function summaryOfWholeAnswer(data: unknown): Record<string, unknown> {
	const record = asRecord(data) ?? {};
	return {
		Answer: readKey(record, 'content') ?? readKey(record, 'answer') ?? '',
		AnswerID: readKey(record, 'messageid') ?? readKey(record, 'answerid'),
		QuestionID: readKey(record, 'questionid'),
		TotalToken: readKey(record, 'totaltoken'),
	};
}

/** The answer a summary describes; the summary's Answer wins over the joined pieces. */
function answerFromSummary(summary: Record<string, unknown>, joined: string, pieceCount: number): CollectedAnswer {
	const summaryAnswer = readKey(summary, 'answer');
	const answer: CollectedAnswer = {
		answer: typeof summaryAnswer === 'string' ? summaryAnswer : joined,
		questionId: readNumber(summary, 'questionid'),
		answerId: readNumber(summary, 'answerid'),
		totalTokens: readNumber(summary, 'totaltoken'),
		pieceCount,
		hadSummary: true,
	};
	if (pieceCount > 0 && typeof summaryAnswer === 'string' && summaryAnswer !== joined) answer.joinedPiecesDiffer = true;
	return answer;
}

/** An answer HotTask sent whole, as the Data of its envelope, instead of as a stream. */
export function answerFromWholeData(data: unknown): CollectedAnswer {
	return answerFromSummary(summaryOfWholeAnswer(data), '', 0);
}
