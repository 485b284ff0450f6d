import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { hamsaRequest } from '../../../shared/hamsa/service';
import { filtersCollection, optionsCollection } from '../../../shared/descriptions';
import { requestSettings, type RequestSettings } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { returnAllFields, voiceAgentField } from '../fields';
import { readLimit, readPage } from '../pages';

/** Numbers asked for per request; Hamsa's `take`, the same on every page since `skip` is a page number. */
const PAGE_SIZE = 100;

const properties: INodeProperties[] = [
	...returnAllFields('phone numbers'),
	filtersCollection([
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			default: 'TWILIO',
			description: 'Only numbers connected through this provider. Calls started by this node need a Twilio number.',
			options: [
				{ name: 'SIP', value: 'SIP' },
				{ name: 'Twilio', value: 'TWILIO' },
			],
		},
		{
			...voiceAgentField(false),
			name: 'voiceAgentId',
			description: 'Only numbers assigned to this voice agent',
		},
	]),
	optionsCollection(false),
];

interface Plan {
	qs: IDataObject;
	limit: number;
	settings: RequestSettings;
}

export const getMany: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const limit = readLimit(this, itemIndex);
		const qs: IDataObject = {};
		const provider = this.getNodeParameter('filters.provider', itemIndex, '') as string;
		if (provider) qs.provider = provider;
		const agent = this.getNodeParameter('filters.voiceAgentId', itemIndex, '', { extractValue: true }) as string;
		if (agent) qs.voiceAgentId = agent;
		return { qs, limit, settings: requestSettings(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, itemIndex: number): Promise<IDataObject[]> {
		const numbers: IDataObject[] = [];
		const take = Math.min(PAGE_SIZE, plan.limit);
		for (let page = 1; numbers.length < plan.limit; page++) {
			const data = await hamsaRequest.call(this, {
				method: 'GET',
				path: '/v1/voice-agents/phone-number/list',
				qs: { ...plan.qs, skip: page, take },
				idempotent: true,
				itemIndex,
				...plan.settings,
			});
			const { entries, total } = readPage(data);
			numbers.push(...entries.slice(0, plan.limit - numbers.length));
			if (entries.length < take || (total !== undefined && page * take >= total)) break;
		}
		return numbers.map((entry) => ({ phoneNumber: (entry.phoneNumber ?? entry.number ?? entry.phone) as string, ...entry }));
	},
};
