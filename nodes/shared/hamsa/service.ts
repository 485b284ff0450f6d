/**
 * Hamsa as the transport sees it: the credential and its regions, the envelope
 * rules, and the request and error helpers every Hamsa operation uses.
 */
import type { ServiceError, ServiceFailure } from '../errors';
import { checkedUrl, type ServiceProfile } from '../serviceProfile';
import { fetchFile, sendRequest, serviceCredentials, serviceError, type FileAnswer, type FileCall, type HttpContext, type ServiceCall } from '../transport';
import { unwrapHamsaEnvelope } from './envelope';

const HAMSA_REGIONS: Record<string, string> = {
	eu: 'https://api.tryhamsa.com',
	uae: 'https://api.uae.tryhamsa.com',
};

const HAMSA: ServiceProfile = {
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

/** Sends a request to Hamsa and returns the `data` of its envelope. */
export async function hamsaRequest(this: HttpContext, call: ServiceCall): Promise<unknown> {
	return await sendRequest(this, HAMSA, call);
}

/** A file from Hamsa (speech) or from a URL Hamsa gave (a recording), as a stream: see fetchFile. */
export async function hamsaFile(this: HttpContext, call: FileCall): Promise<FileAnswer> {
	return await fetchFile(this, HAMSA, call);
}

/** A Hamsa failure found in an answer the transport accepted. */
export async function hamsaError(
	this: HttpContext,
	failure: Omit<ServiceFailure, 'service'>,
	extraSecrets?: string[],
): Promise<ServiceError> {
	return await serviceError.call(this, HAMSA, failure, extraSecrets);
}

/** The API key of this run's Hamsa credential (read once per run, as every request reads it). */
export async function hamsaApiKey(this: HttpContext, itemIndex?: number): Promise<string> {
	const credentials = await serviceCredentials(this, HAMSA, itemIndex);
	return String(credentials[HAMSA.secretField] ?? '');
}
