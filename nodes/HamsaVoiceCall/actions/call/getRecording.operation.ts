import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { hamsaError } from '../../../shared/hamsa/service';
import { DEFAULT_RECORDING_PROPERTY, downloadRecording } from '../../../shared/hamsa/recording';
import { optionalText, requiredText, type ItemRequest } from '../../../shared/parameters';
import { ItemWithBinary, type Operation } from '../../../shared/router';
import { callIdField } from '../fields';
import { lookUpCall } from '../lookUpCall';

const properties: INodeProperties[] = [
	callIdField,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: DEFAULT_RECORDING_PROPERTY,
		required: true,
		hint: 'The name of the output binary field to put the recording in',
	},
	optionsCollection(false),
];

interface Plan {
	callId: string;
	binaryPropertyName: string;
}

/**
 * The call's recording (its mediaUrl) as a file: Get call, then the recording
 * streamed into n8n's binary data. No recording, or one that is missing or
 * expired, is an error naming the call.
 */
export const getRecording: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		const callId = requiredText(this, 'callId', itemIndex, 'Call ID');
		const binaryPropertyName = optionalText(this, 'binaryPropertyName', itemIndex) || DEFAULT_RECORDING_PROPERTY;
		return { callId, binaryPropertyName };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest) {
		const call = await lookUpCall.call(this, plan.callId, item);
		const url = typeof call.recordingUrl === 'string' ? call.recordingUrl.trim() : '';
		if (url === '') {
			throw await hamsaError.call(this, {
				message: `Call ${plan.callId} has no recording`,
				delivery: 'refused',
				itemIndex: item.itemIndex,
				repeatable: true,
				hint: `Its status is ${String(call.status)}; Hamsa adds the recording once an answered call has ended.`,
			});
		}
		const { binary, keySent } = await downloadRecording.call(this, { ...item, url, callId: plan.callId });
		return new ItemWithBinary(
			{
				callId: plan.callId,
				status: call.status,
				callDuration: call.callDuration,
				recordingUrl: url,
				fileName: binary.fileName,
				mimeType: binary.mimeType,
				recordingKeySent: keySent,
			},
			{ [plan.binaryPropertyName]: binary },
		);
	},
};
