import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection, simplifyField } from '../../../shared/descriptions';
import { simpleCall } from '../../../shared/hamsa/simplify';
import { requiredText, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { callIdField } from '../fields';
import { lookUpCall } from '../lookUpCall';
import { readSimplify } from './start.operation';

const properties: INodeProperties[] = [
	callIdField,
	simplifyField,
	optionsCollection(false),
];

interface Plan {
	callId: string;
	simplify: boolean;
}

export const get: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { callId: requiredText(this, 'callId', itemIndex, 'Call ID'), simplify: readSimplify(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const call = await lookUpCall.call(this, plan.callId, item);
		return plan.simplify ? simpleCall(call) : call;
	},
};
