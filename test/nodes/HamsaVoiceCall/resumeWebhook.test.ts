/**
 * Start and Wait for Outcome's resume webhook, run as n8n runs a waiting
 * execution's webhook (test/harness/runWebhook.ts): the request comes to
 * /webhook-waiting/<executionId>/<nodeId>, and the Authorization must be
 * "Bearer <HMAC of the API key over 'hamsa-resume:<executionId>/<nodeId>'>".
 */
import { createHash, createHmac } from 'crypto';
import { WebhookContext } from 'n8n-core';
import type { IRunExecutionData } from 'n8n-workflow';
import { ANSWERED_CALL_EVENTS, CUSTOMER_ADA, finishedCall, startCallParameters } from '../../harness/calls';
import { runNode } from '../../harness/runWorkflow';
import { runWebhook, type RunWebhookOptions } from '../../harness/runWebhook';
import { credentialsFor, HAMSA_KEY, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';
import { startWebhookReceiver } from '../../harness/webhookReceiver';
import { callEnded as callEndedEvent, flatCallEnded } from '../HamsaTrigger/triggerFixtures';

import { RESUME_SECRET, WRONG_HAMSA_KEY } from '../../harness/knownSecrets';

const context = useSimulator({ callDurationMs: 200 });

function derivedSecret(apiKey: string, executionId: string, nodeId: string): string {
	return createHmac('sha256', apiKey).update(`hamsa-resume:${executionId}/${nodeId}`).digest('hex');
}

const CALL_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

/** Hamsa's call.ended event for CALL_ID (the Hamsa Trigger tests' event), ending with `status`. */
function callEnded(status = 'COMPLETED') {
	return callEndedEvent(CALL_ID, undefined, status);
}

function earlier(eventType: string) {
	return { eventType, callId: CALL_ID, timestamp: '2025-06-02T10:14:00.000Z', agentId: VOICE_AGENT_ID, data: { status: 'IN_PROGRESS' } };
}

function resume(options: Partial<RunWebhookOptions> = {}) {
	return runWebhook({
		node: 'hamsaVoiceCall',
		parameters: startCallParameters({
			operation: 'startAndWait',
			simplify: false,
			waitMethod: 'webhook',
		}),
		credentials: credentialsFor(context.sim),
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${RESUME_SECRET}` },
		body: callEnded(),
		...options,
	});
}

describe('Hamsa Voice Call → resume webhook of Start and Wait for Outcome', () => {
	it('is a restart webhook at /webhook-waiting/<executionId>/<nodeId>, as n8n\'s send-and-wait nodes declare it', async () => {
		const run = await resume({ originalUrl: '/webhook-waiting/1/under-test' });
		expect(run.webhookData.webhookDescription.restartWebhook).toBe(true);
		expect(run.webhookData.httpMethod).toBe('POST');
		expect(run.webhookData.path).toBe('under-test');
		expect(run.status).toBe(200);
	});

	it('resumes on call.ended with the derived secret, the outcome on its one output', async () => {
		const event = callEnded();
		const run = await resume({ originalUrl: '/webhook-waiting/1/under-test', body: event });
		expect(run.error).toBeUndefined();
		expect(run.status).toBe(200);
		expect(run.body).toEqual({ received: true });
		expect(run.workflowData).toEqual([
			[
				{
					// Flattened as Hamsa Trigger flattens it, and marked as the finished wait.
					json: { ...flatCallEnded(CALL_ID, event), finished: true, timedOut: false },
				},
			],
		]);
	});

	it('resumes for a call that ended unanswered too, with its status', async () => {
		const run = await resume({ body: callEnded('NO_ANSWER') });
		expect(run.workflowData?.[0][0].json).toMatchObject({ status: 'NO_ANSWER', finished: true, timedOut: false });
	});

	it.each(['call.started', 'call.answered', 'transcription.update', 'tool.executed', 'something.new'])(
		'acknowledges %s and keeps waiting (no workflow data)',
		async (eventType) => {
			const run = await resume({ body: earlier(eventType) });
			expect(run.status).toBe(200);
			expect(run.noWebhookResponse).toBe(false);
			expect(run.workflowData).toBeUndefined();
			expect(run.body).toEqual({ received: true, waitingFor: 'call.ended' });
		},
	);

	it('acknowledges an authenticated body that is not an event (null, a list) and keeps waiting', async () => {
		for (const body of [null, [callEnded()], 'call.ended']) {
			const run = await resume({ body });
			expect({ body, status: run.status, started: run.workflowData !== undefined }).toEqual({ body, status: 200, started: false });
		}
	});

	it('accepts a resume URL with a query string and behind a path prefix (the last two segments count)', async () => {
		for (const originalUrl of ['/webhook-waiting/1/under-test?signature=abc', '/n8n/webhook-waiting/1/under-test/']) {
			const run = await resume({ originalUrl });
			expect({ originalUrl, status: run.status }).toEqual({ originalUrl, status: 200 });
			expect(run.workflowData?.[0]).toHaveLength(1);
		}
	});

	describe('refuses with 401, and does not resume,', () => {
		it.each([
			['a wrong secret', 'Bearer 0000000000000000000000000000000000000000000000000000000000000000'],
			['the right secret with another key', `Token ${RESUME_SECRET}`],
			['the right secret alone', RESUME_SECRET],
			['the secret one character short', `Bearer ${RESUME_SECRET.slice(0, -1)}`],
			['the secret of another execution', `Bearer ${derivedSecret(HAMSA_KEY, '2', 'under-test')}`],
			['the secret of another node', `Bearer ${derivedSecret(HAMSA_KEY, '1', 'other-node')}`],
			['a secret derived from another API key', `Bearer ${derivedSecret(WRONG_HAMSA_KEY, '1', 'under-test')}`],
			['the Hamsa API key itself', `Bearer ${HAMSA_KEY}`],
			['an empty header', ''],
		])('%s', async (_label, authorization) => {
			const run = await resume({ headers: { Authorization: authorization } });
			expect(run.status).toBe(401);
			expect(run.noWebhookResponse).toBe(true);
			expect(run.workflowData).toBeUndefined();
			expect(run.body).toEqual({ message: 'Authorization does not match this call' });
		});

		it('no Authorization header', async () => {
			const run = await resume({ headers: { 'Content-Type': 'application/json' } });
			expect(run.status).toBe(401);
			expect(run.workflowData).toBeUndefined();
		});

		it('a wrong secret even for an event that would only be acknowledged', async () => {
			const run = await resume({ body: earlier('call.started'), headers: { Authorization: 'Bearer nope' } });
			expect(run.status).toBe(401);
			expect(run.webhookResponse).toBeUndefined();
		});

		it.each([
			['empty', ''],
			['blank', '  '],
			['the text a failed expression leaves ("undefined")', 'undefined'],
		])('the secret derived from the Hamsa API key when that key is %s (an HMAC anyone can compute from the URL)', async (_label, apiKey) => {
			const run = await resume({
				credentials: credentialsFor(context.sim, { hamsa: { apiKey } }),
				headers: { Authorization: `Bearer ${derivedSecret(apiKey, '1', 'under-test')}` },
			});
			expect(run.status).toBe(401);
			expect(run.workflowData).toBeUndefined();
		});

		it('the right secret for execution 1 sent to execution 2\'s URL', async () => {
			const run = await resume({ originalUrl: '/webhook-waiting/2/under-test' });
			expect(run.status).toBe(401);
			const matching = await resume({
				originalUrl: '/webhook-waiting/2/under-test',
				headers: { Authorization: `Bearer ${derivedSecret(HAMSA_KEY, '2', 'under-test')}` },
			});
			expect(matching.status).toBe(200);
			expect(matching.workflowData?.[0]).toHaveLength(1);
		});
	});

	it('derives the secret for the node\'s own id', async () => {
		const nodeId = 'f3e2d1c0-b9a8-4765-9432-10fedcba9876';
		const run = await resume({
			nodeId,
			originalUrl: `/webhook-waiting/77/${nodeId}`,
			headers: { Authorization: `Bearer ${derivedSecret(HAMSA_KEY, '77', nodeId)}` },
		});
		expect(run.status).toBe(200);
		expect(run.workflowData?.[0][0].json.finished).toBe(true);
	});

	it('resumes from the URL and Authorization the node gave Hamsa, with the events the simulator sends', async () => {
		const { sim } = context;
		// The node's own call stays queued: its events would go to the harness's unserved resume URL.
		sim.configure({ callOutcome: 'PENDING' });
		const waiting = await runNode({
			node: 'hamsaVoiceCall',
			parameters: startCallParameters({
				operation: 'startAndWait',
				simplify: false,
				...CUSTOMER_ADA,
				waitMethod: 'webhook',
			}),
			credentials: credentialsFor(sim),
		});
		expect(waiting.status).toBe('waiting');
		const placed = sim.requests.find((request) => request.path === '/v1/voice-agents/twilio/call')!.body;
		const resumePath = new URL(String(placed.webhookUrl)).pathname;
		expect(resumePath).toBe('/webhook-waiting/1/under-test');

		sim.configure({ callOutcome: 'COMPLETED' });
		// Place a call with the same webhook auth, delivered to a local receiver, to capture what Hamsa sends.
		const receiver = await startWebhookReceiver();
		const { received } = receiver;
		try {
			const started = await fetch(`${sim.url}/v1/voice-agents/twilio/call`, {
				method: 'POST',
				headers: { Authorization: `Token ${HAMSA_KEY}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ ...placed, webhookUrl: receiver.urlFor(resumePath) }),
			});
			expect(started.status).toBe(200);
			await receiver.waitForEvent('call.ended');
			await sim.webhooksIdle();
		} finally {
			await receiver.close();
		}
		expect(received.map((entry) => entry.body.eventType)).toEqual(ANSWERED_CALL_EVENTS);
		expect(received[0].headers.authorization).toBe(`Bearer ${RESUME_SECRET}`);

		const resumed = [];
		for (const entry of received) {
			const run = await resume({ originalUrl: resumePath, headers: entry.headers as Record<string, string>, body: entry.body });
			expect(run.status).toBe(200);
			if (run.workflowData) resumed.push(run.workflowData);
		}
		expect(resumed).toHaveLength(1);
		expect(resumed[0]).toHaveLength(1);
		expect(resumed[0][0][0].json).toMatchObject({
			eventType: 'call.ended',
			status: 'COMPLETED',
			outcome: { customerName: 'Ada', interested: true },
			finished: true,
			timedOut: false,
		});
		expect(String(resumed[0][0][0].json.transcript)).toMatch(/^Agent: .*\nUser: /s);
		expect(JSON.stringify(resumed)).not.toContain(HAMSA_KEY);
		expect(JSON.stringify(resumed)).not.toContain(RESUME_SECRET);
	});
});

describe('Hamsa Voice Call → resume webhook: call.ended forms the webhook guide shows or leaves open', () => {
	const resumeWith = (body: unknown) => resume({ body });
	const event = (eventType: string, data: unknown) => ({ ...earlier(eventType), data });

	it('resumes on call.ended whose details are flat under data', async () => {
		const run = await resumeWith(
			event('call.ended', { status: 'COMPLETED', conversationRecording: 'https://rec.example.com/2.mp3', transcription: [{ Agent: 'Bye' }], outcomeResult: { ok: 1 } }),
		);
		expect(run.workflowData?.[0][0].json).toMatchObject({
			finished: true,
			status: 'COMPLETED',
			transcript: 'Agent: Bye',
			outcome: { ok: 1 },
			recordingUrl: 'https://rec.example.com/2.mp3',
		});
	});

	it('resumes on call.ended with a numeric timestamp and no optional fields', async () => {
		const run = await resumeWith({ eventType: 'call.ended', callId: CALL_ID, timestamp: 1717323330000, data: { data: {} } });
		expect(run.error).toBeUndefined();
		expect(run.workflowData?.[0][0].json).toMatchObject({ finished: true, callId: CALL_ID, transcript: '', outcome: {} });
	});

	it('resumes on the guide\'s call.ended (no status anywhere in it) with the call\'s final status', async () => {
		const { sim } = context;
		const callId = await finishedCall(sim);
		const run = await resumeWith({
			eventType: 'call.ended',
			callId,
			timestamp: '2024-01-15T14:35:00.000Z',
			data: {
				timestamp: '2024-01-15T14:35:00.000Z',
				data: {
					conversationId: callId,
					conversationRecording: 'https://hamsa-recordings.s3.amazonaws.com/recording.mp3',
					transcription: [{ Agent: 'Hello! How can I help you?' }],
					outcomeResult: { application_id: '12345' },
				},
			},
		});
		expect(run.workflowData?.[0][0].json).toMatchObject({ finished: true, callId, status: 'COMPLETED' });
	});

	it('still resumes, without a status, when looking the call up fails (Hamsa must get its answer in 5 s)', async () => {
		const { sim } = context;
		sim.addFault({ path: `/v1/voice-agents/conversation/${CALL_ID}`, status: 500 });
		const run = await resumeWith({
			eventType: 'call.ended',
			callId: CALL_ID,
			timestamp: '2024-01-15T14:35:00.000Z',
			data: { data: { conversationId: CALL_ID, outcomeResult: { application_id: '12345' } } },
		});
		expect(run.workflowData?.[0][0].json).toMatchObject({ finished: true, callId: CALL_ID, outcome: { application_id: '12345' } });
		expect(run.workflowData?.[0][0].json.status).toBeUndefined();
		expect(sim.requests.filter((request) => request.path.startsWith('/v1/voice-agents/conversation/'))).toHaveLength(1);
	});

	it('keeps waiting on transcription.update and tool.executed', async () => {
		for (const eventType of ['call.started', 'call.answered', 'transcription.update', 'tool.executed']) {
			const run = await resumeWith(event(eventType, {}));
			expect({ eventType, data: run.workflowData, body: run.body }).toEqual({ eventType, data: undefined, body: { received: true, waitingFor: 'call.ended' } });
		}
	});

	describe('resumes only on call.ended of the call this execution placed', () => {
		async function waitingExecution() {
			const { sim } = context;
			// The call stays queued: the tests deliver its events themselves.
			sim.configure({ callOutcome: 'PENDING' });
			const waiting = await runNode({
				node: 'hamsaVoiceCall',
				parameters: startCallParameters({ operation: 'startAndWait', waitMethod: 'webhook', simplify: false }),
				credentials: credentialsFor(sim),
			});
			expect(waiting.status).toBe('waiting');
			const [call] = [...sim.calls.values()];
			return { data: waiting.run.data, callId: String(call.id) };
		}

		/** The resume request as n8n runs it for the stored waiting execution. */
		function resumeWaiting(data: IRunExecutionData, body: unknown) {
			return resume({ originalUrl: '/webhook-waiting/1/under-test', nodeName: 'Node Under Test', runExecutionData: data, body });
		}

		it('remembers the placed call\'s id in the execution\'s custom data ($execution.customData, saved with the waiting execution)', async () => {
			const { data, callId } = await waitingExecution();
			expect(data.resultData.metadata).toMatchObject({ hamsaCallId: callId });
		});

		it('keeps a SHA-256 digest of the Authorization Hamsa was given in custom data, never the secret itself', async () => {
			const { data } = await waitingExecution();
			const digest = createHash('sha256').update(`Bearer ${RESUME_SECRET}`).digest('hex');
			expect(data.resultData.metadata).toEqual({ hamsaCallId: expect.any(String), hamsaResumeAuthSha256: digest });
			expect(JSON.stringify(data)).not.toContain(RESUME_SECRET);
		});

		it('checks the resume request against that digest without reading the credential (Hamsa waits 5 s at most)', async () => {
			const { data, callId } = await waitingExecution();
			const early = await resumeWaiting(data, { ...earlier('call.started'), callId });
			expect(early.status).toBe(200);
			expect(early.credentialReads).toBe(0);
			const run = await resumeWaiting(data, { ...callEnded(), callId });
			expect(run.status).toBe(200);
			expect(run.workflowData?.[0][0].json).toMatchObject({ callId, finished: true });
			expect(run.credentialReads).toBe(0);
		});

		it('refuses a wrong or missing Authorization against the digest with 401', async () => {
			const { data, callId } = await waitingExecution();
			for (const headers of [{ Authorization: `Bearer ${derivedSecret(HAMSA_KEY, '2', 'under-test')}` }, { Authorization: 'Bearer' }, {}]) {
				const run = await resume({ originalUrl: '/webhook-waiting/1/under-test', nodeName: 'Node Under Test', runExecutionData: data, headers, body: { ...callEnded(), callId } });
				expect(run.status).toBe(401);
				expect(run.workflowData).toBeUndefined();
			}
		});

		it('still resumes when the Hamsa API key was changed while the call waited', async () => {
			const { data, callId } = await waitingExecution();
			const run = await resume({
				originalUrl: '/webhook-waiting/1/under-test',
				nodeName: 'Node Under Test',
				runExecutionData: data,
				credentials: credentialsFor(context.sim, { hamsa: { apiKey: WRONG_HAMSA_KEY } }),
				body: { ...callEnded(), callId },
			});
			expect(run.status).toBe(200);
			expect(run.workflowData?.[0][0].json).toMatchObject({ callId, finished: true });
		});

		it('acknowledges call.ended of another call with 200 and keeps waiting; its own call.ended then resumes it', async () => {
			const { data, callId } = await waitingExecution();
			const other = await resumeWaiting(data, { ...callEnded(), callId: CALL_ID });
			expect(other.status).toBe(200);
			expect(other.body).toEqual({ received: true, ignored: 'call.ended of another call', waitingFor: 'call.ended' });
			expect(other.workflowData).toBeUndefined();
			const own = await resumeWaiting(data, { ...callEnded(), callId });
			expect(own.status).toBe(200);
			expect(own.body).toEqual({ received: true });
			expect(own.workflowData?.[0][0].json).toMatchObject({ callId, eventType: 'call.ended', status: 'COMPLETED', finished: true });
		});

		it('tells the calls apart without expressions (n8n 1.123\'s isolated-vm engine returns undefined for $execution.customData.get)', async () => {
			const { data, callId } = await waitingExecution();
			const evaluate = jest.spyOn(WebhookContext.prototype, 'evaluateExpression').mockReturnValue(undefined as never);
			try {
				const other = await resumeWaiting(data, { ...callEnded(), callId: CALL_ID });
				expect(other.workflowData).toBeUndefined();
				expect(other.body).toEqual({ received: true, ignored: 'call.ended of another call', waitingFor: 'call.ended' });
				const own = await resumeWaiting(data, { ...callEnded(), callId });
				expect(own.workflowData?.[0][0].json).toMatchObject({ callId, finished: true });
			} finally {
				evaluate.mockRestore();
			}
		});

		it('does not resume on a call.ended without a call id', async () => {
			const { data } = await waitingExecution();
			const noCallId = Object.fromEntries(Object.entries(callEnded()).filter(([key]) => key !== 'callId'));
			const run = await resumeWaiting(data, noCallId);
			expect(run.status).toBe(200);
			expect(run.workflowData).toBeUndefined();
		});

		it('an execution that began waiting without a remembered call or digest (an older version of the node) still resumes on call.ended, its secret derived again', async () => {
			const { data } = await waitingExecution();
			delete data.resultData.metadata;
			const run = await resumeWaiting(data, callEnded());
			expect(run.workflowData?.[0][0].json).toMatchObject({ callId: CALL_ID, finished: true });
			expect(run.credentialReads).toBe(1);
			const forged = await resume({ originalUrl: '/webhook-waiting/1/under-test', nodeName: 'Node Under Test', runExecutionData: data, headers: { Authorization: 'Bearer not-it' }, body: callEnded() });
			expect(forged.status).toBe(401);
		});
	});
});
