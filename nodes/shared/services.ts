/**
 * What differs between the two services: which credential they use, where
 * their base URL comes from, how their envelope reads and what a rejected key
 * means for the user.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { unwrapHamsaEnvelope, unwrapHotTaskEnvelope, type EnvelopeOutcome } from './envelopes';
import type { ServiceName } from './errors';

export const HAMSA_REGIONS: Record<string, string> = {
	eu: 'https://api.tryhamsa.com',
	uae: 'https://api.uae.tryhamsa.com',
};

export const HOTTASK_DEFAULT_BASE_URL = 'https://usapi.hottask.com';

export interface ServiceProfile {
	name: ServiceName;
	credentialType: 'hotTaskApi' | 'hamsaApi';
	secretField: string;
	/** Returns the base URL or a sentence saying what is wrong with the credential. */
	baseUrl(credentials: ICredentialDataDecryptedObject): { url: string } | { problem: string };
	unwrap(status: number, body: unknown): EnvelopeOutcome;
	rejectedKeyHint: string;
}

function checkedUrl(raw: unknown, label: string): { url: string } | { problem: string } {
	const text = typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
	if (!/^https?:\/\/[^\s/]+/i.test(text)) {
		return { problem: `${label} must be a full URL starting with https:// (it is ${JSON.stringify(raw ?? '')})` };
	}
	return { url: text };
}

export const HOTTASK: ServiceProfile = {
	name: 'HotTask',
	credentialType: 'hotTaskApi',
	secretField: 'secretKey',
	baseUrl: (credentials) => checkedUrl(credentials.baseUrl ?? HOTTASK_DEFAULT_BASE_URL, 'The Base URL of the HotTask API credential'),
	unwrap: unwrapHotTaskEnvelope,
	rejectedKeyHint: 'Check the Secret Key in the HotTask API credential (HotTask → Settings → API).',
};

export const HAMSA: ServiceProfile = {
	name: 'Hamsa',
	credentialType: 'hamsaApi',
	secretField: 'apiKey',
	baseUrl: (credentials) => {
		const region = typeof credentials.region === 'string' ? credentials.region : 'eu';
		if (region === 'custom') return checkedUrl(credentials.baseUrl, 'The Base URL of the Hamsa API credential');
		const url = HAMSA_REGIONS[region];
		if (!url) {
			return {
				problem: `The Region of the Hamsa API credential is "${region}", which is not one of ${Object.keys(HAMSA_REGIONS).join(', ')} or custom`,
			};
		}
		return { url };
	},
	unwrap: unwrapHamsaEnvelope,
	rejectedKeyHint: 'Check the API Key and the Region in the Hamsa API credential (Hamsa dashboard → API keys).',
};
