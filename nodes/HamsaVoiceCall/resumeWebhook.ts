/**
 * Start and Wait for Outcome (webhook method): the call is placed with this
 * execution's resume URL as its webhook, the execution waits without holding
 * a worker, and Hamsa's call.ended event resumes it with the call's outcome.
 *
 * The webhook secret is an HMAC of "<execution id>/<node id>" keyed with the
 * Hamsa API key. Only its SHA-256 digest is kept with the waiting execution
 * (custom data), and the resume request is checked against that digest: no
 * credential is read while Hamsa waits for its answer (a read costs a database
 * query and a decryption, measured at a median 150 ms in queue mode), and a
 * key rotated while calls wait does not lock their outcomes out. An execution
 * without the digest (placed by an older version, or on an n8n whose webhook
 * cannot read custom data) is checked by deriving the secret again.
 *
 * The id of the call placed is kept in the execution's custom data
 * ($execution.customData, which n8n saves with the waiting execution and shows
 * in its executions list): only that call's call.ended resumes it.
 */
import { createHash, createHmac } from 'crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	IRunExecutionData,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { flattenWebhookEvent } from '../shared/hamsa/callOutcome';
import { answerBeforeDownloading, recordingOptionOfWebhook } from '../shared/hamsa/recording';
import { simpleCall } from '../shared/hamsa/simplify';
import { hamsaApiKey } from '../shared/hamsa/service';
import { authorizationMatches, expectedAuthorization, usableSecret } from '../shared/hamsa/webhookAuth';
import { lookUpCall } from './actions/lookUpCall';

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
		// Without this, n8n 2.x answers with its default "firstEntryJson" as a
		// literal body; '' lets webhookResponse through.
		responseData: '',
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

/**
 * `$execution.resumeUrl` plus the node id, the suffix built as n8n's own
 * buildResumeUrlSuffix builds it ("/<execution id>/<URI-encoded node id>").
 *
 * Not n8n's getSignedResumeUrl(): n8n's waiting webhook checks that URL's HMAC
 * signature only for nodes whose operation is "sendAndWait" (its Send and Wait
 * operations); any other node's resume request is checked against the
 * execution's resume token, which n8n 2.x puts in $execution.resumeUrl
 * (?signature=<token>), and a signed URL would be refused with 401.
 */
export function resumeUrlFor(context: IExecuteFunctions): string {
	const resumeUrl = String(context.evaluateExpression('{{ $execution.resumeUrl }}', 0));
	const nodeId = context.getNode().id;
	const url = new URL(resumeUrl);
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(nodeId)}`;
	return url.toString();
}

/** The custom-data key (Execution Data node, $execution.customData) holding the placed call's id. */
export const CALL_ID_KEY = 'hamsaCallId';

interface CustomData {
	set(key: string, value: string): void;
	get(key: string): unknown;
}

/**
 * n8n 2.x gives every node context `customData`; n8n 1.x only has
 * `$execution.customData`, reached here through the workflow data proxy.
 */
function executionCustomData(context: IExecuteFunctions): CustomData | undefined {
	const direct = (context as unknown as { customData?: CustomData }).customData;
	if (direct) return direct;
	const proxy = context.getWorkflowDataProxy(0) as unknown as { $execution?: { customData?: CustomData } };
	return proxy.$execution?.customData;
}

/** The custom-data key holding the SHA-256 digest of the Authorization Hamsa was given. */
export const RESUME_DIGEST_FIELD = 'hamsaResumeAuthSha256';

function sha256Hex(value: string): string {
	return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Remembers the placed call's id with the waiting execution. */
export function rememberPlacedCall(context: IExecuteFunctions, callId: string): void {
	executionCustomData(context)?.set(CALL_ID_KEY, callId);
}

/** Remembers a digest of the Authorization Hamsa will send: the digest, unlike the secret, may be shown. */
export function rememberResumeAuthorization(context: IExecuteFunctions, authSecret: string): void {
	const expected = expectedAuthorization(RESUME_AUTH_KEY, authSecret);
	// Without a digest the resume webhook derives the secret again, and refuses if it cannot.
	if (expected === undefined) return;
	executionCustomData(context)?.set(RESUME_DIGEST_FIELD, sha256Hex(expected));
}

/** A value the execute side kept in the waiting execution's custom data. */
function keptValue(context: IWebhookFunctions, key: string): string | undefined {
	let value: unknown;
	try {
		const direct = (context as unknown as { customData?: CustomData }).customData;
		if (direct) {
			value = direct.get(key);
		} else {
			// n8n 1.x has no customData here, and an expression cannot stand in for it:
			// 1.123's default expression engine (isolated-vm) gives
			// $execution.customData.get back as undefined. Its webhook context does keep
			// the waiting execution's data, where customData.set wrote the value.
			const waiting = (context as unknown as { runExecutionData?: IRunExecutionData | null }).runExecutionData;
			value = waiting?.resultData?.metadata?.[key];
		}
	} catch {
		return undefined;
	}
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The id remembered by rememberPlacedCall, if the waiting execution has one. */
function placedCallId(context: IWebhookFunctions): string | undefined {
	return keptValue(context, CALL_ID_KEY);
}

/** Whether the request carries the Authorization this execution gave Hamsa. */
async function isResumeAuthorized(this: IWebhookFunctions, received: unknown): Promise<boolean> {
	const digest = keptValue(this, RESUME_DIGEST_FIELD);
	if (digest !== undefined) {
		if (typeof received !== 'string' || received.trim() === '') return false;
		return authorizationMatches(sha256Hex(received.trim()), digest);
	}
	// An empty key would make the secret an HMAC anyone can compute from the URL.
	const apiKey = usableSecret(await hamsaApiKey.call(this));
	if (apiKey === undefined) return false;
	const request = this.getRequestObject();
	const secret = resumeSecret(apiKey, executionAndNodeOf(request.originalUrl ?? request.url));
	return authorizationMatches(received, expectedAuthorization(RESUME_AUTH_KEY, secret));
}

export async function resumeOnCallEnded(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const headers = this.getHeaderData() as IDataObject;
	if (!(await isResumeAuthorized.call(this, headers.authorization))) {
		this.getResponseObject().status(401).json({ message: 'Authorization does not match this call' });
		return { noWebhookResponse: true };
	}
	const body = (this.getBodyData() ?? {}) as IDataObject;
	if (body.eventType !== 'call.ended') {
		// Earlier events of the call are acknowledged; the execution keeps waiting.
		return { webhookResponse: { received: true, waitingFor: 'call.ended' } };
	}
	const expectedCallId = placedCallId(this);
	if (expectedCallId !== undefined && String(body.callId ?? '') !== expectedCallId) {
		// Another call's outcome must not stand in for this one: acknowledged, still waiting.
		return { webhookResponse: { received: true, ignored: 'call.ended of another call', waitingFor: 'call.ended' } };
	}
	const outcome = await withStatus.call(this, flattenWebhookEvent(body));
	const finished = { ...outcome, finished: true, timedOut: false };
	// Simplify (on by default): the call's fields without Hamsa's raw event.
	const simplify = this.getNodeParameter('simplify', true) !== false;
	const json = simplify ? simpleCall(finished) : finished;
	const recordingProperty = recordingOptionOfWebhook(this);
	if (recordingProperty !== undefined) {
		// Hamsa is answered first (it waits 5 s at most), then the recording is downloaded.
		const item = await answerBeforeDownloading.call(this, finished, json, recordingProperty);
		return { noWebhookResponse: true, workflowData: [[item]] };
	}
	return {
		webhookResponse: { received: true },
		// One output only: n8n hands a resumed node's data on through its first output.
		workflowData: [[{ json }]],
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
		const call = await lookUpCall.call(this, outcome.callId, { maxRetries: 0, timeoutMs: STATUS_LOOKUP_TIMEOUT_MS });
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
