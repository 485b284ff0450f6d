/**
 * HotTask as the transport sees it: the credential, the base URL, the envelope
 * rules, and the request and error helpers every HotTask operation uses.
 */
import type { ServiceError, ServiceFailure } from '../errors';
import { checkedUrl, type ServiceProfile } from '../serviceProfile';
import { sendRequest, serviceError, type HttpContext, type ServiceCall } from '../transport';
import { unwrapHotTaskEnvelope } from './envelope';

const HOTTASK_DEFAULT_BASE_URL = 'https://usapi.hottask.com';

export const HOTTASK: ServiceProfile = {
	name: 'HotTask',
	credentialType: 'hotTaskApi',
	secretField: 'secretKey',
	baseUrl: (credentials) => checkedUrl(credentials.baseUrl ?? HOTTASK_DEFAULT_BASE_URL, 'The Base URL of the HotTask API credential'),
	unwrap: unwrapHotTaskEnvelope,
	rejectedKeyHint: 'Check the Secret Key in the HotTask API credential (HotTask → Settings → API).',
};

/** Sends a request to HotTask and returns the `Data` of its envelope. */
export async function hotTaskRequest(this: HttpContext, call: ServiceCall): Promise<unknown> {
	return await sendRequest(this, HOTTASK, call);
}

/** A HotTask failure found in an answer the transport accepted. */
export async function hotTaskError(this: HttpContext, failure: Omit<ServiceFailure, 'service'>): Promise<ServiceError> {
	return await serviceError.call(this, HOTTASK, failure);
}
