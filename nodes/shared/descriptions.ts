/** Option fields shared by every action node, so they read the same everywhere. */
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MOST_RETRIES, SHORTEST_TIMEOUT_MS } from './defaults';

const batchingOption: INodeProperties = {
	displayName: 'Batching',
	name: 'batching',
	placeholder: 'Add Batching',
	type: 'fixedCollection',
	typeOptions: { multipleValues: false },
	default: { batch: {} },
	description: 'How many items are sent at once, and how long to pause between batches (to respect rate limits)',
	options: [
		{
			displayName: 'Batching',
			name: 'batch',
			values: [
				{
					displayName: 'Items per Batch',
					name: 'batchSize',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 1,
					description: 'Requests in flight at the same time; without a Batch Interval the next item starts as soon as one finishes. Output order always follows input order.',
				},
				{
					displayName: 'Batch Interval (Ms)',
					name: 'batchInterval',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: 'Pause between batches, in milliseconds. With a pause, each batch is sent whole and finished before the pause.',
				},
			],
		},
	],
};

function maxRetriesOption(sendsSomething: boolean): INodeProperties {
	return {
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MOST_RETRIES },
		default: DEFAULT_MAX_RETRIES,
		description: sendsSomething
			? 'How often to retry when the service is rate limiting (429), asks to come back later (503 with Retry-After) or refused the connection, waiting as long as Retry-After asks. A request that may already have been delivered (time-out, reset, any other server error, a 503 without Retry-After) is never retried, so nothing is sent twice.'
			: 'How often to retry a failed request (rate limiting, unavailable service, time-outs, resets, server errors), waiting as long as Retry-After asks. Safe because this operation only reads.',
	};
}

const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Ms)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: SHORTEST_TIMEOUT_MS },
	default: DEFAULT_TIMEOUT_MS,
	description: 'How long to wait for the service to answer before giving up, in milliseconds',
};

function requestOptions(sendsSomething: boolean, batching: boolean): INodeProperties[] {
	return [...(batching ? [batchingOption] : []), maxRetriesOption(sendsSomething), timeoutOption];
}

/**
 * The Options collection of an operation: its own options first, then the
 * request options (without Batching for operations that send one request for all items).
 */
export function optionsCollection(sendsSomething: boolean, own: INodeProperties[] = [], batching = true): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...own, ...requestOptions(sendsSomething, batching)],
	};
}

/** The Filters collection of a Get Many operation. */
export function filtersCollection(filters: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: filters,
	};
}

/** n8n's Simplify switch, for operations whose answers have many fields; on by default. */
export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};
