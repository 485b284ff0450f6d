/**
 * An error page becomes a short message however it is built, and only its
 * start is ever read or looked at: a pattern such as /<[^>]*>/g starts again
 * at every "<", so a 400 KB page of "<" without ">" once kept a worker busy
 * for minutes. Here every regular expression run is watched (a spy on
 * RegExp.prototype.exec, which test, replace and search all go through), and
 * refused past the prefix the rule allows. How long it takes is measured
 * by test/bench/errorPages.js, not here.
 */
import { bodyLimitFor, describeBody, MAX_BODY_CHARS, MAX_ERROR_BODY_CHARS, parseJsonOrText, READABLE_TEXT_CHARS, readBodyText } from '../../../nodes/shared/body';

/** Runs `fn` while recording the length of every text a regular expression is run on; a longer one than allowed throws at once. */
function patternInputs<T>(fn: () => T): { result: T; lengths: number[] } {
	const original = RegExp.prototype.exec;
	const lengths: number[] = [];
	const spy = jest.spyOn(RegExp.prototype, 'exec').mockImplementation(function (this: RegExp, input: string) {
		lengths.push(input.length);
		if (input.length > READABLE_TEXT_CHARS) throw new Error(`a pattern was run on ${input.length} characters`);
		return original.call(this, input);
	});
	try {
		return { result: fn(), lengths };
	} finally {
		spy.mockRestore();
	}
}

const pathological: Array<[string, string]> = [
	['400 KB of "<" without ">"', '<'.repeat(400 * 1024)],
	['5 MB of "<" without ">"', '<'.repeat(5 * 1024 * 1024)],
	['an HTML page whose tags never close', `<!DOCTYPE html><html><body>${'<div class="x" '.repeat(100_000)}`],
	['100 000 "<title" without a close', '<title'.repeat(100_000)],
	['titles opened but never closed after ">"', '<title>a'.repeat(100_000)],
	['white space between a million "<"', '< \n\t'.repeat(1_000_000)],
];

describe('an error page that is not JSON becomes a short message from its first few KB', () => {
	it.each(pathological)('%s: one short line, no pattern run past its first 8 KB', (_label, page) => {
		const { result, lengths } = patternInputs(() => parseJsonOrText(page));
		expect(typeof result).toBe('string');
		expect((result as string).length).toBeLessThanOrEqual(201);
		expect(result).not.toMatch(/\n/);
		expect(lengths.length).toBeGreaterThan(0);
		expect(Math.max(...lengths)).toBeLessThanOrEqual(READABLE_TEXT_CHARS);
	});

	it('still gives a long page\'s title, or its text without tags when it has none', () => {
		const flood = '<'.repeat(1024 * 1024);
		const { result: titled, lengths } = patternInputs(() => [
			parseJsonOrText(`<!DOCTYPE html>\n<html><head><TITLE>502 Bad Gateway</TITLE></head>\n<body>${flood}</body></html>`),
			parseJsonOrText(`<html><body><p>Service <b>down</b> for maintenance</p> 3 < 4 ${flood}`),
			parseJsonOrText(`<html><body><p>Busy</p>${' x'.repeat(READABLE_TEXT_CHARS)}<title>too late</title>`),
		]);
		expect(titled[0]).toBe('502 Bad Gateway');
		expect(titled[1]).toMatch(/^Service down for maintenance 3 < 4 <<<<.{150,}…$/);
		expect(titled[2]).toMatch(/^Busy x x/);
		expect(Math.max(...lengths)).toBeLessThanOrEqual(READABLE_TEXT_CHARS);
	});

	it('describes an unreadable body from its start only', () => {
		const { result, lengths } = patternInputs(() => describeBody(`OK ${' <'.repeat(3 * 1024 * 1024)}`));
		expect(result).toBe(` (it began ${JSON.stringify(`OK${' <'.repeat(39)}…`)})`);
		expect(Math.max(...lengths)).toBeLessThanOrEqual(READABLE_TEXT_CHARS);
	});
});

describe('how much of an answer is read', () => {
	/** A body arriving in 64 KB chunks, counting how many were taken. */
	function chunkedBody(totalBytes: number) {
		const chunk = new TextEncoder().encode('<'.repeat(64 * 1024));
		const counter = { taken: 0, destroyed: false };
		const body = {
			async *[Symbol.asyncIterator]() {
				for (let sent = 0; sent < totalBytes; sent += chunk.length) {
					counter.taken++;
					yield chunk;
				}
			},
			destroy() {
				counter.destroyed = true;
			},
		};
		return { body, counter };
	}

	it('an error answer (HTTP 4xx, 5xx): its first 64 KB, the rest left unread and the connection let go; a successful one whole', async () => {
		const error = chunkedBody(5 * 1024 * 1024);
		expect(await readBodyText(error.body, bodyLimitFor(502))).toEqual({ text: '<'.repeat(MAX_ERROR_BODY_CHARS) });
		expect(error.counter).toEqual({ taken: 1, destroyed: true });
		expect(bodyLimitFor(404)).toBe(MAX_ERROR_BODY_CHARS);

		const success = chunkedBody(5 * 1024 * 1024);
		const read = await readBodyText(success.body, bodyLimitFor(200));
		expect('text' in read && read.text.length).toBe(5 * 1024 * 1024);
		expect(success.counter).toEqual({ taken: 80, destroyed: false });
		// A cap no answer of either service comes near.
		expect(MAX_BODY_CHARS).toBeGreaterThanOrEqual(16 * 1024 * 1024);
	});
});
