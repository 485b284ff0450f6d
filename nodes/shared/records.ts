/**
 * Reading the loosely specified JSON both services send. Neither promises the
 * casing of its keys, so keys are matched without regard to case. Plain values
 * in, plain values out.
 */

/** Reads a key case-insensitively; exact-length check first because it is cheap. */
export function readKey(value: Record<string, unknown>, lowerCaseKey: string): unknown {
	for (const key in value) {
		if (key.length === lowerCaseKey.length && key.toLowerCase() === lowerCaseKey) return value[key];
	}
	return undefined;
}

/** A finite number, or a numeric string read as one (ids sometimes arrive as text). */
function asNumber(raw: unknown): number | undefined {
	if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
	if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
	return undefined;
}

export function readNumber(value: Record<string, unknown>, lowerCaseKey: string): number | undefined {
	return asNumber(readKey(value, lowerCaseKey));
}

export function asRecord(body: unknown): Record<string, unknown> | undefined {
	return body !== null && typeof body === 'object' && !Array.isArray(body)
		? (body as Record<string, unknown>)
		: undefined;
}

/** `true`, or the text "true" in any case (HotTask writes some flags as strings). */
export function isTrue(value: unknown): boolean {
	return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** A non-empty, trimmed message; validation errors often come as a list of messages. */
export function textOf(value: unknown): string | undefined {
	if (Array.isArray(value)) return textOf(value.filter((entry) => typeof entry === 'string').join('; '));
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
