/**
 * Loads the node and credential classes the way n8n does: from the built
 * package (dist/), through the paths listed in package.json's "n8n" field.
 */
import type {
	ICredentialType,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { credentialInstances, nodeInstances, PACKAGE_NAME as packageName } from './packageClasses';
import { TestItemsNode } from './testItemsNode';

export const PACKAGE_NAME: string = packageName;

export const credentialTypes: Record<string, ICredentialType> = Object.fromEntries(
	(credentialInstances() as ICredentialType[]).map((type) => [type.name, type]),
);

const packageNodes = nodeInstances() as INodeType[];

/** Node types by full name: `n8n-nodes-hottask-hamsa.hotTaskChat`, plus the test-only input node. */
export const nodeTypesByName: Record<string, INodeType> = {
	...Object.fromEntries(packageNodes.map((node) => [`${PACKAGE_NAME}.${node.description.name}`, node])),
	// n8n offers every usableAsTool node to AI Agents as "<name>Tool", running the same class.
	...Object.fromEntries(
		packageNodes
			.filter((node) => node.description.usableAsTool)
			.map((node) => [`${PACKAGE_NAME}.${node.description.name}Tool`, node]),
	),
	'test.items': new TestItemsNode(),
};

export class PackageNodeTypes implements INodeTypes {
	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = nodeTypesByName[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes() {
		return {};
	}
}
