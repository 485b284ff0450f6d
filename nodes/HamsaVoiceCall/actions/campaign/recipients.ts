/**
 * A campaign's recipients, one per input item: the phone number (checked as
 * every number the nodes send is), the name, and the item's fields as the
 * recipient's dynamic variables. Each error names the item and the field.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { normalisePhoneNumber } from '../../../shared/phone';

export const recipientFields: INodeProperties[] = [
	{
		displayName: 'Every input item becomes one recipient of the campaign: one request creates the campaign with all of them',
		name: 'recipientsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Recipient Phone Number',
		name: 'recipientPhoneNumber',
		type: 'string',
		default: '={{ $json.phoneNumber }}',
		required: true,
		placeholder: 'e.g. {{ $json.phone }}',
		description: 'The number to call for each item, in international format. Spaces, dashes, dots and brackets are removed and a leading 00 is read as +.',
	},
	{
		displayName: 'Recipient Name',
		name: 'recipientName',
		type: 'string',
		default: '={{ $json.name }}',
		description: 'The name of the person called for each item; leave empty to send none',
	},
	{
		displayName: 'Dynamic Variables',
		name: 'dynamicVariables',
		type: 'options',
		default: 'allFields',
		description: 'Which fields of each item are sent as the recipient\'s dynamic variables, for the agent\'s script',
		options: [
			{ name: 'All Fields Except', value: 'allFields', description: 'Every field of the item except those listed' },
			{ name: 'Selected Fields', value: 'selected', description: 'Only the fields listed' },
			{ name: 'None', value: 'none' },
		],
	},
	{
		displayName: 'Fields to Leave Out',
		name: 'excludeFields',
		type: 'string',
		default: 'phoneNumber, name',
		description: 'Names of item fields not to send as variables, separated by commas',
		displayOptions: { show: { dynamicVariables: ['allFields'] } },
	},
	{
		displayName: 'Fields to Send',
		name: 'includeFields',
		type: 'string',
		default: '',
		placeholder: 'e.g. appointment, city',
		description: 'Names of item fields to send as variables, separated by commas',
		displayOptions: { show: { dynamicVariables: ['selected'] } },
	},
];

/** Keys of a recipient that are Hamsa's own, so never taken from an item's fields. */
const RESERVED = ['phoneNumber', 'name', 'ignoreE164Validation'];

function fieldList(text: unknown): string[] {
	return String(text ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
}

/** A variable's value as Hamsa can take it: text, numbers and booleans as they are, lists and objects as JSON. */
function variableValue(value: unknown): string | number | boolean | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
	return JSON.stringify(value);
}

function recipientError(context: IExecuteFunctions, itemIndex: number, message: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `${message} [item ${itemIndex}]`, {
		itemIndex,
		description: `Fix the "Recipient Phone Number" of item ${itemIndex} (each input item is one recipient). No campaign was created.`,
	});
}

/** Reads and checks one item's recipient; throws an error naming the item and the field. */
export function readRecipient(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = context.getNodeParameter('recipientPhoneNumber', itemIndex, '') as unknown;
	const text = raw === undefined || raw === null ? '' : String(raw);
	if (text.trim() === '') {
		throw recipientError(context, itemIndex, 'Recipient Phone Number is empty');
	}
	const check = normalisePhoneNumber(text);
	if (!check.valid) {
		throw recipientError(context, itemIndex, `Invalid Recipient Phone Number ${JSON.stringify(text)}: ${check.reason}`);
	}
	const recipient: IDataObject = { phoneNumber: check.e164 };
	const name = String(context.getNodeParameter('recipientName', itemIndex, '') ?? '').trim();
	if (name) recipient.name = name;

	const mode = context.getNodeParameter('dynamicVariables', itemIndex, 'allFields') as string;
	if (mode === 'none') return recipient;
	const json = context.getInputData()[itemIndex]?.json ?? {};
	const names =
		mode === 'selected'
			? fieldList(context.getNodeParameter('includeFields', itemIndex, ''))
			: (() => {
					const excluded = fieldList(context.getNodeParameter('excludeFields', itemIndex, 'phoneNumber, name'));
					return Object.keys(json).filter((key) => !excluded.includes(key));
				})();
	for (const key of names) {
		if (RESERVED.includes(key)) continue;
		const value = variableValue(json[key]);
		if (value !== undefined) recipient[key] = value;
	}
	return recipient;
}
