import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { hamsaRequest } from '../../../shared/hamsa/service';
import { filtersCollection, optionsCollection } from '../../../shared/descriptions';
import { requestSettings, type RequestSettings } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { returnAllFields } from '../fields';
import { agentCount, readLimit, readPage } from '../pages';

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
	optionsCollection(false),
];

interface Plan {
	search: string;
	limit: number;
	settings: RequestSettings;
}

export const getMany: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const limit = readLimit(this, itemIndex);
		const search = String(this.getNodeParameter('filters.search', itemIndex, '') ?? '').trim();
		return { search, limit, settings: requestSettings(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, itemIndex: number): Promise<IDataObject[]> {
		const agents: IDataObject[] = [];
		// Hamsa's `skip` here counts agents, not pages.
		for (let skip = 0; agents.length < plan.limit; ) {
			const take = Math.min(PAGE_SIZE, plan.limit - agents.length);
			const qs: IDataObject = { skip, take };
			if (plan.search) qs.search = plan.search;
			const data = await hamsaRequest.call(this, {
				method: 'GET',
				path: '/v2/voice-agents',
				qs,
				idempotent: true,
				itemIndex,
				...plan.settings,
			});
			const { entries } = readPage(data);
			agents.push(...entries.slice(0, plan.limit - agents.length));
			skip += entries.length;
			if (entries.length < take || skip >= agentCount(data)) break;
		}
		return agents.map((agent) => ({
			voiceAgentId: agent.id as string,
			name: (agent.agentName ?? agent.name) as string,
			...agent,
		}));
	},
};
