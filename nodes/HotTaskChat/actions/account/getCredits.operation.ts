import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import type { ItemRequest } from '../../../shared/parameters';
import { readNumber } from '../../../shared/records';
import type { Operation } from '../../../shared/router';
import { hotTaskRequest } from '../../../shared/hotTask/service';

const properties: INodeProperties[] = [
	optionsCollection(false),
];

export const getCredits: Operation<null> = {
	description: properties,

	async prepare() {
		return null;
	},

	async run(this: IExecuteFunctions, _plan: null, item: ItemRequest): Promise<IDataObject> {
		const data = ((await hotTaskRequest.call(this, {
			method: 'GET',
			path: '/chat/Chatbot/GetMessageCreditsUsage',
			idempotent: true,
			...item,
		})) ?? {}) as Record<string, unknown>;
		const total = readNumber(data, 'total');
		const remaining = readNumber(data, 'remain');
		// HotTask reports -1 for plans without a limit.
		return {
			total,
			used: readNumber(data, 'used'),
			remaining,
			unlimited: total === -1 || remaining === -1,
		};
	},
};
