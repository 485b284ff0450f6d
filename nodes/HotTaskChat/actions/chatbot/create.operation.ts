import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import { asRecord, readKey, textOf } from '../../../shared/records';
import type { Operation } from '../../../shared/router';
import { hotTaskError, hotTaskRequest } from '../../../shared/hotTask/service';
import { checkTimeZone } from './timeZone';

const properties: INodeProperties[] = [
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: 'UTC',
		required: true,
		placeholder: 'e.g. Europe/Berlin',
		description: 'The chatbot\'s IANA time zone, e.g. Europe/Berlin or Asia/Dubai',
	},
	optionsCollection(true),
];

interface Plan {
	timeZone: string;
}

/** Where the new chatbot's ID may be in Add's answer: HotTask says only that its id is the serial number. */
const ID_KEYS = ['serialnumber', 'chatbotid', 'chatbotserialnumber', 'serialno', 'id'];

function chatbotIdOf(data: unknown): string | undefined {
	const direct = textOf(data);
	if (direct) return direct;
	const record = asRecord(data);
	if (!record) return undefined;
	for (const key of ID_KEYS) {
		const value = readKey(record, key);
		const id = typeof value === 'number' ? String(value) : textOf(value);
		if (id) return id;
	}
	const nested = asRecord(readKey(record, 'chatbot'));
	return nested ? chatbotIdOf(nested) : undefined;
}

export const create: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { timeZone: checkTimeZone(this, itemIndex, 'Time Zone', requiredText(this, 'timeZone', itemIndex, 'Time Zone')) };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const data = await hotTaskRequest.call(this, {
			method: 'POST',
			path: '/chat/Chatbot/Add',
			// type 0: a generic chatbot, the one type HotTask's guide names.
			body: { timeZone: plan.timeZone, type: 0 },
			// Each request makes a chatbot: never sent twice.
			idempotent: false,
			...item,
		});
		const chatbotId = chatbotIdOf(data);
		if (!chatbotId) {
			throw await hotTaskError.call(this, {
				message: 'HotTask created a chatbot but its answer did not show the new Chatbot ID',
				delivery: 'delivered',
				itemIndex: item.itemIndex,
				hint: `Find the new chatbot in HotTask before running this again, or a second one is made. HotTask answered: ${JSON.stringify(data ?? null).slice(0, 300)}`,
			});
		}
		const record = asRecord(data);
		return { chatbotId, timeZone: plan.timeZone, ...(record ? { chatbot: record as IDataObject } : {}) };
	},
};
