import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { filtersCollection, optionsCollection } from '../../../shared/descriptions';
import type { ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { returnAllFields, voiceAgentField } from '../fields';
import { readLimit, readPages, totalReached, type ListRequest } from '../pages';

/** Campaigns asked for per request; Hamsa's `take` (its default is 10). */
const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	...returnAllFields('campaigns'),
	filtersCollection([
		{ ...voiceAgentField(false), name: 'voiceAgentId', description: 'Only campaigns of this voice agent' },
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. reminders',
			description: 'Only campaigns matching this text (Hamsa\'s own search)',
		},
	]),
	optionsCollection(false),
];

export const getMany: Operation<ListRequest> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const qs: IDataObject = {};
		const agent = this.getNodeParameter('filters.voiceAgentId', itemIndex, '', { extractValue: true }) as string;
		if (agent) qs.voiceAgentId = agent;
		const search = String(this.getNodeParameter('filters.search', itemIndex, '') ?? '').trim();
		if (search) qs.search = search;
		return { qs, limit: readLimit(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: ListRequest, item: ItemRequest): Promise<IDataObject[]> {
		const campaigns = await readPages.call(this, plan, item, {
			path: '/v1/voice-agents/campaigns',
			what: 'campaigns',
			// `skip` counts campaigns, not pages.
			page: (_page, read) => {
				const take = Math.min(PAGE_SIZE, plan.limit - read);
				return { qs: { take, skip: read }, size: take };
			},
			isLast: (data, _page, read) => totalReached(data, read),
		});
		return campaigns.map((campaign) => ({ campaignId: campaign.id as string, ...campaign }));
	},
};
