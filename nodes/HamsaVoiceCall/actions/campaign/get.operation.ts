import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { campaignWithRecipientList, recipientRows } from '../../../shared/hamsa/campaign';
import { hamsaRequest } from '../../../shared/hamsa/service';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { campaignIdField } from '../fields';

const properties: INodeProperties[] = [
	campaignIdField,
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'recipients',
		description: 'What comes out for each campaign',
		options: [
			{
				name: 'One Item per Recipient',
				value: 'recipients',
				description: 'Each recipient with its status, attempts, call ID and last error, and the campaign\'s ID, name and status',
			},
			{ name: 'The Campaign', value: 'campaign', description: 'One item: the campaign, with its recipients as one list' },
		],
	},
	optionsCollection(false),
];

interface Plan {
	campaignId: string;
	output: string;
}

export const get: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return {
			campaignId: requiredText(this, 'campaignId', itemIndex, 'Campaign ID'),
			output: this.getNodeParameter('output', itemIndex, 'recipients') as string,
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject | IDataObject[]> {
		const campaign = await hamsaRequest.call(this, {
			method: 'GET',
			path: `/v1/voice-agents/campaigns/${encodeURIComponent(plan.campaignId)}`,
			idempotent: true,
			...item,
		});
		return plan.output === 'campaign' ? campaignWithRecipientList(campaign) : recipientRows(campaign);
	},
};
