/**
 * One flat, readable shape for a Hamsa call, whether it comes from Get Call,
 * from a finished wait or from a webhook event: people map these fields into a
 * CRM, so they get plain names and the transcript as readable lines.
 */
import type { IDataObject } from 'n8n-workflow';
import { redactValue } from '../redact';

export interface TranscriptLine {
	speaker: string;
	text: string;
}

/**
 * Hamsa's transcription is a list like [{"Agent": "..."}, {"User": "..."}].
 * Speaker/text and role/content pairs, and a transcript that is already one
 * text, are read too, since the docs show only the first form.
 */
export function readTranscript(transcription: unknown): TranscriptLine[] {
	if (typeof transcription === 'string') {
		const parsed = parsedJson(transcription);
		if (Array.isArray(parsed)) return readTranscript(parsed);
		return transcription.trim() === '' ? [] : [{ speaker: '', text: transcription.trim() }];
	}
	if (!Array.isArray(transcription)) return [];
	const lines: TranscriptLine[] = [];
	for (const entry of transcription) {
		if (entry === null || typeof entry !== 'object') continue;
		const record = entry as Record<string, unknown>;
		const speaker = record.speaker ?? record.role;
		const text = record.text ?? record.content ?? record.message;
		if (typeof speaker === 'string' && typeof text === 'string') {
			lines.push({ speaker, text });
			continue;
		}
		for (const [speaker, text] of Object.entries(record)) {
			if (typeof text === 'string') lines.push({ speaker, text });
		}
	}
	return lines;
}

export function transcriptText(lines: TranscriptLine[]): string {
	return lines.map((line) => (line.speaker ? `${line.speaker}: ${line.text}` : line.text)).join('\n');
}

/**
 * Hamsa's webhook guide tells receivers to parse lists and objects that arrive
 * as JSON text, so a transcription or outcome may be a string holding JSON.
 */
function parsedJson(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!(text.startsWith('[') || text.startsWith('{'))) return value;
	try {
		return JSON.parse(text);
	} catch {
		return value;
	}
}

function isPresent(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

function firstDefined(...values: unknown[]): unknown {
	return values.find(isPresent);
}

/** The first value that says something: an empty list or object gives way to a later, fuller one. */
function firstFilled(...values: unknown[]): unknown {
	const candidates = values.map(parsedJson).filter(isPresent);
	const filled = candidates.find((value) => (typeof value === 'object' ? Object.keys(value as object).length > 0 : true));
	return filled ?? candidates[0];
}

function asObject(value: unknown): Record<string, unknown> {
	const parsed = parsedJson(value);
	return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/**
 * Flattens a conversation as returned by GET /v1/voice-agents/conversation/{id}.
 * Without secret keys (redact.ts): the resume webhook outputs what this gives
 * without passing the item loop that redacts every other output.
 */
export function flattenConversation(conversation: unknown): IDataObject {
	const call = redactValue(asObject(conversation));
	const nested = asObject(call.data);
	// The documented conversation has no top-level transcript: it sits in jobResponse once the call has ended.
	const job = asObject(call.jobResponse);
	const transcription =
		firstFilled(call.transcription, call.transcript, job.transcription, job.transcript, nested.transcription, call.conversation) ?? [];
	const lines = readTranscript(transcription);
	return {
		callId: firstDefined(call.id, call.callId, call.conversationId, nested.conversationId) as string,
		status: firstDefined(call.status, nested.status, job.status) as string,
		callDuration: firstDefined(call.callDuration, call.duration, nested.callDuration, job.callDuration) as number,
		transcript: transcriptText(lines),
		transcription: transcription as IDataObject[],
		outcome: asObject(firstFilled(call.outcomeResult, call.outcome, job.outcomeResult, job.outcome, nested.outcomeResult)) as IDataObject,
		recordingUrl: firstDefined(
			call.mediaUrl,
			call.recordingUrl,
			call.conversationRecording,
			job.conversationRecording,
			job.mediaUrl,
			nested.conversationRecording,
		) as string,
		call: call as IDataObject,
	};
}

/** The first id given under any of `names` in any of `places` (text or number), or an id nested as `{id}` under `objects`. */
function idFrom(places: Array<Record<string, unknown>>, names: string[], objects: string[]): string | undefined {
	for (const place of places) {
		for (const name of names) {
			const value = place[name];
			if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value);
		}
		for (const name of objects) {
			const id = asObject(place[name]).id;
			if ((typeof id === 'string' && id.trim() !== '') || typeof id === 'number') return String(id);
		}
	}
	return undefined;
}

/**
 * Which campaign and recipient a call belongs to, when Hamsa's event or call
 * says so. Hamsa's docs do not show where; these names are read, and nothing
 * is output when none is present.
 */
export function campaignOf(...places: unknown[]): IDataObject {
	const records = places.map(asObject);
	const campaignId = idFrom(records, ['campaignId', 'campaign_id'], ['campaign']);
	const campaignRecipientId = idFrom(
		records,
		['campaignRecipientId', 'campaign_recipient_id', 'recipientId', 'recipient_id'],
		['campaignRecipient', 'recipient'],
	);
	return {
		...(campaignId === undefined ? {} : { campaignId }),
		...(campaignRecipientId === undefined ? {} : { campaignRecipientId }),
	};
}

/**
 * Flattens one of Hamsa's webhook events. For call.ended the details sit in
 * data.data and are read into the fields below; any other event also keeps its
 * `data` (a tool's name and result, say), whose shape the docs do not give.
 */
export function flattenWebhookEvent(event: unknown): IDataObject {
	// Hamsa echoes the webhook's own webhookAuth in events; Hamsa Trigger and
	// the resume webhook output this without passing the item loop that redacts
	// every other output (router.ts), so the secret keys go here.
	const body = redactValue(asObject(event));
	const data = asObject(body.data);
	const details = asObject(data.data);
	const transcription = firstFilled(details.transcription, data.transcription) ?? [];
	const lines = readTranscript(transcription);
	return {
		callId: firstDefined(body.callId, details.conversationId, data.callId) as string,
		eventType: body.eventType as string,
		status: firstDefined(data.status, details.status, body.status) as string,
		timestamp: body.timestamp as string,
		agentId: body.agentId as string,
		agentName: body.agentName as string,
		callDuration: firstDefined(data.callDuration, details.callDuration) as number,
		transcript: transcriptText(lines),
		transcription: transcription as IDataObject[],
		outcome: asObject(firstFilled(details.outcomeResult, data.outcomeResult)) as IDataObject,
		recordingUrl: firstDefined(details.conversationRecording, data.conversationRecording, data.mediaUrl) as string,
		...campaignOf(body, data, details),
		...(body.eventType === 'call.ended' || body.data === undefined ? {} : { data: body.data as IDataObject }),
		event: body as IDataObject,
	};
}

const FINAL_CALL_STATUSES = ['COMPLETED', 'NO_ANSWER', 'FAILED', 'FORWARDED', 'TERMINATED'];

/** Whether a call has ended; the docs write statuses in capitals but do not promise it. */
export function hasEnded(status: unknown): boolean {
	return typeof status === 'string' && FINAL_CALL_STATUSES.includes(status.trim().toUpperCase());
}
export const CALL_STATUSES = ['PENDING', 'IN_PROGRESS', ...FINAL_CALL_STATUSES];
