/**
 * Runs one of a node's webhookMethods (checkExists, create, delete) the way
 * n8n's WebhookService.runWebhookMethod does: on n8n-core's real HookContext,
 * with the node in a real n8n-workflow Workflow (parameter defaults filled in)
 * whose static data is what n8n loaded, and the IWebhookData n8n builds for the
 * node's webhook (isTest for "Listen for test event", whose URL is then the
 * test URL). n8n calls checkExists and, when it answers false, create
 * (createWebhookIfNotExists) in mode 'trigger' for an active workflow and
 * 'manual' for a test webhook; delete in mode 'internal' for both. The static data comes back as n8n
 * saves it (through JSON), to hand to runWebhook or to the next method.
 */
import { HookContext } from 'n8n-core';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeParameters,
	IWebhookData,
	IWebhookDescription,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { TestCredentialsHelper } from './credentialsHelper';
import { testAdditionalData } from './n8nCore';
import { PACKAGE_NAME, PackageNodeTypes } from './packageTypes';
import { captureConsole, errorAsShown, logVisibleRun } from './visibleOutput';

export type WebhookMethodName = 'checkExists' | 'create' | 'delete';

export interface RunWebhookMethodOptions {
	node: string;
	method: WebhookMethodName;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Leave the node without a credential selected (even when `credentials` has one). */
	noCredentialSelected?: boolean;
	staticData?: IDataObject;
	/** true: a test webhook ("Listen for test event"), run in mode 'manual'. */
	isTest?: boolean;
	workflowId?: string;
	nodeName?: string;
	activation?: WorkflowActivateMode;
}

export interface WebhookMethodRun {
	result?: boolean;
	error?: Error;
	/** The workflow's static data afterwards, through JSON as n8n saves it. */
	staticData: IDataObject;
	/** The URL the node's getNodeWebhookUrl('default') gives in this mode. */
	webhookUrl: string | undefined;
	/** What the node printed (n8n's logger included) meanwhile. */
	console: string;
	/** The error as n8n shows it (JSON text), '' when none. */
	shownError: string;
}

// Same name as runWebhook's node, so the static data of one is the other's.
const NODE_NAME = 'Webhook Node Under Test';

/** Runs the method and logs what a user would see of it (its error, the console) for the secret scan. */
export async function runWebhookMethod(options: RunWebhookMethodOptions): Promise<WebhookMethodRun> {
	const capture = captureConsole();
	let run: Omit<WebhookMethodRun, 'console' | 'shownError'>;
	let consoleText = '';
	try {
		run = await runUnlogged(options);
	} finally {
		consoleText = capture.stop();
	}
	const shownError = run.error ? JSON.stringify(errorAsShown(run.error)) : '';
	logVisibleRun({
		outputs: [],
		error: run.error ? errorAsShown(run.error) : null,
		workflowError: null,
		chunks: [],
		console: `${consoleText}\nwebhook method ${options.method}: ${String(run.result)}`,
	});
	return { ...run, console: consoleText, shownError };
}

async function runUnlogged(options: RunWebhookMethodOptions): Promise<Omit<WebhookMethodRun, 'console' | 'shownError'>> {
	const nodeType = `${PACKAGE_NAME}.${options.node}`;
	const nodeTypes = new PackageNodeTypes();
	const type = nodeTypes.getByNameAndVersion(nodeType);
	const credentials = options.noCredentialSelected
		? {}
		: Object.fromEntries(
				(type.description.credentials ?? [])
					.filter((credential) => options.credentials?.[credential.name] !== undefined)
					.map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
			);
	const node: INode = {
		id: 'under-test',
		name: options.nodeName ?? NODE_NAME,
		type: nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		...(Object.keys(credentials).length ? { credentials } : {}),
	};
	const workflowId = options.workflowId ?? 'webhook-test';
	const staticData = options.staticData ? (JSON.parse(JSON.stringify(options.staticData)) as IDataObject) : undefined;
	const workflow = new Workflow({ id: workflowId, nodes: [node], connections: {}, nodeTypes, active: true, staticData });
	const workflowNode = workflow.getNode(node.name)!;
	const description = (type.description.webhooks ?? []).find((webhook) => webhook.name === 'default') as IWebhookDescription;
	const method = type.webhookMethods?.default?.[options.method];
	if (!method) throw new Error(`${nodeType} has no webhookMethods.default.${options.method}`);

	const additionalData = testAdditionalData({ credentialsHelper: new TestCredentialsHelper(options.credentials ?? {}) });
	const path = NodeHelpers.getNodeWebhookPath(workflowId, workflowNode, String(description.path), false, false);
	const webhookData: IWebhookData = {
		httpMethod: description.httpMethod as IWebhookData['httpMethod'],
		node: workflowNode.name,
		path,
		webhookDescription: description,
		workflowId,
		workflowExecuteAdditionalData: additionalData,
		...(options.isTest ? { isTest: true } : {}),
	};
	// As n8n calls them: createWebhookIfNotExists in mode 'manual' for a test webhook (TestWebhooks) and
	// 'trigger' for an active workflow (ActiveWorkflowManager); deleteWebhook in mode 'internal',
	// activation 'update', for both (only webhookData.isTest tells them apart).
	const deleting = options.method === 'delete';
	const mode: WorkflowExecuteMode = deleting ? 'internal' : options.isTest ? 'manual' : 'trigger';
	const activation: WorkflowActivateMode = options.activation ?? (deleting ? 'update' : options.isTest ? 'manual' : 'activate');
	const context = new HookContext(workflow, workflowNode, additionalData, mode, activation, webhookData);
	const out = () => ({
		staticData: JSON.parse(JSON.stringify(workflow.staticData ?? {})) as IDataObject,
		webhookUrl: context.getNodeWebhookUrl('default'),
	});
	try {
		const result = await method.call(context);
		return { result, ...out() };
	} catch (error) {
		return { error: error as Error, ...out() };
	}
}

/** n8n's createWebhookIfNotExists: checkExists, then create when it answered false. */
export async function activateWebhook(options: Omit<RunWebhookMethodOptions, 'method'>): Promise<WebhookMethodRun & { created: boolean }> {
	const check = await runWebhookMethod({ ...options, method: 'checkExists' });
	if (check.error || check.result === true) return { ...check, created: false };
	const create = await runWebhookMethod({ ...options, method: 'create', staticData: check.staticData });
	return { ...create, created: true };
}
