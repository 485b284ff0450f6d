import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { filtersCollection, optionsCollection } from '../../../shared/descriptions';
import { optionalPositiveInteger, requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { hotTaskRequest } from '../../../shared/hotTask/service';
import { checkOrder, readDay } from '../dates';
import { listOf } from '../lists';

const properties: INodeProperties[] = [
	chatbotIdField,
	filtersCollection([
		{
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			description: 'Only leads captured on or after this day (UTC)',
		},
		{
			displayName: 'End Date',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			description: 'Only leads captured on or before this day (UTC)',
		},
		{
			displayName: 'Session ID',
			name: 'sessionId',
			type: 'string',
			default: '',
			description: 'Only leads captured in this chat session',
		},
	]),
	optionsCollection(false),
];

interface Plan {
	body: IDataObject;
}

export const getMany: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const body: IDataObject = { serialNumber: requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID') };
		const start = readDay(this, 'filters.startDate', itemIndex, 'Start Date', false);
		const end = readDay(this, 'filters.endDate', itemIndex, 'End Date', false);
		checkOrder(this, itemIndex, start, end);
		if (start) body.startTime = start;
		if (end) body.endTime = end;
		const sessionId = optionalPositiveInteger(this, 'filters.sessionId', itemIndex, 'Session ID');
		if (sessionId !== undefined) body.sessionID = sessionId;
		return { body };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject[]> {
		const data = await hotTaskRequest.call(this, {
			method: 'POST',
			path: '/chat/Chatbot/LeadList',
			body: plan.body,
			idempotent: true,
			...item,
		});
		return listOf(data);
	},
};
