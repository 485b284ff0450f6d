/**
 * What the transport needs to know about a service: which credential it uses,
 * where its base URL comes from, how its envelope reads and what a rejected key
 * means for the user. Each service fills this in in its own folder
 * (hotTask/service.ts, hamsa/service.ts); the transport knows nothing else of them.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { ServiceName } from './errors';

/** A service's verdict on an answer: its payload, or why it failed. */
export type EnvelopeOutcome =
	| { ok: true; payload: unknown }
	| { ok: false; message: string; serviceCode?: number | string };

export interface ServiceProfile {
	name: ServiceName;
	credentialType: 'hotTaskApi' | 'hamsaApi';
	/** The credential field holding the key, kept out of every error. */
	secretField: string;
	/** Returns the base URL or a sentence saying what is wrong with the credential. */
	baseUrl(credentials: ICredentialDataDecryptedObject): { url: string } | { problem: string };
	/** Decides success from the HTTP status and the parsed body. */
	unwrap(status: number, body: unknown): EnvelopeOutcome;
	rejectedKeyHint: string;
}

/**
 * The base URL as the transport uses it, or what is wrong with it. Over
 * http:// the key would cross the network in clear text, so plain http is
 * accepted only for this machine (a local test server such as the simulator).
 */
export function checkedUrl(raw: unknown, label: string): { url: string } | { problem: string } {
	const text = typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
	const notAUrl = { problem: `${label} must be a full URL starting with https:// (it is ${JSON.stringify(raw ?? '')})` };
	if (!/^https?:\/\/[^\s/]+/i.test(text)) return notAUrl;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return notAUrl;
	}
	if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
		return {
			problem: `${label} must start with https:// (it is ${JSON.stringify(text)}): over http:// the key would travel unencrypted. http:// is accepted only for this machine (localhost, 127.0.0.1, ::1)`,
		};
	}
	return { url: text };
}

/** URL's hostname, already normalised (`127.1` reads as 127.0.0.1, IPv6 in brackets). */
function isLoopback(hostname: string): boolean {
	const host = hostname.toLowerCase();
	return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
