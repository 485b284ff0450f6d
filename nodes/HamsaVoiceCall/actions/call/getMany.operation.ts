import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { CALL_STATUSES } from '../../../shared/hamsa/callOutcome';
import { filtersCollection, optionsCollection, simplifyField } from '../../../shared/descriptions';
import { simpleCallRow } from '../../../shared/hamsa/simplify';
import { invalidField } from '../../../shared/errors';
import type { ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { returnAllFields, voiceAgentField } from '../fields';
import { readLimit, readPages, totalReached, type ListRequest } from '../pages';
import { readSimplify } from './start.operation';

const MAX_PER_PAGE = 200;

const properties: INodeProperties[] = [
	...returnAllFields('calls'),
	filtersCollection([
		{ ...voiceAgentField(false), name: 'voiceAgentId' },
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			default: [],
			description: 'Only calls in these states',
			options: CALL_STATUSES.map((status) => ({
				name: status
					.toLowerCase()
					.split('_')
					.map((word) => word[0].toUpperCase() + word.slice(1))
					.join(' '),
				value: status,
			})),
		},
		{
			displayName: 'Start Time',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description: 'Only calls made at or after this time',
		},
		{
			displayName: 'End Time',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			description: 'Only calls made at or before this time',
		},
	]),
	simplifyField,
	optionsCollection(false),
];

function epochMs(context: IExecuteFunctions, value: unknown, itemIndex: number, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const time = typeof value === 'number' ? value : Date.parse(String(value));
	if (Number.isNaN(time)) throw invalidField(context.getNode(), itemIndex, field, 'it is not a date and time', value);
	return time;
}

export const getMany: Operation<ListRequest & { simplify: boolean }> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const limit = readLimit(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		const agent = this.getNodeParameter('filters.voiceAgentId', itemIndex, '', { extractValue: true }) as string;
		if (agent) qs.voiceAgentId = agent;
		if (Array.isArray(filters.status) && filters.status.length) qs.status = filters.status;
		const start = epochMs(this, filters.startTime, itemIndex, 'Start Time');
		const end = epochMs(this, filters.endTime, itemIndex, 'End Time');
		if (start !== undefined && end !== undefined && start > end) {
			throw invalidField(this.getNode(), itemIndex, 'End Time', 'it is before the Start Time', filters.endTime);
		}
		if (start !== undefined) qs.startTime = start;
		if (end !== undefined) qs.endTime = end;
		return { qs, limit, simplify: readSimplify(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: ListRequest & { simplify: boolean }, item: ItemRequest): Promise<IDataObject[]> {
		const perPage = Math.min(MAX_PER_PAGE, plan.limit);
		const calls = await readPages.call(this, plan, item, {
			path: '/v1/voice-agents/conversations/minimal-list',
			what: 'calls',
			page: (page) => ({ qs: { page, perPage }, size: perPage }),
			isLast: (data, _page, read) => totalReached(data, read),
		});
		const rows = calls.map((call) => ({ callId: (call.id ?? call.callId) as string, ...call }));
		return plan.simplify ? rows.map(simpleCallRow) : rows;
	},
};
