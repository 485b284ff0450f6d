import { sleep } from 'n8n-workflow';
import { runNode } from '../../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, useSimulator } from '../../harness/simulator';

const context = useSimulator();

const LONG_ANSWER = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > until) throw new Error('condition not met in time');
		await sleep(20);
	}
}

describe('HotTask Chat → Ask, cancelled while the answer streams', () => {
	it('aborts the request: HotTask sees the connection close long before its answer would end', async () => {
		const { sim } = context;
		// 60 pieces 100 ms apart: the whole answer would take 6 s.
		sim.configure({ answer: LONG_ANSWER, stream: { pieceDelayMs: 100 } });
		const started = Date.now();
		const run = await runNode({
			node: 'hotTaskChat',
			parameters: { resource: 'message', operation: 'ask', chatbotId: CHATBOT_ID, question: 'Count slowly', stream: true },
			credentials: credentialsFor(sim),
			streaming: true,
			onStarted: (cancel) => {
				void sleep(600).then(cancel);
			},
		});
		const ask = () => sim.requests.find((request) => request.path === '/chat/Chat/ClientAsk');
		await waitFor(() => ask()?.closedEarly === true, 3000);
		expect(Date.now() - started).toBeLessThan(4000);
		expect(run.status).toBe('canceled');
		// Some pieces had already been shown to the user; none after the cancel.
		const items = run.chunks.filter((chunk) => chunk.type === 'item');
		expect(items.length).toBeGreaterThan(0);
		expect(items.length).toBeLessThan(60);
		expect(sim.requests.filter((request) => request.path === '/chat/Chat/ClientAsk')).toHaveLength(1);
	});
});
