/**
 * The Hamsa API credential's "Test" button, run through n8n's own
 * credential-test logic (see test/harness/credentialTest.ts).
 */
import { credentialTester } from '../harness/credentialTest';
import { onlyRequest } from '../harness/expectations';
import { HAMSA_KEY, useSimulator } from '../harness/simulator';

const context = useSimulator();
const REJECTED = 'Hamsa rejected the API key. Check the key, and that the Region is the one your project is in.';

const test = credentialTester(context, 'hamsaApi');

describe('Hamsa API credential test', () => {
	it('passes with a good key, listing one voice agent with "Token <key>" as Authorization', async () => {
		expect(await test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		const request = onlyRequest(context.sim);
		expect([request.method, request.path]).toEqual(['GET', '/v2/voice-agents']);
		expect(request.query).toEqual({ skip: '0', take: '1' });
		expect(request.headers.authorization).toBe(`Token ${HAMSA_KEY}`);
	});

	it('passes whatever the success flag says, since Hamsa reports success: false on success', async () => {
		context.sim.configure({ hamsaSuccessFlag: false });
		expect((await test()).status).toBe('OK');
		context.sim.configure({ hamsaSuccessFlag: true });
		expect((await test()).status).toBe('OK');
	});

	it('fails with our message for a bad key', async () => {
		expect(await test({ apiKey: 'hamsa-not-the-key' })).toEqual({ status: 'Error', message: REJECTED });
		expect(context.sim.requests[0].headers.authorization).toBe('Token hamsa-not-the-key');
	});

	it('fails with our message when Hamsa forbids the key', async () => {
		context.sim.addFault({ path: '/v2/voice-agents', status: 403 });
		expect(await test()).toEqual({ status: 'Error', message: REJECTED });
	});

	it('uses the Custom region\'s Base URL, with or without a trailing slash', async () => {
		expect((await test({ region: 'custom', baseUrl: `${context.sim.url}/` })).status).toBe('OK');
		expect(onlyRequest(context.sim).path).toBe('/v2/voice-agents');
	});

	it('fails saying there is no Hamsa API there when the server knows no such route', async () => {
		context.sim.addFault({ path: '/v2/voice-agents', status: 404 });
		expect(await test()).toEqual({
			status: 'Error',
			message: 'No Hamsa API at this address. Check the Region, or the Base URL when the Region is Custom.',
		});
	});

	it('fails when a Custom Base URL points elsewhere on the host', async () => {
		const result = await test({ baseUrl: `${context.sim.url}/api` });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Hamsa did not accept the request/);
	});

	it('fails when the answer has no data, whatever else it says', async () => {
		context.sim.addFault({ path: '/v2/voice-agents', status: 200, body: '<html>Login</html>', headers: { 'Content-Type': 'text/html' } });
		const result = await test();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Hamsa did not accept the request\. Check the API key, the Region/);
	});
});
