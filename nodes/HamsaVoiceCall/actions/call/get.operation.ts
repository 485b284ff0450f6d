import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { callIdField } from '../fields';
import { lookUpCall } from '../lookUpCall';

const properties: INodeProperties[] = [
	callIdField,
	optionsCollection(false),
];

interface Plan {
	callId: string;
}

export const get: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { callId: requiredText(this, 'callId', itemIndex, 'Call ID') };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		return await lookUpCall.call(this, plan.callId, item);
	},
};
