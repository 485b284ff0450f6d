import { countSmsSegments, isGsmCharacter, shortenToFit, TWILIO_MAX_CHARACTERS } from '../../../nodes/shared/smsSegments';

describe('countSmsSegments: GSM-7', () => {
	it('counts an empty message as no segment', () => {
		expect(countSmsSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, units: 0, characters: 0, nonGsmCharacters: [] });
	});

	it('fits 160 plain characters in one segment and splits 161 into two of 153', () => {
		expect(countSmsSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 160 });
		expect(countSmsSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2, units: 161 });
		expect(countSmsSegments('a'.repeat(306))).toMatchObject({ segments: 2 });
		expect(countSmsSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
		expect(countSmsSegments('a'.repeat(1530))).toMatchObject({ segments: 10 });
	});

	it('keeps GSM-7 for accented letters, Greek capitals and symbols of the basic table', () => {
		const text = '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&\'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r';
		expect(countSmsSegments(text)).toMatchObject({ encoding: 'GSM-7', units: Array.from(text).length });
	});

	it.each(['^', '{', '}', '\\', '[', ']', '~', '|', '€', '\f'])('counts the extension character %j as two septets', (char) => {
		expect(isGsmCharacter(char)).toBe(true);
		expect(countSmsSegments(`a${char}`)).toMatchObject({ encoding: 'GSM-7', units: 3, segments: 1 });
	});

	it('puts 80 euro signs (160 septets) in one segment and 81 in two', () => {
		expect(countSmsSegments('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
		expect(countSmsSegments('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
	});

	it('never splits an extension character\'s two septets across segments', () => {
		// 152 plain + "€": the escape would be septet 153 and the € septet 154, so the € moves to segment 2.
		const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
		expect(countSmsSegments(text)).toMatchObject({ units: 306, segments: 3 });
		// Without the split rule 306 septets would fit two segments of 153.
		expect(countSmsSegments('a'.repeat(306)).segments).toBe(2);
	});
});

describe('countSmsSegments: UCS-2', () => {
	it('switches to UCS-2 for one character outside GSM-7, and names it', () => {
		expect(countSmsSegments('Hello “world”')).toMatchObject({ encoding: 'UCS-2', segments: 1, nonGsmCharacters: ['“', '”'] });
		expect(countSmsSegments('مرحبا')).toMatchObject({ encoding: 'UCS-2', units: 5, segments: 1 });
	});

	it('fits 70 code units in one segment and splits 71 into segments of 67', () => {
		expect(countSmsSegments(`ç${'a'.repeat(68)}ж`)).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
		expect(countSmsSegments(`ж${'a'.repeat(70)}`)).toMatchObject({ units: 71, segments: 2 });
		expect(countSmsSegments(`ж${'a'.repeat(133)}`)).toMatchObject({ units: 134, segments: 2 });
		expect(countSmsSegments(`ж${'a'.repeat(134)}`)).toMatchObject({ units: 135, segments: 3 });
	});

	it('counts an emoji as two UTF-16 code units and as two characters for the 1,600 limit', () => {
		expect(countSmsSegments('🙂')).toEqual({ encoding: 'UCS-2', segments: 1, units: 2, characters: 2, nonGsmCharacters: ['🙂'] });
		expect(countSmsSegments('🙂'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
		expect(countSmsSegments('🙂'.repeat(36))).toMatchObject({ units: 72, segments: 2 });
	});

	it('never splits an emoji\'s surrogate pair across segments', () => {
		// 66 units, then an emoji that would straddle units 67/68: it moves to segment 2, pushing the last unit to a third.
		const text = `${'ж'.repeat(66)}🙂${'ж'.repeat(66)}`;
		expect(countSmsSegments(text)).toMatchObject({ units: 134, segments: 3 });
		// Without the split rule 134 units would fit two segments of 67.
		expect(countSmsSegments('ж'.repeat(134)).segments).toBe(2);
	});

	it('counts the extension characters as one code unit once the message is UCS-2', () => {
		expect(countSmsSegments('€🙂')).toMatchObject({ encoding: 'UCS-2', units: 3 });
	});

	it('lists at most ten distinct non-GSM characters', () => {
		expect(countSmsSegments('абвгдеёжзийклм').nonGsmCharacters).toHaveLength(10);
	});
});

describe('shortenToFit', () => {
	it('leaves a message within the limit untouched', () => {
		const text = 'a'.repeat(TWILIO_MAX_CHARACTERS);
		expect(shortenToFit(text)).toBe(text);
	});

	it('cuts a long message to 1,600 characters, at a word boundary, ending with three dots (GSM-7, not "…")', () => {
		const text = 'word '.repeat(400);
		const short = shortenToFit(text);
		expect(short.length).toBeLessThanOrEqual(TWILIO_MAX_CHARACTERS);
		expect(short.length).toBeGreaterThan(1500);
		expect(short.endsWith('word...')).toBe(true);
		expect(countSmsSegments(short).encoding).toBe('GSM-7');
	});

	it('cuts inside a word when there is no space near the end', () => {
		const short = shortenToFit('x'.repeat(2000));
		expect(short).toBe(`${'x'.repeat(1597)}...`);
	});

	it('never splits an emoji', () => {
		const short = shortenToFit('🙂'.repeat(1000));
		expect(short.length).toBeLessThanOrEqual(TWILIO_MAX_CHARACTERS);
		expect(short).toBe(`${'🙂'.repeat(798)}...`);
	});
});
