import {
	backoffDelay,
	deliveryOfNetworkError,
	describeDelivery,
	findErrorCode,
	isCancellation,
	isTurnedAway,
	refusedForNow,
	parseRetryAfter,
} from '../../../nodes/shared/retry';

import { seededRandom } from '../../simulator/seededRandom';

describe('parseRetryAfter', () => {
	const now = Date.parse('2025-03-01T12:00:00Z');

	describe('delay-seconds', () => {
		it.each([
			['120', 120_000],
			['0', 0],
			[' 7 ', 7_000],
			['1.5', 1_500],
			['0.25', 250],
		])('reads "%s" as %i ms', (header, ms) => {
			expect(parseRetryAfter(header, now)).toBe(ms);
		});

		it('reads a number value and the first of repeated headers', () => {
			expect(parseRetryAfter(3, now)).toBe(3_000);
			expect(parseRetryAfter(['5', '60'], now)).toBe(5_000);
		});
	});

	describe('HTTP date', () => {
		it('waits until a date in the future', () => {
			expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', now)).toBe(30_000);
		});

		it('waits not at all for a date in the past', () => {
			expect(parseRetryAfter('Sat, 01 Mar 2025 11:59:00 GMT', now)).toBe(0);
		});

		it('uses the current clock when no time is given', () => {
			const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
			const ms = parseRetryAfter(inTenSeconds);
			expect(ms).toBeGreaterThan(8_000);
			expect(ms).toBeLessThanOrEqual(10_000);
		});
	});

	describe('absent or unreadable', () => {
		it.each([
			['absent', undefined],
			['null', null],
			['empty', ''],
			['blank', '   '],
			['a word', 'soon'],
			['seconds with a unit', '5s'],
			['hexadecimal', '0x10'],
			['an ISO duration', 'PT5S'],
			['an object', { seconds: 5 }],
			['an empty list', []],
		])('returns undefined for %s, so the caller falls back to backoff', (_what, header) => {
			expect(parseRetryAfter(header, now)).toBeUndefined();
		});

		// V8's Date.parse reads many non-dates as dates in the past; only HTTP-date
		// shaped text (with hh:mm:ss) is read as a date.
		it.each([
			['a negative number', '-5'],
			['a decimal comma', '1,5'],
			['a leading-dot decimal', '.5'],
			['a word and a number', 'retry 12'],
		])('returns undefined for %s, which Date.parse alone would take for a past date', (_what, header) => {
			expect(parseRetryAfter(header, now)).toBeUndefined();
		});
	});
});

describe('backoffDelay', () => {
	it('waits between half and all of 1 s, 2 s, 4 s... for attempts 0, 1, 2..., capped at 30 s', () => {
		const random = seededRandom(20250301);
		for (let attempt = 0; attempt <= 12; attempt++) {
			const ceiling = Math.min(30_000, 1000 * 2 ** attempt);
			for (let sample = 0; sample < 200; sample++) {
				const delay = backoffDelay(attempt, random);
				expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
				expect(delay).toBeLessThanOrEqual(ceiling);
				expect(Number.isInteger(delay)).toBe(true);
			}
		}
	});

	it('reaches both ends of its range', () => {
		expect(backoffDelay(0, () => 0)).toBe(500);
		expect(backoffDelay(0, () => 0.999_999)).toBe(1000);
		expect(backoffDelay(3, () => 0)).toBe(4000);
		expect(backoffDelay(3, () => 0.999_999)).toBe(8000);
	});

	it('never exceeds 30 s, even for very late attempts', () => {
		expect(backoffDelay(15, () => 0.999_999)).toBe(30_000);
		expect(backoffDelay(5000, () => 0.999_999)).toBe(30_000);
	});

	it('spreads delays out (jitter), so clients do not retry in lockstep', () => {
		const random = seededRandom(7);
		const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(2, random)));
		expect(delays.size).toBeGreaterThan(40);
	});

	it('uses Math.random when no generator is given', () => {
		const delay = backoffDelay(1);
		expect(delay).toBeGreaterThanOrEqual(1000);
		expect(delay).toBeLessThanOrEqual(2000);
	});
});

describe('delivery of a request that failed on the network', () => {
	it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])(
		'%s means the connection never opened: not delivered, safe to repeat',
		(code) => {
			expect(deliveryOfNetworkError(code)).toBe('notDelivered');
		},
	);

	it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ERR_SOCKET_CLOSED'])(
		'%s may come after the request was sent: may have been delivered',
		(code) => {
			expect(deliveryOfNetworkError(code)).toBe('mayHaveBeenDelivered');
		},
	);

	it('assumes the worst when there is no code', () => {
		expect(deliveryOfNetworkError(undefined)).toBe('mayHaveBeenDelivered');
	});

	it('says in words what each delivery means for the user', () => {
		expect(describeDelivery('notDelivered', 'Hamsa')).toBe('The request did not reach Hamsa; nothing was done there.');
		expect(describeDelivery('mayHaveBeenDelivered', 'Hamsa')).toContain('check Hamsa before running it again');
		expect(describeDelivery('delivered', 'HotTask')).toBe('HotTask received the request and answered it.');
	});
});

describe('findErrorCode', () => {
	it('reads the code of an axios or Node error', () => {
		expect(findErrorCode(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
	});

	it("finds the code in the `cause` chain, as fetch's TypeError('fetch failed') carries it", () => {
		const error = Object.assign(new TypeError('fetch failed'), { cause: { cause: { code: 'ENOTFOUND' } } });
		expect(findErrorCode(error)).toBe('ENOTFOUND');
	});

	it('ignores codes that are not Node error codes (HTTP statuses, service codes)', () => {
		expect(findErrorCode({ code: 404 })).toBeUndefined();
		expect(findErrorCode({ code: 'not_found' })).toBeUndefined();
		expect(findErrorCode({ code: 'ERR_BAD_REQUEST' })).toBe('ERR_BAD_REQUEST');
	});

	it('stops after six levels of cause, and survives non-objects', () => {
		let deep: Record<string, unknown> = { code: 'ECONNRESET' };
		for (let level = 0; level < 6; level++) deep = { cause: deep };
		expect(findErrorCode(deep)).toBeUndefined();
		expect(findErrorCode(undefined)).toBeUndefined();
		expect(findErrorCode('ECONNRESET')).toBeUndefined();
	});
});

describe('isCancellation', () => {
	it('is true when the workflow aborted the signal, whatever the error', () => {
		expect(isCancellation(new Error('anything'), { aborted: true })).toBe(true);
	});

	it('recognises axios and DOM cancellation by code or by name, also inside a cause', () => {
		expect(isCancellation({ code: 'ERR_CANCELED' })).toBe(true);
		expect(isCancellation({ code: 'ABORT_ERR' })).toBe(true);
		expect(isCancellation({ name: 'CanceledError' })).toBe(true);
		expect(isCancellation(Object.assign(new Error('wrapped'), { cause: { name: 'AbortError' } }))).toBe(true);
	});

	it('is false for ordinary network errors', () => {
		expect(isCancellation({ code: 'ECONNRESET' }, { aborted: false })).toBe(false);
	});
});

describe('isTurnedAway', () => {
	it('names 429 and 503, the answers of a busy service, and nothing else', () => {
		expect(isTurnedAway(429)).toBe(true);
		expect(isTurnedAway(503)).toBe(true);
		for (const status of [200, 400, 500, 502, 504]) expect(isTurnedAway(status)).toBe(false);
	});
});

describe('refusedForNow', () => {
	it('is true for a 429, with or without Retry-After', () => {
		expect(refusedForNow(429, undefined)).toBe(true);
		expect(refusedForNow(429, '2')).toBe(true);
	});

	it('is true for a 503 only when it says when to come back', () => {
		expect(refusedForNow(503, '1')).toBe(true);
		expect(refusedForNow(503, 'Wed, 21 Oct 2015 07:28:00 GMT')).toBe(true);
		expect(refusedForNow(503, undefined)).toBe(false);
		expect(refusedForNow(503, '')).toBe(false);
		expect(refusedForNow(503, 'soon')).toBe(false);
	});

	it('is false for every other status, Retry-After or not', () => {
		for (const status of [200, 400, 500, 502, 504]) expect(refusedForNow(status, '1')).toBe(false);
	});
});
