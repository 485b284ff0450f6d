import { normalisePhoneNumber } from '../../../nodes/shared/phone';

describe('normalisePhoneNumber', () => {
	describe('accepts international numbers and returns them as E.164', () => {
		it.each([
			['already in E.164', '+14155550100', '+14155550100'],
			['written with spaces, brackets and a dash', '+1 (415) 555-0100', '+14155550100'],
			['with the 00 international prefix instead of +', '0044 20 7946 0958', '+442079460958'],
			['with dots between the groups', '+44.20.7946.0958', '+442079460958'],
			['from Iceland, whose numbers are short (10 digits in all)', '+354 1234567', '+3541234567'],
			['with a no-break space and non-breaking hyphens, as pasted from a web page', '+1\u00a0415\u2011555\u20110100', '+14155550100'],
			['with square brackets', '+1 [415] 5550100', '+14155550100'],
			['at the shortest E.164 allows here (8 digits)', '+12345678', '+12345678'],
			['at the longest E.164 allows (15 digits)', '+123456789012345', '+123456789012345'],
		])('a number %s', (_what, input, e164) => {
			expect(normalisePhoneNumber(input)).toEqual({ valid: true, e164 });
		});
	});

	describe('rejects what cannot be dialled internationally, saying why', () => {
		const DIGITS_ONLY = 'it may only contain digits after the +';
		it.each([
			{ what: 'a national number with neither + nor 00, and shows the expected form', input: '(415) 555-0100', reason: 'it must start with + and the country code (E.164), e.g. +14155550100' },
			{ what: 'letters, such as a letter O typed for a zero', input: '+1 415 555 O1OO', reason: DIGITS_ONLY },
			{ what: 'an extension written after the number', input: '+14155550100 ext. 12', reason: DIGITS_ONLY },
			{ what: 'a number shorter than 8 digits, counting them', input: '+1 234 567', reason: 'it has 7 digits; E.164 numbers have 8 to 15 including the country code' },
			{ what: 'a number longer than 15 digits, counting them', input: '+1 234 567 890 123 456', reason: 'it has 16 digits; E.164 numbers have 8 to 15 including the country code' },
		])('refuses $what', ({ input, reason }) => {
			expect(normalisePhoneNumber(input)).toEqual({ valid: false, reason });
		});

		it('refuses a country code starting with 0, whether written with + or 00', () => {
			const reason = 'the country code cannot start with 0';
			expect(normalisePhoneNumber('+044 20 7946 0958')).toEqual({ valid: false, reason });
			expect(normalisePhoneNumber('00044 20 7946 0958')).toEqual({ valid: false, reason });
		});

		it.each([
			['an empty string', ''],
			['only spaces and separators', '  - ( ) '],
		])('refuses %s as empty', (_what, input) => {
			expect(normalisePhoneNumber(input)).toEqual({ valid: false, reason: 'it is empty' });
		});

		it('refuses a lone + and a doubled +', () => {
			expect(normalisePhoneNumber('+')).toMatchObject({ valid: false });
			expect(normalisePhoneNumber('++14155550100')).toEqual({ valid: false, reason: DIGITS_ONLY });
		});
	});
});
