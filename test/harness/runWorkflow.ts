/**
 * Runs one of our nodes the way n8n runs it: a workflow (test input node →
 * our node) executed by n8n-core's WorkflowExecute, with our credentials
 * helper and real HTTP. Returns what the node output, its error, and the
 * chunks it streamed.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import { createDeferredPromise } from './promises';
import type {
	ExecutionError,
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowSettings,
	StructuredChunk,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { TestCredentialsHelper } from './credentialsHelper';
import { testAdditionalData } from './n8nCore';
import { PACKAGE_NAME, PackageNodeTypes } from './packageTypes';
import { runVisibly, visibleRun } from './visibleOutput';

export interface RunNodeOptions {
	/** Short node name, e.g. 'hotTaskChat'. */
	node: string;
	parameters: INodeParameters;
	/** Input items; one empty item by default. */
	items?: IDataObject[];
	/** Binary properties of each input item, as n8n keeps them in memory: `{ data: <base64>, mimeType, fileName }`. */
	binary?: Array<Record<string, IBinaryData> | undefined>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	/** Behave like a workflow started by a streaming Webhook or Chat Trigger. */
	streaming?: boolean;
	mode?: WorkflowExecuteMode;
	/** The execution's id ('1' by default); n8n's Engine 2.0 gives UUID v7 ids. */
	executionId?: string;
	/** The workflow's settings, e.g. `{ engineType: 'v2' }`. */
	settings?: IWorkflowSettings;
	/** Called once the run has started; cancel it from here to test cancellation. */
	onStarted?: (cancel: () => void) => void;
}

export interface NodeRun {
	items: INodeExecutionData[];
	error?: ExecutionError;
	chunks: StructuredChunk[];
	/** How many times the run read its credential (n8n loads and decrypts it each time). */
	credentialReads: number;
	status: IRun['status'];
	run: IRun;
}

const NODE_NAME = 'Node Under Test';

/**
 * Runs the node (see runNodeUnlogged) and appends what the user would see of
 * the run (outputs, error, streamed chunks, console output) to the visible-output
 * log that the secret scan in globalTeardown.js reads.
 */
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	return await runVisibly(
		async () => await runNodeUnlogged(options),
		(result, consoleText) => visibleRun(result.run, NODE_NAME, result.chunks, consoleText),
	);
}

async function runNodeUnlogged(options: RunNodeOptions): Promise<NodeRun> {
	const nodeType = `${PACKAGE_NAME}.${options.node}`;
	const nodeTypes = new PackageNodeTypes();
	const description = nodeTypes.getByNameAndVersion(nodeType).description;
	const credentials = Object.fromEntries(
		(description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
	);
	const nodes: INode[] = [
		{
			id: 'items',
			name: 'Items',
			type: 'test.items',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]), binary: JSON.stringify(options.binary ?? []) },
		},
		{
			id: 'under-test',
			name: NODE_NAME,
			type: nodeType,
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters,
			credentials,
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const connections = { Items: { main: [[{ node: NODE_NAME, type: 'main' as const, index: 0 }]] } };
	const settings = options.settings ?? {};
	const workflow = new Workflow({ id: 'test', nodes, connections, nodeTypes, active: false, settings });
	const workflowData = { id: 'test', name: 'test', nodes, connections, active: false, settings } as unknown as IWorkflowBase;
	const executionId = options.executionId ?? '1';

	const mode = options.mode ?? (options.streaming ? 'webhook' : 'manual');
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const chunks: StructuredChunk[] = [];
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));
	if (options.streaming) hooks.addHandler('sendChunk', (chunk) => void chunks.push(chunk));

	const credentialsHelper = new TestCredentialsHelper(options.credentials ?? {});
	const additionalData = testAdditionalData({
		hooks,
		credentialsHelper,
		streamingEnabled: options.streaming === true,
		executionId,
	});

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	options.onStarted?.(() => execution.cancel());
	try {
		await execution;
	} catch {
		// A cancelled run rejects; the lifecycle hook below still reports it.
	}
	const run = await finished.promise;
	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		error: taskData?.error ?? run.data.resultData.error,
		chunks,
		credentialReads: credentialsHelper.reads,
		status: run.status,
		run,
	};
}
