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
import { describeCutOffLine, describeMalformedLine, type StreamEvent } from './eventStream';

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
		const summaryAnswer = readKey(this.summary, 'answer');
		const answer: CollectedAnswer = {
			answer: typeof summaryAnswer === 'string' ? summaryAnswer : joined,
			questionId: readNumber(this.summary, 'questionid'),
			answerId: readNumber(this.summary, 'answerid'),
			totalTokens: readNumber(this.summary, 'totaltoken'),
			pieceCount: this.pieceCount,
			hadSummary: true,
		};
		if (this.pieceCount > 0 && typeof summaryAnswer === 'string' && summaryAnswer !== joined) {
			answer.joinedPiecesDiffer = true;
		}
		return { ok: true, answer };
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
			const data = (readKey(value, 'data') ?? {}) as Record<string, unknown>;
			this.summary = {
				Answer: readKey(data, 'content') ?? readKey(data, 'answer') ?? '',
				AnswerID: readKey(data, 'messageid') ?? readKey(data, 'answerid'),
				QuestionID: readKey(data, 'questionid'),
				TotalToken: readKey(data, 'totaltoken'),
			};
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

/** Reads a key case-insensitively; exact-length check first because it is cheap. */
export function readKey(value: Record<string, unknown>, lowerCaseKey: string): unknown {
	for (const key in value) {
		if (key.length === lowerCaseKey.length && key.toLowerCase() === lowerCaseKey) return value[key];
	}
	return undefined;
}

export function readNumber(value: Record<string, unknown>, lowerCaseKey: string): number | undefined {
	const raw = readKey(value, lowerCaseKey);
	if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
	if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
	return undefined;
}
