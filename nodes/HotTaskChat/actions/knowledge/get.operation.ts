import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { sourceItems } from '../../../shared/hotTask/knowledge';
import { readChatbotSources } from './write';

const properties: INodeProperties[] = [
	chatbotIdField,
	optionsCollection(false, [
		{
			displayName: 'Include Raw Response',
			name: 'includeRawResponse',
			type: 'boolean',
			default: false,
			description: 'Whether to output one more item with HotTask\'s unprocessed answer under "raw" (type "raw")',
		},
	]),
];

interface Plan {
	chatbotId: string;
	includeRaw: boolean;
}

export const get: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		return { chatbotId: requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID'), includeRaw: options.includeRawResponse === true };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject[]> {
		const { sources, data } = await readChatbotSources.call(this, plan.chatbotId, item);
		const items: IDataObject[] = sourceItems(sources).map((source) => ({ chatbotId: plan.chatbotId, ...source }));
		if (plan.includeRaw) items.push({ chatbotId: plan.chatbotId, type: 'raw', raw: data as IDataObject });
		return items;
	},
};
