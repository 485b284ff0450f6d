/**
 * No node outputs a secret that a service echoes. Node output is saved with
 * every execution and, when an AI Agent uses the node as a tool, handed to
 * the model. `webhookAuth` (Hamsa's Auth Key and Auth Secret), `authSecret`
 * and `authToken` are removed at any depth and in any casing, Simplify on or
 * off; the credential's own key is replaced by *** wherever it appears.
 */
import { redactValue } from '../../../nodes/shared/redact';
import { startCallParameters } from '../../harness/calls';
import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';
import { runNode } from '../../harness/runWorkflow';
import { runTool } from '../../harness/runTool';
import { runWebhook } from '../../harness/runWebhook';
import { AGENT_WEBHOOK_SECRET, CHATBOT_ID, credentialsFor, HAMSA_KEY, HOTTASK_KEY, TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';
import { startWebhookReceiver } from '../../harness/webhookReceiver';

const context = useSimulator({ callDurationMs: 200 });
const SECRET = WEBHOOK_SECRETS[0];
const SECRET_KEY_NAMES = /webhookauth|authsecret|authtoken/i;

/** The seeded agent whose webhook settings Hamsa gives back with the agent. */
const AGENT_WITH_WEBHOOK = 'Customer Support Agent';

function text(value: unknown): string {
	return JSON.stringify(value);
}

function expectNoWebhookSecret(value: unknown): void {
	expect(text(value)).not.toMatch(SECRET_KEY_NAMES);
	expect(text(value)).not.toContain(SECRET);
	expect(text(value)).not.toContain(AGENT_WEBHOOK_SECRET);
}

async function hamsaAnswer(path: string): Promise<string> {
	const answer = await fetch(`${context.sim.url}${path}`, { headers: { Authorization: `Token ${HAMSA_KEY}` } });
	return await answer.text();
}

/** Call → Start with a webhook whose Auth Secret is SECRET. */
function startWithWebhook(extra: Record<string, unknown> = {}) {
	return startCallParameters({
		simplify: false,
		webhookUrl: 'https://hooks.example.com/hamsa',
		webhookAuthKey: 'Bearer',
		webhookAuthSecret: SECRET,
		...extra,
	});
}

/** Places a call that reports to a local receiver, and returns what Hamsa sent it. */
async function eventsOfACall(webhookPath: string, authSecret: string) {
	const receiver = await startWebhookReceiver();
	try {
		const started = await fetch(`${context.sim.url}/v1/voice-agents/twilio/call`, {
			method: 'POST',
			headers: { Authorization: `Token ${HAMSA_KEY}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({
				toNumber: '+14155550123',
				twilioPhoneNumber: TWILIO_NUMBER,
				voiceAgentId: VOICE_AGENT_ID,
				params: { customerName: 'Ada' },
				webhookUrl: receiver.urlFor(webhookPath),
				webhookAuth: { authKey: 'Bearer', authSecret },
			}),
		});
		expect(started.status).toBe(200);
		await receiver.waitForEvent('call.ended');
		await context.sim.webhooksIdle();
		return receiver.received;
	} finally {
		await receiver.close();
	}
}

describe('secrets Hamsa echoes are not output: Hamsa Voice Call', () => {
	it('Voice Agent → Get Many with Simplify off gives each agent without its webhookAuth, the rest of it kept', async () => {
		expect(await hamsaAnswer('/v2/voice-agents?skip=0&take=2')).toContain(AGENT_WEBHOOK_SECRET);

		const run = await runNode({
			node: 'hamsaVoiceCall',
			parameters: { resource: 'voiceAgent', operation: 'getMany', limit: 2, simplify: false },
			credentials: credentialsFor(context.sim),
		});
		expect(run.error).toBeUndefined();
		const agent = run.items.find((item) => item.json.name === AGENT_WITH_WEBHOOK)!.json;
		expect(agent).not.toHaveProperty('webhookAuth');
		expect(agent).toMatchObject({ webhookUrl: null, voice: { lang: 'en' }, conversation: { greetingMessage: expect.any(String) } });
		expectNoWebhookSecret(run.items);
	});

	it('Call → Start with Simplify off: the webhookAuth Hamsa echoes in the call job is not output', async () => {
		context.sim.configure({ echoWebhookAuth: true });
		const run = await runNode({ node: 'hamsaVoiceCall', parameters: startWithWebhook(), credentials: credentialsFor(context.sim) });
		expect(run.error).toBeUndefined();
		expect(context.sim.requests[0].body.webhookAuth).toEqual({ authKey: 'Bearer', authSecret: SECRET });
		expect(run.items[0].json).toMatchObject({ id: expect.any(String), status: 'PENDING', webhookUrl: 'https://hooks.example.com/hamsa' });
		expectNoWebhookSecret(run.items);

		const callId = String(run.items[0].json.id);
		expect(await hamsaAnswer(`/v1/voice-agents/conversation/${callId}`)).toContain(SECRET);
		const got = await runNode({
			node: 'hamsaVoiceCall',
			parameters: { resource: 'call', operation: 'get', callId, simplify: false },
			credentials: credentialsFor(context.sim),
		});
		expect(got.items[0].json).toMatchObject({ callId, call: { id: callId } });
		expectNoWebhookSecret(got.items);
	});

	it('Call → Start: the API key, come back inside the call job, is replaced by ***', async () => {
		const run = await runNode({
			node: 'hamsaVoiceCall',
			parameters: startCallParameters({
				simplify: false,
				paramsInput: 'keyValue',
				params: { values: [{ key: 'note', value: `mapped by mistake: Token ${HAMSA_KEY}` }] },
			}),
			credentials: credentialsFor(context.sim),
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.agentDetails).toMatchObject({ params: { note: 'mapped by mistake: Token ***' } });
		expect(text(run.items)).not.toContain(HAMSA_KEY);
	});
});

describe('secrets Hamsa echoes are not output: the webhooks', () => {
	it('Hamsa Trigger: a call.ended event carrying webhookAuth in its data starts the workflow without it', async () => {
		context.sim.configure({ echoWebhookAuth: true });
		const received = await eventsOfACall('/webhook/hamsa', SECRET);
		const ended = received.find((entry) => entry.body.eventType === 'call.ended')!;
		expect(text(ended.body)).toContain(SECRET);

		const run = await runWebhook({
			node: 'hamsaTrigger',
			parameters: { authKey: 'Bearer', authSecret: SECRET },
			headers: ended.headers as Record<string, string>,
			body: ended.body,
		});
		expect(run.status).toBe(200);
		const output = run.workflowData![0][0].json;
		expect(output).toMatchObject({ eventType: 'call.ended', outcome: { customerName: 'Ada' }, event: { eventType: 'call.ended', data: { status: 'COMPLETED' } } });
		expectNoWebhookSecret(run.workflowData);
	});

	it('Start and Wait for Outcome\'s resume webhook (Simplify off): the outcome is output without the echoed webhookAuth', async () => {
		const parameters = startWithWebhook({ operation: 'startAndWait', waitMethod: 'webhook' });
		delete parameters.webhookUrl;
		const waiting = await runNode({ node: 'hamsaVoiceCall', parameters, credentials: credentialsFor(context.sim) });
		expect(waiting.status).toBe('waiting');
		const placed = context.sim.requests.find((request) => request.path === '/v1/voice-agents/twilio/call')!.body;
		const resumePath = new URL(String(placed.webhookUrl)).pathname;

		context.sim.configure({ echoWebhookAuth: true });
		const received = await eventsOfACall(resumePath, String((placed.webhookAuth as { authSecret?: unknown }).authSecret));
		const ended = received.find((entry) => entry.body.eventType === 'call.ended')!;
		const run = await runWebhook({
			node: 'hamsaVoiceCall',
			parameters,
			credentials: credentialsFor(context.sim),
			originalUrl: resumePath,
			headers: ended.headers as Record<string, string>,
			body: ended.body,
		});
		expect(run.status).toBe(200);
		expect(run.workflowData![0][0].json).toMatchObject({ finished: true, event: { eventType: 'call.ended' } });
		expect(text(run.workflowData)).not.toMatch(SECRET_KEY_NAMES);
		expect(text(run.workflowData)).not.toContain(placed.webhookAuth.authSecret);
	});
});

describe('the credential\'s key is not output: HotTask', () => {
	it('HotTask Chat → Ask: a chatbot answer repeating the secret key shows *** in its place', async () => {
		context.sim.configure({ answer: `Sure. Your integration uses the key ${HOTTASK_KEY}, keep it safe.` });
		const run = await runNode({
			node: 'hotTaskChat',
			parameters: { resource: 'message', operation: 'ask', stream: false, chatbotId: CHATBOT_ID, question: 'What key do you use?' },
			credentials: credentialsFor(context.sim),
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.answer).toBe('Sure. Your integration uses the key ***, keep it safe.');
		expect(text(run.items)).not.toContain(HOTTASK_KEY);
	});
});

describe('as an AI Agent\'s tool (n8n\'s own tool invocation: the items\' JSON is what the model reads)', () => {
	it('Hamsa Voice Call Tool → Voice Agent → Get Many (Simplify off) hands the model no webhookAuth', async () => {
		const { response, error } = await runTool({
			node: 'hamsaVoiceCallTool',
			parameters: { resource: 'voiceAgent', operation: 'getMany', limit: 2, simplify: false },
			credentials: credentialsFor(context.sim),
		});
		expect(error).toBeUndefined();
		const agents = JSON.parse(response!) as Array<Record<string, unknown>>;
		expect(agents.map((agent) => agent.name)).toContain(AGENT_WITH_WEBHOOK);
		expectNoWebhookSecret(response);
	});

	it('HotTask Chat Tool → Ask hands the model *** for a key the chatbot repeated', async () => {
		context.sim.configure({ answer: `The key is ${HOTTASK_KEY}.` });
		const { response, error } = await runTool({
			node: 'hotTaskChatTool',
			parameters: { resource: 'message', operation: 'ask', stream: false, chatbotId: CHATBOT_ID, question: 'Which key?' },
			credentials: credentialsFor(context.sim),
		});
		expect(error).toBeUndefined();
		expect(JSON.parse(response!)).toEqual([expect.objectContaining({ answer: 'The key is ***.' })]);
	});
});

describe('redactValue', () => {
	it('removes webhookAuth, authSecret and authToken in any casing, at any depth, in objects and lists', () => {
		const answer = {
			id: 'a-1',
			WebhookAuth: { authKey: 'Bearer', authSecret: SECRET },
			nested: [{ deeper: { AUTHSECRET: SECRET, authtoken: SECRET, kept: 'yes' } }],
		};
		expect(redactValue(answer)).toEqual({ id: 'a-1', nested: [{ deeper: { kept: 'yes' } }] });
		expect(answer.WebhookAuth.authSecret).toBe(SECRET);
	});

	it('removes the other credentials an agent\'s settings hold: its own LLM\'s apiKey, its calendar tool\'s tokens', () => {
		const agent = { llm: { model: 'gpt-4o', apiKey: SECRET }, tools: { calendarId: 'c-1', accessToken: SECRET, RefreshToken: SECRET }, apiKeyId: 'k-1' };
		expect(redactValue(agent)).toEqual({ llm: { model: 'gpt-4o' }, tools: { calendarId: 'c-1' }, apiKeyId: 'k-1' });
		expect(agent.llm.apiKey).toBe(SECRET);
	});

	it('replaces the given key wherever a text or a key name holds it, and leaves shorter "keys" alone', () => {
		expect(redactValue({ note: `x ${HAMSA_KEY} y`, [HAMSA_KEY]: 1, list: [HAMSA_KEY] }, [HAMSA_KEY, 'abc'])).toEqual({
			note: 'x *** y',
			'***': 1,
			list: ['***'],
		});
	});

	it('removes the secret keys from JSON written as text (Hamsa\'s guide has receivers parse such text), other text kept as it is', () => {
		const outcome = JSON.stringify({ interested: true, webhookAuth: { authKey: 'Bearer', authSecret: SECRET } });
		expect(redactValue({ outcomeResult: outcome })).toEqual({ outcomeResult: '{"interested":true}' });
		expect(redactValue({ note: 'set webhookAuth in the dashboard' })).toEqual({ note: 'set webhookAuth in the dashboard' });
		expect(redactValue({ json: '{ "webhookAuthUrl": 1 }' })).toEqual({ json: '{ "webhookAuthUrl": 1 }' });
	});

	it('survives a cycle and an absurd depth, cutting there instead of copying what it did not read', () => {
		const cyclic: Record<string, unknown> = { name: 'loop' };
		cyclic.self = cyclic;
		expect(redactValue(cyclic)).toEqual({ name: 'loop', self: '[cut: circular]' });

		let deep: Record<string, unknown> = { authSecret: SECRET };
		for (let level = 0; level < 10_000; level++) deep = { next: deep };
		expect(text(redactValue(deep))).not.toContain(SECRET);
		expect(text(redactValue(deep))).toContain('[cut: nested too deep]');

		const shared = { a: 1, authSecret: SECRET };
		expect(redactValue({ first: shared, second: shared })).toEqual({ first: { a: 1 }, second: { a: 1 } });
	});
});
