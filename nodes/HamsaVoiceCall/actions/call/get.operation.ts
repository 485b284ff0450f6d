import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requestSettings, requiredText, type RequestSettings } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { callIdField } from '../fields';
import { lookUpCall } from '../lookUpCall';

const properties: INodeProperties[] = [
	callIdField,
	optionsCollection(false),
];

interface Plan {
	callId: string;
	settings: RequestSettings;
}

export const get: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { callId: requiredText(this, 'callId', itemIndex, 'Call ID'), settings: requestSettings(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, itemIndex: number): Promise<IDataObject> {
		return await lookUpCall.call(this, plan.callId, { itemIndex, ...plan.settings });
	},
};
