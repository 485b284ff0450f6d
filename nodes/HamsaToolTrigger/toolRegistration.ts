/**
 * The Hamsa Tool Trigger's writes to Hamsa: the function tool itself, and its
 * place in each agent's tools. Writes are sent once (never retried after they
 * may have reached Hamsa); reads are retried like every read.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { ServiceError } from '../shared/errors';
import { hamsaRequest } from '../shared/hamsa/service';

export interface ToolDefinition extends IDataObject {
	type: 'FUNCTION';
	name: string;
	description: string;
	async: boolean;
	toolSettings: { serverUrl: string; methodType: 'POST'; authToken: string; timeOut: number };
	messages: Array<{ type: 'REQUEST_START'; content: string }>;
	params: IDataObject;
}

async function send(this: IHookFunctions, method: IHttpRequestMethods, path: string, body?: IDataObject, secrets?: string[]): Promise<unknown> {
	try {
		return await hamsaRequest.call(this, { method, path, body, idempotent: method === 'GET', secrets });
	} catch (error) {
		// Hamsa answers some writes with a message and no data: any 2xx is a success.
		const status = error instanceof ServiceError ? (error.serviceFailure.httpStatus ?? 0) : 0;
		if (status >= 200 && status < 300) return undefined;
		throw asNodeError(this, error);
	}
}

/** n8n's errors (a Hamsa failure is already one) pass as they are; anything else is wrapped. */
function asNodeError(context: IHookFunctions, error: unknown): Error {
	if (error instanceof Error && 'node' in error) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}

function statusOf(error: unknown): number | undefined {
	return error instanceof ServiceError ? error.serviceFailure.httpStatus : undefined;
}

function asObject(value: unknown): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

/** The tool, or undefined when Hamsa has no tool with this id. */
export async function readTool(this: IHookFunctions, toolId: string): Promise<IDataObject | undefined> {
	try {
		return asObject(await send.call(this, 'GET', `/v1/voice-agents/web-tool/${encodeURIComponent(toolId)}`));
	} catch (error) {
		if (statusOf(error) === 404) return undefined;
		throw asNodeError(this, error);
	}
}

/**
 * Updates the tool when it still exists in Hamsa (PATCH, same body as
 * create; `isActive: true` again when it was left inactive), else creates it.
 * Returns its id.
 */
export async function saveTool(this: IHookFunctions, definition: ToolDefinition, toolId: string | undefined, reactivate: boolean): Promise<string> {
	const secrets = [definition.toolSettings.authToken];
	if (toolId !== undefined) {
		try {
			await send.call(this, 'PATCH', `/v1/voice-agents/web-tool/${encodeURIComponent(toolId)}`, { ...definition, ...(reactivate ? { isActive: true } : {}) }, secrets);
			return toolId;
		} catch (error) {
			if (statusOf(error) !== 404) throw asNodeError(this, error);
			// Deleted in Hamsa meanwhile: create it again.
		}
	}
	const created = asObject(await send.call(this, 'POST', '/v2/voice-agents/web-tool', definition, secrets));
	if (typeof created.id !== 'string' || created.id === '') {
		throw new NodeOperationError(this.getNode(), 'Hamsa created the tool but its answer gave no tool id');
	}
	return created.id;
}

/** The ids of the tools attached to an agent, from its v1 view (webToolsIds) or its v2 shape (tools[].toolId). */
function toolIdsOf(agent: IDataObject): string[] {
	if (Array.isArray(agent.webToolsIds)) return agent.webToolsIds.map(String);
	if (Array.isArray(agent.tools)) return agent.tools.map((tool) => String(asObject(tool).toolId ?? asObject(tool).id ?? tool));
	return [];
}

async function readAgentTools(this: IHookFunctions, agentId: string): Promise<string[]> {
	return toolIdsOf(asObject(await send.call(this, 'GET', `/v1/voice-agents/${encodeURIComponent(agentId)}`)));
}

/**
 * Adds the tool to the agent's tools, keeping the others. With checkOnly,
 * only tells whether it is attached (false also when the agent is gone).
 */
export async function attachTool(this: IHookFunctions, agentId: string, toolId: string, { checkOnly = false } = {}): Promise<boolean> {
	let ids: string[];
	try {
		ids = await readAgentTools.call(this, agentId);
	} catch (error) {
		if (checkOnly && statusOf(error) === 404) return false;
		throw asNodeError(this, error);
	}
	if (ids.includes(toolId)) return true;
	if (checkOnly) return false;
	await send.call(this, 'PATCH', `/v1/voice-agents/${encodeURIComponent(agentId)}`, { webToolsIds: [...ids, toolId] });
	return true;
}

/** Takes the tool out of the agent's tools, keeping the others; an agent that is gone has nothing to detach. */
export async function detachTool(this: IHookFunctions, agentId: string, toolId: string): Promise<void> {
	let ids: string[];
	try {
		ids = await readAgentTools.call(this, agentId);
	} catch (error) {
		if (statusOf(error) === 404) return;
		throw asNodeError(this, error);
	}
	if (!ids.includes(toolId)) return;
	await send.call(this, 'PATCH', `/v1/voice-agents/${encodeURIComponent(agentId)}`, { webToolsIds: ids.filter((id) => id !== toolId) });
}

/**
 * Deletes the tool (a DELETE Hamsa's public reference does not show).
 * 'deleted', 'gone' (it was not there), or 'kept': Hamsa has no delete (405,
 * 501, or a 404 while the tool can still be read), and the tool was set
 * inactive instead, as far as Hamsa allowed.
 */
export async function removeTool(this: IHookFunctions, toolId: string): Promise<'deleted' | 'gone' | 'kept'> {
	const path = `/v1/voice-agents/web-tool/${encodeURIComponent(toolId)}`;
	try {
		await send.call(this, 'DELETE', path);
		return 'deleted';
	} catch (error) {
		const status = statusOf(error);
		if (status !== 404 && status !== 405 && status !== 501) throw asNodeError(this, error);
		if (status === 404 && (await readTool.call(this, toolId)) === undefined) return 'gone';
	}
	try {
		await send.call(this, 'PATCH', `/v1/voice-agents/web-tool/${encodeURIComponent(toolId)}`, { isActive: false });
	} catch {
		// Detached already: an active tool no agent has is harmless.
	}
	return 'kept';
}
