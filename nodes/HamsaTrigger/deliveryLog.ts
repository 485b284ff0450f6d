/**
 * Hamsa may deliver the same event twice; a second delivery starts no execution.
 * The rule is that an event is the same when its callId, eventType and
 * timestamp are. That holds for the events a call has once (started, answered,
 * ended). transcription.update and tool.executed come many times per call, and
 * the docs promise neither a timestamp nor how fine it is, so for those the
 * event's data is part of its identity too: a new transcript line at the same
 * second is a new event, the same line delivered again is not.
 * Kept in memory per trigger node (bounded), which covers Hamsa's quick
 * re-deliveries without writing to the database on every call event.
 */
import { createHash } from 'crypto';

const MAX_REMEMBERED = 5000;
const REMEMBER_MS = 24 * 60 * 60 * 1000;

const seenByTrigger = new Map<string, Map<string, number>>();

const ONCE_PER_CALL = ['call.started', 'call.answered', 'call.ended'];

export function eventKey(event: Record<string, unknown>): string | undefined {
	const { callId, eventType, timestamp } = event;
	if (callId === undefined || eventType === undefined) return undefined;
	const key = `${String(callId)}|${String(eventType)}|${String(timestamp ?? '')}`;
	if (ONCE_PER_CALL.includes(String(eventType)) && timestamp !== undefined && timestamp !== null && timestamp !== '') return key;
	const data = createHash('sha256').update(JSON.stringify(event.data ?? null)).digest('base64');
	return `${key}|${data}`;
}

/** Records the event and says whether it had been seen before. Synchronous, so two concurrent copies cannot both pass. */
export function isRepeatDelivery(triggerId: string, key: string, now = Date.now()): boolean {
	let seen = seenByTrigger.get(triggerId);
	if (!seen) {
		seen = new Map();
		seenByTrigger.set(triggerId, seen);
	}
	const firstSeen = seen.get(key);
	if (firstSeen !== undefined && now - firstSeen < REMEMBER_MS) return true;
	seen.set(key, now);
	if (seen.size > MAX_REMEMBERED) {
		// Maps iterate in insertion order: drop the oldest entries.
		const excess = seen.size - MAX_REMEMBERED;
		let dropped = 0;
		for (const oldKey of seen.keys()) {
			if (dropped++ >= excess) break;
			seen.delete(oldKey);
		}
	}
	return false;
}
