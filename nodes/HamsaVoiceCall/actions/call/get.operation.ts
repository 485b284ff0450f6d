import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection, simplifyField } from '../../../shared/descriptions';
import { downloadRecordingOptions, readRecordingOption, withRecording } from '../../../shared/hamsa/recording';
import { simpleCall } from '../../../shared/hamsa/simplify';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import { ItemWithBinary, type Operation } from '../../../shared/router';
import { callIdField } from '../fields';
import { lookUpCall } from '../lookUpCall';
import { readSimplify } from './start.operation';

const properties: INodeProperties[] = [
	callIdField,
	simplifyField,
	optionsCollection(false, downloadRecordingOptions),
];

interface Plan {
	callId: string;
	simplify: boolean;
	/** The binary property for the recording, with Download Recording on. */
	recordingProperty?: string;
}

export const get: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return {
			callId: requiredText(this, 'callId', itemIndex, 'Call ID'),
			simplify: readSimplify(this, itemIndex),
			recordingProperty: readRecordingOption(this, itemIndex),
		};
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject | ItemWithBinary> {
		const call = await lookUpCall.call(this, plan.callId, item);
		const output = plan.simplify ? simpleCall(call) : call;
		if (plan.recordingProperty === undefined) return output;
		const { json, binary } = await withRecording.call(this, call, output, plan.recordingProperty, { ...item, callReadFromApi: true });
		return binary ? new ItemWithBinary(json, binary) : json;
	},
};
