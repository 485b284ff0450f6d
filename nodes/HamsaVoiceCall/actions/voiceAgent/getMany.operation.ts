import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { filtersCollection, optionsCollection, simplifyField } from '../../../shared/descriptions';
import { simpleVoiceAgent } from '../../../shared/hamsa/simplify';
import { readSimplify } from '../call/start.operation';
import type { ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { returnAllFields } from '../fields';
import { agentCount, readLimit, readPages, type ListRequest } from '../pages';

/** Agents asked for per request; Hamsa's `take`. */
const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	...returnAllFields('voice agents'),
	filtersCollection([
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. Appointment',
			description: 'Only voice agents whose name contains this text (Hamsa\'s own search)',
		},
	]),
	simplifyField,
	optionsCollection(false),
];

export const getMany: Operation<ListRequest & { simplify: boolean }> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const search = String(this.getNodeParameter('filters.search', itemIndex, '') ?? '').trim();
		return { qs: search ? { search } : {}, limit: readLimit(this, itemIndex), simplify: readSimplify(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: ListRequest & { simplify: boolean }, item: ItemRequest): Promise<IDataObject[]> {
		const agents = await readPages.call(this, plan, item, {
			path: '/v2/voice-agents',
			what: 'voice agents',
			// Hamsa's `skip` here counts agents, not pages.
			page: (_page, read) => {
				const take = Math.min(PAGE_SIZE, plan.limit - read);
				return { qs: { skip: read, take }, size: take };
			},
			isLast: (data, _page, read) => read >= agentCount(data),
		});
		const records = agents.map((agent) => ({
			voiceAgentId: agent.id as string,
			name: (agent.agentName ?? agent.name) as string,
			...agent,
		}));
		return plan.simplify ? records.map(simpleVoiceAgent) : records;
	},
};
