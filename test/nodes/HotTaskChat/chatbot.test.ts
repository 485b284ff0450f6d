/**
 * HotTask Chat → Chatbot: Create (POST /chat/Chatbot/Add) and Update
 * (POST /chat/Chatbot/Edit, only the settings given), and the Model dropdown
 * loaded from ModelList.
 */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INode, INodePropertyOptions } from 'n8n-workflow';
import { expectNoSecrets, expectRefusedBeforeSending, expectServerErrorNotRetried, failureOf } from '../../harness/expectations';
import { TestCredentialsHelper } from '../../harness/credentialsHelper';
import { testAdditionalData } from '../../harness/n8nCore';
import { operationRunner } from '../../harness/operations';
import { PACKAGE_NAME, PackageNodeTypes } from '../../harness/packageTypes';
import { CHATBOT_ID, credentialsFor, HOTTASK_KEY, useSimulator, type Simulator } from '../../harness/simulator';

const context = useSimulator();
const chat = operationRunner(context, 'hotTaskChat', {});
const chatbot = operationRunner(context, 'hotTaskChat', { resource: 'chatbot' });

interface StoredChatbot {
	settings: Record<string, unknown>;
	knowledge: { qa: unknown[] };
}

function stored(sim: Simulator, chatbotId = CHATBOT_ID): StoredChatbot | undefined {
	const bots = (sim as unknown as { hottask: { chatbots: Map<string, StoredChatbot> } }).hottask.chatbots;
	const found = bots.get(chatbotId);
	return found ? (JSON.parse(JSON.stringify(found)) as StoredChatbot) : undefined;
}

/** Runs the node's loadOptions method as n8n's editor does (a one-node workflow and n8n-core's LoadOptionsContext). */
async function loadOptions(sim: Simulator, method: string): Promise<INodePropertyOptions[]> {
	const nodeTypes = new PackageNodeTypes();
	const type = nodeTypes.getByNameAndVersion(`${PACKAGE_NAME}.hotTaskChat`);
	const node: INode = {
		parameters: { resource: 'chatbot', operation: 'update' },
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: `${PACKAGE_NAME}.hotTaskChat`,
		typeVersion: 1,
		position: [0, 0],
		credentials: { hotTaskApi: { id: 'hotTaskApi', name: 'hotTaskApi' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = testAdditionalData({ credentialsHelper: new TestCredentialsHelper(credentialsFor(sim)), currentNodeParameters: node.parameters });
	const loadContext = new LoadOptionsContext(workflow, workflow.nodes['Temp-Node'], additionalData, 'parameters.updateFields.model');
	const load = type.methods?.loadOptions?.[method] as (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;
	return await load.call(loadContext);
}

describe('HotTask Chat → Chatbot → Create', () => {
	it('posts the time zone and type 0, and outputs the new Chatbot ID, which the next nodes can use', async () => {
		const { sim } = context;
		const run = await chatbot({ operation: 'create', timeZone: 'Europe/Berlin' });
		expect(run.error).toBeUndefined();
		expect(sim.requests.map((request) => [request.method, request.path, request.headers.authorization, request.body])).toEqual([
			['POST', '/chat/Chatbot/Add', HOTTASK_KEY, { timeZone: 'Europe/Berlin', type: 0 }],
		]);
		const chatbotId = run.items[0].json.chatbotId as string;
		expect(chatbotId).toMatch(/^[0-9a-f]{32}$/);
		expect(run.items[0]).toEqual({
			json: { chatbotId, timeZone: 'Europe/Berlin', chatbot: expect.objectContaining({ SerialNumber: chatbotId, TimeZone: 'Europe/Berlin' }) },
			pairedItem: { item: 0 },
		});
		// The new chatbot works with the other operations.
		const session = await chat({ resource: 'session', operation: 'create', chatbotId });
		expect(session.items[0].json.sessionId).toEqual(expect.any(Number));
		const added = await chat({ resource: 'knowledge', operation: 'add', chatbotId, knowledgeType: 'qa', qaFrom: 'fields', qaPairs: { pair: [{ question: 'Hi?', answer: 'Hello from the new bot.' }] } });
		expect(added.error).toBeUndefined();
		const asked = await chat({ resource: 'message', operation: 'ask', chatbotId, question: 'Hi?', stream: false });
		expect(asked.items[0].json.answer).toBe('Hello from the new bot.');
	});

	it.each([
		['a bare serial number', 'abc123'],
		['{ChatbotId}', { ChatbotId: 'abc123', Name: 'x' }],
		['{chatbot: {serialNumber}}', { chatbot: { serialNumber: 'abc123' } }],
	])('reads the new id from %s', async (_title, Data) => {
		context.sim.addFault({ path: '/chat/Chatbot/Add', status: 200, body: { Data, Success: true, Code: 200, Message: '' } });
		const run = await chatbot({ operation: 'create', timeZone: 'UTC' });
		expect(run.items[0].json.chatbotId).toBe('abc123');
	});

	it('an answer without an id fails, saying a chatbot was made', async () => {
		context.sim.addFault({ path: '/chat/Chatbot/Add', status: 200, body: { Data: { Name: 'x' }, Success: true, Code: 200 } });
		const { message, description } = failureOf(await chatbot({ operation: 'create', timeZone: 'UTC' }));
		expect(message).toBe('HotTask: HotTask created a chatbot but its answer did not show the new Chatbot ID [item 0]');
		expect(description).toContain('Find the new chatbot in HotTask before running this again');
	});

	it('is a write: not repeated after a server error', async () => {
		await expectServerErrorNotRetried(context.sim, '/chat/Chatbot/Add', 500, () => chatbot({ operation: 'create', timeZone: 'UTC', options: { maxRetries: 3 } }));
	});

	it.each([
		['not a time zone', 'Mars/Olympus', 'Invalid Time Zone "Mars/Olympus": it is not an IANA time zone such as Europe/Berlin, Asia/Dubai or UTC [item 1]'],
		['empty', '', 'Time Zone is required [item 1]'],
	])('refuses a Time Zone that is %s before sending anything', async (_title, bad, message) => {
		const run = await chatbot({ operation: 'create', timeZone: '={{ $json.tz }}' }, { items: [{ tz: 'UTC' }, { tz: bad }] });
		expectRefusedBeforeSending(run, context.sim, message);
	});
});

describe('HotTask Chat → Chatbot → Update', () => {
	it('sends only the settings given, with the keys HotTask\'s Edit takes', async () => {
		const { sim } = context;
		const before = stored(sim)!.settings;
		const run = await chatbot({ operation: 'update', chatbotId: CHATBOT_ID, updateFields: { model: '3', temperature: 0.2 } });
		expect(run.error).toBeUndefined();
		expect(sim.requests.map((request) => [request.path, request.body])).toEqual([['/chat/Chatbot/Edit', { serialNumber: CHATBOT_ID, Model: '3', Temperature: 0.2 }]]);
		expect(run.items).toEqual([{ json: { chatbotId: CHATBOT_ID, updated: { model: '3', temperature: 0.2 } }, pairedItem: { item: 0 } }]);
		expect(stored(sim)!.settings).toEqual({ ...before, Model: '3', Temperature: 0.2 });
		expect(stored(sim)!.knowledge.qa).toHaveLength(2);
	});

	it('every setting: name, model, system prompt, temperature, answer suffix and time zone', async () => {
		const { sim } = context;
		const updateFields = { name: 'Bakery Bot', model: '2', systemPrompt: 'Be brief.', temperature: 1, answerSuffix: '— The Bakery', timeZone: 'Asia/Dubai' };
		const run = await chatbot({ operation: 'update', chatbotId: CHATBOT_ID, updateFields });
		expect(run.error).toBeUndefined();
		expect(sim.requests[0].body).toEqual({
			serialNumber: CHATBOT_ID,
			Name: 'Bakery Bot',
			Model: '2',
			SystemMessage: 'Be brief.',
			Temperature: 1,
			AnswerSuffix: '— The Bakery',
			TimeZone: 'Asia/Dubai',
		});
		expect(stored(sim)!.settings).toEqual({ Name: 'Bakery Bot', Model: '2', SystemMessage: 'Be brief.', Temperature: 1, AnswerSuffix: '— The Bakery', TimeZone: 'Asia/Dubai' });
		// The chatbot answers with its new settings.
		const asked = await chat({ resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Is there parking?', stream: true });
		expect(asked.items[0].json.answer).toBe('Yes, behind the shop.\n\n— The Bakery');
	});

	it('the Model dropdown lists HotTask\'s models, available ones first', async () => {
		const options = await loadOptions(context.sim, 'getModels');
		expect(options).toEqual([
			{ name: 'gpt-4o', value: '2', description: 'Model ID 2' },
			{ name: 'gpt-4o-mini', value: '3', description: 'Model ID 3' },
			{ name: 'claude-3-5-sonnet (not available)', value: '5', description: 'Model ID 5' },
		]);
		expect(context.sim.requests.map((request) => [request.method, request.path, request.headers.authorization])).toEqual([['GET', '/chat/Chatbot/ModelList', HOTTASK_KEY]]);
	});

	it('fails with HotTask\'s message for a model it does not know', async () => {
		const run = await chatbot({ operation: 'update', chatbotId: CHATBOT_ID, updateFields: { model: '99' } });
		expect(failureOf(run).message).toBe('HotTask: Model 99 is not in the model list [item 0]');
		expectNoSecrets(run);
	});

	it('is a write: not repeated after a server error', async () => {
		await expectServerErrorNotRetried(context.sim, '/chat/Chatbot/Edit', 502, () =>
			chatbot({ operation: 'update', chatbotId: CHATBOT_ID, updateFields: { name: 'x' }, options: { maxRetries: 3 } }),
		);
	});

	it('refuses an empty Update Fields before sending anything', async () => {
		expectRefusedBeforeSending(await chatbot({ operation: 'update', chatbotId: CHATBOT_ID, updateFields: {} }), context.sim, 'Update Fields is required [item 0]');
	});

	it.each([
		['a temperature above 2', 'temperature', 0.5, 3, 'Invalid Temperature 3: it must be a number from 0 to 2 [item 1]'],
		['an empty name', 'name', 'Bot', ' ', 'Name is required [item 1]'],
		['a time zone that is not one', 'timeZone', 'UTC', 'Berlin', 'Invalid Time Zone "Berlin": it is not an IANA time zone such as Europe/Berlin, Asia/Dubai or UTC [item 1]'],
	])('refuses %s before sending anything, naming the item', async (_title, field, good, bad, message) => {
		const run = await chatbot({ operation: 'update', chatbotId: CHATBOT_ID, updateFields: { [field]: '={{ $json.v }}' } }, { items: [{ v: good }, { v: bad }] });
		expectRefusedBeforeSending(run, context.sim, message);
	});
});
