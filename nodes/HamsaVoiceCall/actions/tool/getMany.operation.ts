import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { filtersCollection, optionsCollection, simplifyField } from '../../../shared/descriptions';
import { simpleTool, visibleTool } from '../../../shared/hamsa/agentViews';
import type { ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { readSimplify } from '../call/start.operation';
import { returnAllFields, voiceAgentField } from '../fields';
import { agentCount, readLimit, readPages, type ListRequest } from '../pages';

/** Tools asked for per request; Hamsa's `take`, the same on every page since `skip` is a page number. */
const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	...returnAllFields('tools'),
	filtersCollection([
		{
			displayName: 'Active',
			name: 'isActive',
			type: 'boolean',
			default: true,
			description: 'Whether to list only active tools (on) or only inactive ones (off)',
		},
		{
			displayName: 'Search',
			name: 'search',
			type: 'string',
			default: '',
			placeholder: 'e.g. Availability',
			description: 'Only tools whose name contains this text (Hamsa\'s own search)',
		},
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			default: 'FUNCTION',
			description: 'Only tools of this kind',
			options: [
				{ name: 'Function', value: 'FUNCTION', description: 'An HTTP request Hamsa sends to your server during a call' },
				{ name: 'MCP', value: 'MCP', description: 'Tools of an MCP server' },
				{ name: 'Web', value: 'WEB', description: 'A tool run in the browser by Hamsa\'s web SDK' },
			],
		},
		{
			...voiceAgentField(false),
			name: 'voiceAgentId',
			description: 'Only tools attached to this voice agent',
		},
	]),
	simplifyField,
	optionsCollection(false),
];

type Plan = ListRequest & { simplify: boolean };

/**
 * Lists web tools (GET /v2/voice-agents/web-tool/list, `skip` a page number
 * from 1) through the shared pager: it stops at the limit, a short page,
 * Hamsa's count or a page that brings no tool not already read (failing
 * when Hamsa counts more), and fails after MOST_PAGES pages.
 */
export const getMany: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const qs: IDataObject = {};
		const filters = (this.getNodeParameter('filters', itemIndex, {}) ?? {}) as IDataObject;
		if (typeof filters.isActive === 'boolean') qs.isActive = filters.isActive;
		const search = String(filters.search ?? '').trim();
		if (search) qs.search = search;
		if (filters.type) qs.type = filters.type;
		const agent = this.getNodeParameter('filters.voiceAgentId', itemIndex, '', { extractValue: true }) as string;
		if (agent) qs.voiceAgentId = agent;
		return { qs, limit: readLimit(this, itemIndex), simplify: readSimplify(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject[]> {
		const take = Math.min(PAGE_SIZE, plan.limit);
		const tools = await readPages.call(this, plan, item, {
			path: '/v2/voice-agents/web-tool/list',
			what: 'tools',
			// Hamsa's `skip` here is a page number.
			page: (page) => ({ qs: { skip: page, take }, size: take }),
			// `total` and `filtered` are undocumented (either may count the page only): the larger one is trusted, as for agents.
			isLast: (data, page) => page * take >= agentCount(data),
		});
		return tools.map(plan.simplify ? simpleTool : visibleTool);
	},
};
