/**
 * Runs one of our nodes' webhookMethods (checkExists, create, delete) the way
 * n8n does when it activates or deactivates a workflow: on n8n-core's real
 * HookContext, with the node in a real n8n-workflow Workflow (parameter
 * defaults filled in), its credentials through TestCredentialsHelper, and the
 * workflow's static data loaded from (and, when changed, handed back as)
 * JSON, as n8n keeps it in its database. getNodeWebhookUrl gives the
 * production URL (<webhookBaseUrl>/<webhookId>/<path>) in mode 'trigger' and
 * the test URL in mode 'manual' ("Listen for test event").
 */
import { HookContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters, IWebhookData, WorkflowExecuteMode } from 'n8n-workflow';
import { TestCredentialsHelper } from './credentialsHelper';
import { testAdditionalData } from './n8nCore';
import { PACKAGE_NAME, PackageNodeTypes } from './packageTypes';

export type HookMethod = 'checkExists' | 'create' | 'delete';

export interface RunHookOptions {
	node: string;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	staticData?: IDataObject;
	webhookId?: string;
	workflowId?: string;
	nodeName?: string;
	/** 'trigger' (activation) by default; 'manual' for "Listen for test event". */
	mode?: WorkflowExecuteMode;
}

export interface HookRun {
	result?: boolean;
	error?: Error;
	/** The workflow's static data afterwards, as n8n would save it. */
	staticData: IDataObject;
	/** The URL n8n gives the node for its default webhook. */
	webhookUrl?: string;
}

export async function runHook(method: HookMethod, options: RunHookOptions): Promise<HookRun> {
	const nodeType = `${PACKAGE_NAME}.${options.node}`;
	const nodeTypes = new PackageNodeTypes();
	const type = nodeTypes.getByNameAndVersion(nodeType);
	const credentials = Object.fromEntries(
		(type.description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
	);
	const node: INode = {
		id: 'under-test',
		name: options.nodeName ?? 'Hook Node Under Test',
		type: nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		webhookId: options.webhookId ?? '7a1c2e3d-4f50-4a6b-8c7d-9e0f1a2b3c4d',
		...(Object.keys(credentials).length ? { credentials } : {}),
	};
	const staticData = options.staticData ? (JSON.parse(JSON.stringify(options.staticData)) as IDataObject) : undefined;
	const workflow = new Workflow({ id: options.workflowId ?? 'hook-test', nodes: [node], connections: {}, nodeTypes, active: true, staticData });
	const workflowNode = workflow.getNode(node.name)!;
	const additionalData = testAdditionalData({ credentialsHelper: new TestCredentialsHelper(options.credentials ?? {}) });
	const mode = options.mode ?? 'trigger';
	const description = (type.description.webhooks ?? []).find((webhook) => webhook.name === 'default')!;
	const webhookData = {
		httpMethod: description.httpMethod,
		node: workflowNode.name,
		path: '',
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		isTest: mode === 'manual',
	} as unknown as IWebhookData;
	const context = new HookContext(workflow, workflowNode, additionalData, mode, mode === 'manual' ? 'manual' : 'activate', webhookData);
	const methods = type.webhookMethods?.default;
	if (!methods) throw new Error(`${nodeType} has no webhookMethods`);
	const base = () => ({
		staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
		webhookUrl: context.getNodeWebhookUrl('default'),
	});
	try {
		const result = await methods[method].call(context);
		return { result, ...base() };
	} catch (error) {
		return { error: error as Error, ...base() };
	}
}
