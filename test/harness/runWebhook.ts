/**
 * Runs one of our nodes' webhook() the way n8n does (n8n's WebhookService.runWebhook
 * and WebhookHelpers.executeWebhook, reduced to what matters for a node):
 *
 * - the node sits in a real n8n-workflow Workflow, whose constructor fills in
 *   parameter defaults as n8n does when it loads a saved workflow;
 * - the webhook's description (path, isFullPath, restartWebhook, responseMode,
 *   responseCode) is resolved with n8n's own expression code, giving the same
 *   IWebhookData n8n builds;
 * - webhook() is called on n8n-core's real WebhookContext, so getNodeParameter,
 *   getCredentials (through TestCredentialsHelper), getHeaderData, getBodyData,
 *   getRequestObject/getResponseObject and helpers.returnJsonArray are n8n's;
 * - the request and response are a minimal express-like pair (n8n hands the
 *   node express objects through additionalData.httpRequest/httpResponse);
 * - the HTTP answer is decided as n8n 2.x's executeWebhook decides it: a node
 *   that set noWebhookResponse answered through the response object itself;
 *   without workflowData, webhookResponse or "Webhook call received"; with it,
 *   in responseMode onReceived, the description's responseData (default
 *   "firstEntryJson", sent as that literal string; "noData": no body; '' or
 *   unset: webhookResponse or "Workflow was started"), with the description's
 *   responseCode (200); in onReceived only after the execution was started
 *   (options.startExecution, whose failure n8n answers with 500), as n8n 2.x
 *   defers that answer until WorkflowRunner.run returned; n8n's answer is sent
 *   through the response object, which then emits 'finish' and 'close';
 * - the workflow's static data is what n8n loads for each webhook request
 *   (options.staticData) and, when the request changed it, comes back in
 *   WebhookRun.staticData as n8n saves it: chaining it between calls (through
 *   JSON, as the database does) plays several n8n processes sharing one
 *   database that keep a webhook's static data (n8n 2.38 loses those writes
 *   once the workflow has static data; the queue-mode e2e stage shows it).
 *
 * Waiting (resume) webhooks are routed as n8n's WaitingWebhooks routes them:
 * the URL is /webhook-waiting/<executionId>/<suffix>, the execution id becomes
 * additionalData.executionId, and the suffix must equal the node's resolved
 * restart-webhook path, else 404 as n8n answers. The waiting execution's data
 * is options.runExecutionData (e.g. a runNode() run that went to wait, as n8n
 * saved it), or a bare one with the node next on the stack.
 */
import { WebhookContext } from 'n8n-core';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	CloseFunction,
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRunExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	WebhookType,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { TestCredentialsHelper } from './credentialsHelper';
import { fakeRequest, fakeResponse, type RecordedResponse } from './fakeExpress';
import { testAdditionalData, WEBHOOK_BASE_URL, WEBHOOK_WAITING_BASE_URL } from './n8nCore';
import { PACKAGE_NAME, PackageNodeTypes } from './packageTypes';
import { runVisibly } from './visibleOutput';

export { WEBHOOK_BASE_URL, WEBHOOK_WAITING_BASE_URL };
export type { RecordedResponse };

export interface RunWebhookOptions {
	/** Short node name, e.g. 'hamsaTrigger'. */
	node: string;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Request headers; names are lower-cased as Node's HTTP parser does. */
	headers?: Record<string, string | undefined>;
	/** The parsed request body, as n8n's body parser leaves it in req.body. */
	body?: unknown;
	method?: string;
	/**
	 * The request path (and query) as express's req.originalUrl. Defaults to the
	 * production URL of the webhook, or for a restart webhook to
	 * /webhook-waiting/<executionId>/<resolved path>.
	 */
	originalUrl?: string;
	/** 'webhook' (production) by default; 'manual' is a test webhook. */
	mode?: WorkflowExecuteMode;
	workflowId?: string;
	nodeId?: string;
	nodeName?: string;
	webhookId?: string;
	/** For a restart webhook when originalUrl is not given: the waiting execution's id. */
	executionId?: string;
	webhookName?: WebhookType;
	/** The workflow's static data as n8n loads it from its database for this request. */
	staticData?: IDataObject;
	/** For a restart webhook: the waiting execution's data as n8n stored it. */
	runExecutionData?: IRunExecutionData;
	/**
	 * What n8n does between webhook() returning workflowData and answering in
	 * responseMode onReceived: WorkflowRunner.run, which creates (or queues) the
	 * execution; n8n 2.x answers only once it returned. Throwing plays a start
	 * that failed (a database or Redis error): n8n then answers 500.
	 */
	startExecution?: () => Promise<void>;
}

export interface WebhookRun {
	/** The HTTP status the caller (Hamsa) receives. */
	status: number;
	/** The body the caller receives (parsed JSON object or the raw value sent). */
	body: unknown;
	/** What webhook() returned. */
	workflowData?: INodeExecutionData[][];
	noWebhookResponse: boolean;
	webhookResponse?: unknown;
	/** What the node wrote to the response object itself. */
	response: RecordedResponse;
	/** The IWebhookData n8n would have matched this request to. */
	webhookData: IWebhookData;
	/** The error webhook() threw, if it threw (n8n answers 500). */
	error?: Error;
	node: INode;
	/** The workflow's static data after the request (n8n saves it when it changed). */
	staticData: IDataObject;
	/** How many times webhook() read a credential (each a database query and a decryption in n8n). */
	credentialReads: number;
}

const NODE_NAME = 'Webhook Node Under Test';

/** Runs the node's webhook() and logs what a user would see (see visibleOutput.ts). */
export async function runWebhook(options: RunWebhookOptions): Promise<WebhookRun> {
	return await runVisibly(
		async () => await runWebhookUnlogged(options),
		(result, consoleText) => ({
			outputs: result.workflowData ?? [],
			error: result.error ? { message: result.error.message, stack: result.error.stack } : null,
			workflowError: null,
			chunks: [],
			console: `${consoleText}\nwebhook answer ${result.status}: ${JSON.stringify(result.body) ?? ''}`,
		}),
	);
}

async function runWebhookUnlogged(options: RunWebhookOptions): Promise<WebhookRun> {
	const nodeType = `${PACKAGE_NAME}.${options.node}`;
	const nodeTypes = new PackageNodeTypes();
	const type = nodeTypes.getByNameAndVersion(nodeType);
	const credentials = Object.fromEntries(
		(type.description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
	);
	const nodeId = options.nodeId ?? 'under-test';
	const node: INode = {
		id: nodeId,
		name: options.nodeName ?? NODE_NAME,
		type: nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		...(Object.keys(credentials).length ? { credentials } : {}),
		...(options.webhookId ? { webhookId: options.webhookId } : {}),
	};
	const workflowId = options.workflowId ?? 'webhook-test';
	// Through JSON, as n8n reads it from its database.
	const staticData = options.staticData ? (JSON.parse(JSON.stringify(options.staticData)) as IDataObject) : undefined;
	const workflow = new Workflow({ id: workflowId, nodes: [node], connections: {}, nodeTypes, active: true, staticData });
	// The Workflow constructor filled in the parameter defaults; use its copy of the node.
	const workflowNode = workflow.getNode(node.name)!;

	const webhookName = options.webhookName ?? 'default';
	const description = (type.description.webhooks ?? []).find((webhook) => webhook.name === webhookName);
	if (!description) throw new Error(`${nodeType} has no webhook named ${webhookName}`);
	if (typeof type.webhook !== 'function') throw new Error(`${nodeType} has no webhook() method`);

	const evaluate = <T>(value: unknown, fallback: T): T =>
		(workflow.expression.getSimpleParameterValue(
			workflowNode,
			value as string,
			'internal',
			{},
			undefined,
			fallback as never,
		) ?? fallback) as T;
	let resolvedPath = String(evaluate(description.path, '')).trim().replace(/^\/+/, '').replace(/\/+$/, '');
	const isFullPath = evaluate<unknown>(description.isFullPath, false) === true;
	const restartWebhook = evaluate<unknown>(description.restartWebhook, false) === true;
	resolvedPath = NodeHelpers.getNodeWebhookPath(workflowId, workflowNode, resolvedPath, isFullPath, restartWebhook);
	const httpMethod = String(evaluate(description.httpMethod, 'GET'));
	const responseMode = String(evaluate(description.responseMode, 'onReceived'));
	const responseCode = Number(evaluate(description.responseCode, 200));
	// n8n 2.x evaluates responseData with this default and sends a truthy result as the body.
	const responseData = description.responseData === undefined ? 'firstEntryJson' : evaluate<unknown>(description.responseData, '');
	const mode = options.mode ?? 'webhook';

	const executionIdDefault = options.executionId ?? '1';
	const originalUrl =
		options.originalUrl ??
		(restartWebhook ? `/webhook-waiting/${executionIdDefault}/${resolvedPath}` : `/webhook/${resolvedPath}`);
	const method = (options.method ?? httpMethod).toUpperCase();
	const request = fakeRequest(method, originalUrl, options.headers ?? {}, options.body);
	const response = fakeResponse();

	const credentialsHelper = new TestCredentialsHelper(options.credentials ?? {});
	const additionalData = testAdditionalData({
		credentialsHelper,
		httpRequest: request,
		httpResponse: response.express,
	});

	const webhookData: IWebhookData = {
		httpMethod: httpMethod as IWebhookData['httpMethod'],
		node: workflowNode.name,
		path: resolvedPath,
		webhookDescription: description as IWebhookDescription,
		workflowId,
		workflowExecuteAdditionalData: additionalData,
		...(options.webhookId ? { webhookId: options.webhookId } : {}),
	};

	const base = {
		webhookData,
		node: workflowNode,
		response: response.record,
		get credentialReads() {
			return credentialsHelper.reads;
		},
		// n8n writes static data back only when the request changed it.
		get staticData() {
			const changed = (workflow.staticData as IDataObject).__dataChanged === true;
			return JSON.parse(JSON.stringify(changed ? workflow.staticData : (staticData ?? {}))) as IDataObject;
		},
	};
	// n8n's own answer goes out through the same response object, as express sends it.
	const answer = async (status: number, body: unknown, extra: Partial<WebhookRun> = {}): Promise<WebhookRun> => {
		if (!response.record.ended) {
			if (body === undefined) response.express.status(status).end();
			else if (typeof body === 'string') response.express.status(status).send(body);
			else response.express.status(status).json(body);
		}
		await response.closed;
		return { ...base, status, body, noWebhookResponse: false, ...extra };
	};

	let runExecutionData: IRunExecutionData | null = null;
	if (restartWebhook) {
		// WaitingWebhooks: /webhook-waiting/:path(executionId)/:suffix, matched against the resolved path.
		const segments = new URL(originalUrl, 'http://localhost').pathname.split('/').filter(Boolean);
		const waitingIndex = segments.indexOf('webhook-waiting');
		const executionId = waitingIndex >= 0 ? segments[waitingIndex + 1] : undefined;
		const suffix = waitingIndex >= 0 ? (segments[waitingIndex + 2] ?? '') : undefined;
		if (executionId === undefined || suffix !== resolvedPath || method !== httpMethod) {
			return await answer(404, {
				message: `The workflow for execution "${executionId}" does not contain a waiting webhook with a matching path/method.`,
			});
		}
		additionalData.executionId = executionId;
		// The waiting execution: the node is next on the stack with the item it waited with.
		runExecutionData = options.runExecutionData
			? (JSON.parse(JSON.stringify(options.runExecutionData)) as IRunExecutionData)
			: createRunExecutionData({
					resultData: { runData: {}, lastNodeExecuted: workflowNode.name },
					executionData: {
						nodeExecutionStack: [{ node: workflowNode, data: { main: [[{ json: {} }]] }, source: null }],
					},
				});
	} else if (method !== httpMethod) {
		return await answer(404, { message: `This webhook is not registered for ${method} requests.` });
	}

	const closeFunctions: CloseFunction[] = [];
	const context = new WebhookContext(workflow, workflowNode, additionalData, mode, webhookData, closeFunctions, runExecutionData);
	let result: IWebhookResponseData;
	try {
		result = (await type.webhook.call(context)) as IWebhookResponseData;
	} catch (error) {
		return await answer(500, { code: 0, message: 'Error in workflow' }, { error: error as Error });
	} finally {
		await Promise.allSettled(closeFunctions.map(async (close) => await close()));
	}

	const shared: Partial<WebhookRun> = {
		workflowData: result.workflowData,
		webhookResponse: result.webhookResponse,
		noWebhookResponse: result.noWebhookResponse === true,
	};
	if (result.noWebhookResponse === true) {
		// The node answered through the response object (or, in n8n, the request stays open).
		if (response.record.ended) await response.closed;
		return { ...base, status: response.record.statusCode ?? 200, body: response.record.body, noWebhookResponse: false, ...shared };
	}
	if (result.workflowData === undefined) {
		return await answer(responseCode, result.webhookResponse ?? { message: 'Webhook call received' }, shared);
	}
	if (responseMode === 'onReceived') {
		try {
			await options.startExecution?.();
		} catch {
			// ResponseHelper.sendErrorResponse of n8n's OperationalError.
			return await answer(500, { code: 0, message: 'There was a problem executing the workflow' }, shared);
		}
		if (responseData === 'noData') return await answer(responseCode, undefined, shared);
		if (responseData) return await answer(responseCode, responseData, shared);
		return await answer(responseCode, result.webhookResponse ?? { message: 'Workflow was started' }, shared);
	}
	// lastNode / responseNode: the answer comes from the workflow, which this harness does not run.
	return { ...base, status: responseCode, body: undefined, noWebhookResponse: false, ...shared };
}
