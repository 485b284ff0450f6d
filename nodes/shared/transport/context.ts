/**
 * What every request of the transport shares: the node run's credentials
 * (read once per run, and handed to n8n with each authenticated request), its
 * cancel signal, how a network failure is worded, and the one way a
 * ServiceError is built (always with the key redacted).
 */
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { bodyLimitFor, parseJsonOrText, readBodyText, type StreamedResponse } from '../body';
import { ServiceError, type ServiceFailure } from '../errors';
import type { ServiceProfile } from '../serviceProfile';

export type HttpContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | IHookFunctions;

/** A failure as the caller describes it; the transport adds the service, the item and the redaction. */
type FailureDetails = Omit<ServiceFailure, 'service' | 'itemIndex'>;
export type Fail = (failure: FailureDetails) => never;

/** A Retry-After longer than this fails the item rather than holding the workflow. */
export const LONGEST_RETRY_WAIT_MS = 5 * 60_000;
export const CANCELLED = 'The execution was cancelled, so the request was stopped';

/** The message and codes of an error answer (429, 5xx, 401), from as much of it as bodyLimitFor allows. */
export async function unwrapWhole(response: StreamedResponse, profile: ServiceProfile) {
	const status = response.statusCode;
	const body = await readBodyText(response.body, bodyLimitFor(status));
	const outcome = profile.unwrap(status, 'text' in body ? parseJsonOrText(body.text) : undefined);
	return {
		message: outcome.ok ? `HTTP ${status}` : outcome.message,
		serviceCode: outcome.ok ? undefined : outcome.serviceCode,
		httpStatus: status,
	};
}

/**
 * A failure an operation finds in an answer the transport accepted (Twilio's
 * Status "False", an answer without the id it must carry): built as the
 * transport builds its own, with the credential's key kept out of the text.
 */
export async function serviceError(
	this: HttpContext,
	profile: ServiceProfile,
	failure: Omit<ServiceFailure, 'service'>,
	extraSecrets?: string[],
): Promise<ServiceError> {
	const credentials = await serviceCredentials(this, profile, failure.itemIndex);
	return buildServiceError(this.getNode(), profile, credentials, failure, extraSecrets);
}

/**
 * The `fail` of one request: the failure gets its item and whether it may be
 * repeated, a run cancelled meanwhile is said to be cancelled (whatever broke
 * first), and the credential's key and `secrets` are redacted.
 */
export function failureOf(
	context: HttpContext,
	profile: ServiceProfile,
	credentials: ICredentialDataDecryptedObject | undefined,
	request: { itemIndex?: number; repeatable: boolean; secrets?: string[] },
): Fail {
	const node = context.getNode();
	const signal = cancelSignalOf(context);
	return (failure) => {
		const cancelled: Partial<ServiceFailure> = signal?.aborted ? { message: CANCELLED, hint: undefined } : {};
		const details = { ...failure, ...cancelled, itemIndex: request.itemIndex, repeatable: request.repeatable };
		throw buildServiceError(node, profile, credentials ?? {}, details, request.secrets);
	};
}

/**
 * An authenticated request with the credentials this run already read:
 * without them n8n reads and decrypts them again for every request.
 * n8n copies the Authorization header onto redirects to any origin unless told
 * not to; a redirect off the service's own origin must not carry its key.
 */
export async function requestWithRunCredentials(
	context: HttpContext,
	profile: ServiceProfile,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<unknown> {
	const request: IHttpRequestOptions = { ...options, sendCredentialsOnCrossOriginRedirect: false };
	return await context.helpers.httpRequestWithAuthentication.call(context, profile.credentialType, request, {
		credentialsDecrypted: { id: '', name: '', type: profile.credentialType, data: credentials },
	});
}

/** The only place a ServiceError is made: every one redacts the credential's key. */
export function buildServiceError(
	node: ReturnType<HttpContext['getNode']>,
	profile: ServiceProfile,
	credentials: ICredentialDataDecryptedObject,
	failure: Omit<ServiceFailure, 'service'>,
	extraSecrets: string[] = [],
): ServiceError {
	const secrets = [String(credentials[profile.secretField] ?? ''), ...extraSecrets];
	return new ServiceError(node, { ...failure, service: profile.name }, secrets);
}

/**
 * Credentials are read once per node run, not once per item: each read is a
 * database query and a decryption in n8n, and they cannot differ per item.
 */
const credentialsByRun = new WeakMap<object, Map<string, Promise<ICredentialDataDecryptedObject>>>();
/** Which field of each credential type is its secret, as the profiles that read them say. */
const secretFieldByType = new Map<string, string>();

export async function serviceCredentials(context: HttpContext, profile: ServiceProfile, itemIndex?: number): Promise<ICredentialDataDecryptedObject> {
	let byType = credentialsByRun.get(context);
	if (!byType) {
		byType = new Map();
		credentialsByRun.set(context, byType);
	}
	let credentials = byType.get(profile.credentialType);
	secretFieldByType.set(profile.credentialType, profile.secretField);
	if (!credentials) {
		credentials = context.getCredentials(profile.credentialType, itemIndex);
		byType.set(profile.credentialType, credentials);
		// A failed read (e.g. no credential selected) must not be remembered.
		credentials.catch(() => byType.delete(profile.credentialType));
	}
	return await credentials;
}

/**
 * The keys of the credentials this run has read: only a key that was sent can
 * come back in an answer, and reading one afresh for this would cost a
 * database query and a decryption.
 */
export async function secretsReadInRun(context: HttpContext): Promise<string[]> {
	const byType = credentialsByRun.get(context);
	if (!byType) return [];
	const secrets: string[] = [];
	for (const [type, credentials] of byType) {
		const field = secretFieldByType.get(type);
		if (field === undefined) continue;
		const secret = (await credentials.catch(() => undefined))?.[field];
		if (typeof secret === 'string' && secret !== '') secrets.push(secret);
	}
	return secrets;
}

export function cancelSignalOf(context: HttpContext): AbortSignal | undefined {
	const candidate = context as Partial<IExecuteFunctions>;
	return typeof candidate.getExecutionCancelSignal === 'function' ? candidate.getExecutionCancelSignal() : undefined;
}

export function networkProblem(code: string | undefined, profile: ServiceProfile, baseUrl: string): string {
	switch (code) {
		case 'ECONNREFUSED':
			return `${baseUrl} refused the connection`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `The host of ${baseUrl} could not be found; check the credential's Base URL`;
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
			return `${profile.name} did not answer in time`;
		case 'ECONNRESET':
		case 'EPIPE':
			return 'The connection was reset before an answer arrived';
		default:
			return `Could not reach ${profile.name}${code ? ` (${code})` : ''}`;
	}
}
