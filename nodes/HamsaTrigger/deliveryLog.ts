/**
 * Hamsa may deliver the same event twice. An event is the same when its
 * callId, eventType and timestamp are; a second one starts no execution.
 * Kept in memory per trigger node (bounded), which covers Hamsa's quick
 * re-deliveries without writing to the database on every call event.
 */
const MAX_REMEMBERED = 5000;
const REMEMBER_MS = 24 * 60 * 60 * 1000;

const seenByTrigger = new Map<string, Map<string, number>>();

export function eventKey(event: Record<string, unknown>): string | undefined {
	const { callId, eventType, timestamp } = event;
	if (callId === undefined || eventType === undefined) return undefined;
	return `${String(callId)}|${String(eventType)}|${String(timestamp ?? '')}`;
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
