/**
 * Errors produced with keys in play: a wrong key, a service that repeats the
 * key (right or wrong) in its failure message on every error path, and the
 * webhook secret repeated by Hamsa. The key must be redacted everywhere the
 * user looks. The suite-wide scan (globalTeardown.js) checks the same for
 * every test; the last test here checks that its log is really written.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { scanVisibleOutput } from '../harness/globalTeardown';
import * as known from '../harness/knownSecrets';
import { runNode, type NodeRun } from '../harness/runWorkflow';
import { credentialsFor, HAMSA_KEY, HOTTASK_KEY, useSimulator } from '../harness/simulator';
import { readVisibleOutputLog, visibleRun, visibleText } from '../harness/visibleOutput';
import { ASK, ASK_STREAMED, delivery, expectContinued, expectStopped, GET_CALL, GET_CREDITS, itemTag, requestsOf, runCase, runCaseWithFaultAt, SEND_SMS, START_CALL, type OperationCase } from './support';

const context = useSimulator();
const WEBHOOK_SECRET = known.WEBHOOK_SECRETS[0];
const ALL_SECRETS = [HOTTASK_KEY, HAMSA_KEY, known.WRONG_HOTTASK_KEY, known.WRONG_HAMSA_KEY, WEBHOOK_SECRET, known.RESUME_SECRET];

/** Everything of the run a user sees, as the secret scan reads it. */
function shown(run: NodeRun): string {
	return visibleText(visibleRun(run.run, 'Node Under Test', run.chunks, ''));
}

function expectNothingSecret(run: NodeRun): void {
	const text = shown(run);
	for (const secret of ALL_SECRETS) expect({ secret, shown: text.includes(secret) }).toEqual({ secret, shown: false });
}

function keyOf(op: OperationCase, wrong = false): string {
	if (op.service === 'HotTask') return wrong ? known.WRONG_HOTTASK_KEY : HOTTASK_KEY;
	return wrong ? known.WRONG_HAMSA_KEY : HAMSA_KEY;
}

function wrongKeyCredentials(op: OperationCase) {
	return op.service === 'HotTask'
		? credentialsFor(context.sim, { hotTask: { secretKey: known.WRONG_HOTTASK_KEY } })
		: credentialsFor(context.sim, { hamsa: { apiKey: known.WRONG_HAMSA_KEY } });
}

/** A failure body in the service's own shape whose message repeats `text`. */
function echoBody(op: OperationCase, status: number, text: string): IDataObject {
	return op.service === 'HotTask'
		? { Data: null, Version: '1.0.0', Success: false, Code: status, Message: text }
		: { success: false, message: text, messageKey: status === 401 ? 'UNAUTHORIZED' : 'ERROR' };
}

describe('secrets: a wrong key', () => {
	it.each([ASK, START_CALL])('$label with a wrong key: the service rejects it, the error says which credential to fix', async (op) => {
		const { sim } = context;
		const run = await runCase(sim, op, { credentials: wrongKeyCredentials(op) });
		expectStopped(run, {
			message: op.service === 'HotTask' ? `HotTask: Invalid secret key ${itemTag(0)}` : `Hamsa: Unauthorized ${itemTag(0)}`,
			description: [
				'HTTP 401',
				delivery.refused(op.service),
				op.service === 'HotTask' ? 'Check the Secret Key in the HotTask API credential' : 'Check the API Key and the Region in the Hamsa API credential',
			],
			httpStatus: 401,
		});
		expectNothingSecret(run);
	});

	it('Send SMS with a wrong key, HotTask answering HTTP 200 Success: false (its other style), is treated the same', async () => {
		const { sim } = context;
		sim.configure({ hotTaskAuthFailure: 'envelope200' });
		const run = await runCase(sim, SEND_SMS, { credentials: wrongKeyCredentials(SEND_SMS), options: { maxRetries: 3 } });
		expectStopped(run, {
			message: `HotTask: Invalid secret key ${itemTag(0)}`,
			description: ['HotTask code 401', delivery.refused('HotTask'), 'Check the Secret Key in the HotTask API credential'],
		});
		expect(requestsOf(sim, SEND_SMS)).toHaveLength(1);
		expectNothingSecret(run);
	});

	it.each([SEND_SMS, GET_CALL])('$label: the wrong key repeated by the service in a 401 is redacted', async (op) => {
		const { sim } = context;
		const wrong = keyOf(op, true);
		const run = await runCaseWithFaultAt(sim, op, 0, { status: 401, body: echoBody(op, 401, `bad key ${wrong}`) }, { credentials: wrongKeyCredentials(op), continueOnFail: true });
		expectContinued(run, op, 1, {
			0: { message: `${op.service}: bad key *** ${itemTag(0)}`, description: ['HTTP 401', delivery.refused(op.service)], delivery: 'refused' },
		});
		expectNothingSecret(run);
	});
});

describe('secrets: the right key repeated by the service on every error path', () => {
	const paths: Array<{ label: string; op: OperationCase; fault: (key: string) => IDataObject; message: (service: string) => string }> = [
		{ label: 'HTTP 401 (HotTask)', op: ASK, fault: (key) => ({ status: 401, body: echoBody(ASK, 401, `bad key ${key}`) }), message: () => 'bad key ***' },
		{ label: 'HTTP 401 (Hamsa, "Token <key>")', op: START_CALL, fault: (key) => ({ status: 401, body: echoBody(START_CALL, 401, `bad key Token ${key}`) }), message: () => 'bad key Token ***' },
		{ label: 'HTTP 403 (Hamsa)', op: GET_CALL, fault: (key) => ({ status: 403, body: echoBody(GET_CALL, 403, `key ${key} lacks access`) }), message: () => 'key *** lacks access' },
		{ label: 'HTTP 500 on a send', op: SEND_SMS, fault: (key) => ({ status: 500, body: echoBody(SEND_SMS, 500, `crash while checking ${key}`) }), message: () => 'crash while checking ***' },
		{ label: 'HTTP 500 on a read, after retries', op: GET_CREDITS, fault: (key) => ({ status: 500, times: 5, body: echoBody(GET_CREDITS, 500, `crash while checking ${key}`) }), message: () => 'crash while checking ***' },
		{ label: 'HTTP 429 after the last retry', op: START_CALL, fault: (key) => ({ status: 429, body: echoBody(START_CALL, 429, `slow down, ${key}`) }), message: () => 'slow down, ***' },
		{ label: 'HTTP 200 Success: false', op: SEND_SMS, fault: (key) => ({ hottaskFailure: { code: 403, message: `key ${key} is suspended` } }), message: () => 'key *** is suspended' },
		{ label: 'a plain-text 4xx', op: START_CALL, fault: (key) => ({ status: 400, body: `Bad request from ${key}` }), message: () => 'Bad request from ***' },
		{ label: 'an error envelope instead of a stream', op: ASK_STREAMED, fault: (key) => ({ stream: { errorEnvelope: { code: 401, message: `stream refused for ${key}` } } }), message: () => 'stream refused for ***' },
		{ label: 'Twilio Status "False"', op: SEND_SMS, fault: (key) => ({ twilioStatusFalse: `Twilio rejected account ${key}` }), message: () => 'The SMS was not sent: Twilio rejected account ***' },
	];

	it.each(paths)('$label: "$op.label" shows *** in place of the key, stopping and under Continue On Fail', async ({ op, fault, message }) => {
		const { sim } = context;
		const key = keyOf(op);
		const stopped = await runCaseWithFaultAt(sim, op, 0, { ...fault(key) }, { options: { maxRetries: 0 } });
		expectStopped(stopped, { message: `${op.service}: ${message(op.service)} ${itemTag(0)}`, description: [] });
		expectNothingSecret(stopped);

		sim.reset();
		const continued = await runCaseWithFaultAt(sim, op, 0, { ...fault(key) }, { options: { maxRetries: 0 }, continueOnFail: true });
		expect(continued.items[0].json.error).toBe(`${op.service}: ${message(op.service)} ${itemTag(0)}`);
		expectNothingSecret(continued);
	});

	it('a 200 whose unreadable body repeats the key: the body preview in the description is redacted', async () => {
		const { sim } = context;
		sim.addFault({ method: 'POST', path: SEND_SMS.path, status: 200, body: `OK ${HOTTASK_KEY}` });
		const run = await runCase(sim, SEND_SMS);
		expectStopped(run, { message: /answered with something other than (a )?JSON/, description: ['(it began "OK ***")'] });
		expectNothingSecret(run);
	});
});

describe('secrets: the webhook secret', () => {
	function startWithWebhook(): INodeParameters {
		return {
			...START_CALL.parameters({ maxRetries: 0 }, {}),
			webhookUrl: 'https://hooks.example.com/hamsa',
			webhookAuthKey: 'Bearer',
			webhookAuthSecret: WEBHOOK_SECRET,
		};
	}

	it('is sent to Hamsa but not shown when Hamsa echoes webhookAuth in the call job', async () => {
		const { sim } = context;
		const job = { id: 'c-echo-1', status: 'PENDING', webhookUrl: 'https://hooks.example.com/hamsa', webhookAuth: { authKey: 'Bearer', authSecret: WEBHOOK_SECRET } };
		sim.addFault({ method: 'POST', path: START_CALL.path, status: 200, body: { success: false, message: 'success', data: job } });
		const run = await runNode({ node: 'hamsaVoiceCall', parameters: startWithWebhook(), credentials: credentialsFor(sim) });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ callId: 'c-echo-1', status: 'PENDING' });
		expect(sim.requests[0].body.webhookAuth).toEqual({ authKey: 'Bearer', authSecret: WEBHOOK_SECRET });
		expectNothingSecret(run);
	});

	it('is redacted when Hamsa repeats it in a validation error', async () => {
		const { sim } = context;
		sim.addFault({
			method: 'POST',
			path: START_CALL.path,
			status: 400,
			body: { success: false, message: `webhookAuth.authSecret "${WEBHOOK_SECRET}" is not allowed`, messageKey: 'VALIDATION_ERROR' },
		});
		const run = await runNode({ node: 'hamsaVoiceCall', parameters: startWithWebhook(), credentials: credentialsFor(sim), continueOnFail: true });
		expect(run.items[0].json.error).toBe(`Hamsa: webhookAuth.authSecret "***" is not allowed ${itemTag(0)}`);
		expectNothingSecret(run);
	});

	it('Start and Wait: the derived resume secret is sent to Hamsa, never shown, even when Hamsa echoes it', async () => {
		const { sim } = context;
		const body = (authSecret: string) => ({ success: false, message: `webhookAuth.authSecret "${authSecret}" rejected`, messageKey: 'VALIDATION_ERROR' });
		const parameters = { ...START_CALL.parameters({ maxRetries: 0 }, {}), operation: 'startAndWait', waitMethod: 'webhook' };
		const waiting = await runNode({ node: 'hamsaVoiceCall', parameters, credentials: credentialsFor(sim) });
		expect(waiting.status).toBe('waiting');
		expect(sim.requests[0].body.webhookAuth.authSecret).toBe(known.RESUME_SECRET);
		expectNothingSecret(waiting);

		sim.reset();
		sim.addFault({ method: 'POST', path: START_CALL.path, status: 400, body: body(known.RESUME_SECRET) });
		const refused = await runNode({ node: 'hamsaVoiceCall', parameters, credentials: credentialsFor(sim) });
		expectStopped(refused, { message: `Hamsa: webhookAuth.authSecret "***" rejected ${itemTag(0)}`, description: [delivery.refused('Hamsa')] });
		expectNothingSecret(refused);
	});
});

describe('secrets: the suite-wide scan', () => {
	it('knows the simulator keys, the webhook secrets and the secrets written in other test files', () => {
		const secrets = known.knownSecrets();
		for (const secret of ALL_SECRETS) expect(secrets.has(secret)).toBe(true);
		// Picked up from this file's own literal below, as it would be from any test file.
		expect(secrets.get('whsec-self-0042')).toMatch(/secrets\.test\.ts/);
	});

	it('finds a secret in a log line and names the test, not the secret', () => {
		const selfCheckSecret = 'whsec-self-0042';
		const line = JSON.stringify({ testPath: '/x/a.test.ts', test: 'leaky test', visible: JSON.stringify({ outputs: [[{ json: { token: selfCheckSecret } }]] }) });
		const leaks = scanVisibleOutput(`${line}\n`, known.knownSecrets());
		expect(leaks).toEqual([{ label: expect.stringContaining('selfCheckSecret'), tests: ['a.test.ts › leaky test'] }]);
		expect(JSON.stringify(leaks)).not.toContain(selfCheckSecret);
	});

	it('every runNode appends what the user saw (outputs and errors) to the log named by the environment', async () => {
		expect(readVisibleOutputLog()).toBeDefined();
		const { sim } = context;
		sim.addFault({ method: 'POST', path: SEND_SMS.path, twilioStatusFalse: 'marker-for-the-log-7731' });
		await runCase(sim, SEND_SMS);
		const lines = (readVisibleOutputLog() ?? '').trim().split('\n');
		const mine = lines.map((line) => JSON.parse(line) as { test: string; visible: string }).filter((entry) => entry.test?.includes('every runNode appends'));
		expect(mine).toHaveLength(1);
		expect(mine[0].visible).toContain('The SMS was not sent: marker-for-the-log-7731');
	});
});
