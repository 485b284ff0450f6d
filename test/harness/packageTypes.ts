/**
 * Loads the node and credential classes the way n8n does: from the built
 * package (dist/), through the paths listed in package.json's "n8n" field.
 */
import * as path from 'path';
import type {
	ICredentialType,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { TestItemsNode } from './testItemsNode';

const root = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest = require(path.join(root, 'package.json')) as { name: string; n8n: { nodes: string[]; credentials: string[] } };

export const PACKAGE_NAME = manifest.name;

function loadClasses<T>(files: string[]): T[] {
	return files.map((file) => {
		const absolute = path.join(root, file);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const moduleExports = require(absolute) as Record<string, new () => T>;
		const className = path.basename(file).split('.')[0];
		const Class = moduleExports[className];
		if (!Class) throw new Error(`${file} does not export a class named ${className} (run npm run build)`);
		return new Class();
	});
}

export const credentialTypes: Record<string, ICredentialType> = Object.fromEntries(
	loadClasses<ICredentialType>(manifest.n8n.credentials).map((type) => [type.name, type]),
);

const packageNodes = loadClasses<INodeType>(manifest.n8n.nodes);

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
