/**
 * How an SMS body travels: its encoding and how many segments (billed
 * messages) it takes, counted as carriers and Twilio count them. Pure.
 *
 * - GSM-7 when every character is in the GSM 03.38 basic table or its
 *   extension table; extension characters (^ { } \ [ ] ~ | € and form feed)
 *   take two septets. One segment holds 160 septets; a longer message is split
 *   into segments of 153 (the rest is the concatenation header), and an
 *   extension character's two septets are never split across segments.
 * - UCS-2 as soon as one character is outside those tables (emoji, Arabic,
 *   curly quotes…): 70 UTF-16 code units in one segment, 67 per segment when
 *   split. An emoji outside the BMP is two code units and its pair is never
 *   split.
 *
 * Twilio refuses a body over 1,600 characters (error 21617); characters are
 * counted here as UTF-16 code units (an emoji counts 2), the stricter reading.
 */

export const TWILIO_MAX_CHARACTERS = 1600;

const GSM_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(Array.from(GSM_BASIC).filter((c) => c !== '\u001b'));
const EXTENSION = new Set(Array.from(GSM_EXTENSION));

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsCount {
	encoding: SmsEncoding;
	/** Segments (separately billed SMS) the message takes; 0 for an empty message. */
	segments: number;
	/** Septets (GSM-7) or UTF-16 code units (UCS-2) the message uses. */
	units: number;
	/** Characters as Twilio's 1,600 limit counts them (UTF-16 code units). */
	characters: number;
	/** Characters outside GSM-7 that force UCS-2 (at most 10, first seen first). */
	nonGsmCharacters: string[];
}

export function isGsmCharacter(char: string): boolean {
	return BASIC.has(char) || EXTENSION.has(char);
}

/** Splits into units per character, then packs them greedily into segments without splitting a character. */
function packSegments(sizes: number[], single: number, multi: number): { units: number; segments: number } {
	const units = sizes.reduce((sum, size) => sum + size, 0);
	if (units === 0) return { units, segments: 0 };
	if (units <= single) return { units, segments: 1 };
	let segments = 1;
	let used = 0;
	for (const size of sizes) {
		if (used + size > multi) {
			segments += 1;
			used = 0;
		}
		used += size;
	}
	return { units, segments };
}

export function countSmsSegments(text: string): SmsCount {
	const characters = Array.from(text);
	const nonGsm: string[] = [];
	for (const char of characters) {
		if (!isGsmCharacter(char) && !nonGsm.includes(char)) {
			nonGsm.push(char);
			if (nonGsm.length >= 10) break;
		}
	}
	if (nonGsm.length === 0) {
		const packed = packSegments(characters.map((char) => (EXTENSION.has(char) ? 2 : 1)), 160, 153);
		return { encoding: 'GSM-7', ...packed, characters: text.length, nonGsmCharacters: [] };
	}
	// Array.from splits by code point, so a surrogate pair (emoji) stays one 2-unit piece.
	const packed = packSegments(characters.map((char) => char.length), 70, 67);
	return { encoding: 'UCS-2', ...packed, characters: text.length, nonGsmCharacters: nonGsm };
}

/**
 * Cuts a message to at most `maxCharacters` UTF-16 code units, at a word
 * boundary when one is near, ending with "..." (three dots: the single-character
 * ellipsis is not in GSM-7 and would turn the whole message into UCS-2). Never
 * splits an emoji.
 */
export function shortenToFit(text: string, maxCharacters = TWILIO_MAX_CHARACTERS): string {
	if (text.length <= maxCharacters) return text;
	const ellipsis = '...';
	let cut = '';
	for (const char of Array.from(text)) {
		if (cut.length + char.length > maxCharacters - ellipsis.length) break;
		cut += char;
	}
	const lastSpace = cut.search(/\s\S*$/);
	// Only back up to a space when little is lost (the last 10%).
	if (lastSpace > 0 && lastSpace >= cut.length * 0.9) cut = cut.slice(0, lastSpace);
	return `${cut.trimEnd()}${ellipsis}`;
}
