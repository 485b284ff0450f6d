/**
 * HotTask answer shapes and behaviours that its docs (see docs/services.md)
 * show or leave open, beyond what each operation's own test file pins down.
 * Each test drives the real node against the simulator, with faults carrying
 * the exact body where the simulator would not produce that shape by itself.
 */
import { failureOf } from '../../harness/expectations';
import { operationRunner } from '../../harness/operations';
import { runNode } from '../../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, useSimulator } from '../../harness/simulator';

const context = useSimulator({ callDurationMs: 150 });

const ASK = '/chat/Chat/ClientAsk';
const SESSION = '/chat/Chatbot/GetSession';

const hotTask = operationRunner(context, 'hotTaskChat', {});

function askPlain(extra: Record<string, unknown> = {}) {
	return hotTask({ resource: 'message', operation: 'ask', sessionId: '880001', question: 'hello', stream: false, ...extra });
}

function askStreamed(extra: Record<string, unknown> = {}) {
	return hotTask({ resource: 'message', operation: 'ask', sessionId: '880001', question: 'hello', stream: true, ...extra });
}

const createSession = () => hotTask({ resource: 'session', operation: 'create', chatbotId: CHATBOT_ID });
const getHistory = () => hotTask({ resource: 'message', operation: 'getHistory', chatbotId: CHATBOT_ID, startDate: '2025-01-01', endDate: '2025-01-02' });
const getLeads = () => hotTask({ resource: 'lead', operation: 'getMany', chatbotId: CHATBOT_ID });

/** HotTask's envelope around `Data` as its docs print it; `changes` replaces any of its other keys. */
function envelope(Data: unknown, changes: Record<string, unknown> = {}) {
	return { Data, Version: '1.0.0', Success: true, Code: 200, Message: '', ...changes };
}

/** HotTask answers the next request to `path` with HTTP 200 and `body`, with that Content-Type when one is given. */
function answer(path: string, body: unknown, contentType?: string) {
	context.sim.addFault({ path, status: 200, ...(contentType ? { headers: { 'Content-Type': contentType } } : {}), body });
}

describe('HotTask envelope and Data variants (no published list of codes, casing not promised)', () => {
	it.each([
		[
			'reads an envelope whose keys are lower-case (success, code, data, message)',
			{ data: { messageid: 42, content: 'Hi there', totalToken: 7 }, version: '1.0.0', success: true, code: 200, message: '' },
			{ answer: 'Hi there', messageId: 42, totalTokens: 7 },
		],
		['reads Success "true" and Code "200" sent as strings', envelope({ messageid: '43', content: 'ok', totalToken: '8' }, { Success: 'true', Code: '200' }), { answer: 'ok', messageId: 43, totalTokens: 8 }],
		['reads Data keys in another casing (MessageID, Content, TotalToken)', envelope({ MessageID: 44, Content: 'cased', TotalToken: 9 }), { answer: 'cased', messageId: 44, totalTokens: 9 }],
	])('Ask (not streamed): %s', async (_title, body, output) => {
		answer(ASK, body);
		const run = await askPlain();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject(output);
	});

	it.each([
		['Ask (not streamed): HTTP 200 with Success true but Code 500 fails with HotTask\'s Message', askPlain, { path: ASK, status: 200, body: envelope(null, { Code: 500, Message: 'Model overloaded' }) }, /Model overloaded/],
		[
			'Ask (not streamed): an HTTP error status carrying the envelope fails with its Message',
			askPlain,
			{ path: ASK, status: 400, body: envelope(null, { Success: false, Code: 400, Message: 'content is required' }) },
			/content is required/,
		],
		['Create Session: a Success false envelope with HTTP 200 fails with its Message', createSession, { path: SESSION, hottaskFailure: { code: 404, message: 'Chatbot not found' } }, /Chatbot not found/],
	])('%s', async (_title, run, fault, message) => {
		context.sim.addFault(fault);
		expect(failureOf(await run()).message).toMatch(message);
	});

	it('Create Session: reads a SessionID sent as a numeric string', async () => {
		answer(SESSION, envelope({ SessionID: '123456' }));
		const run = await createSession();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toEqual({ sessionId: 123456, chatbotId: CHATBOT_ID });
	});

	it('Get Message History: Data wrapped in an object ({Total, List}) gives one item per message', async () => {
		answer('/chat/Chatbot/ChatContentHistory', envelope({ Total: 2, List: [{ Question: 'a', Answer: 'b' }, { Question: 'c', Answer: 'd' }] }));
		const run = await getHistory();
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json)).toEqual([{ Question: 'a', Answer: 'b' }, { Question: 'c', Answer: 'd' }]);
	});

	it.each([
		['Get Message History: Data null (no messages) gives no items and no error', '/chat/Chatbot/ChatContentHistory', getHistory],
		['Get Many Leads: Data null (no leads) gives no items and no error', '/chat/Chatbot/LeadList', getLeads],
	])('%s', async (_title, path, read) => {
		answer(path, envelope(null));
		const run = await read();
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(0);
	});

	it('Get Models: the documented [{Key, Value, Status}] list, with Status false, reads as not available', async () => {
		answer('/chat/Chatbot/ModelList', envelope([{ Key: '2', Value: 'gpt-4o', Status: true }, { Key: '3', Value: 'gpt-3.5', Status: false }]));
		const run = await hotTask({ resource: 'account', operation: 'getModels' });
		expect(run.items.map((item) => item.json)).toEqual([
			{ id: '2', name: 'gpt-4o', available: true },
			{ id: '3', name: 'gpt-3.5', available: false },
		]);
	});
});

describe('HotTask Twilio Status variants', () => {
	const SEND = '/chat/Chatbot/SendTwilioMessage';
	function send() {
		return runNode({
			node: 'hotTaskTwilio',
			parameters: { resource: 'message', operation: 'send', chatbotId: CHATBOT_ID, to: '+14155550123', message: 'Hi' },
			credentials: credentialsFor(context.sim),
		});
	}

	it('the documented answer (Status "True", a 12-digit SessionID) gives sent: true and the session id', async () => {
		answer(SEND, envelope({ Status: 'True', Message: 'test', SessionID: 123123123123 }));
		const run = await send();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ sent: true, message: 'test', sessionId: 123123123123 });
	});

	it('Status as a JSON boolean true, or lower-case "true", is sent too', async () => {
		for (const status of [true, 'true']) {
			answer(SEND, envelope({ Status: status, Message: 'ok', SessionID: 5 }));
			const run = await send();
			expect({ status, error: run.error?.message, sent: run.items[0]?.json.sent }).toEqual({ status, error: undefined, sent: true });
		}
	});
});

describe('HotTask streamed answers: forms the docs allow beyond the simulator\'s framings', () => {
	/** The seed's summary line: the last line of a streamed answer. */
	const SUMMARY = '{"QuestionID":10495005,"AnswerID":10495006,"Answer":"\\nHello! How can I assist you?","TotalToken":4994}';
	const SEED_PIECES = ['\n', 'Hello', '!', ' How', ' can', ' I', ' assist', ' you', '?'].map((piece) => JSON.stringify({ content: piece }));
	/** Out of credits, in the error envelope as the docs print it: over several lines. */
	const PRINTED_ERROR = '{\n  "Data": null,\n  "Version": "1.0.0",\n  "Success": false,\n  "Code": 402,\n  "Message": "Out of message credits"\n}\n';

	it.each([
		[
			'a host that ignores stream: true and answers the plain JSON envelope still gives the answer',
			'application/json; charset=utf-8',
			JSON.stringify(envelope({ messageid: 375561, content: 'Whole answer', totalToken: 12 })),
			{ answer: 'Whole answer', messageId: 375561, totalTokens: 12 },
		],
		[
			'a summary with no pieces before it (the seed\'s last line alone) gives the Answer, ids and tokens',
			'text/event-stream',
			`${SUMMARY}\n`,
			{ answer: '\nHello! How can I assist you?', questionId: 10495005, answerId: 10495006, totalTokens: 4994 },
		],
		[
			'the seed\'s exact stream (bare JSON lines, leading "\\n" piece) gives the summary\'s Answer',
			'text/event-stream',
			`${SEED_PIECES.join('\n')}\n${SUMMARY}`,
			{ answer: '\nHello! How can I assist you?', answerId: 10495006, totalTokens: 4994 },
		],
		[
			'SSE events with event:/id: lines and a "data:" that carries a compact summary are read (event: error too)',
			'text/event-stream; charset=utf-8',
			': keep-alive\r\n\r\nevent: message\r\nid: 1\r\ndata:{"content":"Hi"}\r\n\r\nevent: message\r\nid: 2\r\ndata: {"content":" you"}\r\n\r\n' +
				'event: end\r\ndata: {"QuestionID":1,"AnswerID":2,"Answer":"Hi you","TotalToken":3}\r\n\r\ndata: [DONE]\r\n\r\n',
			{ answer: 'Hi you', questionId: 1, answerId: 2, totalTokens: 3 },
		],
	])('%s', async (_title, contentType, body, output) => {
		answer(ASK, body, contentType);
		const run = await askStreamed();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject(output);
	});

	it.each([
		[
			'an error envelope on one line with Content-Type text/event-stream fails with HotTask\'s Message',
			'text/event-stream',
			'{"Data":null,"Version":"1.0.0","Success":false,"Code":402,"Message":"Out of message credits"}\n',
		],
		['an error envelope written over several lines (as the docs print it) with a non-JSON Content-Type fails with HotTask\'s Message', 'text/plain; charset=utf-8', PRINTED_ERROR],
		['an error envelope written over several lines with Content-Type text/event-stream fails with HotTask\'s Message', 'text/event-stream', PRINTED_ERROR],
	])('%s', async (_title, contentType, body) => {
		answer(ASK, body, contentType);
		expect(failureOf(await askStreamed()).message).toMatch(/Out of message credits/);
	});

	it('pieces followed by [DONE] and no summary give the joined pieces as the answer', async () => {
		context.sim.configure({ answer: 'Joined answer' });
		context.sim.addFault({ path: ASK, stream: { framing: 'sse', done: true, endWithoutSummary: true } });
		const run = await askStreamed({ sessionId: '', chatbotId: CHATBOT_ID });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ answer: 'Joined answer' });
	});
});
