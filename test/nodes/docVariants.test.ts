/**
 * Answer shapes and behaviours that the services' docs (docs/services.md and
 * the vendors' pages it lists) show or leave open, across all nodes, beyond
 * what each node's own test file pins down. Each test drives the real node (runNode / runWebhook) against
 * the simulator, with faults carrying the exact body where the simulator would
 * not produce that shape by itself.
 */
import { startCallParameters } from '../harness/calls';
import { failureOf } from '../harness/expectations';
import { runListSearch } from '../harness/runListSearch';
import { runWebhook, type RunWebhookOptions } from '../harness/runWebhook';
import { runNode } from '../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, useSimulator, VOICE_AGENT_ID } from '../harness/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { WEBHOOK_SECRETS } = require('../harness/knownSecrets') as { WEBHOOK_SECRETS: string[] };

const context = useSimulator({ callDurationMs: 150 });

const ASK = '/chat/Chat/ClientAsk';
const SESSION = '/chat/Chatbot/GetSession';

function hotTask(parameters: Record<string, unknown>) {
	return runNode({ node: 'hotTaskChat', parameters, credentials: credentialsFor(context.sim) });
}

function askPlain(extra: Record<string, unknown> = {}) {
	return hotTask({ resource: 'message', operation: 'ask', sessionId: '880001', question: 'hello', stream: false, ...extra });
}

function askStreamed(extra: Record<string, unknown> = {}) {
	return hotTask({ resource: 'message', operation: 'ask', sessionId: '880001', question: 'hello', stream: true, ...extra });
}

function hamsa(parameters: Record<string, unknown>) {
	return runNode({ node: 'hamsaVoiceCall', parameters, credentials: credentialsFor(context.sim) });
}

/** Hamsa's documented success envelope (success: false, message: "success"). */
function hamsaOk(data: unknown) {
	return { success: false, message: 'success', data };
}

const CALL_ID = '849e77c6-5cb3-479a-a985-7fab630e2c78';

/** get-conversation exactly as docs.tryhamsa.com/api-reference/endpoint/get-conversation shows it. */
function documentedConversation(extra: Record<string, unknown> = {}) {
	return {
		id: CALL_ID,
		model: 'gpt-4',
		agentDetails: {},
		jobResponse: {},
		status: 'COMPLETED',
		type: 'VOICE_AGENTS',
		processingType: 'real-time',
		voiceAgentId: VOICE_AGENT_ID,
		apiKeyId: 'd949f13f-40d2-4e48-ac86-b66633070603',
		createdAt: '2024-01-15T10:30:00Z',
		updatedAt: '2024-01-15T10:35:00Z',
		title: 'Customer Support Call',
		mediaUrl: 'https://storage.example.com/recordings/123.mp3',
		callParams: { userNumber: '+1234567890' },
		callDuration: 125,
		channelType: 'TELEPHONE',
		callAnalysis: {},
		voiceAgent: { voiceAgentWebTools: [{ webTool: {} }], webTools: {}, voiceAgentKnowledgeBases: [{ knowledgeBaseItem: {} }] },
		logs: [{ id: 'log_123', timestamp: '2024-01-15T10:30:15Z', payload: {}, createdAt: '2024-01-15T10:30:15Z', updatedAt: '2024-01-15T10:30:15Z' }],
		performanceMetrics: {},
		...extra,
	};
}

// ───────────────────────────── HotTask ─────────────────────────────

describe('HotTask envelope and Data variants (no published list of codes, casing not promised)', () => {
	it('Ask (not streamed): reads an envelope whose keys are lower-case (success, code, data, message)', async () => {
		context.sim.addFault({
			path: ASK,
			status: 200,
			body: { data: { messageid: 42, content: 'Hi there', totalToken: 7 }, version: '1.0.0', success: true, code: 200, message: '' },
		});
		const run = await askPlain();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ answer: 'Hi there', messageId: 42, totalTokens: 7 });
	});

	it('Ask (not streamed): reads Success "true" and Code "200" sent as strings', async () => {
		context.sim.addFault({
			path: ASK,
			status: 200,
			body: { Data: { messageid: '43', content: 'ok', totalToken: '8' }, Version: '1.0.0', Success: 'true', Code: '200', Message: '' },
		});
		const run = await askPlain();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ answer: 'ok', messageId: 43, totalTokens: 8 });
	});

	it('Ask (not streamed): reads Data keys in another casing (MessageID, Content, TotalToken)', async () => {
		context.sim.addFault({
			path: ASK,
			status: 200,
			body: { Data: { MessageID: 44, Content: 'cased', TotalToken: 9 }, Version: '1.0.0', Success: true, Code: 200, Message: '' },
		});
		const run = await askPlain();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ answer: 'cased', messageId: 44, totalTokens: 9 });
	});

	it('Ask (not streamed): HTTP 200 with Success true but Code 500 fails with HotTask\'s Message', async () => {
		context.sim.addFault({ path: ASK, status: 200, body: { Data: null, Version: '1.0.0', Success: true, Code: 500, Message: 'Model overloaded' } });
		const run = await askPlain();
		expect(failureOf(run).message).toMatch(/Model overloaded/);
	});

	it('Ask (not streamed): an HTTP error status carrying the envelope fails with its Message', async () => {
		context.sim.addFault({ path: ASK, status: 400, body: { Data: null, Version: '1.0.0', Success: false, Code: 400, Message: 'content is required' } });
		const run = await askPlain();
		expect(failureOf(run).message).toMatch(/content is required/);
	});

	it('Create Session: reads a SessionID sent as a numeric string', async () => {
		context.sim.addFault({ path: SESSION, status: 200, body: { Data: { SessionID: '123456' }, Version: '1.0.0', Success: true, Code: 200, Message: '' } });
		const run = await hotTask({ resource: 'session', operation: 'create', chatbotId: CHATBOT_ID });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toEqual({ sessionId: 123456, chatbotId: CHATBOT_ID });
	});

	it('Create Session: a Success false envelope with HTTP 200 fails with its Message', async () => {
		context.sim.addFault({ path: SESSION, hottaskFailure: { code: 404, message: 'Chatbot not found' } });
		const run = await hotTask({ resource: 'session', operation: 'create', chatbotId: CHATBOT_ID });
		expect(failureOf(run).message).toMatch(/Chatbot not found/);
	});

	it('Get Message History: Data wrapped in an object ({Total, List}) gives one item per message', async () => {
		context.sim.addFault({
			path: '/chat/Chatbot/ChatContentHistory',
			status: 200,
			body: { Data: { Total: 2, List: [{ Question: 'a', Answer: 'b' }, { Question: 'c', Answer: 'd' }] }, Version: '1.0.0', Success: true, Code: 200, Message: '' },
		});
		const run = await hotTask({ resource: 'message', operation: 'getHistory', chatbotId: CHATBOT_ID, startDate: '2025-01-01', endDate: '2025-01-02' });
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json)).toEqual([{ Question: 'a', Answer: 'b' }, { Question: 'c', Answer: 'd' }]);
	});

	it('Get Message History: Data null (no messages) gives no items and no error', async () => {
		context.sim.addFault({ path: '/chat/Chatbot/ChatContentHistory', status: 200, body: { Data: null, Version: '1.0.0', Success: true, Code: 200, Message: '' } });
		const run = await hotTask({ resource: 'message', operation: 'getHistory', chatbotId: CHATBOT_ID, startDate: '2025-01-01', endDate: '2025-01-02' });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(0);
	});

	it('Get Many Leads: Data null (no leads) gives no items and no error', async () => {
		context.sim.addFault({ path: '/chat/Chatbot/LeadList', status: 200, body: { Data: null, Version: '1.0.0', Success: true, Code: 200, Message: '' } });
		const run = await hotTask({ resource: 'lead', operation: 'getMany', chatbotId: CHATBOT_ID });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(0);
	});

	it('Get Models: the documented [{Key, Value, Status}] list, with Status false, reads as not available', async () => {
		context.sim.addFault({
			path: '/chat/Chatbot/ModelList',
			status: 200,
			body: { Data: [{ Key: '2', Value: 'gpt-4o', Status: true }, { Key: '3', Value: 'gpt-3.5', Status: false }], Version: '1.0.0', Success: true, Code: 200, Message: '' },
		});
		const run = await hotTask({ resource: 'account', operation: 'getModels' });
		expect(run.items.map((item) => item.json)).toEqual([
			{ id: '2', name: 'gpt-4o', available: true },
			{ id: '3', name: 'gpt-3.5', available: false },
		]);
	});
});

describe('HotTask Twilio Status variants', () => {
	function send() {
		return runNode({
			node: 'hotTaskTwilio',
			parameters: { resource: 'message', operation: 'send', chatbotId: CHATBOT_ID, to: '+14155550123', message: 'Hi' },
			credentials: credentialsFor(context.sim),
		});
	}

	it('the documented answer (Status "True", a 12-digit SessionID) gives sent: true and the session id', async () => {
		context.sim.addFault({
			path: '/chat/Chatbot/SendTwilioMessage',
			status: 200,
			body: { Data: { Status: 'True', Message: 'test', SessionID: 123123123123 }, Version: '1.0.0', Success: true, Code: 200, Message: '' },
		});
		const run = await send();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ sent: true, message: 'test', sessionId: 123123123123 });
	});

	it('Status as a JSON boolean true, or lower-case "true", is sent too', async () => {
		for (const status of [true, 'true']) {
			context.sim.addFault({
				path: '/chat/Chatbot/SendTwilioMessage',
				status: 200,
				body: { Data: { Status: status, Message: 'ok', SessionID: 5 }, Version: '1.0.0', Success: true, Code: 200, Message: '' },
			});
			const run = await send();
			expect({ status, error: run.error?.message, sent: run.items[0]?.json.sent }).toEqual({ status, error: undefined, sent: true });
		}
	});
});

describe('HotTask streamed answers: forms the docs allow beyond the simulator\'s framings', () => {
	it('a host that ignores stream: true and answers the plain JSON envelope still gives the answer', async () => {
		context.sim.addFault({
			path: ASK,
			status: 200,
			headers: { 'Content-Type': 'application/json; charset=utf-8' },
			body: JSON.stringify({ Data: { messageid: 375561, content: 'Whole answer', totalToken: 12 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }),
		});
		const run = await askStreamed();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ answer: 'Whole answer', messageId: 375561, totalTokens: 12 });
	});

	it('an error envelope on one line with Content-Type text/event-stream fails with HotTask\'s Message', async () => {
		context.sim.addFault({
			path: ASK,
			status: 200,
			headers: { 'Content-Type': 'text/event-stream' },
			body: '{"Data":null,"Version":"1.0.0","Success":false,"Code":402,"Message":"Out of message credits"}\n',
		});
		const run = await askStreamed();
		expect(failureOf(run).message).toMatch(/Out of message credits/);
	});

	it('an error envelope written over several lines (as the docs print it) with a non-JSON Content-Type fails with HotTask\'s Message', async () => {
		context.sim.addFault({
			path: ASK,
			status: 200,
			headers: { 'Content-Type': 'text/plain; charset=utf-8' },
			body: '{\n  "Data": null,\n  "Version": "1.0.0",\n  "Success": false,\n  "Code": 402,\n  "Message": "Out of message credits"\n}\n',
		});
		const run = await askStreamed();
		expect(failureOf(run).message).toMatch(/Out of message credits/);
	});

	it('an error envelope written over several lines with Content-Type text/event-stream fails with HotTask\'s Message', async () => {
		context.sim.addFault({
			path: ASK,
			status: 200,
			headers: { 'Content-Type': 'text/event-stream' },
			body: '{\n  "Data": null,\n  "Version": "1.0.0",\n  "Success": false,\n  "Code": 402,\n  "Message": "Out of message credits"\n}\n',
		});
		const run = await askStreamed();
		expect(failureOf(run).message).toMatch(/Out of message credits/);
	});

	it('pieces followed by [DONE] and no summary give the joined pieces as the answer', async () => {
		context.sim.configure({ answer: 'Joined answer' });
		context.sim.addFault({ path: ASK, stream: { framing: 'sse', done: true, endWithoutSummary: true } });
		const run = await askStreamed({ sessionId: '', chatbotId: CHATBOT_ID });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ answer: 'Joined answer' });
	});

	it('a summary with no pieces before it (the seed\'s last line alone) gives the Answer, ids and tokens', async () => {
		context.sim.addFault({
			path: ASK,
			status: 200,
			headers: { 'Content-Type': 'text/event-stream' },
			body: '{"QuestionID":10495005,"AnswerID":10495006,"Answer":"\\nHello! How can I assist you?","TotalToken":4994}\n',
		});
		const run = await askStreamed();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ answer: '\nHello! How can I assist you?', questionId: 10495005, answerId: 10495006, totalTokens: 4994 });
	});

	it('the seed\'s exact stream (bare JSON lines, leading "\\n" piece) gives the summary\'s Answer', async () => {
		const pieces = ['\n', 'Hello', '!', ' How', ' can', ' I', ' assist', ' you', '?'].map((piece) => JSON.stringify({ content: piece }));
		context.sim.addFault({
			path: ASK,
			status: 200,
			headers: { 'Content-Type': 'text/event-stream' },
			body: `${pieces.join('\n')}\n{"QuestionID":10495005,"AnswerID":10495006,"Answer":"\\nHello! How can I assist you?","TotalToken":4994}`,
		});
		const run = await askStreamed();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ answer: '\nHello! How can I assist you?', answerId: 10495006, totalTokens: 4994 });
	});

	it('SSE events with event:/id: lines and a "data:" that carries a compact summary are read (event: error too)', async () => {
		context.sim.addFault({
			path: ASK,
			status: 200,
			headers: { 'Content-Type': 'text/event-stream; charset=utf-8' },
			body:
				': keep-alive\r\n\r\nevent: message\r\nid: 1\r\ndata:{"content":"Hi"}\r\n\r\nevent: message\r\nid: 2\r\ndata: {"content":" you"}\r\n\r\n' +
				'event: end\r\ndata: {"QuestionID":1,"AnswerID":2,"Answer":"Hi you","TotalToken":3}\r\n\r\ndata: [DONE]\r\n\r\n',
		});
		const run = await askStreamed();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ answer: 'Hi you', questionId: 1, answerId: 2, totalTokens: 3 });
	});
});

// ───────────────────────────── Hamsa ─────────────────────────────

describe('Hamsa envelope variants', () => {
	it('Start Call: HTTP 201 with success: true and the job is a started call', async () => {
		context.sim.addFault({
			path: '/v1/voice-agents/twilio/call',
			status: 201,
			body: { success: true, message: 'Created', data: { id: 'job-201', status: 'PENDING' } },
		});
		const run = await hamsa(startCallParameters());
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ callId: 'job-201', status: 'PENDING' });
	});

	it('a NestJS-style 400 {statusCode, message: [..], error} names every validation message', async () => {
		context.sim.addFault({
			path: `/v1/voice-agents/conversation/${CALL_ID}`,
			status: 400,
			body: { statusCode: 400, message: ['conversationId must be a UUID', 'something else'], error: 'Bad Request' },
		});
		const run = await hamsa({ resource: 'call', operation: 'get', callId: CALL_ID });
		expect(failureOf(run).message).toMatch(/conversationId must be a UUID/);
	});

	it('Phone Numbers: data as an empty array gives no items and no error', async () => {
		context.sim.addFault({ path: '/v1/voice-agents/phone-number/list', status: 200, body: hamsaOk([]) });
		const run = await hamsa({ resource: 'phoneNumber', operation: 'getMany' });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(0);
	});
});

describe('Hamsa Get Call: get-conversation as documented', () => {
	it('the documented example (no transcript anywhere, empty jobResponse) gives status, duration and recording, an empty transcript', async () => {
		context.sim.addFault({ path: `/v1/voice-agents/conversation/${CALL_ID}`, status: 200, body: { success: true, message: 'Success', data: documentedConversation() } });
		const run = await hamsa({ resource: 'call', operation: 'get', callId: CALL_ID });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			callId: CALL_ID,
			status: 'COMPLETED',
			callDuration: 125,
			recordingUrl: 'https://storage.example.com/recordings/123.mp3',
			transcript: '',
			outcome: {},
		});
	});

	it('reads the transcript and outcome when they sit only in jobResponse (the docs show no top-level transcription)', async () => {
		const transcription = [{ Agent: 'Hello! How can I help you?' }, { User: 'I want to book.' }];
		context.sim.addFault({
			path: `/v1/voice-agents/conversation/${CALL_ID}`,
			status: 200,
			body: {
				success: true,
				message: 'Success',
				data: documentedConversation({ jobResponse: { transcription, outcomeResult: { customerName: 'Ada', interested: true } } }),
			},
		});
		const run = await hamsa({ resource: 'call', operation: 'get', callId: CALL_ID });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			transcript: 'Agent: Hello! How can I help you?\nUser: I want to book.',
			outcome: { customerName: 'Ada', interested: true },
		});
	});
});

describe('Hamsa list paging where the docs leave total/filtered open', () => {
	it('Voice Agents, Return All: reads every agent when "filtered" counts only the agents on the page', async () => {
		const agents = Array.from({ length: 120 }, (_, index) => ({ id: `agent-${index}`, name: `Agent ${index}` }));
		context.sim.addFaults([
			{ path: '/v2/voice-agents', status: 200, body: hamsaOk({ total: 120, filtered: 100, voiceAgents: agents.slice(0, 100) }) },
			{ path: '/v2/voice-agents', status: 200, body: hamsaOk({ total: 120, filtered: 20, voiceAgents: agents.slice(100) }) },
		]);
		const run = await hamsa({ resource: 'voiceAgent', operation: 'getMany', returnAll: true });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(120);
	});

	it('Voice Agent dropdown: offers a next page when "filtered" counts only the agents on the page', async () => {
		const agents = Array.from({ length: 50 }, (_, index) => ({ id: `agent-${index}`, name: `Agent ${index}` }));
		context.sim.addFault({ path: '/v2/voice-agents', status: 200, body: hamsaOk({ total: 120, filtered: 50, voiceAgents: agents }) });
		const page = await runListSearch({
			node: 'hamsaVoiceCall',
			method: 'searchVoiceAgents',
			parameters: { resource: 'call', operation: 'start' },
			credentials: credentialsFor(context.sim),
			path: 'parameters.voiceAgentId',
		});
		expect(page.results).toHaveLength(50);
		expect(page.paginationToken).toBe('50');
	});

	it('Voice Agents: the v1 shape (agentName instead of name) gives the name', async () => {
		context.sim.addFault({
			path: '/v2/voice-agents',
			status: 200,
			body: hamsaOk({ total: 1, filtered: 1, voiceAgents: [{ id: 'a1', agentName: 'Legacy Agent', lang: 'ar' }] }),
		});
		const run = await hamsa({ resource: 'voiceAgent', operation: 'getMany', limit: 5 });
		expect(run.items[0].json).toMatchObject({ voiceAgentId: 'a1', name: 'Legacy Agent' });
	});
});

// ───────────────────────────── Webhooks ─────────────────────────────

const SECRET = WEBHOOK_SECRETS[0];
let counter = 0;
function newCallId(): string {
	counter += 1;
	return `aud17000-7a2d-4c55-9e61-${String(counter).padStart(12, '0')}`;
}

function trigger(body: unknown, parameters: Record<string, unknown> = {}, extra: Partial<RunWebhookOptions> = {}) {
	return runWebhook({
		node: 'hamsaTrigger',
		parameters: { authKey: 'Bearer', authSecret: SECRET, events: ['call.started', 'call.answered', 'transcription.update', 'tool.executed', 'call.ended'], ...parameters },
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SECRET}` },
		body,
		...extra,
	});
}

function envelope(eventType: string, callId: string, data: unknown, timestamp: unknown = '2025-06-02T10:15:30.000Z') {
	return { eventType, callId, timestamp, projectId: 'proj-7c1d', agentId: VOICE_AGENT_ID, agentName: 'Appointment Reminder', data };
}

describe('Hamsa Trigger: event shapes the webhook guide shows or leaves open', () => {
	it('call.ended with its details flat under data (no data.data) gives transcript, outcome and recording', async () => {
		const callId = newCallId();
		const run = await trigger(
			envelope('call.ended', callId, {
				conversationId: callId,
				conversationRecording: 'https://rec.example.com/1.mp3',
				transcription: [{ Agent: 'Hi' }, { User: 'Hello' }],
				outcomeResult: { interested: true },
			}),
		);
		expect(run.workflowData?.[0][0].json).toMatchObject({
			callId,
			transcript: 'Agent: Hi\nUser: Hello',
			outcome: { interested: true },
			recordingUrl: 'https://rec.example.com/1.mp3',
		});
	});

	it('call.ended with only the guide\'s echo example (data.data.outcomeResult, no callId, no recording, no transcript) does not fail', async () => {
		const run = await trigger({ eventType: 'call.ended', data: { data: { outcomeResult: { application_id: '12345', expectedSalary: '80000' } } } });
		expect(run.error).toBeUndefined();
		expect(run.workflowData?.[0][0].json).toMatchObject({ eventType: 'call.ended', transcript: '', outcome: { application_id: '12345', expectedSalary: '80000' } });
	});

	it('call.ended with data.data.conversationId but no top-level callId uses the conversation id', async () => {
		const callId = newCallId();
		const run = await trigger({ eventType: 'call.ended', timestamp: '2025-06-02T10:15:30.000Z', data: { data: { conversationId: callId, transcription: [] } } });
		expect(run.workflowData?.[0][0].json).toMatchObject({ callId });
	});

	it('keeps a timestamp sent as epoch milliseconds', async () => {
		const callId = newCallId();
		const run = await trigger(envelope('call.started', callId, {}, 1717323330000));
		expect(run.workflowData?.[0][0].json).toMatchObject({ callId, timestamp: 1717323330000 });
	});

	it('an event without a data object at all (call.started) starts the workflow without failing', async () => {
		const callId = newCallId();
		const run = await trigger({ eventType: 'call.started', callId, timestamp: '2025-06-02T10:15:30.000Z' });
		expect(run.error).toBeUndefined();
		expect(run.workflowData?.[0][0].json).toMatchObject({ callId, eventType: 'call.started' });
	});

	it('transcription.update with data.transcription gives the new lines', async () => {
		const callId = newCallId();
		const run = await trigger(envelope('transcription.update', callId, { transcription: [{ User: 'Thursday works.' }] }));
		expect(run.workflowData?.[0][0].json).toMatchObject({ transcript: 'User: Thursday works.' });
	});

	it('reads a transcription sent as a JSON string of the list (the guide: "parse complex data from JSON strings")', async () => {
		const callId = newCallId();
		const run = await trigger(
			envelope('call.ended', callId, { data: { conversationId: callId, transcription: JSON.stringify([{ Agent: 'Hi' }, { User: 'Hello' }]), outcomeResult: {} } }),
		);
		expect(run.workflowData?.[0][0].json).toMatchObject({ transcript: 'Agent: Hi\nUser: Hello' });
	});

	it('reads an outcomeResult sent as a JSON string of the object', async () => {
		const callId = newCallId();
		const run = await trigger(
			envelope('call.ended', callId, { data: { conversationId: callId, transcription: [], outcomeResult: JSON.stringify({ interested: true, customerName: 'Ada' }) } }),
		);
		expect(run.workflowData?.[0][0].json).toMatchObject({ outcome: { interested: true, customerName: 'Ada' } });
	});

	it('two different transcription.update events of one call sent within the same timestamp both start the workflow', async () => {
		const callId = newCallId();
		const first = await trigger(envelope('transcription.update', callId, { transcription: [{ Agent: 'Hi' }] }, 1717323330));
		const second = await trigger(envelope('transcription.update', callId, { transcription: [{ Agent: 'Hi' }, { User: 'Hello' }] }, 1717323330));
		expect(first.workflowData).toHaveLength(1);
		expect(second.workflowData).toHaveLength(1);
	});

	it('two different tool.executed events of one call without a timestamp both start the workflow', async () => {
		const callId = newCallId();
		const first = await trigger({ eventType: 'tool.executed', callId, data: { toolName: 'lookup', result: 'A' } });
		const second = await trigger({ eventType: 'tool.executed', callId, data: { toolName: 'book', result: 'B' } });
		expect(first.workflowData).toHaveLength(1);
		expect(second.workflowData).toHaveLength(1);
	});

	it('an identical event delivered twice starts the workflow once', async () => {
		const callId = newCallId();
		const event = envelope('transcription.update', callId, { transcription: [{ Agent: 'Hi' }] }, 1717323330);
		const first = await trigger(event);
		const second = await trigger(JSON.parse(JSON.stringify(event)));
		expect(first.workflowData).toHaveLength(1);
		expect(second.workflowData).toBeUndefined();
	});

	it('tool.executed keeps the tool\'s data in the output when Include Raw Event is off', async () => {
		const callId = newCallId();
		const run = await trigger(envelope('tool.executed', callId, { toolName: 'bookAppointment', result: { booked: true } }), {
			options: { includeRawEvent: false },
		});
		expect(JSON.stringify(run.workflowData?.[0][0].json)).toContain('bookAppointment');
	});

	it('accepts Authorization "Token <secret>" when the Auth Key agreed with Hamsa is Token (the seed\'s example)', async () => {
		const run = await trigger(envelope('call.started', newCallId(), {}), { authKey: 'Token' }, {
			headers: { 'Content-Type': 'application/json', Authorization: `Token ${SECRET}` },
		});
		expect(run.status).toBe(200);
		expect(run.workflowData).toHaveLength(1);
	});
});
