import { expectNoSecrets, failureOf, onlyRequest } from '../../harness/expectations';
import { runNode } from '../../harness/runWorkflow';
import { credentialsFor, HOTTASK_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator();

function account(operation: string, options: Record<string, number> = {}) {
	return runNode({
		node: 'hotTaskChat',
		parameters: { resource: 'account', operation, options },
		credentials: credentialsFor(context.sim),
	});
}

describe('HotTask Chat → Account → Get Models', () => {
	it('GETs the model list and outputs one item per model with plain names', async () => {
		const { sim } = context;
		const run = await account('getModels');
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json)).toEqual([
			{ id: '2', name: 'gpt-4o', available: true },
			{ id: '3', name: 'gpt-4o-mini', available: true },
			{ id: '5', name: 'claude-3-5-sonnet', available: false },
		]);
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		const request = onlyRequest(sim);
		expect([request.method, request.path]).toEqual(['GET', '/chat/Chatbot/ModelList']);
		expect(request.rawBody).toBe('');
		expect(request.headers.authorization).toBe(HOTTASK_KEY);
	});
});

describe('HotTask Chat → Account → Get Message Credits', () => {
	it('GETs the credits usage and reads -1 as unlimited', async () => {
		const { sim } = context;
		const run = await account('getCredits');
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([{ json: { total: -1, used: 243, remaining: -1, unlimited: true }, pairedItem: { item: 0 } }]);
		const request = onlyRequest(sim);
		expect([request.method, request.path]).toEqual(['GET', '/chat/Chatbot/GetMessageCreditsUsage']);
		expect(request.headers.authorization).toBe(HOTTASK_KEY);
	});

	it('reports a limited plan with its numbers', async () => {
		const { sim } = context;
		sim.addFault({
			path: '/chat/Chatbot/GetMessageCreditsUsage',
			status: 200,
			body: { Data: { Total: 5000, Used: 1200, Remain: 3800 }, Version: '1.0.0', Success: true, Code: 200, Message: '' },
		});
		const run = await account('getCredits');
		expect(run.items[0].json).toEqual({ total: 5000, used: 1200, remaining: 3800, unlimited: false });
	});

	it('retries a read that HotTask answered with a server error, then succeeds', async () => {
		const { sim } = context;
		sim.addFault({ path: '/chat/Chatbot/GetMessageCreditsUsage', status: 500, headers: { 'Retry-After': '0' } });
		const run = await account('getCredits');
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.used).toBe(243);
		expect(sim.requests).toHaveLength(2);
	});

	it('fails with HotTask\'s message once the retries are used up', async () => {
		const { sim } = context;
		sim.addFault({ path: '/chat/Chatbot/GetMessageCreditsUsage', status: 500, body: { Data: null, Success: false, Code: 500, Message: 'Database unavailable' } });
		const run = await account('getCredits', { maxRetries: 0 });
		const { message, description } = failureOf(run);
		expect(message).toBe('HotTask: Database unavailable [item 0]');
		expect(description).toContain('HTTP 500');
		expect(sim.requests).toHaveLength(1);
		expectNoSecrets(run);
	});
});
