'use strict';
// n8n's AI Agent uses HotTask Chat as a tool (the "HotTask Chat Tool" variant
// n8n derives from `usableAsTool`), run with `n8n execute`. The language model
// is the one fake here (lib/fake-openai.js, no LLM on these machines): it asks
// for the tool with a question, then answers by quoting what the tool returned.
// Everything between the two model turns is real n8n and our real node.

const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { startFakeOpenAi } = require('../lib/fake-openai');
const { requestsTo, expectAuth, defaultAnswer, ids } = require('./util');

const WORKFLOW = 'ai-agent-tool.json';
const OPENAI_CREDENTIAL = { id: 'OpenAiFakeE2e001', name: 'OpenAI (fake model)', type: 'openAiApi' };
const OPENAI_KEY = 'sk-e2e-fake-0123456789';
// Not the prompt's wording, so ClientAsk's content can only have come from the model's tool call.
const QUESTION = 'Are you open on Saturday mornings?';
// n8n names a node's tool after the node: "HotTask Chat Tool" → HotTask_Chat_Tool.
const TOOL_NAME = 'HotTask_Chat_Tool';

/** The `answer` fields of the tool's result (our node returns its items as a JSON array). */
function answersIn(toolResultText) {
	try {
		const parsed = JSON.parse(toolResultText);
		return (Array.isArray(parsed) ? parsed : [parsed]).map((item) => item && item.answer).filter((a) => typeof a === 'string');
	} catch {
		return [];
	}
}

/** The fake model's final turn: quotes the answer the tool gave, or the raw result when it has none. */
function finalText(toolResultText) {
	const answers = answersIn(toolResultText);
	return `HotTask says: ${answers.length ? answers.join(' ') : toolResultText}`;
}

async function agentUsesHotTaskTool(t, env) {
	const { ctx, sim, workflows } = env;
	const fake = await startFakeOpenAi({ toolArgs: { question: QUESTION }, toolName: TOOL_NAME, finalText });
	try {
		sim.reset();
		let run;
		const ran = await t.check('AI Agent (OpenAI Chat Model + HotTask Chat Tool) runs green under `n8n execute`', async () => {
			await h.importCredentials(ctx, [{ ...OPENAI_CREDENTIAL, data: { apiKey: OPENAI_KEY, url: fake.baseUrl } }]);
			run = await h.executeWorkflow(ctx, workflows[WORKFLOW].id);
			assert.equal(run.status, 'success', `status ${run.status}, error ${JSON.stringify(run.error)}\n${run.stderr.slice(-2000)}`);
			assert.ok(run.ok);
			const runData = run.output.data.resultData.runData;
			for (const node of ['AI Agent', 'OpenAI Chat Model', 'HotTask Chat Tool']) assert.ok(runData[node], `node "${node}" did not run`);
			return `${(run.ms / 1000).toFixed(1)} s`;
		});
		if (!ran) return;
		const modelCalls = fake.requests.filter((r) => r.method === 'POST');
		const reqs = sim.requests.slice();

		await t.check('AI Agent: the model was offered HotTask_Chat_Tool with a required string `question` (from $fromAI)', async () => {
			assert.equal(modelCalls.length, 2, `expected 2 model requests, got ${fake.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
			const [first] = modelCalls;
			// lmChatOpenAi 1.3 uses the Responses API unless "Use Responses API" is switched off.
			assert.equal(first.path, '/responses');
			assert.equal(first.headers.authorization, `Bearer ${OPENAI_KEY}`);
			const tools = first.body.tools || [];
			assert.deepEqual(tools.map((x) => x.name), [TOOL_NAME]);
			const { parameters } = tools[0];
			assert.deepEqual(Object.keys(parameters.properties), ['question']);
			assert.equal(parameters.properties.question.type, 'string');
			assert.equal(parameters.properties.question.description, 'The customer question to ask the HotTask chatbot');
			assert.deepEqual(parameters.required, ['question']);
			assert.ok(JSON.stringify(first.body.input).includes('Use the HotTask tool to answer.'), 'the prompt did not reach the model');
			assert.equal(fake.turns[0].kind, 'tool_call');
			return `"${tools[0].description}"`;
		});

		let sessionId;
		await t.check('AI Agent tool call → HotTask GetSession {serialNumber}, then ClientAsk {content: the model\'s question}', async () => {
			assert.deepEqual(reqs.map((r) => `${r.method} ${r.path}`), ['POST /chat/Chatbot/GetSession', 'POST /chat/Chat/ClientAsk']);
			for (const r of reqs) expectAuth(r);
			const [getSession] = requestsTo(reqs, 'POST', '/chat/Chatbot/GetSession', 1);
			assert.deepEqual(getSession.body, { serialNumber: ids.CHATBOT });
			const [ask] = requestsTo(reqs, 'POST', '/chat/Chat/ClientAsk', 1);
			sessionId = ask.body.sessionID;
			assert.ok(Number.isInteger(sessionId) && sessionId > 0, `sessionID ${sessionId}`);
			assert.deepEqual(ask.body, { sessionID: sessionId, content: QUESTION, stream: true });
			const toolRuns = run.output.data.resultData.runData['HotTask Chat Tool'];
			assert.equal(toolRuns.length, 1, `the tool ran ${toolRuns.length} times`);
			const [item] = toolRuns[0].data.ai_tool[0].map((i) => i.json);
			assert.equal(item.sessionId, sessionId);
			assert.equal(item.newSession, true);
			assert.equal(item.answer, defaultAnswer(QUESTION));
			return `sessionID ${sessionId}`;
		});

		await t.check('AI Agent: the model\'s second request carries the tool result with HotTask\'s answer', async () => {
			const second = modelCalls[1];
			assert.ok(second, 'no second model request');
			assert.equal(second.headers.authorization, `Bearer ${OPENAI_KEY}`);
			const input = second.body.input || [];
			const call = input.find((i) => i.type === 'function_call');
			assert.ok(call, `no function_call item in ${JSON.stringify(input).slice(0, 500)}`);
			assert.equal(call.name, TOOL_NAME);
			assert.equal(call.call_id, fake.turns[0].callId);
			assert.equal(JSON.parse(call.arguments).question, QUESTION);
			const results = input.filter((i) => i.type === 'function_call_output');
			assert.equal(results.length, 1, `${results.length} function_call_output items`);
			assert.equal(results[0].call_id, fake.turns[0].callId);
			assert.deepEqual(answersIn(results[0].output), [defaultAnswer(QUESTION)], `tool result: ${results[0].output}`);
			const [result] = JSON.parse(results[0].output);
			assert.equal(result.sessionId, sessionId);
			assert.equal(fake.turns[1].kind, 'final');
		});

		await t.check('AI Agent output is the model\'s final answer, quoting HotTask\'s answer', async () => {
			const items = h.nodeOutput(run, 'AI Agent');
			assert.ok(items, 'the AI Agent has no output');
			assert.equal(items.length, 1);
			assert.equal(items[0].output, `HotTask says: ${defaultAnswer(QUESTION)}`);
			return `"${items[0].output}"`;
		});
	} finally {
		await fake.close();
	}
}

module.exports = { agentUsesHotTaskTool };
