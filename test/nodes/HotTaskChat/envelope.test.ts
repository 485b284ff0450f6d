/**
 * HotTask's envelope `{Data, Version, Success, Code, Message}` as every HotTask
 * operation reads it, shown through Session → Create (the simplest call).
 */
import { expectFailure, expectNoSecrets, expectRefusedBeforeSending, failureOf, routesOf } from '../../harness/expectations';
import { runNode } from '../../harness/runWorkflow';
import { CHATBOT_ID, credentialsFor, HOTTASK_KEY, useSimulator } from '../../harness/simulator';
import { WRONG_HOTTASK_KEY } from '../../harness/knownSecrets';

const context = useSimulator();
const PATH = '/chat/Chatbot/GetSession';

function createSession(hotTask: object = {}) {
	return runNode({
		node: 'hotTaskChat',
		parameters: { resource: 'session', operation: 'create', chatbotId: CHATBOT_ID, options: { maxRetries: 0 } },
		credentials: credentialsFor(context.sim, { hotTask }),
	});
}

describe('HotTask envelope', () => {
	it('returns Data when Success is true and Code is 200', async () => {
		const run = await createSession();
		expect(run.items[0].json).toEqual({ sessionId: 880001, chatbotId: CHATBOT_ID });
	});

	it('fails with the service\'s Message when HTTP 200 carries Success: false', async () => {
		context.sim.addFault({ path: PATH, hottaskFailure: { code: 4003, message: 'Chatbot is disabled' } });
		const run = await createSession();
		expectFailure(run, { message: 'HotTask: Chatbot is disabled [item 0]', description: ['HTTP 200, HotTask code 4003.', 'HotTask received the request and refused it, so nothing was done.'] });
		expect(run.items).toEqual([]);
	});

	it('fails when Success is true but Code is not 200', async () => {
		context.sim.addFault({
			path: PATH,
			status: 200,
			body: { Data: { SessionID: 1 }, Version: '1.0.0', Success: true, Code: 402, Message: 'Plan expired' },
		});
		const run = await createSession();
		expectFailure(run, { message: 'HotTask: Plan expired [item 0]', description: ['HotTask code 402'] });
	});

	it('fails on HTTP 401 saying the key was rejected and where to find the right one', async () => {
		const run = await createSession({ secretKey: WRONG_HOTTASK_KEY });
		expectFailure(run, { message: 'HotTask: Invalid secret key [item 0]', httpCode: '401', description: ['HTTP 401', 'Check the Secret Key in the HotTask API credential'] });
		expect(context.sim.requests[0].headers.authorization).toBe(WRONG_HOTTASK_KEY);
		expectNoSecrets(run, [WRONG_HOTTASK_KEY]);
	});

	it('reads a rejected key answered as HTTP 200 with Success: false the same way', async () => {
		context.sim.configure({ hotTaskAuthFailure: 'envelope200' });
		const run = await createSession({ secretKey: WRONG_HOTTASK_KEY });
		expectFailure(run, { message: 'HotTask: Invalid secret key [item 0]', description: ['HTTP 200, HotTask code 401', 'Check the Secret Key in the HotTask API credential'] });
		expectNoSecrets(run, [WRONG_HOTTASK_KEY]);
	});

	it('fails with the text of a plain-text error body', async () => {
		context.sim.addFault({ path: PATH, status: 400, body: 'Bad Request: body too large' });
		const run = await createSession();
		expect(failureOf(run).message).toBe('HotTask: Bad Request: body too large [item 0]');
	});

	it('fails clearly when HTTP 200 carries something other than JSON', async () => {
		context.sim.addFault({ path: PATH, status: 200, body: '<html>Maintenance</html>', headers: { 'Content-Type': 'text/html' } });
		const run = await createSession();
		expect(failureOf(run).message).toBe('HotTask: HotTask answered with something other than JSON [item 0]');
	});

	it('never repeats the secret key, even when the service echoes it in its message', async () => {
		context.sim.addFault({ path: PATH, hottaskFailure: { code: 401, message: `Key ${HOTTASK_KEY} is revoked` } });
		const run = await createSession();
		expect(failureOf(run).message).toBe('HotTask: Key *** is revoked [item 0]');
		expectNoSecrets(run);
	});

	it('accepts a Base URL with a trailing slash', async () => {
		const run = await createSession({ baseUrl: `${context.sim.url}/` });
		expect(run.error).toBeUndefined();
		expect(routesOf(context.sim)).toEqual(['POST /chat/Chatbot/GetSession']);
	});

	it('refuses a Base URL that is not a URL before sending anything', async () => {
		const run = await createSession({ baseUrl: 'usapi.hottask.com' });
		expectRefusedBeforeSending(run, context.sim, expect.stringContaining('The Base URL of the HotTask API credential must be a full URL starting with https://'));
	});
});
