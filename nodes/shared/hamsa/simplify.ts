/**
 * Simplify (on by default): the fields a workflow or an AI agent needs from
 * Hamsa's long answers. An agent pays for every byte of a tool result, and
 * Hamsa's call job alone carries the agent's whole configuration. The whole
 * answer stays one switch away (Simplify off). Plain values in, plain values out.
 */
import type { IDataObject } from 'n8n-workflow';

function recordOf(value: unknown): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

type Value = IDataObject[string];

function firstPresent(...values: Value[]): Value {
	return values.find((value) => value !== undefined && value !== null && value !== '');
}

/** Keeps the given keys, in that order, leaving out those the record does not have. */
function pick(record: IDataObject, keys: readonly string[]): IDataObject {
	const out: IDataObject = {};
	for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
	return out;
}

/** What Call → Get, Start and Wait for Outcome and the resumed wait keep of a flattened call. */
export const SIMPLE_CALL_FIELDS = ['callId', 'status', 'callDuration', 'transcript', 'outcome', 'recordingUrl'] as const;
/** The wait's own flags, kept beside the call's fields. */
const WAIT_FIELDS = ['finished', 'timedOut', 'message'] as const;

/** A flattened call (flattenConversation / flattenWebhookEvent), without the raw call, event and transcription list. */
export function simpleCall(flat: IDataObject): IDataObject {
	return pick(flat, [...SIMPLE_CALL_FIELDS, ...WAIT_FIELDS]);
}

/**
 * The call job Call → Start returns: its id and status, who is called from
 * which number, by which agent. `sent` is the request body, for what Hamsa's
 * answer leaves out.
 */
export function simpleCallJob(job: IDataObject, sent: IDataObject): IDataObject {
	const callParams = recordOf(job.callParams);
	const agent = recordOf(job.agentDetails);
	const sentAgent = recordOf(sent.agentDetails);
	return {
		callId: job.callId,
		status: job.status,
		toNumber: firstPresent(callParams.userNumber, job.toNumber, sent.toNumber),
		fromNumber: firstPresent(callParams.machineNumber, job.fromNumber, sent.twilioPhoneNumber),
		voiceAgentId: firstPresent(job.voiceAgentId, sent.voiceAgentId),
		agentName: firstPresent(agent.agentName, sentAgent.agentName, ''),
	};
}

/** A row of Call → Get Many (Hamsa's minimal list). */
export function simpleCallRow(row: IDataObject): IDataObject {
	const callParams = recordOf(row.callParams);
	return pick(
		{
			callId: row.callId,
			status: row.status,
			createdAt: row.createdAt,
			callDuration: firstPresent(row.callDuration, row.duration),
			toNumber: firstPresent(callParams.userNumber, row.toNumber),
			fromNumber: firstPresent(callParams.machineNumber, row.fromNumber),
			voiceAgentId: row.voiceAgentId,
			agentName: row.agentName,
		},
		['callId', 'status', 'createdAt', 'callDuration', 'toNumber', 'fromNumber', 'voiceAgentId', 'agentName'],
	);
}

/** A voice agent of Voice Agent → Get Many. */
export function simpleVoiceAgent(agent: IDataObject): IDataObject {
	return pick(
		{
			voiceAgentId: agent.voiceAgentId,
			name: agent.name,
			language: firstPresent(recordOf(agent.voice).lang, agent.lang),
			greetingMessage: firstPresent(recordOf(agent.conversation).greetingMessage, agent.greetingMessage),
			createdAt: agent.createdAt,
		},
		['voiceAgentId', 'name', 'language', 'greetingMessage', 'createdAt'],
	);
}

/** A number of Phone Number → Get Many. */
export function simplePhoneNumber(entry: IDataObject): IDataObject {
	return pick(
		{
			phoneNumber: entry.phoneNumber,
			label: entry.label,
			provider: firstPresent(entry.type, entry.provider),
			voiceAgentId: entry.voiceAgentId,
			voiceAgentName: recordOf(entry.voiceAgent).name,
		},
		['phoneNumber', 'label', 'provider', 'voiceAgentId', 'voiceAgentName'],
	);
}
