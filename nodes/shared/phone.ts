/**
 * Phone numbers are checked before any SMS or call is attempted: a typo would
 * otherwise cost money or reach the wrong person.
 */
export type PhoneCheck = { valid: true; e164: string } | { valid: false; reason: string };

const SEPARATORS = /[\s\-.()[\]\u00a0\u2010-\u2015]/g;
// E.164: a country code that does not start with 0, 8 to 15 digits in all.
const E164 = /^\+[1-9]\d{7,14}$/;

export function normalisePhoneNumber(input: string): PhoneCheck {
	const compact = input.replace(SEPARATORS, '');
	if (compact.length === 0) return { valid: false, reason: 'it is empty' };
	const withPlus = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
	if (!withPlus.startsWith('+')) {
		return {
			valid: false,
			reason: 'it must start with + and the country code (E.164), e.g. +14155550100',
		};
	}
	if (/[^\d]/.test(withPlus.slice(1))) {
		return { valid: false, reason: 'it may only contain digits after the +' };
	}
	if (withPlus.charAt(1) === '0') {
		return { valid: false, reason: 'the country code cannot start with 0' };
	}
	if (!E164.test(withPlus)) {
		const digits = withPlus.length - 1;
		return {
			valid: false,
			reason: `it has ${digits} digits; E.164 numbers have 8 to 15 including the country code`,
		};
	}
	return { valid: true, e164: withPlus };
}
