import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField } from '../../../shared/errors';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { hotTaskRequest } from '../../../shared/hotTask/service';
import { checkedUrl } from './fields';
import { EDIT_KNOWLEDGE } from './write';

const properties: INodeProperties[] = [
	chatbotIdField,
	{
		displayName: 'Google Sheet URL',
		name: 'sheetUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://docs.google.com/spreadsheets/d/1AbC…/edit',
		description: 'The address of the Google Sheet the chatbot learns from, shared so that HotTask can read it; it replaces the sheet the chatbot had',
	},
	{
		displayName: 'Retrain Now',
		name: 'retrain',
		type: 'boolean',
		default: true,
		description: 'Whether HotTask reads the sheet again now (for a sheet that changed). HotTask\'s API has no sync frequency for sheets; run this on a Schedule Trigger to keep the chatbot in step.',
	},
	optionsCollection(true),
];

interface Plan {
	chatbotId: string;
	url: string;
	retrain: boolean;
}

export const syncGoogleSheet: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const chatbotId = requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID');
		const url = checkedUrl(this, 'sheetUrl', itemIndex, 'Google Sheet URL', 'give the sheet\'s full address, e.g. https://docs.google.com/spreadsheets/d/…');
		if (!/(^|\.)google\.com$/i.test(new URL(url).hostname)) {
			throw invalidField(this.getNode(), itemIndex, 'Google Sheet URL', 'it is not a Google Sheets address (https://docs.google.com/spreadsheets/…)', url);
		}
		return { chatbotId, url, retrain: this.getNodeParameter('retrain', itemIndex, true) === true };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		// Only the sheet's fields: lists not sent are left as they are, so no other source is touched.
		await hotTaskRequest.call(this, {
			method: 'POST',
			path: EDIT_KNOWLEDGE,
			body: { serialNumber: plan.chatbotId, googleSheetUrl: plan.url, isRetrainGoogleSheet: plan.retrain },
			idempotent: false,
			...item,
		});
		return { chatbotId: plan.chatbotId, googleSheetUrl: plan.url, retrained: plan.retrain };
	},
};
