import { createHash, randomBytes } from 'crypto';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { searchVoiceAgents } from '../HamsaVoiceCall/methods/listSearch';
import { authorizationMatches } from '../shared/hamsa/webhookAuth';
import { readToolRequest, schemaFromFields, schemaFromJson, type ParameterField, type ParameterSchema } from './toolRequest';
import { attachTool, detachTool, readTool, removeTool, saveTool, type ToolDefinition } from './toolRegistration';

/** What the node keeps in the workflow's static data, per webhook kind (production, and the test URL). */
interface ToolState extends IDataObject {
	toolId?: string;
	authToken?: string;
	/** The agents the tool was attached to by this node. */
	agentIds?: string[];
	/** A fingerprint of the definition Hamsa last received. */
	definition?: string;
	/** Left inactive in Hamsa because Hamsa had no delete; reactivated on the next activation. */
	inactive?: boolean;
}

export class HamsaToolTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hamsa Tool Trigger',
		name: 'hamsaToolTrigger',
		icon: { light: 'file:../../icons/hamsa.svg', dark: 'file:../../icons/hamsa.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["toolName"]}}',
		description: 'Makes the workflow a tool Hamsa voice agents call during a call; the workflow\'s answer goes back to the agent',
		documentationUrl: 'https://github.com/hottask-hamsa/n8n-nodes-hottask-hamsa#hamsa-tool-trigger',
		defaults: { name: 'Hamsa Tool Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hamsaApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{$parameter["responseMode"]}}',
				responseData: 'firstEntryJson',
				path: 'hamsa-tool',
			},
		],
		properties: [
			{
				displayName:
					'Activating the workflow creates the tool in Hamsa and adds it to the chosen agents (their other tools stay); deactivating removes it again. Hamsa waits for the answer up to the Timeout. If the workflow fails, n8n answers HTTP 500 "Error in workflow": to give the agent a sentence to say instead, use Respond to Webhook on an error output.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Voice Agent Names or IDs',
				name: 'agentIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getVoiceAgents' },
				default: [],
				required: true,
				description:
					'The voice agents that get this tool. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Tool Name',
				name: 'toolName',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'check_availability',
				description: 'The function name the agent\'s model calls; letters, digits and underscores work with every model',
			},
			{
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				required: true,
				placeholder: 'Checks which appointment slots are free on a given day',
				description: 'What the agent\'s model reads to decide when to call this tool (up to 1000 characters)',
			},
			{
				displayName: 'Define Parameters',
				name: 'parametersMode',
				type: 'options',
				default: 'fields',
				options: [
					{ name: 'Using Fields Below', value: 'fields' },
					{ name: 'Using JSON Schema', value: 'json' },
				],
				description: 'How the parameters the model fills in are described',
			},
			{
				displayName: 'Parameters',
				name: 'parameters',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Parameter',
				default: {},
				displayOptions: { show: { parametersMode: ['fields'] } },
				options: [
					{
						displayName: 'Parameter',
						name: 'parameter',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'date',
							},
							{
								displayName: 'Type',
								name: 'type',
								type: 'options',
								default: 'string',
								options: [
									{ name: 'Boolean', value: 'boolean' },
									{ name: 'Number', value: 'number' },
									{ name: 'String', value: 'string' },
								],
							},
							{
								displayName: 'Description',
								name: 'description',
								type: 'string',
								default: '',
								description: 'What the model should put in this parameter',
							},
							{
								displayName: 'Required',
								name: 'required',
								type: 'boolean',
								default: false,
								description: 'Whether the model must always fill in this parameter',
							},
						],
					},
				],
			},
			{
				displayName: 'Parameters JSON Schema',
				name: 'parametersSchema',
				type: 'json',
				default: '{\n  "type": "object",\n  "properties": {},\n  "required": []\n}',
				displayOptions: { show: { parametersMode: ['json'] } },
				description: 'A JSON schema of type object, as function-calling models read it',
			},
			{
				displayName: 'Message While Waiting',
				name: 'waitingMessage',
				type: 'string',
				default: 'One moment, please.',
				description: 'What the agent says while the workflow runs (Hamsa\'s REQUEST_START message); empty for none',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 20,
				description: 'How long Hamsa waits for the workflow\'s answer',
			},
			{
				displayName: 'Respond',
				name: 'responseMode',
				type: 'options',
				default: 'lastNode',
				options: [
					{
						name: 'When Last Node Finishes',
						value: 'lastNode',
						description: 'The first item of the last node that ran is the answer',
					},
					{
						name: 'Using Respond to Webhook Node',
						value: 'responseNode',
						description: 'A Respond to Webhook node gives the answer',
					},
				],
			},
		],
	};

	methods = {
		loadOptions: {
			async getVoiceAgents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const options: INodePropertyOptions[] = [];
				let token: string | undefined;
				// Every agent, page by page (bounded, in case Hamsa ignores paging).
				for (let page = 0; page < 20; page++) {
					const result = await searchVoiceAgents.call(this, undefined, token);
					options.push(...result.results.map(({ name, value, description }) => ({ name, value, description })));
					token = result.paginationToken === undefined ? undefined : String(result.paginationToken);
					if (token === undefined) break;
				}
				return options;
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = toolState(this);
				if (state.toolId === undefined) return false;
				const { definition, agentIds } = definitionOf(this, state);
				if (state.definition !== fingerprint(definition) || !sameSet(agentIds, state.agentIds ?? [])) return false;
				if ((await readTool.call(this, state.toolId)) === undefined) return false;
				for (const agentId of agentIds) {
					if (!(await attachTool.call(this, agentId, state.toolId, { checkOnly: true }))) return false;
				}
				return true;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = toolState(this);
				state.authToken ??= randomBytes(32).toString('base64url');
				const { definition, agentIds } = definitionOf(this, state);
				state.toolId = await saveTool.call(this, definition, state.toolId, state.inactive === true);
				delete state.inactive;
				state.definition = fingerprint(definition);
				for (const agentId of (state.agentIds ?? []).filter((id) => !agentIds.includes(id))) {
					await detachTool.call(this, agentId, state.toolId);
					state.agentIds = (state.agentIds ?? []).filter((id) => id !== agentId);
				}
				for (const agentId of agentIds) {
					await attachTool.call(this, agentId, state.toolId);
					// Written as it goes, so a failure part way leaves delete() knowing every agent touched.
					if (!(state.agentIds ?? []).includes(agentId)) state.agentIds = [...(state.agentIds ?? []), agentId];
				}
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = toolState(this);
				const toolId = state.toolId;
				if (toolId === undefined) return true;
				for (const agentId of state.agentIds ?? []) await detachTool.call(this, agentId, toolId);
				state.agentIds = [];
				const removed = await removeTool.call(this, toolId);
				if (removed === 'deleted' || removed === 'gone') {
					clearState(this);
					return true;
				}
				state.inactive = true;
				this.logger.warn(
					`Hamsa Tool Trigger "${this.getNode().name}": Hamsa's API has no delete for tools, so the tool ${toolId} was detached from its agents and left inactive, not deleted. The next activation uses it again; delete it in the Hamsa dashboard if the workflow is gone for good.`,
					{ workflowId: this.getWorkflow().id },
				);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const token = toolState(this).authToken;
		if (token === undefined || token === '') {
			response.status(500).json({ message: 'This tool is not set up in Hamsa yet. Activate the workflow first.' });
			return { noWebhookResponse: true };
		}
		const headers = this.getHeaderData() as IDataObject;
		const authorization = headers.authorization;
		// Both forms, each compared in constant time: Hamsa's docs do not show which one it sends.
		if (!authorizationMatches(authorization, token) && !authorizationMatches(authorization, `Bearer ${token}`)) {
			response.status(401).json({ message: 'Authorization does not match this tool\'s token' });
			return { noWebhookResponse: true };
		}
		const request = readToolRequest(this.getBodyData(), headers, currentSchema(this) ?? { type: 'object', properties: {}, required: [] });
		if (request === undefined) {
			response.status(400).json({ message: 'The tool could not read its parameters: the request body is not a JSON object.' });
			return { noWebhookResponse: true };
		}
		const json: IDataObject = {
			...request.parameters,
			...(request.callId === undefined ? {} : { callId: request.callId }),
			...(request.agentId === undefined ? {} : { agentId: request.agentId }),
		};
		return { workflowData: [this.helpers.returnJsonArray([json])] };
	}
}

type AnyContext = IHookFunctions | IWebhookFunctions;

/** The node's state for this kind of webhook: "Listen for test event" registers its own tool. */
function toolState(context: AnyContext): ToolState {
	const data = context.getWorkflowStaticData('node');
	const key = context.getMode() === 'manual' ? 'test' : 'production';
	if (data[key] === null || typeof data[key] !== 'object') data[key] = {};
	return data[key] as ToolState;
}

function clearState(context: IHookFunctions): void {
	const data = context.getWorkflowStaticData('node');
	delete data[context.getMode() === 'manual' ? 'test' : 'production'];
}

function currentSchema(context: AnyContext): ParameterSchema | undefined {
	const mode = context.getNodeParameter('parametersMode', 'fields') as string;
	if (mode === 'json') {
		const schema = schemaFromJson(context.getNodeParameter('parametersSchema', ''));
		return 'problem' in schema ? undefined : (schema as ParameterSchema);
	}
	const fields = context.getNodeParameter('parameters.parameter', []) as ParameterField[];
	return schemaFromFields(Array.isArray(fields) ? fields : []);
}

/** The tool as Hamsa should store it, from the node's fields; throws what the user must fix. */
function definitionOf(context: IHookFunctions, state: ToolState): { definition: ToolDefinition; agentIds: string[] } {
	const node = context.getNode();
	// An expression may give a list, or text with the IDs separated by commas.
	const chosen = context.getNodeParameter('agentIds', []) as unknown;
	const listed = Array.isArray(chosen) ? chosen : typeof chosen === 'string' ? chosen.split(',') : [];
	const agentIds = [...new Set(listed.map((id) => String(id).trim()).filter(Boolean))];
	if (agentIds.length === 0) throw new NodeOperationError(node, 'Choose at least one voice agent to give the tool to');
	const name = String(context.getNodeParameter('toolName', '')).trim();
	if (name === '') throw new NodeOperationError(node, 'Set the Tool Name: the agent\'s model calls the tool by it');
	const description = String(context.getNodeParameter('toolDescription', '')).trim();
	if (description === '') throw new NodeOperationError(node, 'Set the Description: the agent\'s model reads it to decide when to call the tool');
	let params: ParameterSchema;
	if (context.getNodeParameter('parametersMode', 'fields') === 'json') {
		const schema = schemaFromJson(context.getNodeParameter('parametersSchema', ''));
		if ('problem' in schema) throw new NodeOperationError(node, String(schema.problem));
		params = schema as ParameterSchema;
	} else {
		const fields = context.getNodeParameter('parameters.parameter', []) as ParameterField[];
		params = schemaFromFields(Array.isArray(fields) ? fields : []);
	}
	const serverUrl = context.getNodeWebhookUrl('default');
	if (serverUrl === undefined) throw new NodeOperationError(node, 'n8n gave no URL for this trigger\'s webhook');
	const timeout = Number(context.getNodeParameter('timeout', 20));
	const waitingMessage = String(context.getNodeParameter('waitingMessage', '') ?? '').trim();
	return {
		agentIds,
		definition: {
			type: 'FUNCTION',
			name,
			description,
			async: false,
			toolSettings: {
				serverUrl,
				methodType: 'POST',
				authToken: state.authToken ?? '',
				timeOut: Number.isFinite(timeout) && timeout > 0 ? timeout : 20,
			},
			messages: waitingMessage === '' ? [] : [{ type: 'REQUEST_START', content: waitingMessage }],
			params,
		},
	};
}

function fingerprint(definition: ToolDefinition): string {
	return createHash('sha256').update(JSON.stringify(definition)).digest('base64url');
}

function sameSet(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((value) => b.includes(value));
}
