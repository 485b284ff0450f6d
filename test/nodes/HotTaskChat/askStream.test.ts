import { sleep, type StructuredChunk } from 'n8n-workflow';
import { expectNoSecrets, failureOf, onlyRequest, routesOf } from '../../harness/expectations';
import { createdSession, operationRunner } from '../../harness/operations';
import { CHATBOT_ID, HOTTASK_KEY, useSimulator } from '../../harness/simulator';

// Multi-byte text on purpose: accents (2 bytes), Arabic (2), emoji with a skin tone (4 + 4), a ZWJ family.
const ANSWER = 'Grüße! 👋🏽 مرحبا بك — we open at 9:00.\nFamily tickets 👨‍👩‍👧 cost less 🎉';
const TOKENS = 100 + Array.from(ANSWER).length;
const FRAMINGS = ['sse', 'sse-nospace', 'sse-crlf', 'sse-rich', 'ndjson', 'ndjson-crlf'] as const;

const context = useSimulator({ answer: ANSWER });

const askStreamed = operationRunner(context, 'hotTaskChat', { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'When do you open?', stream: true });

/** The first ask after a reset gets question 375560 and answer 375561 from the simulator. */
const FIRST_ANSWER = { answer: ANSWER, questionId: 375560, answerId: 375561, messageId: 375561, totalTokens: TOKENS };

describe('HotTask Chat → Message → Ask (streamed)', () => {
	it('asks with stream: true and outputs the whole answer with its ids and token count', async () => {
		const { sim } = context;
		const run = await askStreamed();
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toEqual({ sessionId: 880001, newSession: true, chatbotId: CHATBOT_ID, ...FIRST_ANSWER });
		expect(routesOf(sim)).toEqual(['POST /chat/Chatbot/GetSession', 'POST /chat/Chat/ClientAsk']);
		expect(sim.requests[1].body).toEqual({ sessionID: 880001, content: 'When do you open?', stream: true });
	});

	it('continues the given session when a Session ID is set', async () => {
		const { sim } = context;
		const sessionId = await createdSession(sim);
		const run = await askStreamed({ sessionId: String(sessionId), chatbotId: '' });
		expect(run.items[0].json).toEqual({ sessionId, newSession: false, ...FIRST_ANSWER });
		expect(onlyRequest(sim).body).toEqual({ sessionID: sessionId, content: 'When do you open?', stream: true });
	});

	it('sends the Ask Type and File IDs with a streamed question too', async () => {
		const { sim } = context;
		await askStreamed({ options: { chatAskType: 'Audio', fileIds: '7' } });
		expect(sim.requests[1].body).toEqual({
			sessionID: 880001,
			content: 'When do you open?',
			stream: true,
			chatAskType: 'Audio',
			fileIds: [7],
		});
	});

	it('adds what was collected from the stream under "raw" when Include Raw Response is on', async () => {
		const run = await askStreamed({ options: { includeRawResponse: true } });
		expect(run.items[0].json.raw).toMatchObject({
			answer: ANSWER,
			questionId: 375560,
			answerId: 375561,
			totalTokens: TOKENS,
			hadSummary: true,
		});
	});

	describe.each(FRAMINGS)('framed as %s', (framing) => {
		it.each([
			['without [DONE]', { done: false }],
			['with [DONE]', { done: true }],
			['byte by byte (UTF-8 characters split across chunks)', { chunkSize: 1, done: true }],
			['in one-code-point pieces', { pieceSize: 1 }],
		])('reads the answer %s', async (_case, options) => {
			const { sim } = context;
			sim.addFault({ path: '/chat/Chat/ClientAsk', stream: { framing, ...options } });
			const run = await askStreamed();
			expect(run.error).toBeUndefined();
			expect(run.items[0].json).toMatchObject(FIRST_ANSWER);
		});
	});

	it('reads an error envelope that comes instead of a stream, with HotTask\'s message', async () => {
		const { sim } = context;
		sim.addFault({ path: '/chat/Chat/ClientAsk', stream: { errorEnvelope: { code: 429, message: 'Message credits used up' } } });
		const run = await askStreamed();
		const { message, description } = failureOf(run);
		expect(message).toBe('HotTask: Message credits used up [item 0]');
		expect(description).toContain('HotTask code 429');
		expectNoSecrets(run);
	});

	it('keeps the secret key out of an error envelope that repeats it', async () => {
		const { sim } = context;
		sim.addFault({ path: '/chat/Chat/ClientAsk', stream: { errorEnvelope: { code: 401, message: `Key ${HOTTASK_KEY} was revoked` } } });
		const run = await askStreamed();
		expect(failureOf(run).message).toBe('HotTask: Key *** was revoked [item 0]');
		expectNoSecrets(run);
	});

	it('fails, keeping the part that arrived, when the stream breaks off before the summary', async () => {
		const { sim } = context;
		sim.addFault({ path: '/chat/Chat/ClientAsk', stream: { cutAfterPieces: 3 } });
		const run = await askStreamed();
		const { description } = failureOf(run);
		expect(description).toContain('Partial answer received: "Grüße! 👋🏽 مرحبا"');
		expect(sim.requests.filter((request) => request.path === '/chat/Chat/ClientAsk')).toHaveLength(1);
	});

	it('fails, keeping the part that arrived, and stops reading when a line never ends (not holding it until memory runs out)', async () => {
		const { sim } = context;
		sim.addFault({ path: '/chat/Chat/ClientAsk', stream: { unendingLineAfter: 3 } });
		const run = await askStreamed({ options: { timeout: 10_000 } });
		const { message, description } = failureOf(run);
		// SSE: each of the 3 pieces is a data line and a blank line, so the unending one is line 7.
		expect(message).toBe('HotTask: Line 7 of the answer stream went past 1 MB without ending, so the node stopped reading it [item 0]');
		expect(description).toContain('Partial answer received: "Grüße! 👋🏽 مرحبا"');
		// The node hung up (the simulator would go on sending): seen by the server a moment later.
		const [ask] = sim.requests.filter((request) => request.path === '/chat/Chat/ClientAsk');
		for (const until = Date.now() + 3000; !ask.closedEarly && Date.now() < until; ) await sleep(20);
		expect(ask.closedEarly).toBe(true);
	});
});

describe('HotTask Chat → Message → Ask: live streaming to the workflow\'s caller', () => {
	const items = (chunks: StructuredChunk[]) => chunks.filter((chunk) => chunk.type === 'item');

	it('sends begin, one item per piece and end, whose contents join to the answer', async () => {
		const { sim } = context;
		sim.addFault({ path: '/chat/Chat/ClientAsk', stream: { pieceSize: 3, chunkSize: 5 } });
		const run = await askStreamed({}, { streaming: true });
		expect(run.error).toBeUndefined();
		const types = run.chunks.map((chunk) => chunk.type);
		expect(types[0]).toBe('begin');
		expect(types[types.length - 1]).toBe('end');
		expect(types.slice(1, -1).every((type) => type === 'item')).toBe(true);
		expect(items(run.chunks).length).toBeGreaterThan(10);
		expect(items(run.chunks).map((chunk) => chunk.content).join('')).toBe(ANSWER);
		expect(run.chunks.every((chunk) => chunk.metadata.itemIndex === 0)).toBe(true);
		expect(run.items[0].json.answer).toBe(ANSWER);
	});

	it('forwards each piece as it arrives, not all at the end', async () => {
		const { sim } = context;
		sim.addFault({ path: '/chat/Chat/ClientAsk', stream: { pieceDelayMs: 25 } });
		const run = await askStreamed({}, { streaming: true });
		const times = items(run.chunks).map((chunk) => chunk.metadata.timestamp);
		expect(times.length).toBeGreaterThan(8);
		// ~12 pieces 25 ms apart: the first was forwarded long before the last arrived.
		expect(times[times.length - 1] - times[0]).toBeGreaterThan(150);
	});

	it('keeps each item\'s chunks apart, tagged with its item index', async () => {
		const run = await askStreamed({ question: '={{ $json.q }}' }, { streaming: true, items: [{ q: 'a' }, { q: 'b' }] });
		for (const itemIndex of [0, 1]) {
			const own = run.chunks.filter((chunk) => chunk.metadata.itemIndex === itemIndex);
			expect(own[0].type).toBe('begin');
			expect(own[own.length - 1].type).toBe('end');
			expect(items(own).map((chunk) => chunk.content).join('')).toBe(ANSWER);
		}
	});

	it('sends no chunks when an AI Agent uses it as a tool: the agent streams its own reply', async () => {
		const run = await askStreamed({}, { streaming: true, node: 'hotTaskChatTool' });
		expect(run.error).toBeUndefined();
		expect(run.chunks).toEqual([]);
		expect(run.items[0].json.answer).toBe(ANSWER);
	});

	it('sends no chunks when the workflow does not stream', async () => {
		const run = await askStreamed({}, { streaming: false });
		expect(run.chunks).toEqual([]);
		expect(run.items[0].json.answer).toBe(ANSWER);
	});

	it('sends no chunks when the node\'s Stream option is off, even in a streaming workflow', async () => {
		const run = await askStreamed({ stream: false }, { streaming: true });
		expect(run.chunks).toEqual([]);
		expect(run.items[0].json.answer).toBe(ANSWER);
	});
});
