import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { optionsCollection, simplifyField } from '../../../shared/descriptions';
import { simpleTool, visibleTool } from '../../../shared/hamsa/agentViews';
import { requiredId, type ItemRequest } from '../../../shared/parameters';
import type { Operation } from '../../../shared/router';
import { hamsaRead } from '../agentRequests';
import { readSimplify } from '../call/start.operation';
import { toolField, toolPath } from './toolField';

const properties: INodeProperties[] = [toolField, simplifyField, optionsCollection(false)];

interface Plan {
	toolId: string;
	simplify: boolean;
}

/** One web tool (GET /v1/voice-agents/web-tool/{id}); its auth token is never output. */
export const get: Operation<Plan> = {
	description: properties,

	async prepare(this: IExecuteFunctions, itemIndex: number) {
		return { toolId: requiredId(this, 'toolId', itemIndex, 'Tool'), simplify: readSimplify(this, itemIndex) };
	},

	async run(this: IExecuteFunctions, plan: Plan, item: ItemRequest): Promise<IDataObject> {
		const tool = await hamsaRead.call(this, toolPath(plan.toolId), item);
		return plan.simplify ? simpleTool(tool) : visibleTool(tool);
	},
};
