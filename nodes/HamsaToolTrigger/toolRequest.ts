/**
 * The tool's definition as Hamsa stores it (the JSON schema of its parameters)
 * and the tolerant reading of the request Hamsa sends when its agent calls the
 * tool. Hamsa's docs show neither the request's body nor the form of its
 * Authorization header: see docs/services.md, "Hamsa function tools".
 */
import type { IDataObject } from 'n8n-workflow';

export type ParameterType = 'string' | 'number' | 'boolean';

export interface ParameterField {
	name?: string;
	type?: ParameterType;
	description?: string;
	required?: boolean;
}

export interface ParameterSchema extends IDataObject {
	type: 'object';
	properties: IDataObject;
	required: string[];
}

/** The JSON schema Hamsa's model reads, from the Parameters fields (names trimmed, blank names skipped). */
export function schemaFromFields(fields: ParameterField[]): ParameterSchema {
	const properties: IDataObject = {};
	const required: string[] = [];
	for (const field of fields) {
		const name = String(field.name ?? '').trim();
		if (name === '') continue;
		const type: ParameterType = field.type === 'number' || field.type === 'boolean' ? field.type : 'string';
		properties[name] = { type, ...(field.description ? { description: field.description } : {}) };
		if (field.required === true && !required.includes(name)) required.push(name);
	}
	return { type: 'object', properties, required };
}

/** The Parameters (JSON Schema) field: an object schema, or a problem to report. */
export function schemaFromJson(value: unknown): ParameterSchema | { problem: string } {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return { type: 'object', properties: {}, required: [] };
		try {
			parsed = JSON.parse(value);
		} catch {
			return { problem: 'The Parameters JSON Schema is not valid JSON' };
		}
	}
	if (!isObject(parsed)) return { problem: 'The Parameters JSON Schema must be a JSON object like {"type": "object", "properties": {…}}' };
	if (parsed.type !== undefined && parsed.type !== 'object') return { problem: 'The Parameters JSON Schema must have "type": "object"' };
	const properties = parsed.properties === undefined ? {} : parsed.properties;
	if (!isObject(properties)) return { problem: 'The "properties" of the Parameters JSON Schema must be an object' };
	const required = parsed.required === undefined ? [] : parsed.required;
	if (!Array.isArray(required) || !required.every((name) => typeof name === 'string')) {
		return { problem: 'The "required" of the Parameters JSON Schema must be a list of parameter names' };
	}
	return { ...parsed, type: 'object', properties, required: required as string[] };
}

/** Keys of a tool request that are about the call, not parameters the model filled in. */
const CALL_ID_KEYS = ['callId', 'call_id', 'conversationId', 'conversation_id'];
const AGENT_ID_KEYS = ['agentId', 'agent_id', 'voiceAgentId', 'voice_agent_id'];
const CALL_ID_HEADERS = ['x-call-id', 'x-hamsa-call-id', 'x-conversation-id'];
const AGENT_ID_HEADERS = ['x-agent-id', 'x-hamsa-agent-id', 'x-voice-agent-id'];
/** Where the parameters may sit instead of the top level. */
const NESTED_KEYS = ['params', 'parameters', 'arguments', 'args'];

export interface ToolRequest {
	parameters: IDataObject;
	callId?: string;
	agentId?: string;
}

/**
 * Reads the parameters the agent's model filled in: at the top level of the
 * body, or under params/parameters/arguments/args (an object, or JSON text as
 * function-calling models give it); values of declared parameters are
 * converted to their declared types when they come as text ("3" → 3, "true"
 * → true); anything that does not convert is kept as it came. Undefined when
 * the body is not a JSON object.
 */
export function readToolRequest(body: unknown, headers: IDataObject, schema: ParameterSchema): ToolRequest | undefined {
	if (!isObject(body)) return undefined;
	let source: IDataObject = body;
	for (const key of NESTED_KEYS) {
		const nested = parseObject(body[key]);
		if (nested !== undefined) {
			source = nested;
			break;
		}
	}
	const skip = new Set(source === body ? [...CALL_ID_KEYS, ...AGENT_ID_KEYS] : []);
	const parameters: IDataObject = {};
	for (const [name, value] of Object.entries(source)) {
		if (skip.has(name)) continue;
		const declared = schema.properties[name];
		const type = isObject(declared) ? declared.type : undefined;
		parameters[name] = convert(value, type);
	}
	const callId = firstText(body, CALL_ID_KEYS) ?? firstText(headers, CALL_ID_HEADERS);
	const agentId = firstText(body, AGENT_ID_KEYS) ?? firstText(headers, AGENT_ID_HEADERS);
	return { parameters, ...(callId === undefined ? {} : { callId }), ...(agentId === undefined ? {} : { agentId }) };
}

function convert(value: unknown, type: unknown): IDataObject[string] {
	if (typeof value === 'string') {
		const text = value.trim();
		if ((type === 'number' || type === 'integer') && text !== '') {
			const number = Number(text);
			if (Number.isFinite(number)) return number;
		}
		if (type === 'boolean') {
			const lower = text.toLowerCase();
			if (['true', 'yes', '1'].includes(lower)) return true;
			if (['false', 'no', '0'].includes(lower)) return false;
		}
	}
	if (type === 'boolean' && (value === 1 || value === 0)) return value === 1;
	return value as IDataObject[string];
}

function parseObject(value: unknown): IDataObject | undefined {
	if (isObject(value)) return value;
	if (typeof value !== 'string') return undefined;
	try {
		const parsed: unknown = JSON.parse(value);
		return isObject(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

function firstText(source: IDataObject, keys: string[]): string | undefined {
	for (const key of keys) {
		const value = source[key];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
		if (typeof value === 'number') return String(value);
	}
	return undefined;
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
