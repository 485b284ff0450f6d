import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField, missingField } from '../../../shared/errors';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { chatbotIdField } from '../../../shared/hotTask/fields';
import { hotTaskRequest } from '../../../shared/hotTask/service';
import { checkTimeZone } from './timeZone';

/** Each field of Update Fields, with the key HotTask's Edit takes (capitalised, as its guide writes them). */
const FIELD_KEYS: Record<string, { key: string; label: string }> = {
	name: { key: 'Name', label: 'Name' },
	model: { key: 'Model', label: 'Model' },
	systemPrompt: { key: 'SystemMessage', label: 'System Prompt' },
	temperature: { key: 'Temperature', label: 'Temperature' },
	answerSuffix: { key: 'AnswerSuffix', label: 'Answer Suffix' },
	timeZone: { key: 'TimeZone', label: 'Time Zone' },
};

const properties: INodeProperties[] = [
	chatbotIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'The settings to change; settings not added here are left as they are',
		options: [
			{
				displayName: 'Answer Suffix',
				name: 'answerSuffix',
				type: 'string',
				default: '',
				placeholder: 'e.g. Need more help? Call us on +1 415 555 0100.',
				description: 'Text HotTask adds after every answer',
			},
			{
				displayName: 'Model Name or ID',
				name: 'model',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getModels' },
				default: '',
				description: 'The AI model that writes the chatbot\'s answers. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'The chatbot\'s name in HotTask',
			},
			{
				displayName: 'System Prompt',
				name: 'systemPrompt',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				placeholder: 'e.g. You are the friendly assistant of a bakery. Answer briefly.',
				description: 'The instructions the model follows in every conversation',
			},
			{
				displayName: 'Temperature',
				name: 'temperature',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
				default: 0.7,
				description: 'How varied the answers are: lower is more focused and repeatable, higher more creative (0 to 2)',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: 'UTC',
				placeholder: 'e.g. Europe/Berlin',
				description: 'The chatbot\'s IANA time zone, e.g. Europe/Berlin or Asia/Dubai',
			},
		],
	},
	optionsCollection(true),
];

interface Plan {
	chatbotId: string;
	body: IDataObject;
	updated: IDataObject;
}

export const update: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const node = this.getNode();
		const chatbotId = requiredText(this, 'chatbotId', itemIndex, 'Chatbot ID');
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = { serialNumber: chatbotId };
		const updated: IDataObject = {};
		for (const [name, value] of Object.entries(fields)) {
			const field = FIELD_KEYS[name];
			if (!field || value === undefined || value === null) continue;
			let sent: string | number;
			if (name === 'temperature') {
				sent = Number(value);
				if (String(value).trim() === '' || !Number.isFinite(sent) || sent < 0 || sent > 2) {
					throw invalidField(node, itemIndex, field.label, 'it must be a number from 0 to 2', value);
				}
			} else {
				sent = String(value).trim();
				// Only the System Prompt and the Answer Suffix may be cleared.
				if (sent === '' && name !== 'systemPrompt' && name !== 'answerSuffix') {
					throw missingField(node, itemIndex, field.label, 'Remove it from Update Fields to leave it as it is.');
				}
				if (name === 'timeZone') checkTimeZone(this, itemIndex, field.label, sent);
			}
			body[field.key] = sent;
			updated[name] = sent;
		}
		if (Object.keys(updated).length === 0) {
			throw missingField(node, itemIndex, 'Update Fields', 'Add at least one setting to change.');
		}
		return { chatbotId, body, updated };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		await hotTaskRequest.call(this, {
			method: 'POST',
			path: '/chat/Chatbot/Edit',
			body: plan.body,
			// A write to a live chatbot: not repeated after a possible delivery.
			idempotent: false,
			...item,
		});
		return { chatbotId: plan.chatbotId, updated: plan.updated };
	},
};
