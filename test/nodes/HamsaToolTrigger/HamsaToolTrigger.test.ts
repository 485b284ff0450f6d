/**
 * Hamsa Tool Trigger: activation and deactivation (webhookMethods on n8n-core's
 * HookContext, see test/harness/runHook.ts) against the simulator's agents and
 * web tools, and webhook() on n8n-core's WebhookContext: the tool's token, the
 * tolerant reading of the parameters, and Hamsa calling the tool through the
 * simulator (sim.invokeTool).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { storedAgent, storedTool } from '../../harness/hamsaAgents';
import { watchWarnings } from '../../harness/n8nLogger';
import { runHook, type HookMethod } from '../../harness/runHook';
import { runWebhook, WEBHOOK_BASE_URL } from '../../harness/runWebhook';
import { credentialsFor, useSimulator, VOICE_AGENT_ID, type JsonTree, type Simulator } from '../../harness/simulator';
import { startToolServer } from '../../harness/toolServer';

const context = useSimulator({ latencyMs: 0 });
const WEBHOOK_ID = '7a1c2e3d-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const NODE = 'hamsaToolTrigger';
/** The same node name for the hooks and the webhook: static data is kept per node name. */
const NODE_NAME = 'Hamsa Tool Trigger';

/** An agent of the seed, besides VOICE_AGENT_ID, that already has tools, to check they stay. */
function agentWithTools(sim: Simulator): string {
	const agent = sim.hamsa.agents.find(
		(candidate) => (candidate.id as unknown as string) !== VOICE_AGENT_ID && (candidate.tools as unknown as unknown[]).length > 0,
	);
	if (!agent) throw new Error('the seed has no agent with tools');
	return agent.id as unknown as string;
}

function parameters(agentIds: string[], overrides: INodeParameters = {}): INodeParameters {
	return {
		agentIds,
		toolName: 'check_availability',
		toolDescription: 'Checks which appointment slots are free on a given day',
		parameters: {
			parameter: [
				{ name: 'date', type: 'string', description: 'The day, as YYYY-MM-DD', required: true },
				{ name: 'people', type: 'number', description: 'How many people', required: false },
				{ name: 'urgent', type: 'boolean', description: 'Whether it is urgent', required: false },
			],
		},
		waitingMessage: 'Let me check the calendar.',
		timeout: 15,
		...overrides,
	};
}

async function hook(method: HookMethod, params: INodeParameters, staticData?: IDataObject) {
	return await runHook(method, { node: NODE, parameters: params, credentials: credentialsFor(context.sim), staticData, webhookId: WEBHOOK_ID, nodeName: NODE_NAME });
}

interface State {
	toolId: string;
	authToken: string;
	agentIds: string[];
}
const production = (staticData: IDataObject) => {
	const nodes = (staticData ?? {}) as Record<string, IDataObject>;
	const key = Object.keys(nodes).find((name) => name.startsWith("node:"));
	return (key === undefined ? undefined : nodes[key].production) as unknown as State;
};

/** Activates as n8n does: checkExists, then create when it said no. */
async function activate(params: INodeParameters, staticData?: IDataObject) {
	const check = await hook('checkExists', params, staticData);
	expect(check.error).toBeUndefined();
	if (check.result === true) return check;
	const created = await hook('create', params, check.staticData);
	expect(created.error).toBeUndefined();
	return created;
}

/** An agent without the fields every write changes, to compare before and after. */
function withoutUpdatedAt(agent: JsonTree | undefined): IDataObject {
	const rest = { ...((agent ?? {}) as unknown as IDataObject) };
	delete rest.updatedAt;
	return rest;
}

describe('Hamsa Tool Trigger → activation', () => {
	it('creates the tool in Hamsa and adds it to each agent, which keeps its other tools', async () => {
		const sim = context.sim;
		const other = agentWithTools(sim);
		const toolsBefore = (storedAgent(sim, other)!.tools as unknown as Array<{ toolId: string }>).map((tool) => tool.toolId);
		expect(toolsBefore.length).toBeGreaterThan(0);

		const run = await activate(parameters([VOICE_AGENT_ID, other]));
		const state = production(run.staticData);
		expect(state.authToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const tool = storedTool(sim, state.toolId)!;
		expect(tool).toMatchObject({
			type: 'FUNCTION',
			name: 'check_availability',
			description: 'Checks which appointment slots are free on a given day',
			async: false,
			toolSettings: { serverUrl: `${WEBHOOK_BASE_URL}/${WEBHOOK_ID}/hamsa-tool`, methodType: 'POST', authToken: state.authToken, timeout: 15000 },
			messages: [{ type: 'REQUEST_START', content: 'Let me check the calendar.' }],
			params: {
				type: 'object',
				properties: {
					date: { type: 'string', description: 'The day, as YYYY-MM-DD' },
					people: { type: 'number', description: 'How many people' },
					urgent: { type: 'boolean', description: 'Whether it is urgent' },
				},
				required: ['date'],
			},
		});
		const toolIds = (id: string) => (storedAgent(sim, id)!.tools as unknown as Array<{ toolId: string }>).map((ref) => ref.toolId);
		expect(toolIds(VOICE_AGENT_ID)).toContain(state.toolId);
		expect(toolIds(other)).toEqual([...toolsBefore, state.toolId]);
		expect(state.agentIds.sort()).toEqual([VOICE_AGENT_ID, other].sort());

		// n8n's next start asks again: it exists and is attached.
		const again = await hook('checkExists', parameters([VOICE_AGENT_ID, other]), run.staticData);
		expect(again.result).toBe(true);
		// The token never shows in a request Hamsa could echo in an error's view: only in the tool's settings.
		expect(sim.requests.filter((request) => request.rawBody.includes(state.authToken)).map((request) => request.path)).toEqual(['/v2/voice-agents/web-tool']);
	});

	it('takes the agents from an expression giving their IDs as text, separated by commas', async () => {
		const other = agentWithTools(context.sim);
		const run = await activate(parameters([], { agentIds: `={{ "${VOICE_AGENT_ID}, ${other}" }}` }));
		expect(production(run.staticData).agentIds.sort()).toEqual([VOICE_AGENT_ID, other].sort());
	});

	it('refuses to activate without an agent, a Tool Name or a Description, and with a JSON schema that is not one', async () => {
		for (const [override, message] of [
			[{ agentIds: [] }, /at least one voice agent/],
			[{ toolName: ' ' }, /Tool Name/],
			[{ toolDescription: '' }, /Description/],
			[{ parametersMode: 'json', parametersSchema: '{"type": "array"}' }, /"type": "object"/],
			[{ parametersMode: 'json', parametersSchema: '{not json' }, /not valid JSON/],
		] as Array<[INodeParameters, RegExp]>) {
			const run = await hook('create', parameters([VOICE_AGENT_ID], override));
			expect(run.error?.message).toMatch(message);
		}
		expect(context.sim.requests.filter((request) => request.method !== 'GET')).toEqual([]);
	});

	it('a changed definition updates the same tool (PATCH), and a removed agent loses it', async () => {
		const sim = context.sim;
		const other = agentWithTools(sim);
		const first = await activate(parameters([VOICE_AGENT_ID, other]));
		const { toolId } = production(first.staticData);
		const changed = parameters([VOICE_AGENT_ID], {
			toolDescription: 'Finds free slots',
			parametersMode: 'json',
			parametersSchema: JSON.stringify({ type: 'object', properties: { day: { type: 'string' } }, required: ['day'] }),
			timeout: 30,
		});
		expect((await hook('checkExists', changed, first.staticData)).result).toBe(false);
		sim.clearRequests();
		const second = await activate(changed, first.staticData);
		expect(production(second.staticData).toolId).toBe(toolId);
		expect(sim.requests.some((request) => request.method === 'POST')).toBe(false);
		expect(sim.requests.some((request) => request.method === 'PATCH' && request.path === `/v1/voice-agents/web-tool/${toolId}`)).toBe(true);
		expect(storedTool(sim, toolId)).toMatchObject({
			description: 'Finds free slots',
			version: 2,
			toolSettings: { timeout: 30000 },
			params: { properties: { day: { type: 'string' } }, required: ['day'] },
		});
		expect(sim.hamsa.webTools.filter((tool) => (tool.name as unknown as string) === 'check_availability')).toHaveLength(1);
		const ids = (id: string) => (storedAgent(sim, id)!.tools as unknown as Array<{ toolId: string }>).map((ref) => ref.toolId);
		expect(ids(VOICE_AGENT_ID)).toContain(toolId);
		expect(ids(other)).not.toContain(toolId);
		expect((await hook('checkExists', changed, second.staticData)).result).toBe(true);
	});

	it('checkExists says no when the tool was taken off the agent in Hamsa, and create puts it back', async () => {
		const sim = context.sim;
		const run = await activate(parameters([VOICE_AGENT_ID]));
		const agent = sim.hamsa.agents.find((candidate) => (candidate.id as unknown as string) === VOICE_AGENT_ID)!;
		(agent as unknown as { tools: unknown[] }).tools = [];
		expect((await hook('checkExists', parameters([VOICE_AGENT_ID]), run.staticData)).result).toBe(false);
		const again = await activate(parameters([VOICE_AGENT_ID]), run.staticData);
		expect(production(again.staticData).toolId).toBe(production(run.staticData).toolId);
		expect((storedAgent(sim, VOICE_AGENT_ID)!.tools as unknown as Array<{ toolId: string }>).map((ref) => ref.toolId)).toEqual([production(run.staticData).toolId]);
	});
});

describe('Hamsa Tool Trigger → "Listen for test event"', () => {
	it('registers its own tool at the test URL, leaves the production tool alone, and removes its own when listening stops', async () => {
		const sim = context.sim;
		sim.configure({ hamsaDeletes: 'supported' });
		const live = await activate(parameters([VOICE_AGENT_ID]));
		const productionTool = production(live.staticData).toolId;
		const manual = (method: HookMethod, staticData?: IDataObject) =>
			runHook(method, { node: NODE, parameters: parameters([VOICE_AGENT_ID]), credentials: credentialsFor(sim), staticData, webhookId: WEBHOOK_ID, nodeName: NODE_NAME, mode: 'manual' });
		const listening = await manual('create', live.staticData);
		expect(listening.error).toBeUndefined();
		const testState = Object.values(listening.staticData as Record<string, IDataObject>).find((value) => value?.test !== undefined)?.test as unknown as State;
		expect(testState.toolId).not.toBe(productionTool);
		expect(storedTool(sim, testState.toolId)!.toolSettings).toMatchObject({ serverUrl: `http://127.0.0.1:5678/webhook-test/${WEBHOOK_ID}/hamsa-tool` });
		expect(production(listening.staticData).toolId).toBe(productionTool);
		const stopped = await manual('delete', listening.staticData);
		expect(stopped.error).toBeUndefined();
		expect(storedTool(sim, testState.toolId)).toBeUndefined();
		expect(storedTool(sim, productionTool)).toBeDefined();
		expect((storedAgent(sim, VOICE_AGENT_ID)!.tools as unknown as Array<{ toolId: string }>).map((ref) => ref.toolId)).toContain(productionTool);
	});
});

describe('Hamsa Tool Trigger → deactivation', () => {
	it('detaches and deletes the tool, leaving every agent as it was, field by field (when Hamsa has a delete)', async () => {
		const sim = context.sim;
		sim.configure({ hamsaDeletes: 'supported' });
		const other = agentWithTools(sim);
		const before = [storedAgent(sim, VOICE_AGENT_ID), storedAgent(sim, other)];
		const toolsBefore = sim.hamsa.webTools.length;
		const run = await activate(parameters([VOICE_AGENT_ID, other]));
		const { toolId } = production(run.staticData);

		const removed = await hook('delete', parameters([VOICE_AGENT_ID, other]), run.staticData);
		expect(removed.error).toBeUndefined();
		expect(removed.result).toBe(true);
		expect(storedTool(sim, toolId)).toBeUndefined();
		expect(sim.hamsa.webTools).toHaveLength(toolsBefore);
		const after = [storedAgent(sim, VOICE_AGENT_ID), storedAgent(sim, other)];
		// Every field as before; only updatedAt moved, as each write moves it.
		expect(after.map(withoutUpdatedAt)).toEqual(before.map(withoutUpdatedAt));
		expect(production(removed.staticData)).toBeUndefined();
	});

	it('when Hamsa has no delete, detaches the tool, leaves it inactive, says so in a warning, and the next activation uses it again', async () => {
		const sim = context.sim;
		const before = storedAgent(sim, VOICE_AGENT_ID);
		const run = await activate(parameters([VOICE_AGENT_ID]));
		const { toolId } = production(run.staticData);
		const warnings = watchWarnings();
		try {
			const removed = await hook('delete', parameters([VOICE_AGENT_ID]), run.staticData);
			expect(removed.error).toBeUndefined();
			expect(withoutUpdatedAt(storedAgent(sim, VOICE_AGENT_ID))).toEqual(withoutUpdatedAt(before));
			expect(storedTool(sim, toolId)).toMatchObject({ isActive: false });
			expect(warnings.calls).toHaveLength(1);
			expect(String(warnings.calls[0][0])).toMatch(/no delete for tools.*detached from its agents and left inactive/);
			expect(String(warnings.calls[0][0])).not.toContain(production(run.staticData).authToken);

			const again = await activate(parameters([VOICE_AGENT_ID]), removed.staticData);
			expect(production(again.staticData).toolId).toBe(toolId);
			expect(storedTool(sim, toolId)).toMatchObject({ isActive: true });
			expect(sim.hamsa.webTools.filter((tool) => (tool.name as unknown as string) === 'check_availability')).toHaveLength(1);
		} finally {
			warnings.restore();
		}
	});

	it('an agent deleted in Hamsa meanwhile does not stop the deactivation', async () => {
		const sim = context.sim;
		sim.configure({ hamsaDeletes: 'supported' });
		const other = agentWithTools(sim);
		const run = await activate(parameters([VOICE_AGENT_ID, other]));
		sim.hamsa.agents.splice(sim.hamsa.agents.findIndex((agent) => (agent.id as unknown as string) === other), 1);
		const removed = await hook('delete', parameters([VOICE_AGENT_ID, other]), run.staticData);
		expect(removed.error).toBeUndefined();
		expect(storedTool(sim, production(run.staticData).toolId)).toBeUndefined();
	});
});

describe('Hamsa Tool Trigger → webhook', () => {
	async function activated() {
		const run = await activate(parameters([VOICE_AGENT_ID]));
		return { staticData: run.staticData, token: production(run.staticData).authToken };
	}

	async function call(staticData: IDataObject, headers: Record<string, string | undefined>, body: unknown, params = parameters([VOICE_AGENT_ID])) {
		return await runWebhook({ node: NODE, parameters: params, credentials: credentialsFor(context.sim), staticData, headers, body, webhookId: WEBHOOK_ID, nodeName: NODE_NAME });
	}

	it.each([
		['Bearer <token>', (token: string) => `Bearer ${token}`],
		['the token alone', (token: string) => token],
	])('with Authorization: %s, starts the workflow with the parameters in their declared types', async (_label, header) => {
		const { staticData, token } = await activated();
		const run = await call(staticData, { authorization: header(token) }, { date: '2026-12-09', people: '3', urgent: 'true', callId: 'call-1', agentId: VOICE_AGENT_ID });
		expect(run.error).toBeUndefined();
		expect(run.webhookData.webhookDescription.responseMode).toBe('={{$parameter["responseMode"]}}');
		expect(run.workflowData).toEqual([[{ json: { date: '2026-12-09', people: 3, urgent: true, callId: 'call-1', agentId: VOICE_AGENT_ID } }]]);
	});

	it.each([
		['under params', { params: { date: '2026-12-09', people: 2 } }],
		['under arguments, as JSON text', { arguments: JSON.stringify({ date: '2026-12-09', people: '2' }) }],
		['under args', { args: { date: '2026-12-09', people: '2.0' } }],
	])('reads parameters %s', async (_label, body) => {
		const { staticData, token } = await activated();
		const run = await call(staticData, { authorization: `Bearer ${token}`, 'x-call-id': 'call-9' }, body);
		expect(run.workflowData).toEqual([[{ json: { date: '2026-12-09', people: 2, callId: 'call-9' } }]]);
	});

	it('keeps a value that does not convert as it came, and parameters it does not know', async () => {
		const { staticData, token } = await activated();
		const run = await call(staticData, { authorization: `Bearer ${token}` }, { people: 'three', urgent: 'maybe', extra: 'x' });
		expect(run.workflowData).toEqual([[{ json: { people: 'three', urgent: 'maybe', extra: 'x' } }]]);
	});

	it('with responseMode lastNode or responseNode, leaves the answer to the workflow (n8n sends it)', async () => {
		const { staticData, token } = await activated();
		for (const responseMode of ['lastNode', 'responseNode']) {
			const run = await call(staticData, { authorization: `Bearer ${token}` }, { date: 'x' }, parameters([VOICE_AGENT_ID], { responseMode }));
			expect(run.workflowData).toHaveLength(1);
			expect(run.body).toBeUndefined();
		}
	});

	describe('refuses with 401 and no execution', () => {
		it.each([
			['no Authorization', undefined],
			['an empty one', ''],
			['another token', 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
			['the token with another scheme', 'Token <token>'],
			['the token with a character changed', 'Bearer <token>x'],
		])('%s', async (_label, authorization) => {
			const { staticData, token } = await activated();
			const run = await call(staticData, { authorization: authorization?.replace('<token>', token) }, { date: '2026-12-09' });
			expect(run.status).toBe(401);
			expect(run.workflowData).toBeUndefined();
			expect(JSON.stringify(run.body)).not.toContain(token);
		});
	});

	it.each([
		['a list', [1, 2]],
		['text', 'date=2026-12-09'],
		['null', null],
	])('answers a body that is %s with 400 and a message, and no execution', async (_label, body) => {
		const { staticData, token } = await activated();
		const run = await call(staticData, { authorization: `Bearer ${token}` }, body);
		expect(run.status).toBe(400);
		expect(run.body).toEqual({ message: expect.stringMatching(/not a JSON object/) });
		expect(run.workflowData).toBeUndefined();
	});

	it('before any activation (no token), answers 500 and starts nothing', async () => {
		const run = await call({}, { authorization: 'Bearer ' }, { date: 'x' });
		expect(run.status).toBe(500);
		expect(run.workflowData).toBeUndefined();
	});
});

describe('Hamsa Tool Trigger → Hamsa calls the tool (sim.invokeTool)', () => {
	it('sends the token and the parameters; the workflow\'s answer reaches Hamsa, a hanging one times out', async () => {
		const sim = context.sim;
		const run = await activate(parameters([VOICE_AGENT_ID]));
		const { toolId, authToken } = production(run.staticData);
		let hang = false;
		// n8n in front of the node, answering as responseMode lastNode does with the trigger's item as the last node's.
		const server = await startToolServer(async (headers: Record<string, string>, body: unknown) => {
			if (hang) return undefined as never;
			const answer = await runWebhook({ node: NODE, parameters: parameters([VOICE_AGENT_ID]), credentials: credentialsFor(sim), staticData: run.staticData, headers, body, webhookId: WEBHOOK_ID, nodeName: NODE_NAME });
			if (answer.workflowData === undefined) return { status: answer.status, body: answer.body };
			return { status: 200, body: { free: ['10:00'], asked: answer.workflowData[0][0].json } };
		});
		try {
			sim.hamsa.webTools.find((tool) => (tool.id as unknown as string) === toolId)!.toolSettings.serverUrl = server.url as unknown as JsonTree;
			const answer = await sim.invokeTool(VOICE_AGENT_ID, 'check_availability', { date: '2026-12-09', people: '4' });
			expect(answer).toEqual({ status: 200, body: { free: ['10:00'], asked: { date: '2026-12-09', people: 4 } } });
			expect(authToken).toBeTruthy();
			hang = true;
			expect(await sim.invokeTool(VOICE_AGENT_ID, 'check_availability', {}, { timeoutMs: 200 })).toEqual({ timedOut: true });
			await expect(sim.invokeTool(VOICE_AGENT_ID, 'no_such_tool', {})).rejects.toThrow(/no tool named/);
		} finally {
			await server.close();
		}
	});
});
