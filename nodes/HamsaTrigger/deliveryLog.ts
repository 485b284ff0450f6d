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
 * - a record in memory per trigger node (bounded), of the deliveries whose
 *   execution n8n took over, so copies reaching the same process start one
 *   execution. A delivery is written there only once n8n has answered it with
 *   2xx: n8n answers an "onReceived" webhook after it created (or queued) the
 *   execution, and with 500 when that failed. Recording on arrival instead
 *   would turn Hamsa's re-send of an event whose start failed into an ignored
 *   repeat, and the event would be lost. While a copy is being started it is
 *   "pending": a copy arriving meanwhile waits (bounded) for its outcome, so
 *   simultaneous copies do not both pass;
 * - deliveryId: the same short id for the same event in every process;
 * - a record of delivery ids in n8n's database (its de-duplication store, the
 *   one Remove Duplicates uses), written when the execution starts
 *   (HamsaTrigger.execute, see repeatFilter.ts): copies that reach another
 *   process, or come after a restart, stop there.
 * The webhook itself cannot reach n8n's database: n8n gives a webhook trigger
 * no de-duplication helper, and static data written by a webhook is not kept
 * by n8n 2.38 once the workflow has any (checked in queue mode).
 *
 * Everything here fails open: when in doubt (a pending copy that takes too
 * long, an answer that never came), a copy is let through, because a repeat
 * that passes is caught by n8n's database, while an event wrongly ignored is
 * lost for good.
 */
import { createHash } from 'crypto';
import { pause } from '../shared/defaults';

const MAX_REMEMBERED = 5000;
const REMEMBER_MS = 24 * 60 * 60 * 1000;
/** How long a copy waits for an earlier copy's start: Hamsa gives up on its answer after 5 s. */
export const PENDING_WAIT_MS = 3000;
/** A pending copy whose answer never came (no 'finish' nor 'close') stops blocking others after this. */
const PENDING_MAX_MS = 60 * 1000;

interface Pending {
	since: number;
	/** Resolves with whether n8n took the copy's execution over. */
	outcome: Promise<boolean>;
}

const handedOverByTrigger = new Map<string, Map<string, number>>();
const pendingByTrigger = new Map<string, Map<string, Pending>>();

const ONCE_PER_CALL = ['call.started', 'call.answered', 'call.ended'];

export function eventKey(event: Record<string, unknown>): string | undefined {
	const { callId, eventType, timestamp } = event;
	if (callId === undefined || eventType === undefined) return undefined;
	const key = `${String(callId)}|${String(eventType)}|${String(timestamp ?? '')}`;
	if (ONCE_PER_CALL.includes(String(eventType)) && timestamp !== undefined && timestamp !== null && timestamp !== '') return key;
	const data = createHash('sha256').update(JSON.stringify(event.data ?? null)).digest('base64');
	return `${key}|${data}`;
}

function tableOf<T>(tables: Map<string, Map<string, T>>, triggerId: string): Map<string, T> {
	let table = tables.get(triggerId);
	if (!table) {
		table = new Map();
		tables.set(triggerId, table);
	}
	return table;
}

function wasHandedOver(triggerId: string, key: string, now: number): boolean {
	const at = handedOverByTrigger.get(triggerId)?.get(key);
	return at !== undefined && now - at < REMEMBER_MS;
}

function rememberHandedOver(triggerId: string, key: string, now: number): void {
	const seen = tableOf(handedOverByTrigger, triggerId);
	// Re-inserted so that the oldest entries are the first the Map iterates.
	seen.delete(key);
	seen.set(key, now);
	if (seen.size > MAX_REMEMBERED) {
		const excess = seen.size - MAX_REMEMBERED;
		let dropped = 0;
		for (const oldKey of seen.keys()) {
			if (dropped++ >= excess) break;
			seen.delete(oldKey);
		}
	}
}

function pendingCopy(triggerId: string, key: string, now: number): Pending | undefined {
	const table = pendingByTrigger.get(triggerId);
	const pending = table?.get(key);
	if (pending && now - pending.since >= PENDING_MAX_MS) {
		table!.delete(key);
		return undefined;
	}
	return pending;
}

/**
 * Called once, with whether n8n took this copy's execution over (answered it
 * with 2xx). Only then is the delivery remembered; otherwise a re-send runs.
 */
export type SettleDelivery = (handedOver: boolean) => void;

export type DeliveryClaim = { repeat: true } | { repeat: false; settle: SettleDelivery };

export interface ClaimOptions {
	/** How long to wait for a copy that is being started; PENDING_WAIT_MS by default. */
	waitMs?: number;
	now?: () => number;
}

/**
 * Whether this copy of the event is a repeat of one n8n already took over.
 * If not, the caller must settle() it. A copy that finds another copy pending
 * waits for that one's outcome (at most waitMs): taken over → a repeat;
 * failed → this copy goes ahead; still pending → this copy goes ahead too.
 */
export async function claimDelivery(triggerId: string, key: string, options: ClaimOptions = {}): Promise<DeliveryClaim> {
	const now = options.now ?? Date.now;
	const deadline = now() + (options.waitMs ?? PENDING_WAIT_MS);
	for (;;) {
		if (wasHandedOver(triggerId, key, now())) return { repeat: true };
		const pending = pendingCopy(triggerId, key, now());
		// Synchronous from the look-up to the mark: two copies cannot both find no mark.
		if (!pending) return { repeat: false, settle: markPending(triggerId, key, now) };
		const left = deadline - now();
		const stopWaiting = new AbortController();
		const timedOut =
			left <= 0 ||
			(await Promise.race([
				pending.outcome.then(() => false),
				pause(left, stopWaiting.signal).then(
					() => true,
					() => false,
				),
			]));
		stopWaiting.abort();
		if (timedOut) {
			// The other copy may still be started, or not: go ahead, unmarked.
			return {
				repeat: false,
				settle: (handedOver) => {
					if (handedOver) rememberHandedOver(triggerId, key, now());
				},
			};
		}
	}
}

function markPending(triggerId: string, key: string, now: () => number): SettleDelivery {
	let resolve!: (handedOver: boolean) => void;
	const pending: Pending = { since: now(), outcome: new Promise<boolean>((done) => (resolve = done)) };
	const table = tableOf(pendingByTrigger, triggerId);
	table.set(key, pending);
	// Marks leave when their request is answered; this only bounds marks whose answer never comes.
	if (table.size > MAX_REMEMBERED) table.delete(table.keys().next().value as string);
	let settled = false;
	return (handedOver) => {
		if (settled) return;
		settled = true;
		if (table.get(key) === pending) {
			table.delete(key);
			if (table.size === 0 && pendingByTrigger.get(triggerId) === table) pendingByTrigger.delete(triggerId);
		}
		if (handedOver) rememberHandedOver(triggerId, key, now());
		resolve(handedOver);
	};
}

/** What the trigger needs of the express response n8n hands it. */
export interface AnsweredResponse {
	statusCode: number;
	once?: (event: 'finish' | 'close', listener: () => void) => unknown;
}

/**
 * Settles a claim when n8n has answered the request: 'finish' with 2xx means
 * the execution was created or queued; 'finish' with another status (n8n's
 * 500 when starting failed), or 'close' without 'finish' (the caller went
 * away first), means it may not have been. A response that cannot tell is
 * settled as not taken over, so nothing is remembered.
 */
export function settleWhenAnswered(response: AnsweredResponse | undefined, settle: SettleDelivery): void {
	if (!response || typeof response.once !== 'function') {
		settle(false);
		return;
	}
	let done = false;
	const finish = (handedOver: boolean) => {
		if (done) return;
		done = true;
		settle(handedOver);
	};
	response.once('finish', () => finish(response.statusCode >= 200 && response.statusCode < 300));
	response.once('close', () => finish(false));
}

/** A short, stable id of a delivery: the same event always gets the same id, in any process. */
export function deliveryId(key: string): string {
	return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

/** How many delivery ids n8n's database keeps per trigger node; like Remove Duplicates' default history. */
export const MAX_RECORDED_IN_N8N = 10000;
