/**
 * Simplify, on by default, for the operations whose answers have many fields:
 * the fields a workflow or an AI agent needs, with Hamsa's whole answer one
 * switch away (Simplify off, checked in each operation's own tests). And Start
 * and Wait for Outcome as an AI Agent tool: Poll works, Hamsa Webhook is refused
 * before any call is placed.
 */
import { CUSTOMER_ADA, finishedCall, startCallParameters } from '../../harness/calls';
import { operationRunner } from '../../harness/operations';
import { runNode } from '../../harness/runWorkflow';
import { credentialsFor, TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

const context = useSimulator({ callDurationMs: 300 });
const START_CALL = '/v1/voice-agents/twilio/call';
const hamsa = operationRunner(context, 'hamsaVoiceCall', {});

const bytes = (value: unknown) => JSON.stringify(value).length;

describe('Hamsa Voice Call: Simplify (on by default)', () => {
	it('Call → Start gives callId, status, the numbers, the agent: a fraction of Hamsa\'s call job', async () => {
		const simple = await hamsa(startCallParameters(CUSTOMER_ADA));
		const raw = await hamsa(startCallParameters({ ...CUSTOMER_ADA, simplify: false }));
		expect(simple.error).toBeUndefined();
		const item = simple.items[0].json;
		expect(Object.keys(item)).toEqual(['callId', 'status', 'toNumber', 'fromNumber', 'voiceAgentId', 'agentName']);
		expect(item).toMatchObject({ status: 'PENDING', toNumber: '+14155550123', fromNumber: TWILIO_NUMBER, voiceAgentId: VOICE_AGENT_ID });
		expect(item.callId).toEqual(expect.any(String));
		expect(Object.keys(raw.items[0].json).length).toBeGreaterThan(10);
		expect(bytes(item) * 5).toBeLessThan(bytes(raw.items[0].json));
	});

	it('Call → Get gives the call\'s status, duration, transcript, outcome and recording, without the raw conversation', async () => {
		const callId = await finishedCall(context.sim);
		const run = await hamsa({ resource: 'call', operation: 'get', callId });
		expect(run.error).toBeUndefined();
		const item = run.items[0].json;
		expect(Object.keys(item).sort()).toEqual(['callDuration', 'callId', 'outcome', 'recordingUrl', 'status', 'transcript']);
		expect(item.callId).toBe(callId);
		expect(item.status).toBe('COMPLETED');
		expect(item.transcript).toEqual(expect.stringContaining(':'));
	});

	it('Call → Get Many gives one short row per call', async () => {
		const run = await hamsa({ resource: 'call', operation: 'getMany', limit: 3 });
		expect(run.items).toHaveLength(3);
		for (const { json } of run.items) {
			expect(Object.keys(json).every((key) => ['callId', 'status', 'createdAt', 'callDuration', 'toNumber', 'fromNumber', 'voiceAgentId', 'agentName'].includes(key))).toBe(true);
			expect(json.callId).toEqual(expect.any(String));
			expect(json.status).toEqual(expect.any(String));
		}
	});

	it('Voice Agent → Get Many gives id, name, language, greeting and creation time', async () => {
		const run = await hamsa({ resource: 'voiceAgent', operation: 'getMany', limit: 2 });
		expect(run.items[0].json).toEqual({
			voiceAgentId: VOICE_AGENT_ID,
			name: 'Appointment Reminder',
			language: 'en',
			greetingMessage: expect.any(String),
			createdAt: expect.any(String),
		});
	});

	it('Voice Agent → Get gives the agent\'s settings (whether it has a webhook secret, never the secret) and its tool ids, a fraction of the agent', async () => {
		const parameters = { resource: 'voiceAgent', operation: 'get', voiceAgentId: { __rl: true, mode: 'id', value: VOICE_AGENT_ID } };
		const simple = await hamsa(parameters);
		const raw = await hamsa({ ...parameters, simplify: false });
		expect(Object.keys(simple.items[0].json)).toEqual([
			'voiceAgentId', 'name', 'language', 'voiceId', 'greetingMessage', 'preamble', 'params', 'maxCallDuration',
			'webhookUrl', 'hasWebhookAuth', 'outcomeResponseShape', 'toolIds', 'createdAt', 'updatedAt',
		]);
		expect(bytes(simple.items[0].json) * 2).toBeLessThan(bytes(raw.items[0].json));
	});

	it('Tool → Get Many gives each tool\'s id, name, type, state, server and version', async () => {
		const run = await hamsa({ resource: 'tool', operation: 'getMany', limit: 2 });
		expect(Object.keys(run.items[0].json)).toEqual(['toolId', 'name', 'description', 'type', 'isActive', 'serverUrl', 'methodType', 'version', 'updatedAt']);
	});

	it('Phone Number → Get Many gives the number, its label, provider and voice agent', async () => {
		const run = await hamsa({ resource: 'phoneNumber', operation: 'getMany', filters: { provider: 'TWILIO' } });
		const first = run.items.find((item) => item.json.phoneNumber === TWILIO_NUMBER)?.json;
		expect(first).toEqual({ phoneNumber: TWILIO_NUMBER, label: 'Main US line', provider: 'TWILIO', voiceAgentId: VOICE_AGENT_ID, voiceAgentName: 'Appointment Reminder' });
	});

	it('Start and Wait for Outcome (Poll) gives the ended call\'s fields and the wait\'s flags', async () => {
		const run = await hamsa(startCallParameters({ operation: 'startAndWait', waitMethod: 'poll', pollIntervalSeconds: 1, ...CUSTOMER_ADA }));
		expect(run.error).toBeUndefined();
		const item = run.items[0].json;
		expect(Object.keys(item).sort()).toEqual(['callDuration', 'callId', 'finished', 'outcome', 'recordingUrl', 'status', 'timedOut', 'transcript']);
		expect(item).toMatchObject({ finished: true, timedOut: false, status: 'COMPLETED' });
	});
});

describe('Hamsa Voice Call Tool (an AI Agent\'s tool): Start and Wait for Outcome', () => {
	it('with Wait Method Hamsa Webhook is refused before any call, saying to choose Poll', async () => {
		const { sim } = context;
		const run = await runNode({
			node: 'hamsaVoiceCallTool',
			parameters: startCallParameters({ operation: 'startAndWait', waitMethod: 'webhook' }),
			credentials: credentialsFor(sim),
		});
		expect(run.error?.message).toBe('Start and Wait for Outcome with Wait Method "Hamsa Webhook" cannot run as an AI Agent tool. No call was placed.');
		expect((run.error as unknown as { description: string }).description).toMatch(/Set Wait Method to "Poll"/);
		expect(sim.requests).toHaveLength(0);
	});

	it('with Wait Method Poll places the call and returns its outcome', async () => {
		const { sim } = context;
		const run = await runNode({
			node: 'hamsaVoiceCallTool',
			parameters: startCallParameters({ operation: 'startAndWait', waitMethod: 'poll', pollIntervalSeconds: 1 }),
			credentials: credentialsFor(sim),
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ finished: true, status: 'COMPLETED' });
		expect(sim.requests.filter((request) => request.path === START_CALL)).toHaveLength(1);
	});

	it('the node as a plain action (not a tool) still waits with Hamsa Webhook', async () => {
		const run = await hamsa(startCallParameters({ operation: 'startAndWait', waitMethod: 'webhook' }));
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('waiting');
	});
});
