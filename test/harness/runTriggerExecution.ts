/**
 * Runs the execution n8n starts after a trigger's webhook() accepted a request
 * (n8n's WebhookService puts the trigger at the head of the execution stack
 * with what webhook() returned; WorkflowExecute then runs the trigger node and
 * the next one). In queue mode this is what a worker does.
 *
 * n8n's database is the one part that cannot exist here: n8n-core's
 * DataDeduplicationService (the store behind checkProcessedAndRecord) is
 * given an in-memory stand-in, shared by every execution a test file runs (as
 * every n8n process shares one database; tests that play several processes
 * isolate the webhook side, not this module). Its rules follow n8n's
 * DeduplicationHelper ("entries" mode): one list per workflow and node, a
 * value is new when it is not in the list, new values are appended and only
 * the latest maxEntries are kept.
 */
import { DataDeduplicationService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import { createDeferredPromise } from './promises';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICredentialDataDecryptedObject,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { TestCredentialsHelper } from './credentialsHelper';
import { testAdditionalData } from './n8nCore';
import { watchWarnings } from './n8nLogger';
import { PACKAGE_NAME, PackageNodeTypes } from './packageTypes';

/** workflow id | context → the recorded values, oldest first. */
const database = new Map<string, string[]>();
/** While set, the store fails with it, as a database that is unreachable or refuses a write. */
let storeFailure: Error | undefined;

function listKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	return `${contextData.workflow.id}|${scope === 'node' ? `n:${contextData.node?.id}` : ''}`;
}

const inMemoryDeduplicator: IDataDeduplicator = {
	async checkProcessedAndRecord(items: DeduplicationItemTypes[], scope, contextData, options: ICheckProcessedOptions): Promise<IDeduplicationOutput> {
		if (storeFailure) throw storeFailure;
		const key = listKey(scope, contextData);
		const list = [...(database.get(key) ?? [])];
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			if (list.includes(String(item))) output.processed.push(item);
			else {
				output.new.push(item);
				list.push(String(item));
			}
		}
		database.set(key, options.maxEntries ? list.slice(-options.maxEntries) : list);
		return output;
	},
	async removeProcessed() {},
	async clearAllProcessedItems(scope, contextData) {
		database.delete(listKey(scope, contextData));
	},
	async getProcessedDataCount(scope, contextData) {
		return (database.get(listKey(scope, contextData)) ?? []).length;
	},
};

let initialised = false;
function useInMemoryDatabase(): void {
	if (initialised) return;
	initialised = true;
	void DataDeduplicationService.init(inMemoryDeduplicator);
}

/** The delivery ids n8n's database holds for a trigger node. */
export function recordedValues(workflowId: string, nodeId: string): string[] {
	return [...(database.get(`${workflowId}|n:${nodeId}`) ?? [])];
}

export interface TriggerExecutionOptions {
	/** Short node name, e.g. 'hamsaTrigger'. */
	node: string;
	parameters: INodeParameters;
	/** What the trigger's webhook() returned as workflowData. */
	workflowData: INodeExecutionData[][];
	workflowId: string;
	nodeId?: string;
	/** 'webhook' for a production delivery; 'manual' for a test event; 'retry' for a retried execution. */
	mode?: WorkflowExecuteMode;
	/** The node's optional credentials, e.g. credentialsFor(sim); none by default. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** n8n's de-duplication store throws this during the execution (e.g. a unique-key violation or a pool timeout). */
	storeFails?: Error;
}

export interface TriggerExecution {
	/** What the trigger node output in the execution (binary data included). */
	triggerItems: INodeExecutionData[];
	/** What reached the node after the trigger; undefined when it did not run. */
	nextNodeItems?: INodeExecutionData[];
	status: IRun['status'];
	errorMessage?: string;
	/** What was logged with n8n's logger at warn level during the execution, message and metadata as JSON. */
	warnings: string[];
}

export async function runTriggerExecution(options: TriggerExecutionOptions): Promise<TriggerExecution> {
	useInMemoryDatabase();
	const nodeTypes = new PackageNodeTypes();
	const nodeType = `${PACKAGE_NAME}.${options.node}`;
	const given = Object.keys(options.credentials ?? {});
	const credentials = Object.fromEntries(
		(nodeTypes.getByNameAndVersion(nodeType).description.credentials ?? [])
			.filter((credential) => given.includes(credential.name))
			.map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
	);
	const nodes: INode[] = [
		{
			id: options.nodeId ?? 'under-test',
			name: 'Trigger',
			type: nodeType,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			...(Object.keys(credentials).length ? { credentials } : {}),
		},
		{ id: 'next', name: 'Next Node', type: 'test.items', typeVersion: 1, position: [200, 0], parameters: { items: '[{"ran":true}]' } },
	];
	const connections = { Trigger: { main: [[{ node: 'Next Node', type: 'main' as const, index: 0 }]] } };
	const workflow = new Workflow({ id: options.workflowId, nodes, connections, nodeTypes, active: true });
	const workflowData = { id: options.workflowId, name: 'trigger', nodes, connections, active: true } as unknown as IWorkflowBase;
	const mode = options.mode ?? 'webhook';
	const hooks = new ExecutionLifecycleHooks(mode, '1', workflowData);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));
	const additionalData = testAdditionalData({ hooks, executionId: '1', credentialsHelper: new TestCredentialsHelper(options.credentials ?? {}) });
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: workflow.getNode('Trigger')!, data: { main: options.workflowData }, source: null }] },
	});
	// Kept out of the test output; the test reads them from the result.
	const warnings = watchWarnings();
	storeFailure = options.storeFails;
	let run: IRun;
	let logged: string[];
	try {
		await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
		run = await finished.promise;
	} finally {
		storeFailure = undefined;
		logged = warnings.calls.map((call) => JSON.stringify(call));
		warnings.restore();
	}
	const runData = run.data.resultData.runData;
	const triggerTask = runData.Trigger?.[0];
	return {
		triggerItems: triggerTask?.data?.main?.[0] ?? [],
		// n8n records an output that emitted nothing as null.
		nextNodeItems: runData['Next Node']?.[0]?.data?.main?.[0] ?? undefined,
		status: run.status,
		errorMessage: (triggerTask?.error ?? run.data.resultData.error)?.message,
		warnings: logged,
	};
}
