/**
 * What Voice Agent and Tool operations output of Hamsa's agents and web
 * tools. Agents come in two shapes (v2 nests `conversation`, `voice`,
 * `callSettings`; v1 is flat with `agentName`, `lang`, …), so each reader
 * looks at both. Secrets never leave: an agent's `webhookAuth` (its
 * `authSecret`), a tool's `authToken` and an LLM `apiKey` are removed at
 * every depth (and Authorization / X-Api-Key headers of a tool), with or
 * without Simplify; `hasWebhookAuth` says whether the
 * agent has one. (The item loop removes the same keys from every output,
 * redact.ts; removing them here too keeps these views safe wherever they
 * are used.) Plain values in, plain values out.
 */
import type { IDataObject } from 'n8n-workflow';
import { isSecretKey } from '../redact';

/** Besides the keys every output loses (redact.ts): a tool's own HTTP headers may carry its credentials. */
const SECRET_HEADERS = new Set(['authorization', 'x-api-key']);

function isSecret(key: string): boolean {
	return isSecretKey(key) || SECRET_HEADERS.has(key.toLowerCase());
}

function recordOf(value: unknown): IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function firstPresent(...values: unknown[]): unknown {
	return values.find((value) => value !== undefined && value !== null && value !== '');
}

/** A copy without any secret key, at any depth. */
export function withoutSecrets<T>(value: T): T {
	if (Array.isArray(value)) return value.map((entry) => withoutSecrets(entry)) as T;
	if (value === null || typeof value !== 'object') return value;
	const out: IDataObject = {};
	for (const [key, entry] of Object.entries(value as IDataObject)) {
		if (isSecret(key)) continue;
		out[key] = withoutSecrets(entry);
	}
	return out as T;
}

/** Whether the agent has webhook credentials set (without saying what they are). */
function hasWebhookAuth(agent: IDataObject): boolean {
	const auth = recordOf(agent.webhookAuth);
	return typeof auth.authSecret === 'string' && auth.authSecret !== '';
}

/** The ids of the agent's tools: v2 `tools: [{toolId}]`, v1 `webToolsIds`. */
function toolIdsOf(agent: IDataObject): string[] | undefined {
	if (Array.isArray(agent.webToolsIds)) return (agent.webToolsIds as unknown[]).map(String);
	if (!Array.isArray(agent.tools)) return undefined;
	return (agent.tools as unknown[]).map((tool: unknown) => String(firstPresent(recordOf(tool).toolId, recordOf(tool).id) ?? '')).filter(Boolean);
}

/** The whole agent as Hamsa gave it, its id and name first, its secrets removed. */
export function visibleAgent(agent: IDataObject): IDataObject {
	return {
		voiceAgentId: agent.id,
		name: firstPresent(agent.name, agent.agentName),
		...withoutSecrets(agent),
		hasWebhookAuth: hasWebhookAuth(agent),
	} as IDataObject;
}

/** The fields a workflow or an AI agent needs of a voice agent (Get, Create, Update). */
export function simpleAgent(agent: IDataObject): IDataObject {
	const conversation = recordOf(agent.conversation);
	const voice = recordOf(agent.voice);
	const callSettings = recordOf(agent.callSettings);
	const fields: Record<string, unknown> = {
		voiceAgentId: agent.id,
		name: firstPresent(agent.name, agent.agentName),
		language: firstPresent(voice.lang, agent.lang),
		voiceId: firstPresent(voice.voiceId, agent.voiceId),
		greetingMessage: firstPresent(conversation.greetingMessage, agent.greetingMessage),
		preamble: firstPresent(conversation.preamble, agent.preamble),
		params: firstPresent(conversation.params, agent.params),
		maxCallDuration: firstPresent(callSettings.maxCallDuration, agent.maxCallDuration),
		webhookUrl: agent.webhookUrl ?? null,
		hasWebhookAuth: hasWebhookAuth(agent),
		outcomeResponseShape: agent.outcomeResponseShape,
		toolIds: toolIdsOf(agent),
		createdAt: agent.createdAt,
		updatedAt: agent.updatedAt,
	};
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = withoutSecrets(value) as IDataObject[string];
	return out;
}

/** The whole tool, its id first, its `authToken` removed. */
export function visibleTool(tool: IDataObject): IDataObject {
	return { toolId: tool.id, ...withoutSecrets(tool) } as IDataObject;
}

/** The fields a workflow or an AI agent needs of a web tool (Get, Get Many). */
export function simpleTool(tool: IDataObject): IDataObject {
	const settings = recordOf(tool.toolSettings);
	const fields: Record<string, unknown> = {
		toolId: tool.id,
		name: tool.name,
		description: tool.description,
		type: tool.type,
		isActive: tool.isActive,
		serverUrl: settings.serverUrl,
		methodType: settings.methodType,
		version: tool.version,
		updatedAt: tool.updatedAt,
	};
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value as IDataObject[string];
	return out;
}
