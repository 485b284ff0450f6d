/**
 * Start and Wait for Outcome (webhook method): the call is placed with this
 * execution's resume URL as its webhook, the execution waits without holding
 * a worker, and Hamsa's call.ended event resumes it with the call's outcome.
 *
 * The webhook secret is derived, not stored: an HMAC of "<execution id>/<node
 * id>" keyed with the Hamsa API key. The resume request carries both ids in
 * its path, so the secret can be checked again without any saved state.
 */
import { createHmac } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { flattenConversation, flattenWebhookEvent } from '../shared/callOutcome';
import { hamsaRequest } from '../shared/transport';
import { authorizationMatches, expectedAuthorization } from '../HamsaTrigger/webhookAuth';

export const RESUME_AUTH_KEY = 'Bearer';

/**
 * The resume URL, declared as n8n's own send-and-wait operations declare it.
 * It is n8n's waiting-execution URL, so there is nothing to register with
 * Hamsa beforehand: the URL travels with each call.
 */
export const resumeWebhookDescription: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];

export function resumeSecret(apiKey: string, executionAndNode: string): string {
	return createHmac('sha256', apiKey).update(`hamsa-resume:${executionAndNode}`).digest('hex');
}

/** The last two path segments of a resume URL: "<execution id>/<node id>". */
export function executionAndNodeOf(url: string): string {
	const path = new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
	return path.split('/').slice(-2).join('/');
}

/** `$execution.resumeUrl` plus the node id, as n8n's send-and-wait operations build it. */
export function resumeUrlFor(context: IExecuteFunctions): string {
	const resumeUrl = String(context.evaluateExpression('{{ $execution.resumeUrl }}', 0));
	const nodeId = String(context.evaluateExpression('{{ $nodeId }}', 0));
	const url = new URL(resumeUrl);
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${nodeId}`;
	return url.toString();
}

export async function resumeOnCallEnded(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials('hamsaApi');
	const request = this.getRequestObject();
	const secret = resumeSecret(String(credentials.apiKey ?? ''), executionAndNodeOf(request.originalUrl ?? request.url));
	const headers = this.getHeaderData() as IDataObject;
	if (!authorizationMatches(headers.authorization, expectedAuthorization(RESUME_AUTH_KEY, secret))) {
		this.getResponseObject().status(401).json({ message: 'Authorization does not match this call' });
		return { noWebhookResponse: true };
	}
	const body = (this.getBodyData() ?? {}) as IDataObject;
	if (body.eventType !== 'call.ended') {
		// Earlier events of the call are acknowledged; the execution keeps waiting.
		return { webhookResponse: { received: true, waitingFor: 'call.ended' } };
	}
	const outcome = await withStatus.call(this, flattenWebhookEvent(body));
	return {
		webhookResponse: { received: true },
		// One output only: n8n hands a resumed node's data on through its first output.
		workflowData: [[{ json: { ...outcome, finished: true, timedOut: false } }]],
	};
}

/** Time left for a look-up inside Hamsa's 5 seconds for an answer. */
const STATUS_LOOKUP_TIMEOUT_MS = 3000;

/**
 * The webhook guide's own call.ended example carries no status, yet this
 * operation promises one: ask Hamsa for the call once, briefly, and fill in
 * what the event left out. If that fails, the event is still the outcome.
 */
async function withStatus(this: IWebhookFunctions, outcome: IDataObject): Promise<IDataObject> {
	if (outcome.status !== undefined || typeof outcome.callId !== 'string' || outcome.callId === '') return outcome;
	try {
		const call = flattenConversation(
			await hamsaRequest.call(this, {
				method: 'GET',
				path: `/v1/voice-agents/conversation/${encodeURIComponent(outcome.callId)}`,
				idempotent: true,
				maxRetries: 0,
				timeoutMs: STATUS_LOOKUP_TIMEOUT_MS,
			}),
		);
		const filled: IDataObject = { ...outcome, status: call.status };
		if (filled.callDuration === undefined) filled.callDuration = call.callDuration;
		if (filled.recordingUrl === undefined) filled.recordingUrl = call.recordingUrl;
		if (filled.transcript === '' && call.transcript !== '') {
			filled.transcript = call.transcript;
			filled.transcription = call.transcription;
		}
		if (Object.keys(filled.outcome as IDataObject).length === 0) filled.outcome = call.outcome;
		return filled;
	} catch {
		return outcome;
	}
}
