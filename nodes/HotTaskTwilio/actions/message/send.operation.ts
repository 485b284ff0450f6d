import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requiredPhone, requiredText, type ItemRequest } from '../../../shared/parameters';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { readTwilioStatus } from '../../../shared/hotTask/envelope';
import { hotTaskError, hotTaskRequest } from '../../../shared/hotTask/service';
import type { Operation } from '../../../shared/router';
import { countSmsSegments, shortenToFit, TWILIO_MAX_CHARACTERS, type SmsCount } from '../../../shared/smsSegments';

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
		description: 'The text of the SMS. Twilio refuses more than 1,600 characters; the output tells how many segments (billed SMS) it took and in which encoding.',
	},
	optionsCollection(true, [
		{
			displayName: 'Shorten to Fit',
			name: 'shortenToFit',
			type: 'boolean',
			default: false,
			description: 'Whether to cut a message over 1,600 characters (at a word boundary, ending with "...") instead of failing the item. Useful for AI answers of unknown length.',
		},
	]),
];

interface Plan {
	body: IDataObject;
	count: SmsCount;
	shortenedFrom?: number;
}

export const send: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const chatbotId = requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID');
		const to = requiredPhone(this, 'to', itemIndex, 'To');
		const written = requiredText(this, 'message', itemIndex, 'Message');
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const message = options.shortenToFit === true ? shortenToFit(written) : written;
		const count = countSmsSegments(message);
		if (count.characters > TWILIO_MAX_CHARACTERS) {
			throw new NodeOperationError(
				this.getNode(),
				`The message of item ${itemIndex} is ${count.characters} characters; Twilio refuses more than ${TWILIO_MAX_CHARACTERS} (its error 21617) [item ${itemIndex}]`,
				{
					itemIndex,
					description: `Shorten the "Message" of item ${itemIndex}, or turn on Options → Shorten to Fit. It would take ${count.segments} segments in ${count.encoding}. No request was sent.`,
				},
			);
		}
		// HotTask reads these keys only capitalised (lower-case ones count as missing).
		return {
			body: { SerialNumber: chatbotId, ToPhoneNumber: to, Message: message },
			count,
			shortenedFrom: message === written ? undefined : written.length,
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
			segments: plan.count.segments,
			encoding: plan.count.encoding,
			characters: plan.count.characters,
			...(plan.shortenedFrom === undefined ? {} : { shortened: true, originalCharacters: plan.shortenedFrom }),
		};
	},
};
