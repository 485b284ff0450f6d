import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField } from '../../../shared/errors';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { hotTaskRequest } from '../../../shared/hotTask/service';
import { checkedUrl } from './fields';
import { EDIT_KNOWLEDGE } from './write';

/** HotTask's SyncSiteMapDays: 1 daily, 7 weekly, 30 monthly. */
export const SYNC_DAYS: Record<string, number> = { daily: 1, weekly: 7, monthly: 30 };

const properties: INodeProperties[] = [
	chatbotIdField,
	{
		displayName: 'Sitemap URL',
		name: 'sitemapUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/sitemap.xml',
		description: 'The address of the sitemap whose pages the chatbot learns from; it replaces the sitemap the chatbot had',
	},
	{
		displayName: 'Sync Frequency',
		name: 'frequency',
		type: 'options',
		default: 'weekly',
		description: 'How often HotTask reads the sitemap again',
		options: [
			{ name: 'Daily', value: 'daily' },
			{ name: 'Weekly', value: 'weekly' },
			{ name: 'Monthly', value: 'monthly' },
		],
	},
	optionsCollection(true),
];

interface Plan {
	chatbotId: string;
	url: string;
	days: number;
}

export const syncSitemap: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const chatbotId = requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID');
		const url = checkedUrl(this, 'sitemapUrl', itemIndex, 'Sitemap URL', 'give the full address of the sitemap, e.g. https://example.com/sitemap.xml');
		const frequency = this.getNodeParameter('frequency', itemIndex, 'weekly') as string;
		const days = SYNC_DAYS[frequency];
		if (days === undefined) throw invalidField(this.getNode(), itemIndex, 'Sync Frequency', 'choose Daily, Weekly or Monthly', frequency);
		return { chatbotId, url, days };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		// Only the sitemap's fields: lists not sent are left as they are, so no other source is touched.
		await hotTaskRequest.call(this, {
			method: 'POST',
			path: EDIT_KNOWLEDGE,
			body: { serialNumber: plan.chatbotId, SiteMapUrl: plan.url, EnableSyncSiteMap: true, SyncSiteMapDays: plan.days },
			idempotent: false,
			...item,
		});
		return { chatbotId: plan.chatbotId, sitemapUrl: plan.url, sync: true, syncEveryDays: plan.days };
	},
};
