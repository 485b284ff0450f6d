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
 * - a record in the trigger node's static data, which n8n stores with the
 *   workflow: where n8n saves a webhook's static data, copies that reach
 *   another process or come after a restart are caught too. n8n 2.38 (checked
 *   in queue mode) drops those writes once the workflow has any static data (its
 *   WorkflowRunner wraps the same object in a second Workflow, which clears
 *   the change flag before the save), and static data is read at the start of
 *   a request and written whole at its end, so it is never atomic;
 * - deliveryId: the same short id for the same event in every process. n8n's
 *   Remove Duplicates node ("Remove Items Processed in Previous Executions" on
 *   {{ $json.deliveryId }}) keeps it in n8n's database and is what lets an
 *   event through once across processes and restarts (see the README,
 *   "Running in production").
 */
import { createHash } from 'crypto';

const MAX_REMEMBERED = 5000;
const REMEMBER_MS = 24 * 60 * 60 * 1000;
/** Static data is written whole on every accepted event: keep it small. */
const MAX_STORED = 1000;

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

/** The part of a trigger node's static data this log uses: delivery id → first seen (epoch seconds). */
export interface StoredDeliveries {
	hamsaDeliveries?: Record<string, number>;
}

/**
 * Records a delivery in the node's static data (which n8n persists) and says
 * whether it was there already. Entries older than a day, and the oldest
 * beyond MAX_STORED, are dropped. The map is replaced rather than changed in
 * place, so n8n's change tracking always sees the write.
 */
export function isStoredRepeat(staticData: StoredDeliveries, id: string, now = Date.now()): boolean {
	const stored = staticData.hamsaDeliveries ?? {};
	const seconds = Math.floor(now / 1000);
	const firstSeen = stored[id];
	if (typeof firstSeen === 'number' && seconds - firstSeen < REMEMBER_MS / 1000) return true;
	const kept = Object.entries(stored)
		.filter(([, at]) => typeof at === 'number' && seconds - at < REMEMBER_MS / 1000)
		.sort((a, b) => a[1] - b[1])
		.slice(-(MAX_STORED - 1));
	staticData.hamsaDeliveries = { ...Object.fromEntries(kept), [id]: seconds };
	return false;
}
