import { runNode } from '../../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, HOTTASK_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator();

describe('HotTask Chat → Message → Ask', () => {
	it('creates a session from the Chatbot ID when no Session ID is given, then asks in it', async () => {
		const { sim } = context;
		const run = await runNode({
			node: 'hotTaskChat',
			parameters: { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Opening hours?', stream: false },
			credentials: credentialsFor(sim),
		});
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		const [item] = run.items;
		expect(item.json.answer).toBe('Hello! You asked: "Opening hours?". HotTask is here to help 🙂');
		expect(item.json.newSession).toBe(true);
		expect(typeof item.json.sessionId).toBe('number');
		expect(item.pairedItem).toEqual({ item: 0 });
		const paths = sim.requests.map((request) => request.path);
		expect(paths).toEqual(['/chat/Chatbot/GetSession', '/chat/Chat/ClientAsk']);
		expect(sim.requests[1].body).toEqual({ sessionID: item.json.sessionId, content: 'Opening hours?', stream: false });
		expect(sim.requests.every((request) => request.headers.authorization === HOTTASK_KEY)).toBe(true);
	});
});
