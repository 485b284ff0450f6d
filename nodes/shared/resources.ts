/**
 * How a node is assembled from its resources. Each resource declares its
 * operations once, in `actions/<resource>/index.ts`: the key of each entry is
 * the operation's value (and the name of its file and export), with its label
 * in the Operation list. From that one declaration come the Operation
 * selector, the fields shown for each operation, and the router's table.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';
import type { AnyOperation } from './router';

export interface OperationChoice {
	/** The label in the Operation list, in Title Case. */
	name: string;
	/** What the operation does, as the AI Agent and the node panel list it. */
	action: string;
	description: string;
	/** The export of `<value>.operation.ts`: its fields, checks and request. */
	operation: AnyOperation;
}

export interface Resource {
	name: string;
	value: string;
	description: string;
	/** The operation preselected when the resource is chosen. */
	defaultOperation: string;
	/** Keyed by operation value, in the order the Operation list shows them (alphabetical by name). */
	operations: Record<string, OperationChoice>;
}

/**
 * The node's properties: the Resource selector, then each resource's
 * Operation selector, then each operation's fields, shown only for it.
 */
export function resourceProperties(resources: Resource[], defaultResource: string): INodeProperties[] {
	const resourceSelector: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: defaultResource,
		options: [...resources]
			.sort((a, b) => a.name.localeCompare(b.name))
			.map(({ name, value, description }) => ({ name, value, description })),
	};
	const operationSelectors = resources.map(
		({ value: resource, defaultOperation, operations }): INodeProperties => ({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			default: defaultOperation,
			options: Object.entries(operations).map(([value, { name, action, description }]) => ({ name, value, action, description })),
		}),
	);
	const fields = resources.flatMap((resource) =>
		Object.entries(resource.operations).flatMap(([value, { operation }]) =>
			updateDisplayOptions({ show: { resource: [resource.value], operation: [value] } }, operation.description),
		),
	);
	return [resourceSelector, ...operationSelectors, ...fields];
}

/** The operation a node's parameters select, or undefined when none matches. */
export function findOperation(resources: Resource[], resource: string, operation: string): AnyOperation | undefined {
	const choices = resources.find((candidate) => candidate.value === resource)?.operations;
	return choices && Object.prototype.hasOwnProperty.call(choices, operation) ? choices[operation].operation : undefined;
}
