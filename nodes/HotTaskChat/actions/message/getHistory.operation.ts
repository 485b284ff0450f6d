import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { hotTaskRequest } from '../../../shared/hotTask/service';
import { checkOrder, readDay } from '../dates';
import { dateRangeFields } from '../fields';
import { listOf } from '../lists';

const properties: INodeProperties[] = [
	chatbotIdField,
	...dateRangeFields,
	optionsCollection(false),
];

interface Plan {
	body: IDataObject;
}

export const getHistory: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const chatbotId = requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID');
		const start = readDay(this, 'startDate', itemIndex, 'Start Date', true);
		const end = readDay(this, 'endDate', itemIndex, 'End Date', true);
		checkOrder(this, itemIndex, start, end);
		return {
			body: { SerialNumber: chatbotId, StartTime: start, EndTime: end },
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject[]> {
		const data = await hotTaskRequest.call(this, {
			method: 'POST',
			path: '/chat/Chatbot/ChatContentHistory',
			body: plan.body,
			idempotent: true,
			...item,
		});
		return listOf(data);
	},
};
