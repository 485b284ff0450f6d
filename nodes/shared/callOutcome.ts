/**
 * One flat, readable shape for a Hamsa call, whether it comes from Get Call,
 * from a finished wait or from a webhook event: people map these fields into a
 * CRM, so they get plain names and the transcript as readable lines.
 */
import type { IDataObject } from 'n8n-workflow';

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

function firstDefined(...values: unknown[]): unknown {
	return values.find((value) => value !== undefined && value !== null && value !== '');
}

function asObject(value: unknown): Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Flattens a conversation as returned by GET /v1/voice-agents/conversation/{id}. */
export function flattenConversation(conversation: unknown): IDataObject {
	const call = asObject(conversation);
	const nested = asObject(call.data);
	const transcription = firstDefined(call.transcription, call.transcript, nested.transcription, call.conversation) ?? [];
	const lines = readTranscript(transcription);
	return {
		callId: firstDefined(call.id, call.callId, call.conversationId, nested.conversationId) as string,
		status: firstDefined(call.status, nested.status) as string,
		callDuration: firstDefined(call.callDuration, call.duration, nested.callDuration) as number,
		transcript: transcriptText(lines),
		transcription: transcription as IDataObject[],
		outcome: asObject(firstDefined(call.outcomeResult, call.outcome, nested.outcomeResult)) as IDataObject,
		recordingUrl: firstDefined(call.mediaUrl, call.recordingUrl, call.conversationRecording, nested.conversationRecording) as string,
		call: call as IDataObject,
	};
}

/** Flattens one of Hamsa's webhook events. For call.ended the details sit in data.data. */
export function flattenWebhookEvent(event: unknown): IDataObject {
	const body = asObject(event);
	const data = asObject(body.data);
	const details = asObject(data.data);
	const transcription = firstDefined(details.transcription, data.transcription) ?? [];
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
		outcome: asObject(firstDefined(details.outcomeResult, data.outcomeResult)) as IDataObject,
		recordingUrl: firstDefined(details.conversationRecording, data.conversationRecording, data.mediaUrl) as string,
		event: body as IDataObject,
	};
}

export const FINAL_CALL_STATUSES = ['COMPLETED', 'NO_ANSWER', 'FAILED', 'FORWARDED', 'TERMINATED'];
export const CALL_STATUSES = ['PENDING', 'IN_PROGRESS', ...FINAL_CALL_STATUSES];
