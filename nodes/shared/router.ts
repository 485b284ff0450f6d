/**
 * The item loop every node shares.
 *
 * Two passes: first every item's parameters are read and checked, so a bad
 * item stops the node before any request goes out; then the requests are sent
 * in batches (the Batching option) with the results put back in input order,
 * each paired with its input item. Under "Continue On Fail" a failed item
 * becomes an error item in its place and the others go on.
 *
 * Every item leaves through redactItems (redact.ts), error items included:
 * this loop is also what runs when an AI Agent uses the node as a tool (n8n
 * calls execute() and hands the items' JSON to the model), so no operation
 * can forget it.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { pause } from './defaults';
import { ServiceError } from './errors';
import { itemRequest, type ItemRequest } from './parameters';
import { redactItems } from './redact';
import { findOperation, type Resource } from './resources';
import { secretsReadInRun } from './transport/context';

export interface Operation<Plan = unknown> {
	/** The operation's own fields; the resource shows them only for this operation. */
	description: INodeProperties[];
	/** Reads and checks one item's parameters; throws before anything is sent. */
	prepare(this: IExecuteFunctions, itemIndex: number, itemCount: number): Promise<Plan>;
	/** Sends the request(s) for one item (spreading `item` into each) and returns its output. */
	run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<OperationOutput>;
}

/** An output item that carries files (a recording, synthesised speech) besides its JSON. */
export class ItemWithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

export type OperationOutput = IDataObject | IDataObject[] | ItemWithBinary;
/**
 * An operation that makes one request from all its input items together (a
 * campaign from a list of recipients). It owns its item loop: it checks every
 * item before anything is sent, honours Continue On Fail with error items
 * (use `errorItem`), and pairs its output with the items it used.
 */
export interface WholeInputOperation {
	description: INodeProperties[];
	executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export type AnyOperation = Operation | WholeInputOperation;

function isWholeInput(operation: AnyOperation): operation is WholeInputOperation {
	return 'executeAll' in operation;
}

interface BatchSettings {
	batchSize: number;
	batchIntervalMs: number;
}

function readBatchSettings(context: IExecuteFunctions): BatchSettings {
	const batch = context.getNodeParameter('options.batching.batch', 0, {}) as IDataObject;
	const batchSize = Math.max(1, Math.floor(Number(batch.batchSize ?? 1) || 1));
	const batchIntervalMs = Math.max(0, Number(batch.batchInterval ?? 0) || 0);
	return { batchSize, batchIntervalMs };
}

export async function routeOperation(
	this: IExecuteFunctions,
	resources: Resource[],
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resources, resource, operationName);
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not supported`,
		);
	}
	const items = isWholeInput(operation) ? await operation.executeAll.call(this) : await runItems.call(this, operation);
	return [redactItems(items, await secretsReadInRun(this))];
}

async function runItems(this: IExecuteFunctions, operation: Operation): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const outputs: INodeExecutionData[][] = new Array(items.length);
	const plans = new Map<number, { plan: unknown; item: ItemRequest }>();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const plan = await operation.prepare.call(this, itemIndex, items.length);
			plans.set(itemIndex, { plan, item: itemRequest(this, itemIndex) });
		} catch (error) {
			if (!continueOnFail) throw withItemIndex(this, error, itemIndex);
			outputs[itemIndex] = [errorItem(error, itemIndex)];
		}
	}

	const ready = [...plans.keys()];
	const { batchSize, batchIntervalMs } = ready.length > 1 ? readBatchSettings(this) : { batchSize: 1, batchIntervalMs: 0 };
	const signal = this.getExecutionCancelSignal?.();
	const runOne = async (itemIndex: number): Promise<void> => {
		const { plan, item } = plans.get(itemIndex)!;
		outputs[itemIndex] = toOutputItems(await operation.run.call(this, plan, item), itemIndex);
	};
	// A failed item becomes an error item under Continue On Fail; otherwise the
	// first failure (in item order) stops the node once what is in flight is done.
	let stop: { error: unknown; itemIndex: number } | undefined;
	const settle = (error: unknown, itemIndex: number) => {
		if (continueOnFail && !signal?.aborted) {
			outputs[itemIndex] = [errorItem(error, itemIndex)];
		} else if (!stop || itemIndex < stop.itemIndex) {
			stop = { error, itemIndex };
		}
	};

	if (batchIntervalMs > 0) {
		// Paced: whole batches with a pause between them, as n8n's HTTP Request node does.
		for (let start = 0; start < ready.length && !stop; start += batchSize) {
			if (start > 0) await pause(batchIntervalMs, signal);
			const batch = ready.slice(start, start + batchSize);
			await Promise.all(batch.map(async (itemIndex) => await runOne(itemIndex).catch((error) => settle(error, itemIndex))));
		}
	} else {
		// Unpaced: keep Items per Batch requests in flight, starting the next item as
		// soon as one finishes, so a slow item does not hold up a whole batch.
		let next = 0;
		const worker = async () => {
			while (!stop && next < ready.length) {
				const itemIndex = ready[next++];
				await runOne(itemIndex).catch((error) => settle(error, itemIndex));
			}
		};
		await Promise.all(Array.from({ length: Math.min(batchSize, ready.length) }, worker));
	}
	// Thrown only after every request in flight has settled: those items were
	// already on their way and must not be abandoned mid-request.
	if (stop) throw withItemIndex(this, stop.error, stop.itemIndex);

	return outputs.flat();
}

function toOutputItems(value: OperationOutput, itemIndex: number): INodeExecutionData[] {
	if (value instanceof ItemWithBinary) return [{ json: value.json, binary: value.binary, pairedItem: { item: itemIndex } }];
	const list = Array.isArray(value) ? value : [value];
	return list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** The error item Continue On Fail puts in place of a failed item. */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: messageOf(error) };
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string' && description) json.errorDescription = description;
	if (error instanceof ServiceError) {
		if (error.serviceFailure.httpStatus !== undefined) json.httpStatus = error.serviceFailure.httpStatus;
		if (error.serviceFailure.serviceCode !== undefined) json.serviceCode = error.serviceFailure.serviceCode;
		json.delivery = error.serviceFailure.delivery;
		if (error.serviceFailure.partialAnswer) json.partialAnswer = error.serviceFailure.partialAnswer;
	}
	return { json, pairedItem: { item: itemIndex } };
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export function withItemIndex(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof Error && 'node' in error) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
