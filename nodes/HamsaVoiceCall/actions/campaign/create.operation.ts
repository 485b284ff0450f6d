import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { invalidField } from '../../../shared/errors';
import { hamsaRequest } from '../../../shared/hamsa/service';
import { itemRequest, requiredPhone, requiredId, requiredText } from '../../../shared/parameters';
import { errorItem, withItemIndex, type WholeInputOperation } from '../../../shared/router';
import { callerNumberField, voiceAgentField } from '../fields';
import { readRecipient, recipientFields } from './recipients';

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const properties: INodeProperties[] = [
	{
		displayName: 'Campaign Name',
		name: 'campaignName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. December appointment reminders',
		description: 'The name the campaign is listed under in Hamsa',
	},
	{ ...voiceAgentField(true), description: 'The Hamsa voice agent that makes the campaign\'s calls' },
	callerNumberField,
	...recipientFields,
	{
		displayName: 'Send',
		name: 'sendType',
		type: 'options',
		default: 'NOW',
		description: 'When Hamsa starts calling. Hamsa picks up a campaign sent now within about a minute.',
		options: [
			{ name: 'Now', value: 'NOW' },
			{ name: 'Scheduled', value: 'SCHEDULED' },
		],
	},
	{
		displayName: 'Scheduled Date',
		name: 'scheduledDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'When the campaign starts, in the time zone below',
		displayOptions: { show: { sendType: ['SCHEDULED'] } },
	},
	{
		displayName: 'Time Zone',
		name: 'scheduledTimezone',
		type: 'string',
		default: 'UTC',
		required: true,
		placeholder: 'e.g. Asia/Dubai',
		description: 'The IANA time zone of the Scheduled Date, e.g. Europe/Berlin or Asia/Riyadh',
		displayOptions: { show: { sendType: ['SCHEDULED'] } },
	},
	optionsCollection(
		true,
		[
			{
				displayName: 'Calling Hours',
				name: 'callingHours',
				type: 'fixedCollection',
				placeholder: 'Add Calling Hours',
				default: {},
				description: 'The days and hours Hamsa may call recipients',
				options: [
					{
						displayName: 'Hours',
						name: 'hours',
						values: [
							{
								displayName: 'Days',
								name: 'days',
								type: 'multiOptions',
								default: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
								description: 'The days of the week Hamsa may call on',
								options: DAYS.map((day) => ({ name: day[0] + day.slice(1).toLowerCase(), value: day })),
							},
							{ displayName: 'Start Time', name: 'startTime', type: 'string', default: '09:00', placeholder: 'HH:mm', description: 'First time of day to call, 24-hour HH:mm' },
							{ displayName: 'End Time', name: 'endTime', type: 'string', default: '17:00', placeholder: 'HH:mm', description: 'Last time of day to call, 24-hour HH:mm' },
						],
					},
				],
			},
			{
				displayName: 'Reserved Concurrency',
				name: 'reservedConcurrency',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'How many of the campaign\'s calls Hamsa may run at the same time',
			},
		],
		false,
	),
];

/** The campaign's own fields (everything but the recipients), read once from the first item. */
function readCampaign(context: IExecuteFunctions): IDataObject {
	const node = context.getNode();
	const body: IDataObject = {
		name: requiredText(context, 'campaignName', 0, 'Campaign Name'),
		phoneNumber: requiredPhone(context, 'fromPhoneNumber', 0, 'From Phone Number'),
		voiceAgentId: requiredId(context, 'voiceAgentId', 0, 'Voice Agent'),
		sendType: context.getNodeParameter('sendType', 0, 'NOW') as string,
	};
	if (body.sendType === 'SCHEDULED') {
		const date = requiredText(context, 'scheduledDate', 0, 'Scheduled Date');
		if (Number.isNaN(Date.parse(date))) throw invalidField(node, 0, 'Scheduled Date', 'it is not a date and time', date);
		const timezone = requiredText(context, 'scheduledTimezone', 0, 'Time Zone');
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: timezone });
		} catch {
			throw invalidField(node, 0, 'Time Zone', 'it is not an IANA time zone such as Europe/Berlin or UTC', timezone);
		}
		body.scheduledDate = date;
		body.scheduledTimezone = timezone;
	}
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const hours = (options.callingHours as IDataObject | undefined)?.hours as IDataObject | undefined;
	if (hours) {
		const days = (Array.isArray(hours.days) ? hours.days : []) as string[];
		if (days.length === 0) throw invalidField(node, 0, 'Calling Hours', 'choose at least one day');
		const start = String(hours.startTime ?? '').trim();
		const end = String(hours.endTime ?? '').trim();
		for (const [label, value] of [['Start Time', start], ['End Time', end]]) {
			if (!HH_MM.test(value)) throw invalidField(node, 0, `Calling Hours ${label}`, 'it must be a 24-hour time like 09:00', value);
		}
		if (start >= end) throw invalidField(node, 0, 'Calling Hours End Time', 'it must be after the Start Time', end);
		body.timeRange = { days, startCallingTime: start, endCallingTime: end };
	}
	const concurrency = options.reservedConcurrency;
	if (concurrency !== undefined && concurrency !== null && concurrency !== '') {
		if (!Number.isInteger(Number(concurrency)) || Number(concurrency) < 1) {
			throw invalidField(node, 0, 'Reserved Concurrency', 'it must be a whole number of 1 or more', concurrency);
		}
		body.reservedConcurrency = Number(concurrency);
	}
	return body;
}

export const create: WholeInputOperation = {
	description: properties,

	async executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
		const items = this.getInputData();
		const continueOnFail = this.continueOnFail();
		const campaign = readCampaign(this);
		// Every recipient is checked before anything is sent.
		const recipients: IDataObject[] = [];
		const used: number[] = [];
		const failed: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				recipients.push(readRecipient(this, itemIndex));
				used.push(itemIndex);
			} catch (error) {
				if (!continueOnFail) throw withItemIndex(this, error, itemIndex);
				failed.push(errorItem(error, itemIndex));
			}
		}
		if (recipients.length === 0) return failed;

		const pairedItem = used.map((item) => ({ item }));
		try {
			const created = ((await hamsaRequest.call(this, {
				method: 'POST',
				path: '/v1/voice-agents/campaigns',
				body: { ...campaign, recipients },
				// One campaign calls every recipient: never sent twice.
				idempotent: false,
				...itemRequest(this, 0),
			})) ?? {}) as IDataObject;
			const json: IDataObject = { campaignId: created.id as string, recipientCount: recipients.length, ...created };
			return [...failed, { json, pairedItem }].sort(byFirstItem);
		} catch (error) {
			if (!continueOnFail) throw withItemIndex(this, error, used[0]);
			return [...failed, { ...errorItem(error, used[0]), pairedItem }].sort(byFirstItem);
		}
	},
};

/** Output in input order: error items and the campaign by the first item each stands for. */
function byFirstItem(a: INodeExecutionData, b: INodeExecutionData): number {
	const first = (entry: INodeExecutionData) => {
		const paired = entry.pairedItem;
		const list = Array.isArray(paired) ? paired : [paired];
		return typeof list[0] === 'object' && list[0] !== null ? list[0].item : Number(list[0] ?? 0);
	};
	return first(a) - first(b);
}
