import { timingSafeEqual } from 'crypto';

/**
 * The Authorization value Hamsa sends: "<authKey> <authSecret>". Empty (which
 * authorizationMatches never accepts) when no secret is set: otherwise the
 * well-known Auth Key alone ("Authorization: Bearer") would let anyone in.
 */
export function expectedAuthorization(authKey: string, authSecret: string): string {
	if (authSecret.trim() === '') return '';
	return `${authKey.trim()} ${authSecret.trim()}`.trim();
}

/**
 * Compares in constant time so the secret cannot be guessed from how quickly
 * a wrong value is rejected. Lengths are compared first because
 * timingSafeEqual needs equal lengths; that only reveals the length.
 */
export function authorizationMatches(received: unknown, expected: string): boolean {
	if (typeof received !== 'string' || expected === '') return false;
	const a = Buffer.from(received.trim(), 'utf8');
	const b = Buffer.from(expected, 'utf8');
	if (a.length !== b.length) return false;
	return timingSafeEqual(a, b);
}
