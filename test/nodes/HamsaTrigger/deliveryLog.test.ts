import { deliveryId, eventKey, isRepeatDelivery } from '../../../nodes/HamsaTrigger/deliveryLog';

/** How many events one trigger remembers (MAX_REMEMBERED in deliveryLog.ts). */
const REMEMBERED = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2025, 5, 2, 10, 0, 0);

let triggerCounter = 0;
/** The log is module state shared by this file's tests: each test uses its own trigger ids. */
function newTrigger(): string {
	triggerCounter += 1;
	return `workflow-${triggerCounter}:trigger-node`;
}

describe('eventKey', () => {
	it('is made of the call id, event type and timestamp', () => {
		const key = eventKey({ callId: 'c1', eventType: 'call.ended', timestamp: '2025-06-02T10:15:30.000Z', data: { a: 1 } });
		expect(key).toBe('c1|call.ended|2025-06-02T10:15:30.000Z');
	});

	it('ignores everything else in the event (data, agent, project)', () => {
		const a = eventKey({ callId: 'c1', eventType: 'call.ended', timestamp: 't', data: { status: 'COMPLETED' }, agentId: 'x' });
		const b = eventKey({ callId: 'c1', eventType: 'call.ended', timestamp: 't', data: { status: 'FAILED' }, projectId: 'p' });
		expect(a).toBe(b);
	});

	it('differs when any of the three differs', () => {
		const base = { callId: 'c1', eventType: 'call.ended', timestamp: 't1' };
		const keys = new Set([
			eventKey(base),
			eventKey({ ...base, callId: 'c2' }),
			eventKey({ ...base, eventType: 'call.started' }),
			eventKey({ ...base, timestamp: 't2' }),
		]);
		expect(keys.size).toBe(4);
	});

	it('accepts numeric ids and timestamps', () => {
		expect(eventKey({ callId: 42, eventType: 'call.ended', timestamp: 1717323330000 })).toBe('42|call.ended|1717323330000');
	});

	it('without a timestamp, tells events apart by their data: the same data again is a repeat', () => {
		const ended = (status: string) => ({ callId: 'c1', eventType: 'call.ended', data: { status } });
		expect(eventKey(ended('COMPLETED'))).toBeDefined();
		expect(eventKey(ended('COMPLETED'))).toBe(eventKey(ended('COMPLETED')));
		expect(eventKey(ended('COMPLETED'))).not.toBe(eventKey(ended('FAILED')));
	});

	it('tells apart events a call has many of (transcript lines, tool runs) by their data, even at the same timestamp', () => {
		const line = (text: string) => ({ callId: 'c1', eventType: 'transcription.update', timestamp: 1717323330, data: { transcription: [{ User: text }] } });
		expect(eventKey(line('Hello'))).not.toBe(eventKey(line('Thursday works')));
		expect(eventKey(line('Hello'))).toBe(eventKey(line('Hello')));
		const tool = (name: string) => ({ callId: 'c1', eventType: 'tool.executed', timestamp: 1717323330, data: { toolName: name } });
		expect(eventKey(tool('book'))).not.toBe(eventKey(tool('cancel')));
	});

	it('has no key (so no de-duplication) without a call id or an event type', () => {
		expect(eventKey({ eventType: 'call.ended', timestamp: 't' })).toBeUndefined();
		expect(eventKey({ callId: 'c1', timestamp: 't' })).toBeUndefined();
		expect(eventKey({})).toBeUndefined();
	});
});

describe('isRepeatDelivery', () => {
	it('is false the first time and true for every later copy', () => {
		const trigger = newTrigger();
		expect(isRepeatDelivery(trigger, 'k', T0)).toBe(false);
		expect(isRepeatDelivery(trigger, 'k', T0 + 10)).toBe(true);
		expect(isRepeatDelivery(trigger, 'k', T0 + 5000)).toBe(true);
	});

	it('uses the current time when none is given', () => {
		const trigger = newTrigger();
		expect(isRepeatDelivery(trigger, 'now')).toBe(false);
		expect(isRepeatDelivery(trigger, 'now')).toBe(true);
	});

	it('keeps each trigger apart: the same event is new to another trigger', () => {
		const [a, b] = [newTrigger(), newTrigger()];
		// The same event delivered to a, b, a, b in turn: each trigger sees it new once.
		expect([a, b, a, b].map((trigger) => isRepeatDelivery(trigger, 'k', T0))).toEqual([false, false, true, true]);
	});

	it('remembers an event for a day, counted from its first delivery', () => {
		const trigger = newTrigger();
		expect(isRepeatDelivery(trigger, 'k', T0)).toBe(false);
		expect(isRepeatDelivery(trigger, 'k', T0 + DAY_MS - 1)).toBe(true);
		// A repeat does not extend the day.
		expect(isRepeatDelivery(trigger, 'k', T0 + DAY_MS)).toBe(false);
		// ... and that delivery starts a new day.
		expect(isRepeatDelivery(trigger, 'k', T0 + DAY_MS + 1)).toBe(true);
		expect(isRepeatDelivery(trigger, 'k', T0 + 2 * DAY_MS - 1)).toBe(true);
		expect(isRepeatDelivery(trigger, 'k', T0 + 2 * DAY_MS)).toBe(false);
	});

	it(`keeps memory bounded: a trigger remembers its latest ${REMEMBERED} events and forgets the oldest`, () => {
		const trigger = newTrigger();
		const total = REMEMBERED * 2 + 123;
		for (let i = 0; i < total; i++) expect(isRepeatDelivery(trigger, `k${i}`, T0 + i)).toBe(false);
		// Asking about a remembered event changes nothing, so check those first.
		for (let i = total - REMEMBERED; i < total; i++) {
			if (!isRepeatDelivery(trigger, `k${i}`, T0 + total)) throw new Error(`k${i} should still be remembered`);
		}
		expect(isRepeatDelivery(trigger, `k${total - REMEMBERED - 1}`, T0 + total)).toBe(false);
		expect(isRepeatDelivery(trigger, 'k0', T0 + total)).toBe(false);
	});

	it('forgets in order of first delivery: re-adding a forgotten event pushes out the next oldest', () => {
		const trigger = newTrigger();
		for (let i = 0; i <= REMEMBERED; i++) isRepeatDelivery(trigger, `k${i}`, T0);
		// k0 was pushed out by the 5001st event; k1 … k5000 remain.
		expect(isRepeatDelivery(trigger, `k${REMEMBERED}`, T0)).toBe(true);
		expect(isRepeatDelivery(trigger, 'k1', T0)).toBe(true);
		expect(isRepeatDelivery(trigger, 'k0', T0)).toBe(false);
		// Remembering k0 again pushed out k1, the oldest left.
		expect(isRepeatDelivery(trigger, 'k1', T0)).toBe(false);
		expect(isRepeatDelivery(trigger, 'k0', T0)).toBe(true);
	});

	it('one busy trigger does not push out another trigger\'s events', () => {
		const quiet = newTrigger();
		const busy = newTrigger();
		expect(isRepeatDelivery(quiet, 'important', T0)).toBe(false);
		for (let i = 0; i < REMEMBERED + 500; i++) isRepeatDelivery(busy, `k${i}`, T0);
		expect(isRepeatDelivery(quiet, 'important', T0)).toBe(true);
	});
});

describe('deliveryId', () => {
	it('is 22 URL-safe characters, the same for the same key and different for another', () => {
		const key = 'c1|call.ended|2025-06-02T10:15:30.000Z';
		expect(deliveryId(key)).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(deliveryId(key)).toBe(deliveryId(`${key}`));
		expect(deliveryId(key)).not.toBe(deliveryId('c2|call.ended|2025-06-02T10:15:30.000Z'));
	});
});
