import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import type { ItemRequest } from '../../../shared/parameters';
import { readKey } from '../../../shared/records';
import type { Operation } from '../../../shared/router';
import { hotTaskRequest } from '../../../shared/hotTask/service';
import { listOf } from '../lists';

const properties: INodeProperties[] = [
	optionsCollection(false),
];

export const getModels: Operation<null> = {
	description: properties,

	async prepare() {
		return null;
	},

	async run(this: IExecuteFunctions, _plan: null, item: ItemRequest): Promise<IDataObject[]> {
		const data = await hotTaskRequest.call(this, {
			method: 'GET',
			path: '/chat/Chatbot/ModelList',
			idempotent: true,
			...item,
		});
		return listOf(data).map((model) => ({
			id: readKey(model, 'key') as string,
			name: readKey(model, 'value') as string,
			available: readKey(model, 'status') === true,
		}));
	},
};
