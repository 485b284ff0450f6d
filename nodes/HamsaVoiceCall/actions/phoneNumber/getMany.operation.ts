import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { filtersCollection, optionsCollection, simplifyField } from '../../../shared/descriptions';
import { simplePhoneNumber } from '../../../shared/hamsa/simplify';
import { readSimplify } from '../call/start.operation';
import type { ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { returnAllFields, voiceAgentField } from '../fields';
import { readLimit, readPages, totalReached, type ListRequest } from '../pages';

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
	simplifyField,
	optionsCollection(false),
];

export const getMany: Operation<ListRequest & { simplify: boolean }> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const qs: IDataObject = {};
		const provider = this.getNodeParameter('filters.provider', itemIndex, '') as string;
		if (provider) qs.provider = provider;
		const agent = this.getNodeParameter('filters.voiceAgentId', itemIndex, '', { extractValue: true }) as string;
		if (agent) qs.voiceAgentId = agent;
		return { qs, limit: readLimit(this, itemIndex), simplify: readSimplify(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: ListRequest & { simplify: boolean }, item: ItemRequest): Promise<IDataObject[]> {
		const take = Math.min(PAGE_SIZE, plan.limit);
		const numbers = await readPages.call(this, plan, item, {
			path: '/v1/voice-agents/phone-number/list',
			what: 'phone numbers',
			// Hamsa's `skip` here is a page number.
			page: (page) => ({ qs: { skip: page, take }, size: take }),
			isLast: (data, page) => totalReached(data, page * take),
		});
		const records = numbers.map((entry) => ({ phoneNumber: (entry.phoneNumber ?? entry.number ?? entry.phone) as string, ...entry }));
		return plan.simplify ? records.map(simplePhoneNumber) : records;
	},
};
