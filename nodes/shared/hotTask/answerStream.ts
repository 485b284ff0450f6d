/**
 * Asking HotTask with `stream: true`: the answer's pieces are passed on as
 * they arrive and joined into one answer. The transport sends the request and
 * hands the open response to the reader here.
 */
import { isJsonObjectText, stopReading, type StreamedResponse } from '../body';
import { readEnvelope, sendRequest, type Fail, type HttpContext, type ServiceCall } from '../transport';
import { AnswerCollector, answerFromWholeData, type CollectedAnswer, type StreamOutcome } from './answerCollector';
import { EventStreamReader } from './eventStream';
import { HOTTASK } from './service';

/** How much of a stream's beginning is kept, to read it again as one JSON envelope if it is one. */
const MAX_ENVELOPE_CHARS = 1024 * 1024;

/**
 * Asks HotTask with `stream: true` and collects the answer, calling `onPiece`
 * for each piece as it arrives. A JSON envelope instead of a stream (an error,
 * or a host that ignores `stream`) is read as a whole answer.
 */
export async function hotTaskAnswerStream(
	this: HttpContext,
	call: ServiceCall,
	onPiece: (text: string) => void,
): Promise<CollectedAnswer> {
	const streamCall = { ...call, accept: 'text/event-stream, application/json', streamBody: true };
	return await sendRequest(this, HOTTASK, streamCall, async (response, fail) => {
		const contentType = String(response.headers['content-type'] ?? '').toLowerCase();
		if (contentType.includes('json') || response.statusCode >= 400) return await answerFromEnvelope(response, fail);
		return await collectStream(response, fail, onPiece);
	});
}

async function collectStream(
	response: StreamedResponse,
	fail: Fail,
	onPiece: (text: string) => void,
): Promise<{ value: CollectedAnswer }> {
	const reader = new EventStreamReader();
	const collector = new AnswerCollector(onPiece);
	// The text before the first event: an envelope written over several lines
	// (as HotTask's pages print them) is malformed as a stream but whole as JSON.
	let head: string | undefined = '';
	const headDecoder = new TextDecoder('utf-8');
	let readingWhole = false;
	let brokenOff = false;
	try {
		const body = typeof response.body === 'string' ? [response.body] : response.body;
		for await (const chunk of body) {
			if (head !== undefined) {
				head += typeof chunk === 'string' ? chunk : headDecoder.decode(chunk, { stream: true });
				if (head.length > MAX_ENVELOPE_CHARS) head = undefined;
			}
			if (readingWhole) {
				if (head === undefined) break;
				continue;
			}
			const events = reader.push(chunk);
			if (head !== undefined && events.some((event) => event.kind !== 'malformed')) head = undefined;
			collector.accept(events);
			if (collector.failed) {
				if (head === undefined) break;
				readingWhole = true;
			}
		}
		if (!collector.failed) collector.accept(reader.end());
	} catch {
		// A reset or time-out mid-answer: what arrived is kept as the partial answer.
		brokenOff = true;
	}
	stopReading(response.body);
	if (collector.failed && head !== undefined && !brokenOff) {
		const whole = `${head}${headDecoder.decode()}`;
		if (isJsonObjectText(whole)) {
			const envelope = await readEnvelope({ ...response, body: whole }, fail, HOTTASK);
			if (envelope !== 'brokenOff') return { value: answerFromWholeData(envelope.value) };
		}
	}
	return { value: answerOrFail(collector.finish(brokenOff), response, fail) };
}

/** An answer sent whole, as HotTask's JSON envelope, instead of as a stream. */
async function answerFromEnvelope(response: StreamedResponse, fail: Fail): Promise<{ value: CollectedAnswer } | 'brokenOff'> {
	const envelope = await readEnvelope(response, fail, HOTTASK);
	if (envelope === 'brokenOff') return envelope;
	return { value: answerFromWholeData(envelope.value) };
}

function answerOrFail(outcome: StreamOutcome, response: StreamedResponse, fail: Fail): CollectedAnswer {
	if (outcome.ok) return outcome.answer;
	const partialAnswer = outcome.partialAnswer || undefined;
	const { problem } = outcome;
	const httpStatus = response.statusCode;
	switch (problem.kind) {
		case 'serviceError':
			return fail({ message: problem.message, serviceCode: problem.serviceCode, httpStatus, delivery: 'refused', partialAnswer });
		case 'malformedLine':
			return fail({
				message: problem.message,
				httpStatus,
				delivery: 'delivered',
				hint: 'HotTask sent a line the node cannot read, so the answer is incomplete.',
				partialAnswer,
			});
		case 'incomplete':
			return fail({
				message: problem.message,
				httpStatus,
				delivery: 'delivered',
				hint: 'The question reached HotTask; the answer is incomplete. It was not asked again, to avoid a second answer being recorded.',
				partialAnswer,
			});
	}
}
