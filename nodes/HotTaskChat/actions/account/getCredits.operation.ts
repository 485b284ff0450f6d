import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { readNumber } from '../../../shared/answerCollector';
import { optionsCollection } from '../../../shared/descriptions';
import { requestSettings, type RequestSettings } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { hotTaskRequest } from '../../../shared/transport';

const properties: INodeProperties[] = [
	optionsCollection(false),
];

interface Plan {
	settings: RequestSettings;
}

export const getMessageCredits: Operation<Plan> = {
	description: updateDisplayOptions({ show: { resource: ['account'], operation: ['getCredits'] } }, properties),

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
