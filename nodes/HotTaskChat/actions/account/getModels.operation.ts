import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requestSettings, type RequestSettings } from '../../../shared/parameters';
import { readKey } from '../../../shared/records';
import type { Operation } from '../../../shared/router';
import { hotTaskRequest } from '../../../shared/hotTask/service';
import { listOf } from '../lists';

const properties: INodeProperties[] = [
	optionsCollection(false),
];

interface Plan {
	settings: RequestSettings;
}

export const getModels: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { settings: requestSettings(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, itemIndex: number): Promise<IDataObject[]> {
		const data = await hotTaskRequest.call(this, {
			method: 'GET',
			path: '/chat/Chatbot/ModelList',
			idempotent: true,
			itemIndex,
			...plan.settings,
		});
		return listOf(data).map((model) => ({
			id: readKey(model, 'key') as string,
			name: readKey(model, 'value') as string,
			available: readKey(model, 'status') === true,
		}));
	},
};
