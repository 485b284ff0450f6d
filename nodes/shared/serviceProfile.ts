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

export function checkedUrl(raw: unknown, label: string): { url: string } | { problem: string } {
	const text = typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
	if (!/^https?:\/\/[^\s/]+/i.test(text)) {
		return { problem: `${label} must be a full URL starting with https:// (it is ${JSON.stringify(raw ?? '')})` };
	}
	return { url: text };
}
