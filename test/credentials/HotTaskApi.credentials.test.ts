/**
 * The HotTask API credential's "Test" button, run through n8n's own
 * credential-test logic (see test/harness/credentialTest.ts).
 */
import { credentialTester } from '../harness/credentialTest';
import { routesOf } from '../harness/expectations';
import { HOTTASK_KEY, useSimulator } from '../harness/simulator';

const context = useSimulator();
const REJECTED = 'HotTask rejected the secret key. Copy it again from HotTask → Settings → API.';

const test = credentialTester(context, 'hotTaskApi');

describe('HotTask API credential test', () => {
	it('passes with a good key, reading the model list with the raw key as Authorization', async () => {
		const { sim } = context;
		expect(await test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(routesOf(sim)).toEqual(['GET /chat/Chatbot/ModelList']);
		expect(sim.requests[0].headers.authorization).toBe(HOTTASK_KEY);
	});

	it('fails with our message when HotTask answers a bad key with HTTP 401', async () => {
		const result = await test({ secretKey: 'ht-sk-not-the-key' });
		expect(result).toEqual({ status: 'Error', message: REJECTED });
		expect(context.sim.requests[0].headers.authorization).toBe('ht-sk-not-the-key');
	});

	it('fails with our message when HotTask answers a bad key with HTTP 200 and Success: false', async () => {
		context.sim.configure({ hotTaskAuthFailure: 'envelope200' });
		expect(await test({ secretKey: 'ht-sk-not-the-key' })).toEqual({ status: 'Error', message: REJECTED });
	});

	it('fails when HotTask refuses the request for another reason', async () => {
		context.sim.addFault({ path: '/chat/Chatbot/ModelList', hottaskFailure: { code: 500, message: 'Maintenance' } });
		const result = await test();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^HotTask answered with Success: false/);
	});

	it('fails saying the Base URL is wrong when the host is not a HotTask API', async () => {
		context.sim.addFault({ path: '/chat/Chatbot/ModelList', status: 200, body: '<html>Welcome</html>', headers: { 'Content-Type': 'text/html' } });
		const result = await test();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The answer was not from the HotTask API\. Check the Base URL/);
	});

	it('fails saying there is no HotTask API at that Base URL when HotTask knows no such path', async () => {
		context.sim.addFault({ path: '/chat/Chatbot/ModelList', status: 404 });
		const result = await test();
		expect(result).toEqual({ status: 'Error', message: 'No HotTask API at this Base URL. Check the host (e.g. https://usapi.hottask.com).' });
	});

	it('fails saying the answer was not HotTask\'s when the Base URL points elsewhere on the host', async () => {
		const result = await test({ baseUrl: `${context.sim.url}/some/prefix` });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The answer was not from the HotTask API/);
	});

	it('accepts a Base URL with a trailing slash', async () => {
		expect((await test({ baseUrl: `${context.sim.url}/` })).status).toBe('OK');
		expect(context.sim.requests[0].path).toBe('/chat/Chatbot/ModelList');
	});

	it('reports an unreachable host as an error', async () => {
		const result = await test({ baseUrl: 'http://127.0.0.1:9' });
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(HOTTASK_KEY);
	});
});
