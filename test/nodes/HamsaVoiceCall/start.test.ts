import { expectFailure, expectNoSecrets, expectRefusedBeforeSending, expectServerErrorNotRetried, onlyRequest } from '../../harness/expectations';
import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';
import { runNode, type RunNodeOptions } from '../../harness/runWorkflow';
import { credentialsFor, HAMSA_KEY, TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

// Calls stay PENDING, so the simulator posts no webhook events during these tests.
const context = useSimulator({ callOutcome: 'PENDING' });
const [WEBHOOK_SECRET] = WEBHOOK_SECRETS;
const TO = '+14155550123';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byNumber = (value: string) => ({ __rl: true, mode: 'number', value });

function start(parameters: Record<string, unknown>, extra: Partial<RunNodeOptions> = {}) {
	return runNode({
		node: 'hamsaVoiceCall',
		parameters: {
			resource: 'call',
			operation: 'start',
			voiceAgentId: byId(VOICE_AGENT_ID),
			toNumber: TO,
			twilioPhoneNumber: byNumber(TWILIO_NUMBER),
			// Hamsa's whole answer: what Simplify (on by default, simplify.test.ts) picks from is checked here.
			simplify: false,
			...parameters,
		},
		credentials: credentialsFor(context.sim),
		...extra,
	});
}

describe('Hamsa Voice Call → Call → Start', () => {
	it('posts every field in Hamsa\'s shape, with "Token <key>" as Authorization', async () => {
		const { sim } = context;
		const run = await start({
			agentName: 'Dr. Lee\'s assistant',
			paramsInput: 'keyValue',
			params: { values: [{ key: 'customerName', value: 'Ada' }, { key: 'appointment', value: 'Tuesday 10:00' }] },
			webhookUrl: 'https://hooks.example.com/hamsa',
			webhookAuthKey: 'Bearer',
			webhookAuthSecret: WEBHOOK_SECRET,
		});
		expect(run.error).toBeUndefined();
		const request = onlyRequest(sim);
		expect([request.method, request.path]).toEqual(['POST', '/v1/voice-agents/twilio/call']);
		expect(request.headers.authorization).toBe(`Token ${HAMSA_KEY}`);
		expect(request.body).toEqual({
			toNumber: TO,
			twilioPhoneNumber: TWILIO_NUMBER,
			agentDetails: { agentName: 'Dr. Lee\'s assistant' },
			voiceAgentId: VOICE_AGENT_ID,
			params: { customerName: 'Ada', appointment: 'Tuesday 10:00' },
			webhookUrl: 'https://hooks.example.com/hamsa',
			webhookAuth: { authKey: 'Bearer', authSecret: WEBHOOK_SECRET },
		});
	});

	it('outputs the call job with its id as callId and never the webhook secret', async () => {
		const run = await start({ webhookUrl: 'https://hooks.example.com/hamsa', webhookAuthSecret: WEBHOOK_SECRET });
		const [item] = run.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ status: 'PENDING', voiceAgentId: VOICE_AGENT_ID, callParams: { userNumber: TO, machineNumber: TWILIO_NUMBER } });
		expect(item.json.callId).toBe(item.json.id);
		expect(context.sim.calls.has(item.json.callId as string)).toBe(true);
		expectNoSecrets(run, [WEBHOOK_SECRET]);
	});

	it('drops the webhook secret from the output even when Hamsa echoes it back', async () => {
		const { sim } = context;
		sim.addFault({
			path: '/v1/voice-agents/twilio/call',
			status: 200,
			body: { success: false, message: 'success', data: { id: 'c-1', status: 'PENDING', webhookAuth: { authKey: 'Bearer', authSecret: WEBHOOK_SECRET } } },
		});
		const run = await start({ webhookUrl: 'https://hooks.example.com/hamsa', webhookAuthSecret: WEBHOOK_SECRET });
		expect(run.items[0].json).toEqual({ callId: 'c-1', id: 'c-1', status: 'PENDING' });
		expectNoSecrets(run, [WEBHOOK_SECRET]);
	});

	it('accepts the voice agent and the Twilio number as plain strings too', async () => {
		const { sim } = context;
		const run = await start({ voiceAgentId: VOICE_AGENT_ID, twilioPhoneNumber: TWILIO_NUMBER });
		expect(run.error).toBeUndefined();
		expect(onlyRequest(sim).body).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, twilioPhoneNumber: TWILIO_NUMBER });
	});

	it('sends params given as JSON, keeping their types', async () => {
		const { sim } = context;
		await start({ paramsInput: 'json', paramsJson: '{"customerName": "Ada", "visits": 3, "vip": true}' });
		expect(onlyRequest(sim).body.params).toEqual({ customerName: 'Ada', visits: 3, vip: true });
	});

	it('sends empty params and an empty agent name, and no webhook fields, when none are given', async () => {
		const { sim } = context;
		await start({});
		expect(onlyRequest(sim).body).toEqual({
			toNumber: TO,
			twilioPhoneNumber: TWILIO_NUMBER,
			agentDetails: { agentName: '' },
			voiceAgentId: VOICE_AGENT_ID,
			params: {},
		});
	});

	it('uses "Bearer" as the webhook auth key when only the secret is given', async () => {
		const { sim } = context;
		await start({ webhookUrl: 'https://hooks.example.com/hamsa', webhookAuthKey: '', webhookAuthSecret: WEBHOOK_SECRET });
		expect(onlyRequest(sim).body.webhookAuth).toEqual({ authKey: 'Bearer', authSecret: WEBHOOK_SECRET });
	});

	it('names Hamsa\'s message and code when the voice agent does not exist', async () => {
		const run = await start({ voiceAgentId: byId('00000000-0000-4000-8000-000000000000'), webhookUrl: 'https://h.example.com', webhookAuthSecret: WEBHOOK_SECRET });
		expectFailure(run, { message: 'Hamsa: Voice agent not found [item 0]', description: ['HTTP 404, Hamsa code VOICE_AGENT_NOT_FOUND.'] });
		expectNoSecrets(run, [WEBHOOK_SECRET]);
	});

	it('names Hamsa\'s message and code when the Twilio number is not registered', async () => {
		const run = await start({ twilioPhoneNumber: byNumber('+14155559999') });
		expectFailure(run, {
			message: 'Hamsa: Twilio phone number +14155559999 is not registered in this project [item 0]',
			description: ['HTTP 400, Hamsa code PHONE_NUMBER_NOT_FOUND.'],
		});
	});

	it('never calls anyone twice: a server error is not retried', async () => {
		await expectServerErrorNotRetried(context.sim, '/v1/voice-agents/twilio/call', 502, async () => await start({}));
	});

	it.each([
		['a To Number without country code', { toNumber: '12345' }, 'Invalid To Number "12345"'],
		['a Twilio number that is not a phone number', { twilioPhoneNumber: byNumber('twilio') }, 'Invalid Twilio Phone Number "twilio"'],
		['a voice agent that comes out empty', { voiceAgentId: byId('={{ "" }}') }, 'Voice Agent is required [item 0]'],
		['params JSON that does not parse', { paramsInput: 'json', paramsJson: '{"name": "Ada",' }, 'Invalid Params (JSON): it is not valid JSON'],
		['params JSON that is not an object', { paramsInput: 'json', paramsJson: '["Ada"]' }, 'Invalid Params (JSON): it must be a JSON object'],
		['a param without a name', { params: { values: [{ key: ' ', value: 'Ada' }] } }, 'Invalid Params: a param has no name'],
		['a webhook URL that is not a URL', { webhookUrl: 'hooks.example.com/hamsa' }, 'Invalid Webhook URL "hooks.example.com/hamsa"'],
	])('refuses %s before any request reaches Hamsa', async (_case, parameters, expected) => {
		const run = await start({ webhookAuthSecret: WEBHOOK_SECRET, ...parameters });
		expectRefusedBeforeSending(run, context.sim, expect.stringContaining(expected));
		expectNoSecrets(run, [WEBHOOK_SECRET]);
	});
});

describe('Hamsa Voice Call → Call → Start on several items', () => {
	const items = [{ to: '+14155550123' }, { to: '+1 (415) 555' }, { to: '+442071838751' }];

	it('with Continue On Fail, places the good calls and puts an error item in place of the bad number', async () => {
		const { sim } = context;
		const run = await start({ toNumber: '={{ $json.to }}' }, { items, continueOnFail: true });
		expect(run.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(run.items[0].json.status).toBe('PENDING');
		expect(run.items[1].json.error).toMatch(/^Invalid To Number "\+1 \(415\) 555": it has 7 digits/);
		expect(run.items[2].json.status).toBe('PENDING');
		expect(sim.requests.map((request) => request.body.toNumber)).toEqual(['+14155550123', '+442071838751']);
	});

	it('without Continue On Fail, fails naming the item before placing any call', async () => {
		expectRefusedBeforeSending(await start({ toNumber: '={{ $json.to }}' }, { items }), context.sim, /\[item 1\]$/);
	});
});
