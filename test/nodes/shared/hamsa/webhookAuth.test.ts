import { timingSafeEqual } from 'crypto';
import { authorizationMatches, expectedAuthorization, usableAuthKey, usableSecret } from '../../../../nodes/shared/hamsa/webhookAuth';

import { WEBHOOK_SECRETS } from '../../../harness/knownSecrets';
const SECRET = WEBHOOK_SECRETS[0];

// Watch the module's timingSafeEqual calls; the real comparison still runs.
jest.mock('crypto', () => {
	const actual = jest.requireActual('crypto');
	return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
const timingSafeEqualSpy = timingSafeEqual as jest.MockedFunction<typeof timingSafeEqual>;

describe('expectedAuthorization', () => {
	it('is "<authKey> <authSecret>" with one space between, as Hamsa sends it', () => {
		expect(expectedAuthorization('Bearer', SECRET)).toBe(`Bearer ${SECRET}`);
		expect(expectedAuthorization('X-Key', 'abc')).toBe('X-Key abc');
	});

	it('trims what was pasted around the Auth Key and the Auth Secret', () => {
		expect(expectedAuthorization('  Bearer\t', ` ${SECRET}\n`)).toBe(`Bearer ${SECRET}`);
	});

	it('is the secret alone when the Auth Key is empty (Hamsa sends " <secret>", which arrives trimmed)', () => {
		expect(expectedAuthorization('', SECRET)).toBe(SECRET);
		expect(expectedAuthorization('   ', SECRET)).toBe(SECRET);
	});

	it('is undefined, matching nothing, when the Auth Secret is empty or blank', () => {
		expect(expectedAuthorization('Bearer', '')).toBeUndefined();
		expect(expectedAuthorization('Bearer', '  \n')).toBeUndefined();
		expect(expectedAuthorization('', '')).toBeUndefined();
		expect(authorizationMatches('Bearer', expectedAuthorization('Bearer', ''))).toBe(false);
		expect(authorizationMatches('', expectedAuthorization('', ''))).toBe(false);
	});

	it.each([
		['undefined (an expression that found nothing)', undefined, 'Bearer undefined'],
		['null', null, 'Bearer null'],
		['the text "undefined" (String(undefined), or a template around a missing value)', 'undefined', 'Bearer undefined'],
		['the text "null"', 'null', 'Bearer null'],
		['"Undefined" in another case, with spaces around it', ' Undefined ', 'Bearer Undefined'],
		['a number, not text', 12345, 'Bearer 12345'],
		['an object', {}, 'Bearer [object Object]'],
		['a list', [SECRET], `Bearer ${SECRET}`],
	])('is undefined, matching nothing, when the Auth Secret is %s', (_label, authSecret, guess) => {
		expect(expectedAuthorization('Bearer', authSecret)).toBeUndefined();
		expect(authorizationMatches(guess, expectedAuthorization('Bearer', authSecret))).toBe(false);
	});

	it.each([
		['undefined', undefined],
		['null', null],
		['the text "undefined"', 'undefined'],
		['the text "null"', 'NULL'],
		['a number', 1],
	])('is undefined, matching nothing, when the Auth Key is %s', (_label, authKey) => {
		expect(expectedAuthorization(authKey, SECRET)).toBeUndefined();
		expect(authorizationMatches(`${String(authKey)} ${SECRET}`, expectedAuthorization(authKey, SECRET))).toBe(false);
		expect(authorizationMatches(SECRET, expectedAuthorization(authKey, SECRET))).toBe(false);
	});
});

describe('usableSecret', () => {
	it('is the secret, trimmed', () => {
		expect(usableSecret(` ${SECRET}\n`)).toBe(SECRET);
	});

	it('keeps a secret that only contains the words undefined or null', () => {
		expect(usableSecret('undefined-but-long-and-random')).toBe('undefined-but-long-and-random');
		expect(usableSecret('nullnull')).toBe('nullnull');
	});

	it.each([[undefined], [null], [''], ['   '], ['undefined'], ['null'], ['NULL'], [0], [false], [{}]])('is undefined for %p', (value) => {
		expect(usableSecret(value)).toBeUndefined();
	});
});

describe('usableAuthKey', () => {
	it('is the key, trimmed, and may be empty (Hamsa then sends the secret alone)', () => {
		expect(usableAuthKey(' Bearer ')).toBe('Bearer');
		expect(usableAuthKey('')).toBe('');
	});

	it.each([[undefined], [null], ['undefined'], [' Null '], [42]])('is undefined for %p', (value) => {
		expect(usableAuthKey(value)).toBeUndefined();
	});
});

describe('authorizationMatches', () => {
	const expected = `Bearer ${SECRET}`;

	it('accepts the exact value', () => {
		expect(authorizationMatches(expected, expected)).toBe(true);
	});

	it('accepts the value with whitespace around it', () => {
		expect(authorizationMatches(`  ${expected}\t`, expected)).toBe(true);
	});

	it.each([
		['one character changed at the end (equal lengths)', `${expected.slice(0, -1)}X`],
		['one character changed at the start (equal lengths)', `X${expected.slice(1)}`],
		['different case (equal lengths)', expected.toUpperCase()],
		['longer', `${expected}X`],
		['shorter', expected.slice(0, -1)],
		['a prefix of it', 'Bearer'],
		['empty', ''],
		['whitespace inside instead of around', `Bearer  ${SECRET}`],
	])('refuses a value that is %s', (_label, received) => {
		expect(authorizationMatches(received, expected)).toBe(false);
	});

	it.each([
		['undefined (no header)', undefined],
		['null', null],
		['an array (a repeated header)', [expected]],
		['a number', 42],
		['a Buffer', Buffer.from(expected)],
	])('refuses a header that is %s', (_label, received) => {
		expect(authorizationMatches(received, expected)).toBe(false);
	});

	it('refuses everything when nothing is expected', () => {
		expect(authorizationMatches('', '')).toBe(false);
		expect(authorizationMatches('  ', '')).toBe(false);
		expect(authorizationMatches('anything', '')).toBe(false);
		expect(authorizationMatches('', undefined)).toBe(false);
		expect(authorizationMatches('undefined', undefined)).toBe(false);
		expect(authorizationMatches('Bearer undefined', undefined)).toBe(false);
	});

	it('compares bytes, not UTF-16 units: a multi-byte secret of the same character count but another byte length is refused', () => {
		const unicode = 'Bearer sécret-ü';
		expect(authorizationMatches(unicode, unicode)).toBe(true);
		expect(authorizationMatches('Bearer secret-uu', unicode)).toBe(false);
		expect(authorizationMatches('Bearer sécret-u', unicode)).toBe(false);
	});

	describe('timing', () => {
		beforeEach(() => timingSafeEqualSpy.mockClear());

		it('compares equal-length values with crypto.timingSafeEqual, never ===', () => {
			const spy = timingSafeEqualSpy;
			expect(authorizationMatches(`${expected.slice(0, -1)}X`, expected)).toBe(false);
			expect(authorizationMatches(expected, expected)).toBe(true);
			expect(spy).toHaveBeenCalledTimes(2);
			const [a, b] = spy.mock.calls[0] as [Buffer, Buffer];
			expect(a.length).toBe(b.length);
		});

		it('does not call timingSafeEqual (which would throw) when the lengths differ', () => {
			const spy = timingSafeEqualSpy;
			expect(() => authorizationMatches(`${expected}-longer`, expected)).not.toThrow();
			expect(authorizationMatches('short', expected)).toBe(false);
			expect(spy).not.toHaveBeenCalled();
		});
	});
});
