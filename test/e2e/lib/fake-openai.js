'use strict';
// A scripted stand-in for the OpenAI API, just enough for n8n's "OpenAI Chat
// Model" sub-node (lmChatOpenAi, which talks through @langchain/openai and the
// openai SDK) to drive an AI Agent that calls one tool. No model runs here:
//
//   1st request that offers a tool   → a call of that tool with `toolArgs`
//   the request carrying its result  → a final answer quoting that result
//
// Both OpenAI APIs the node can use are served, each as JSON or, when the
// request says `stream: true`, as server-sent events:
//   POST <base>/responses          the Responses API (node 1.3's default)
//   POST <base>/chat/completions   Chat Completions ("Use Responses API" off)
//   GET  <base>/models             the model list (model picker, credential test)
// Every request is recorded in `requests` ({method, path, headers, body, at}).

const http = require('node:http');

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };

function readBody(req) {
	return new Promise((resolve, reject) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (raw += d));
		req.on('end', () => resolve(raw));
		req.on('error', reject);
	});
}

function sendJson(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

function sendError(res, status, message) {
	sendJson(res, status, { error: { message, type: 'invalid_request_error', param: null, code: null } });
}

/** Writes server-sent events: `events` are [eventName | null, data] pairs. */
function sendSse(res, events) {
	res.writeHead(200, SSE_HEADERS);
	for (const [event, data] of events) res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
	res.end();
}

function toolNamesOf(body) {
	// Chat Completions: [{type:'function', function:{name}}]; Responses: [{type:'function', name}].
	return (body.tools || []).map((t) => (t.function ? t.function.name : t.name)).filter(Boolean);
}

/** The first tool result in the request, as text: Responses `function_call_output` items or Chat `tool` messages. */
function toolResultOf(body) {
	for (const item of body.input || []) {
		if (item && item.type === 'function_call_output') return { callId: item.call_id, text: String(item.output) };
	}
	for (const m of body.messages || []) {
		if (m && m.role === 'tool') {
			const text = typeof m.content === 'string' ? m.content : (m.content || []).map((p) => p.text || '').join('');
			return { callId: m.tool_call_id, text };
		}
	}
	return undefined;
}

/**
 * @param {{toolArgs?: object, toolName?: string, finalText?: (toolResult: string) => string, model?: string}} [options]
 *   toolName: the tool to call (default: the first tool offered)
 * @returns {Promise<{url:string, baseUrl:string, requests:object[], turns:object[], clearRequests:()=>void, close:()=>Promise<void>}>}
 *   baseUrl is what the credential's "Base URL" needs (…/v1)
 */
async function startFakeOpenAi(options = {}) {
	const toolArgs = options.toolArgs || { question: 'What are your opening hours?' };
	const finalText = options.finalText || ((result) => `Here is what HotTask told me: ${result}`);
	const model = options.model || 'gpt-5-mini';
	const requests = [];
	// What the fake answered, one entry per completion request: {kind:'tool_call'|'final', ...}.
	const turns = [];
	let seq = 0;
	const nextId = (prefix) => `${prefix}_fake${String(++seq).padStart(6, '0')}`;

	/** Decides the answer for one completion request. */
	function script(body) {
		const result = toolResultOf(body);
		if (result) return { kind: 'final', text: finalText(result.text), toolResult: result.text, callId: result.callId };
		const tools = toolNamesOf(body);
		if (!tools.length) return { kind: 'final', text: 'No tool was offered, so I cannot look that up.' };
		const name = options.toolName && tools.includes(options.toolName) ? options.toolName : tools[0];
		return { kind: 'tool_call', name, args: JSON.stringify(toolArgs), callId: nextId('call') };
	}

	function responsesApi(body, res) {
		const turn = script(body);
		turns.push(turn);
		const created = Math.floor(Date.now() / 1000);
		const id = nextId('resp');
		const item =
			turn.kind === 'tool_call'
				? { type: 'function_call', id: nextId('fc'), call_id: turn.callId, name: turn.name, arguments: turn.args, status: 'completed' }
				: { type: 'message', id: nextId('msg'), role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: turn.text, annotations: [] }] };
		const usage = { input_tokens: 50, output_tokens: 20, total_tokens: 70, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } };
		const response = { id, object: 'response', created_at: created, status: 'completed', model, output: [item], usage, error: null, incomplete_details: null, tools: body.tools || [], parallel_tool_calls: true };
		if (!body.stream) return sendJson(res, 200, response);

		const events = [];
		const ev = (type, data) => events.push([type, { type, sequence_number: events.length, ...data }]);
		ev('response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } });
		if (turn.kind === 'tool_call') {
			ev('response.output_item.added', { output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } });
			ev('response.function_call_arguments.delta', { item_id: item.id, output_index: 0, delta: turn.args });
			ev('response.function_call_arguments.done', { item_id: item.id, output_index: 0, arguments: turn.args });
			ev('response.output_item.done', { output_index: 0, item });
		} else {
			ev('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
			ev('response.content_part.added', { item_id: item.id, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
			for (const piece of turn.text.match(/\s*\S+/g) || [turn.text]) ev('response.output_text.delta', { item_id: item.id, output_index: 0, content_index: 0, delta: piece });
			ev('response.output_text.done', { item_id: item.id, output_index: 0, content_index: 0, text: turn.text });
			ev('response.content_part.done', { item_id: item.id, output_index: 0, content_index: 0, part: item.content[0] });
			ev('response.output_item.done', { output_index: 0, item });
		}
		ev('response.completed', { response });
		return sendSse(res, events);
	}

	function chatCompletions(body, res) {
		const turn = script(body);
		turns.push(turn);
		const created = Math.floor(Date.now() / 1000);
		const id = nextId('chatcmpl');
		const usage = { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 };
		const toolCall = turn.kind === 'tool_call' ? { id: turn.callId, type: 'function', function: { name: turn.name, arguments: turn.args } } : undefined;
		const finish = toolCall ? 'tool_calls' : 'stop';
		if (!body.stream) {
			const message = toolCall ? { role: 'assistant', content: null, tool_calls: [toolCall], refusal: null } : { role: 'assistant', content: turn.text, refusal: null };
			return sendJson(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage });
		}
		const chunk = (delta, finishReason = null, extra = {}) => [null, { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra }];
		const events = [chunk({ role: 'assistant', content: toolCall ? null : '' })];
		if (toolCall) {
			events.push(chunk({ tool_calls: [{ index: 0, id: toolCall.id, type: 'function', function: { name: toolCall.function.name, arguments: '' } }] }));
			events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: toolCall.function.arguments } }] }));
		} else {
			for (const piece of turn.text.match(/\s*\S+/g) || [turn.text]) events.push(chunk({ content: piece }));
		}
		events.push(chunk({}, finish));
		if (body.stream_options && body.stream_options.include_usage) events.push([null, { id, object: 'chat.completion.chunk', created, model, choices: [], usage }]);
		events.push([null, '[DONE]']);
		return sendSse(res, events);
	}

	const server = http.createServer(async (req, res) => {
		try {
			const raw = await readBody(req);
			let body;
			if (raw) {
				try {
					body = JSON.parse(raw);
				} catch {
					body = raw;
				}
			}
			const url = new URL(req.url, 'http://fake');
			const path = url.pathname.replace(/^\/v1(?=\/)/, '');
			requests.push({ method: req.method, path, headers: req.headers, body, at: Date.now() });
			if (req.method === 'GET' && path === '/models') {
				return sendJson(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 1700000000, owned_by: 'fake-openai' }] });
			}
			if (req.method === 'POST' && (path === '/responses' || path === '/chat/completions')) {
				if (!body || typeof body !== 'object') return sendError(res, 400, 'The body must be a JSON object');
				return path === '/responses' ? responsesApi(body, res) : chatCompletions(body, res);
			}
			return sendError(res, 404, `fake-openai does not serve ${req.method} ${url.pathname}`);
		} catch (error) {
			if (!res.headersSent) sendError(res, 500, String(error && error.message));
			else res.destroy();
		}
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		baseUrl: `${url}/v1`,
		requests,
		turns,
		clearRequests() {
			requests.length = 0;
			turns.length = 0;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startFakeOpenAi };
