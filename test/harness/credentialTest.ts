/**
 * Tests a credential the way n8n's "Test" button does, for a credential type
 * with a declarative `test` request.
 *
 * Reproduces packages/cli/src/services/credentials-tester.service.ts: the
 * credential data gets its defaults (CredentialsHelper.applyDefaultsAndOverwrites),
 * a mock node type (a copy of NoOp) gets one property whose routing request is
 * `credentialType.test.request`, and n8n-core's RoutingNode runs it inside an
 * ExecuteContext with the decrypted credentials. A thrown error is mapped with
 * the `responseCode` rules (then any non-2xx status, then the error's code or
 * message); a 2xx body is checked against the `responseSuccessBody` rules.
 */
import get from 'lodash/get';
import { ExecuteContext, RoutingNode } from 'n8n-core';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRunExecutionData,
	ITaskDataConnections,
} from 'n8n-workflow';
import { TestCredentialsHelper } from './credentialsHelper';
import { testAdditionalData } from './n8nCore';
import { credentialTypes } from './packageTypes';
import { credentialsFor, type Simulator } from './simulator';

/** n8n-nodes-base.noOp's description, the node type n8n borrows for a credential's own test. */
const noOpType: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'n8n-nodes-base.noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
};

interface TestRule {
	type: 'responseCode' | 'responseSuccessBody';
	properties: { value: unknown; message: string; key?: string };
}

/** Runs the credential's test request against whatever its Base URL points at. */
export async function testCredential(
	typeName: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const credentialType = credentialTypes[typeName];
	const testRequest = credentialType?.test;
	if (!testRequest) return { status: 'Error', message: 'No testing function found for this credential.' };

	// CredentialsHelper.applyDefaultsAndOverwrites: add the properties' defaults.
	const withDefaults = NodeHelpers.getNodeParameters(
		credentialType.properties,
		data as INodeParameters,
		true,
		false,
		null,
		null,
	) as ICredentialDataDecryptedObject;
	const credentialsDecrypted: ICredentialsDecrypted = { id: 'credential-under-test', name: 'Test', type: typeName, data: withDefaults };

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: noOpType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [typeName]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...noOpType.description,
			credentials: [{ name: typeName, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	};
	const mockNodeTypes: INodeTypes = {
		getKnownTypes: () => ({}),
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: mockNodeTypes });

	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const runExecutionData = { resultData: { runData: {} } } as IRunExecutionData;
	const executeData: IExecuteData = { node, data: {}, source: null };
	const additionalData = testAdditionalData({ credentialsHelper: new TestCredentialsHelper({}) });
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', runExecutionData, 0, [], inputData, executeData, []);
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);
	const rules = (testRequest.rules ?? []) as unknown as TestRule[];

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const statusCode = cause.response.status;
			for (const rule of rules) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${statusCode}` };
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}

	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (get(body, rule.properties.key as string) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * Returns the "Test" button of the credential `typeName` ('hotTaskApi' or
 * 'hamsaApi'), filled in for the test file's simulator; `overrides` changes
 * fields (a wrong key, another Base URL, …).
 */
export function credentialTester(context: { readonly sim: Simulator }, typeName: 'hotTaskApi' | 'hamsaApi') {
	return async (overrides: object = {}): Promise<INodeCredentialTestResult> =>
		await testCredential(typeName, { ...credentialsFor(context.sim)[typeName], ...overrides });
}
