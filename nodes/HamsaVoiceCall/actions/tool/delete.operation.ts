import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection } from '../../../shared/descriptions';
import { requiredId, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { deleteUnconfirmed } from '../agentRequests';
import { toolField, toolPath } from './toolField';

const properties: INodeProperties[] = [
	{
		...toolField,
		description: 'The tool to delete. Hamsa\'s API reference shows no delete: when Hamsa has none, the node fails and the tool stays.',
	},
	optionsCollection(true),
];

interface Plan {
	toolId: string;
}

/** DELETE /v1/voice-agents/web-tool/{id}, which Hamsa does not document (see deleteUnconfirmed). */
export const deleteTool: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { toolId: requiredId(this, 'toolId', itemIndex, 'Tool') };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const path = toolPath(plan.toolId);
		const { message } = await deleteUnconfirmed.call(this, { what: 'tool', path, readPath: path, id: plan.toolId }, item);
		return { toolId: plan.toolId, deleted: true, ...(message ? { message } : {}) };
	},
};
