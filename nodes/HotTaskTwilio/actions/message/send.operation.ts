import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requiredPhone, requiredText, type ItemRequest } from '../../../shared/parameters';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { readTwilioStatus } from '../../../shared/hotTask/envelope';
import { hotTaskError, hotTaskRequest } from '../../../shared/hotTask/service';
import type { Operation } from '../../../shared/router';

const properties: INodeProperties[] = [
	{
		...chatbotIdField,
		description: 'The chatbot whose Twilio line sends the SMS (HotTask → the chatbot\'s Settings → General → Chatbot ID). Its Twilio integration must be connected in HotTask.',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550100',
		description: 'The phone number to send to, in international format. Spaces, dashes, dots and brackets are removed and a leading 00 is read as +.',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The text of the SMS',
	},
	optionsCollection(true),
];

interface Plan {
	body: IDataObject;
}

export const send: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const chatbotId = requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID');
		const to = requiredPhone(this, 'to', itemIndex, 'To');
		const message = requiredText(this, 'message', itemIndex, 'Message');
		// HotTask reads these keys only capitalised (lower-case ones count as missing).
		return {
			body: { SerialNumber: chatbotId, ToPhoneNumber: to, Message: message },
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const data = await hotTaskRequest.call(this, {
			method: 'POST',
			path: '/chat/Chatbot/SendTwilioMessage',
			body: plan.body,
			idempotent: false,
			...item,
		});
		const outcome = readTwilioStatus(data);
		if (!outcome.sent) {
			throw await hotTaskError.call(this, {
				message: `The SMS was not sent: ${outcome.message || 'Twilio reported Status "False"'}`,
				delivery: 'refused',
				itemIndex: item.itemIndex,
				hint: 'Check the chatbot\'s Twilio integration in HotTask and the number.',
			});
		}
		return {
			sent: true,
			message: outcome.message,
			sessionId: outcome.sessionId,
			to: plan.body.ToPhoneNumber,
			chatbotId: plan.body.SerialNumber,
		};
	},
};
