import { expectNoSecrets, failureOf, onlyRequest, routesOf } from '../../harness/expectations';
import { createdSession, operationRunner } from '../../harness/operations';
import { CHATBOT_ID, HOTTASK_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator();
const DEFAULT_ANSWER = (question: string) => `Hello! You asked: "${question}". HotTask is here to help 🙂`;

const ask = operationRunner(context, 'hotTaskChat', { resource: 'message', operation: 'ask', stream: false });

describe('HotTask Chat → Message → Ask (not streamed)', () => {
	it('creates a session from the Chatbot ID when no Session ID is given, then asks in it', async () => {
		const { sim } = context;
		const run = await ask({ chatbotId: CHATBOT_ID, question: 'Opening hours?' });
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toEqual({
			sessionId: 880001,
			newSession: true,
			chatbotId: CHATBOT_ID,
			answer: DEFAULT_ANSWER('Opening hours?'),
			messageId: 375561,
			totalTokens: 100 + Array.from(DEFAULT_ANSWER('Opening hours?')).length,
		});
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(routesOf(sim)).toEqual(['POST /chat/Chatbot/GetSession', 'POST /chat/Chat/ClientAsk']);
		expect(sim.requests[0].body).toEqual({ serialNumber: CHATBOT_ID });
		expect(sim.requests[1].body).toEqual({ sessionID: 880001, content: 'Opening hours?', stream: false });
	});

	it('asks in the given session without creating one, and says the session is not new', async () => {
		const { sim } = context;
		const sessionId = await createdSession(context.sim);
		const run = await ask({ sessionId: String(sessionId), chatbotId: CHATBOT_ID, question: 'And on Sunday?' });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ sessionId, newSession: false, answer: DEFAULT_ANSWER('And on Sunday?') });
		expect(onlyRequest(sim).body).toEqual({ sessionID: sessionId, content: 'And on Sunday?', stream: false });
	});

	it('sends the Session ID as a JSON number even when it arrives as text from an expression', async () => {
		const { sim } = context;
		const sessionId = await createdSession(context.sim);
		const run = await ask({ sessionId: '={{ $json.session }}', question: 'Hi' }, { items: [{ session: String(sessionId) }] });
		expect(run.error).toBeUndefined();
		expect(onlyRequest(sim).body.sessionID).toBe(sessionId);
	});

	it('sends POST with JSON and the raw secret key as Authorization, with no prefix', async () => {
		const { sim } = context;
		await ask({ chatbotId: CHATBOT_ID, question: 'Hi' });
		for (const request of sim.requests) {
			expect(request.method).toBe('POST');
			expect(request.headers.authorization).toBe(HOTTASK_KEY);
			expect(request.headers['content-type']).toMatch(/^application\/json/);
		}
	});

	it('sends the Ask Type and the File IDs (as whole numbers) when they are set', async () => {
		const { sim } = context;
		const sessionId = await createdSession(context.sim);
		const run = await ask({
			sessionId,
			question: 'What is in this picture?',
			options: { chatAskType: 'Image', fileIds: '1021, 1022' },
		});
		expect(run.error).toBeUndefined();
		expect(onlyRequest(sim).body).toEqual({
			sessionID: sessionId,
			content: 'What is in this picture?',
			stream: false,
			chatAskType: 'Image',
			fileIds: [1021, 1022],
		});
	});

	it('adds HotTask\'s unprocessed answer under "raw" only when Include Raw Response is on', async () => {
		const sessionId = await createdSession(context.sim);
		const plain = await ask({ sessionId, question: 'Q1' });
		expect(plain.items[0].json).not.toHaveProperty('raw');
		const withRaw = await ask({ sessionId, question: 'Q2', options: { includeRawResponse: true } });
		expect(withRaw.items[0].json.raw).toEqual({
			messageid: 375563,
			content: DEFAULT_ANSWER('Q2'),
			totalToken: 100 + Array.from(DEFAULT_ANSWER('Q2')).length,
		});
	});

	it('fails with HotTask\'s message when the session does not exist', async () => {
		const run = await ask({ sessionId: '4242', question: 'Hi' });
		const { message, description } = failureOf(run);
		expect(message).toBe('HotTask: Session not found [item 0]');
		expect(description).toContain('HotTask code 404');
		expectNoSecrets(run);
	});
});

describe('HotTask Chat → Message → Ask: checks before sending', () => {
	it.each([
		['an empty question', { chatbotId: CHATBOT_ID, question: '   ' }, 'Question is required [item 0]'],
		['a Session ID that is not a number', { sessionId: 'abc', question: 'Hi' }, 'Invalid Session ID "abc"'],
		['neither a Session ID nor a Chatbot ID', { question: 'Hi' }, 'Session ID or Chatbot ID is required [item 0]'],
		['File IDs that are not numbers', { chatbotId: CHATBOT_ID, question: 'Hi', options: { fileIds: '12, x7' } }, 'Invalid File IDs'],
	])('refuses %s before any request reaches HotTask', async (_case, parameters, expected) => {
		const { sim } = context;
		const run = await ask(parameters);
		expect(failureOf(run).message).toContain(expected);
		expect(sim.requests).toEqual([]);
	});

	it('checks every item before sending any: a bad third item stops the first two as well', async () => {
		const { sim } = context;
		const run = await ask(
			{ chatbotId: CHATBOT_ID, question: '={{ $json.q }}' },
			{ items: [{ q: 'one' }, { q: 'two' }, { q: '' }] },
		);
		expect(failureOf(run).message).toBe('Question is required [item 2]');
		expect(sim.requests).toEqual([]);
	});
});

describe('HotTask Chat → Message → Ask on several items', () => {
	const items = [{ q: 'first' }, { q: '' }, { q: 'third' }];

	it('with Continue On Fail, outputs one item per input, in order, the bad one as an error item', async () => {
		const run = await ask({ chatbotId: CHATBOT_ID, question: '={{ $json.q }}' }, { items, continueOnFail: true });
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(run.items[0].json.answer).toBe(DEFAULT_ANSWER('first'));
		expect(run.items[1].json.error).toBe('Question is required [item 1]');
		expect(run.items[2].json.answer).toBe(DEFAULT_ANSWER('third'));
		expectNoSecrets(run);
	});

	it('with Continue On Fail, a question HotTask refuses becomes an error item with its message', async () => {
		const sessionId = await createdSession(context.sim);
		const run = await ask(
			{ sessionId: '={{ $json.session }}', question: 'Hi' },
			{ items: [{ session: sessionId }, { session: 999999 }, { session: sessionId }], continueOnFail: true },
		);
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(run.items[0].json.answer).toBe(DEFAULT_ANSWER('Hi'));
		expect(run.items[1].json).toMatchObject({ error: 'HotTask: Session not found [item 1]', serviceCode: 404, delivery: 'refused' });
		expect(run.items[2].json.answer).toBe(DEFAULT_ANSWER('Hi'));
	});

	it('without Continue On Fail, the node fails naming the item', async () => {
		const sessionId = await createdSession(context.sim);
		const run = await ask(
			{ sessionId: '={{ $json.session }}', question: 'Hi' },
			{ items: [{ session: sessionId }, { session: 999999 }, { session: sessionId }] },
		);
		expect(failureOf(run).message).toBe('HotTask: Session not found [item 1]');
		expect(run.items).toEqual([]);
	});
});
