import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import { readNumber } from '../../../shared/records';
import type { Operation } from '../../../shared/router';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { hotTaskError, hotTaskRequest } from '../../../shared/hotTask/service';

const properties: INodeProperties[] = [
	chatbotIdField,
	optionsCollection(false),
];

interface Plan {
	chatbotId: string;
}

export const create: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return {
			chatbotId: requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID'),
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const sessionId = await requestSessionId.call(this, plan.chatbotId, item);
		return { sessionId, chatbotId: plan.chatbotId };
	},
};

/** Also used by Ask when no session is given. Repeating it only makes an unused session, so it may be retried. */
export async function requestSessionId(
	this: IExecuteFunctions,
	chatbotId: string,
	item: ItemRequest,
): Promise<number> {
	const data = (await hotTaskRequest.call(this, {
		method: 'POST',
		path: '/chat/Chatbot/GetSession',
		body: { serialNumber: chatbotId },
		idempotent: true,
		...item,
	})) as Record<string, unknown> | null;
	const sessionId = data ? readNumber(data, 'sessionid') : undefined;
	if (sessionId === undefined) {
		throw await hotTaskError.call(this, { message: 'The answer did not contain a SessionID', delivery: 'delivered', itemIndex: item.itemIndex });
	}
	return sessionId;
}
