/**
 * Runs one of our nodes as an AI Agent's tool, the way n8n does: the agent's
 * getInputConnectionData wraps a usableAsTool node in n8n-core's own
 * makeHandleToolInvocation, which calls the node's execute() on a
 * SupplyDataContext with the tool call's arguments as its input, and hands
 * the model JSON.stringify of the output items' JSON. That text is what this
 * returns, and what the secret scan (globalTeardown.js) is given to read.
 */
import { ExecutionLifecycleHooks, SupplyDataContext } from 'n8n-core';
// Not exported from n8n-core's index; the same module the agent's getInputConnectionData uses.
import { makeHandleToolInvocation } from 'n8n-core/dist/execution-engine/node-execution-context/utils/get-input-connection-data';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters, IWorkflowBase } from 'n8n-workflow';
import { TestCredentialsHelper } from './credentialsHelper';
import { testAdditionalData } from './n8nCore';
import { PACKAGE_NAME, PackageNodeTypes } from './packageTypes';
import { runVisibly } from './visibleOutput';

export interface RunToolOptions {
	/** Short node name of the tool variant, e.g. 'hamsaVoiceCallTool'. */
	node: string;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The arguments the model called the tool with. */
	toolArgs?: IDataObject;
}

const TOOL_NAME = 'Tool Under Test';

/** The text the model receives from one tool call, or the error the agent gets. */
export async function runTool(options: RunToolOptions): Promise<{ response?: string; error?: Error }> {
	return await runVisibly(
		async () => {
			try {
				return { response: await invokeTool(options) };
			} catch (error) {
				return { error: error as Error };
			}
		},
		(result, consoleText) => ({ outputs: result.response ?? null, error: result.error ?? null, workflowError: null, chunks: [], console: consoleText }),
	);
}

async function invokeTool(options: RunToolOptions): Promise<string> {
	const nodeTypes = new PackageNodeTypes();
	const nodeType = nodeTypes.getByNameAndVersion(`${PACKAGE_NAME}.${options.node}`);
	const credentials = Object.fromEntries(
		(nodeType.description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
	);
	const agent: INode = { id: 'agent', name: 'AI Agent', type: 'test.items', typeVersion: 1, position: [0, 0], parameters: {} };
	const tool: INode = {
		id: 'under-test',
		name: TOOL_NAME,
		type: `${PACKAGE_NAME}.${options.node}`,
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials,
	};
	const nodes = [agent, tool];
	const connections = { [TOOL_NAME]: { [NodeConnectionTypes.AiTool]: [[{ node: agent.name, type: NodeConnectionTypes.AiTool, index: 0 }]] } };
	const workflow = new Workflow({ id: 'test', nodes, connections, nodeTypes, active: false });
	const workflowData = { id: 'test', name: 'test', nodes, connections, active: false } as unknown as IWorkflowBase;

	const additionalData = testAdditionalData({
		hooks: new ExecutionLifecycleHooks('manual', '1', workflowData),
		credentialsHelper: new TestCredentialsHelper(options.credentials ?? {}),
		executionId: '1',
		currentNodeExecutionIndex: 0,
	});
	const runExecutionData = createRunExecutionData({});
	const executeData = { node: agent, data: { main: [[{ json: {} }]] }, source: null };
	const contextFactory = (runIndex: number) =>
		new SupplyDataContext(workflow, tool, additionalData, 'manual', runExecutionData, runIndex, [{ json: {} }], {}, NodeConnectionTypes.AiTool, executeData, [], new AbortController().signal, agent);
	const handleToolInvocation = makeHandleToolInvocation(contextFactory, tool, nodeType, runExecutionData);
	return (await handleToolInvocation(options.toolArgs ?? {})) as string;
}
