import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { readKey } from '../../shared/records';
import { hotTaskRequest } from '../../shared/hotTask/service';
import { listOf } from '../actions/lists';

/** HotTask's AI models for the Model dropdown (ModelList: [{Key, Value, Status}]); models that are not available come last. */
export async function getModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const data = await hotTaskRequest.call(this, { method: 'GET', path: '/chat/Chatbot/ModelList', idempotent: true });
	const models = listOf(data)
		.map((model) => ({
			id: String(readKey(model, 'key') ?? ''),
			name: String(readKey(model, 'value') ?? readKey(model, 'key') ?? ''),
			available: readKey(model, 'status') !== false,
		}))
		.filter((model) => model.id !== '');
	return [...models.filter((m) => m.available), ...models.filter((m) => !m.available)].map((model) => ({
		name: model.available ? model.name : `${model.name} (not available)`,
		value: model.id,
		description: `Model ID ${model.id}`,
	}));
}
