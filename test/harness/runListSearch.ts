/**
 * Runs a node's resource-locator list search the way n8n's editor does
 * (n8n's DynamicNodeParametersService.getResourceLocatorResults): a one-node
 * Workflow named "Temp-Node" with the current parameters and the selected
 * credential, and n8n-core's real LoadOptionsContext, whose helpers send the
 * request through httpRequestWithAuthentication and our TestCredentialsHelper.
 */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ILoadOptionsFunctions,
	INode,
	INodeListSearchResult,
	INodeParameters,
} from 'n8n-workflow';
import { TestCredentialsHelper } from './credentialsHelper';
import { testAdditionalData } from './n8nCore';
import { PACKAGE_NAME, PackageNodeTypes } from './packageTypes';

export interface ListSearchOptions {
	/** Short node name, e.g. 'hamsaVoiceCall'. */
	node: string;
	/** The name under methods.listSearch, e.g. 'searchVoiceAgents'. */
	method: string;
	filter?: string;
	paginationToken?: string;
	/** The node's parameters as the editor sends them (currentNodeParameters). */
	parameters?: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The parameter path the editor sends, e.g. 'parameters.voiceAgentId'. */
	path?: string;
}

export async function runListSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const nodeType = `${PACKAGE_NAME}.${options.node}`;
	const nodeTypes = new PackageNodeTypes();
	const type = nodeTypes.getByNameAndVersion(nodeType);
	const method = type.methods?.listSearch?.[options.method];
	if (typeof method !== 'function') throw new Error(`${nodeType} has no listSearch method ${options.method}`);
	const parameters = options.parameters ?? {};
	const node: INode = {
		parameters,
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: nodeType,
		typeVersion: 1,
		position: [0, 0],
		credentials: Object.fromEntries(
			(type.description.credentials ?? []).map((credential) => [credential.name, { id: credential.name, name: credential.name }]),
		),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = testAdditionalData({
		credentialsHelper: new TestCredentialsHelper(options.credentials ?? {}),
		currentNodeParameters: parameters,
	});
	const context = new LoadOptionsContext(workflow, workflow.nodes['Temp-Node'], additionalData, options.path ?? 'parameters');
	return await (method as (this: ILoadOptionsFunctions, filter?: string, token?: string) => Promise<INodeListSearchResult>).call(
		context,
		options.filter,
		options.paginationToken,
	);
}
