import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { readNumber } from '../../../shared/answerCollector';
import { optionsCollection } from '../../../shared/descriptions';
import { ServiceError } from '../../../shared/errors';
import { requestSettings, requiredText, type RequestSettings } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { hotTaskRequest } from '../../../shared/transport';
import { chatbotIdField } from '../fields';

const properties: INodeProperties[] = [
	chatbotIdField,
	optionsCollection(false),
];

interface Plan {
	chatbotId: string;
	settings: RequestSettings;
}

export const createSession: Operation<Plan> = {
	description: updateDisplayOptions({ show: { resource: ['session'], operation: ['create'] } }, properties),

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return {
			chatbotId: requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID'),
			settings: requestSettings(this, itemIndex),
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, itemIndex: number): Promise<IDataObject> {
		const sessionId = await createChatSession.call(this, plan.chatbotId, itemIndex, plan.settings);
		return { sessionId, chatbotId: plan.chatbotId };
	},
};

/** Also used by Ask when no session is given. Repeating it only makes an unused session, so it may be retried. */
export async function createChatSession(
	this: IExecuteFunctions,
	chatbotId: string,
	itemIndex: number,
	settings: RequestSettings,
): Promise<number> {
	const data = (await hotTaskRequest.call(this, {
		method: 'POST',
		path: '/chat/Chatbot/GetSession',
		body: { serialNumber: chatbotId },
		idempotent: true,
		itemIndex,
		...settings,
	})) as Record<string, unknown> | null;
	const sessionId = data ? readNumber(data, 'sessionid') : undefined;
	if (sessionId === undefined) {
		throw new ServiceError(
			this.getNode(),
			{ service: 'HotTask', message: 'The answer did not contain a SessionID', delivery: 'delivered', itemIndex },
			[],
		);
	}
	return sessionId;
}
