/**
 * Hamsa may deliver the same event twice; a second delivery starts no execution.
 * An event is the same when its callId, eventType and timestamp are. That holds
 * for the events a call has once (started, answered, ended). transcription.update and tool.executed come many times per call, and
 * the docs promise neither a timestamp nor how fine it is, so for those the
 * event's data is part of its identity too: a new transcript line at the same
 * second is a new event, the same line delivered again is not.
 *
 * n8n may run the trigger in several processes (queue mode: webhook processes
 * behind a load balancer) and restarts them. What this file keeps:
 * - a record in memory per trigger node (bounded): synchronous, so copies
 *   reaching the same process, even at the same moment, start one execution;
 * - deliveryId: the same short id for the same event in every process;
 * - a record of delivery ids in n8n's database (its de-duplication store, the
 *   one Remove Duplicates uses), written when the execution starts
 *   (HamsaTrigger.execute, see repeatFilter.ts): copies that reach another
 *   process, or come after a restart, stop there.
 * The webhook itself cannot reach n8n's database: n8n gives a webhook trigger
 * no de-duplication helper, and static data written by a webhook is not kept
 * by n8n 2.38 once the workflow has any (checked in queue mode).
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

/** A short, stable id of a delivery: the same event always gets the same id, in any process. */
export function deliveryId(key: string): string {
	return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

/** How many delivery ids n8n's database keeps per trigger node; like Remove Duplicates' default history. */
export const MAX_RECORDED_IN_N8N = 10000;
