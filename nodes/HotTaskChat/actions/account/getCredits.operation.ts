import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requestSettings, type RequestSettings } from '../../../shared/parameters';
import { readNumber } from '../../../shared/records';
import type { Operation } from '../../../shared/router';
import { hotTaskRequest } from '../../../shared/hotTask/service';

const properties: INodeProperties[] = [
	optionsCollection(false),
];

interface Plan {
	settings: RequestSettings;
}

export const getCredits: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { settings: requestSettings(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, itemIndex: number): Promise<IDataObject> {
		const data = ((await hotTaskRequest.call(this, {
			method: 'GET',
			path: '/chat/Chatbot/GetMessageCreditsUsage',
			idempotent: true,
			itemIndex,
			...plan.settings,
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
