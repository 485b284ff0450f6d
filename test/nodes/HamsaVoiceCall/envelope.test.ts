/**
 * Hamsa's envelope `{success, message, messageKey?, data}` as every Hamsa
 * operation reads it, shown through Call → Get Many (a read) and Call → Start.
 */
import { startCallParameters } from '../../harness/calls';
import { expectFailure, expectNoSecrets, expectRefusedBeforeSending, failureOf, onlyRequest } from '../../harness/expectations';
import { WRONG_HAMSA_KEY } from '../../harness/knownSecrets';
import { runNode } from '../../harness/runWorkflow';
import { credentialsFor, HAMSA_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator({ callOutcome: 'PENDING' });
const LIST_PATH = '/v1/voice-agents/conversations/minimal-list';

function listCalls(hamsa: object = {}) {
	return runNode({
		node: 'hamsaVoiceCall',
		parameters: { resource: 'call', operation: 'getMany', limit: 2, options: { maxRetries: 0 } },
		credentials: credentialsFor(context.sim, { hamsa }),
	});
}

function startCall() {
	return runNode({
		node: 'hamsaVoiceCall',
		parameters: startCallParameters(),
		credentials: credentialsFor(context.sim),
	});
}

describe('Hamsa envelope', () => {
	it('treats HTTP 200 with data as success although it says success: false, message: "success"', async () => {
		// The simulator answers as Hamsa's docs show: {"success": false, "message": "success", "data": {...}}.
		const run = await startCall();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.status).toBe('PENDING');
	});

	it('also reads the envelope when the success flag is true', async () => {
		context.sim.configure({ hamsaSuccessFlag: true });
		const run = await listCalls();
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(2);
	});

	it('fails with Hamsa\'s message when HTTP 200 comes without data', async () => {
		context.sim.addFault({ path: LIST_PATH, status: 200, body: { success: false, message: 'Project is suspended', messageKey: 'PROJECT_SUSPENDED' } });
		const run = await listCalls();
		expectFailure(run, { message: 'Hamsa: Project is suspended [item 0]', description: ['HTTP 200, Hamsa code PROJECT_SUSPENDED.'] });
	});

	it('names the message and the messageKey of a 4xx answer', async () => {
		context.sim.addFault({ path: LIST_PATH, status: 422, body: { success: false, message: 'Too many filters', messageKey: 'FILTER_LIMIT' } });
		const run = await listCalls();
		expectFailure(run, { message: 'Hamsa: Too many filters [item 0]', httpCode: '422', description: ['HTTP 422, Hamsa code FILTER_LIMIT.', 'Hamsa received the request and refused it, so nothing was done.'] });
	});

	it('uses a plain-text error body as the message', async () => {
		context.sim.addFault({ path: LIST_PATH, status: 400, body: 'Bad Request: malformed query string' });
		const run = await listCalls();
		expectFailure(run, { message: 'Hamsa: Bad Request: malformed query string [item 0]', description: ['HTTP 400'] });
	});

	it('fails on HTTP 401 saying the key or the region is wrong', async () => {
		const run = await listCalls({ apiKey: WRONG_HAMSA_KEY });
		expectFailure(run, { message: 'Hamsa: Unauthorized [item 0]', httpCode: '401', description: ['HTTP 401, Hamsa code UNAUTHORIZED.', 'Check the API Key and the Region in the Hamsa API credential'] });
		expect(onlyRequest(context.sim).headers.authorization).toBe(`Token ${WRONG_HAMSA_KEY}`);
		expectNoSecrets(run, [WRONG_HAMSA_KEY]);
	});

	it('never repeats the API key, even when Hamsa echoes it in its message', async () => {
		context.sim.addFault({ path: LIST_PATH, status: 403, body: { success: false, message: `API key ${HAMSA_KEY} is disabled`, messageKey: 'FORBIDDEN' } });
		const run = await listCalls();
		expect(failureOf(run).message).toBe('Hamsa: API key *** is disabled [item 0]');
		expectNoSecrets(run);
	});

	it('accepts a custom Base URL with a trailing slash', async () => {
		const run = await listCalls({ baseUrl: `${context.sim.url}/` });
		expect(run.error).toBeUndefined();
		expect(onlyRequest(context.sim).path).toBe(LIST_PATH);
	});

	it('refuses a Custom region without a usable Base URL before sending anything', async () => {
		const run = await listCalls({ baseUrl: 'api.internal' });
		expectRefusedBeforeSending(run, context.sim, expect.stringContaining('The Base URL of the Hamsa API credential must be a full URL starting with https://'));
	});
});
