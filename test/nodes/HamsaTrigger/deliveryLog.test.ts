import { sleep } from 'n8n-workflow';
import { claimDelivery, deliveryId, eventKey, PENDING_WAIT_MS, settleWhenAnswered } from '../../../nodes/HamsaTrigger/deliveryLog';

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

/** One copy through the log at `now`: whether it was a repeat; if not, settled as n8n answered it. */
async function deliver(trigger: string, key: string, now: number, handedOver = true): Promise<boolean> {
	const claim = await claimDelivery(trigger, key, { now: () => now });
	if (!claim.repeat) claim.settle(handedOver);
	return claim.repeat;
}

describe('claimDelivery', () => {
	it('lets the first copy through and, once n8n took its execution over, makes every later copy a repeat', async () => {
		const trigger = newTrigger();
		expect(await deliver(trigger, 'k', T0)).toBe(false);
		expect(await deliver(trigger, 'k', T0 + 10)).toBe(true);
		expect(await deliver(trigger, 'k', T0 + 5000)).toBe(true);
	});

	it('remembers nothing of a copy n8n did not take over (its start failed): the next copy goes through', async () => {
		const trigger = newTrigger();
		expect(await deliver(trigger, 'k', T0, false)).toBe(false);
		expect(await deliver(trigger, 'k', T0 + 10, false)).toBe(false);
		expect(await deliver(trigger, 'k', T0 + 20)).toBe(false);
		expect(await deliver(trigger, 'k', T0 + 30)).toBe(true);
	});

	it('uses the current time when none is given', async () => {
		const trigger = newTrigger();
		const first = await claimDelivery(trigger, 'now');
		expect(first.repeat).toBe(false);
		if (!first.repeat) first.settle(true);
		expect((await claimDelivery(trigger, 'now')).repeat).toBe(true);
	});

	it('keeps each trigger apart: the same event is new to another trigger', async () => {
		const [a, b] = [newTrigger(), newTrigger()];
		const repeats = [];
		// The same event delivered to a, b, a, b in turn: each trigger sees it new once.
		for (const trigger of [a, b, a, b]) repeats.push(await deliver(trigger, 'k', T0));
		expect(repeats).toEqual([false, false, true, true]);
	});

	it('remembers an event for a day, counted from when n8n took it over', async () => {
		const trigger = newTrigger();
		expect(await deliver(trigger, 'k', T0)).toBe(false);
		expect(await deliver(trigger, 'k', T0 + DAY_MS - 1)).toBe(true);
		// A repeat does not extend the day.
		expect(await deliver(trigger, 'k', T0 + DAY_MS)).toBe(false);
		// ... and that delivery starts a new day.
		expect(await deliver(trigger, 'k', T0 + DAY_MS + 1)).toBe(true);
		expect(await deliver(trigger, 'k', T0 + 2 * DAY_MS - 1)).toBe(true);
		expect(await deliver(trigger, 'k', T0 + 2 * DAY_MS)).toBe(false);
	});

	it(`keeps memory bounded: a trigger remembers its latest ${REMEMBERED} events and forgets the oldest`, async () => {
		const trigger = newTrigger();
		const total = REMEMBERED * 2 + 123;
		for (let i = 0; i < total; i++) {
			if (await deliver(trigger, `k${i}`, T0 + i)) throw new Error(`k${i} should be new`);
		}
		// Asking about a remembered event changes nothing, so check those first.
		for (let i = total - REMEMBERED; i < total; i++) {
			if (!(await deliver(trigger, `k${i}`, T0 + total))) throw new Error(`k${i} should still be remembered`);
		}
		expect(await deliver(trigger, `k${total - REMEMBERED - 1}`, T0 + total)).toBe(false);
		expect(await deliver(trigger, 'k0', T0 + total)).toBe(false);
	});

	it('forgets in order of handing over: re-adding a forgotten event pushes out the next oldest', async () => {
		const trigger = newTrigger();
		for (let i = 0; i <= REMEMBERED; i++) await deliver(trigger, `k${i}`, T0);
		// k0 was pushed out by the 5001st event; k1 … k5000 remain.
		expect(await deliver(trigger, `k${REMEMBERED}`, T0)).toBe(true);
		expect(await deliver(trigger, 'k1', T0)).toBe(true);
		expect(await deliver(trigger, 'k0', T0)).toBe(false);
		// Remembering k0 again pushed out k1, the oldest left.
		expect(await deliver(trigger, 'k1', T0)).toBe(false);
		expect(await deliver(trigger, 'k0', T0)).toBe(true);
	});

	it('one busy trigger does not push out another trigger\'s events', async () => {
		const quiet = newTrigger();
		const busy = newTrigger();
		expect(await deliver(quiet, 'important', T0)).toBe(false);
		for (let i = 0; i < REMEMBERED + 500; i++) await deliver(busy, `k${i}`, T0);
		expect(await deliver(quiet, 'important', T0)).toBe(true);
	});

	describe('a copy that arrives while another copy is being started (pending)', () => {
		it('waits for it, and is a repeat once n8n took that one over', async () => {
			const trigger = newTrigger();
			const first = await claimDelivery(trigger, 'k');
			let copyDecided = false;
			const copy = claimDelivery(trigger, 'k').then((claim) => ((copyDecided = true), claim));
			await sleep(20);
			expect(copyDecided).toBe(false);
			if (!first.repeat) first.settle(true);
			expect((await copy).repeat).toBe(true);
		});

		it('goes ahead when that one was not taken over; of several waiting copies one goes ahead and the others wait for it', async () => {
			const trigger = newTrigger();
			const first = await claimDelivery(trigger, 'k');
			const copies = [claimDelivery(trigger, 'k'), claimDelivery(trigger, 'k'), claimDelivery(trigger, 'k')];
			await sleep(10);
			if (!first.repeat) first.settle(false);
			const ahead = await Promise.race(copies);
			expect(ahead.repeat).toBe(false);
			if (!ahead.repeat) ahead.settle(true);
			const claims = await Promise.all(copies);
			expect(claims.filter((claim) => !claim.repeat)).toEqual([ahead]);
		});

		it(`waits at most waitMs (by default ${PENDING_WAIT_MS} ms: Hamsa waits 5 s for its answer), then goes ahead`, async () => {
			const trigger = newTrigger();
			await claimDelivery(trigger, 'k');
			const started = Date.now();
			const copy = await claimDelivery(trigger, 'k', { waitMs: 50 });
			expect(copy.repeat).toBe(false);
			expect(Date.now() - started).toBeGreaterThanOrEqual(45);
			expect(PENDING_WAIT_MS).toBe(3000);
			// A copy that went ahead after waiting is remembered once n8n took it over.
			if (!copy.repeat) copy.settle(true);
			expect((await claimDelivery(trigger, 'k', { waitMs: 0 })).repeat).toBe(true);
		});

		it('stops waiting for a copy pending for a minute or more (its answer never came)', async () => {
			const trigger = newTrigger();
			await claimDelivery(trigger, 'k', { now: () => T0 });
			const later = await claimDelivery(trigger, 'k', { now: () => T0 + 60_000 });
			expect(later.repeat).toBe(false);
		});

		it(`keeps at most ${REMEMBERED} pending marks per trigger: the oldest mark whose answer never came stops blocking`, async () => {
			const trigger = newTrigger();
			for (let i = 0; i <= REMEMBERED; i++) await claimDelivery(trigger, `k${i}`);
			const started = Date.now();
			expect((await claimDelivery(trigger, 'k0', { waitMs: 5000 })).repeat).toBe(false);
			expect(Date.now() - started).toBeLessThan(1000);
		});

		it('counts a settle only once', async () => {
			const trigger = newTrigger();
			const first = await claimDelivery(trigger, 'k');
			if (!first.repeat) {
				first.settle(false);
				first.settle(true);
			}
			expect((await claimDelivery(trigger, 'k', { waitMs: 0 })).repeat).toBe(false);
		});
	});
});

describe('settleWhenAnswered', () => {
	/** An express response as far as settleWhenAnswered reads it: its status and its 'finish' and 'close' events. */
	function response(statusCode = 200) {
		const listeners: Record<string, Array<() => void>> = {};
		return {
			statusCode,
			once(event: string, listener: () => void) {
				(listeners[event] ??= []).push(listener);
			},
			emit(event: string) {
				const waiting = listeners[event] ?? [];
				listeners[event] = [];
				for (const listener of waiting) listener();
			},
		};
	}

	it.each([
		[200, true],
		[204, true],
		[500, false],
		[404, false],
		[302, false],
	])('settles a response that finished with %s as taken over: %s', (status, handedOver) => {
		const res = response(status);
		const settle = jest.fn();
		settleWhenAnswered(res, settle);
		expect(settle).not.toHaveBeenCalled();
		res.emit('finish');
		res.emit('close');
		expect(settle.mock.calls).toEqual([[handedOver]]);
	});

	it('settles as not taken over when the connection closed before n8n answered', () => {
		const res = response(200);
		const settle = jest.fn();
		settleWhenAnswered(res, settle);
		res.emit('close');
		res.emit('finish');
		expect(settle.mock.calls).toEqual([[false]]);
	});

	it('settles at once, as not taken over, a response that has no events to tell', () => {
		const settle = jest.fn();
		settleWhenAnswered({ statusCode: 200 }, settle);
		settleWhenAnswered(undefined, settle);
		expect(settle.mock.calls).toEqual([[false], [false]]);
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
