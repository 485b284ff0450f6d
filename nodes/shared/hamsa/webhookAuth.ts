import { timingSafeEqual } from 'crypto';

/**
 * What an expression that found nothing leaves behind once it is made text:
 * String(undefined) and String(null), or n8n joining a missing value into a
 * template. Nobody chooses these as a secret on purpose, and anyone can guess
 * them, so they count as "no value" (in any letter case).
 */
const RENDERED_NOTHING = new Set(['undefined', 'null']);

/**
 * The Auth Secret as the webhook must use it: a trimmed, non-empty string, or
 * undefined when the field is empty or its expression evaluated to nothing
 * (undefined, null, a number or object instead of text, or the text
 * "undefined"/"null"). Undefined means the webhook is misconfigured and must
 * refuse every request: String(undefined) would otherwise make
 * "Authorization: Bearer undefined" a valid header.
 */
export function usableSecret(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const secret = value.trim();
	if (secret === '' || RENDERED_NOTHING.has(secret.toLowerCase())) return undefined;
	return secret;
}

/**
 * The Auth Key, trimmed; may be empty (Hamsa then sends the secret alone).
 * Undefined when the field's expression evaluated to nothing: the header would
 * be built from the word "undefined", which is a misconfiguration to report,
 * not a key to accept.
 */
export function usableAuthKey(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const key = value.trim();
	if (RENDERED_NOTHING.has(key.toLowerCase())) return undefined;
	return key;
}

/**
 * The Authorization value Hamsa sends: "<authKey> <authSecret>". Undefined
 * (which authorizationMatches never accepts) when either part is not usable:
 * otherwise an empty secret would let the well-known Auth Key alone
 * ("Authorization: Bearer") in, and a secret that evaluated to nothing would
 * let "Bearer undefined" in.
 */
export function expectedAuthorization(authKey: unknown, authSecret: unknown): string | undefined {
	const key = usableAuthKey(authKey);
	const secret = usableSecret(authSecret);
	if (key === undefined || secret === undefined) return undefined;
	return key === '' ? secret : `${key} ${secret}`;
}

/**
 * Compares in constant time so the secret cannot be guessed from how quickly
 * a wrong value is rejected. Lengths are compared first because
 * timingSafeEqual needs equal lengths; that only reveals the length.
 */
export function authorizationMatches(received: unknown, expected: string | undefined): boolean {
	if (typeof received !== 'string' || expected === undefined || expected === '') return false;
	const a = Buffer.from(received.trim(), 'utf8');
	const b = Buffer.from(expected, 'utf8');
	if (a.length !== b.length) return false;
	return timingSafeEqual(a, b);
}
