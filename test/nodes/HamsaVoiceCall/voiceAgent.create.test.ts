/**
 * Voice Agent → Create: POST /v2/voice-agents in Hamsa's v2 shape with only
 * the settings given, sent once (a repeat would make a second agent). Every
 * setting is checked before anything is sent, and the webhook secret never
 * comes out.
 */
import { expectFailure, expectNoSecrets, expectOnlyRequest, expectServerErrorNotRetried, failureOf } from '../../harness/expectations';
import { storedAgent } from '../../harness/hamsaAgents';
import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';
import { operationRunner } from '../../harness/operations';
import { runNode } from '../../harness/runWorkflow';
import { credentialsFor, HAMSA_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator();
const SECRET = WEBHOOK_SECRETS[0];

const OUTCOME_SHAPE = { type: 'object', properties: { confirmed: { type: 'boolean', description: 'Whether the time is confirmed' } }, required: ['confirmed'] };

const createAgent = operationRunner(context, 'hamsaVoiceCall', { resource: 'voiceAgent', operation: 'create', name: 'Dental Reminder' });

/** Every setting Create offers, as a user fills them in. */
const EVERY_SETTING = {
	greetingMessage: 'Hi, this is Smile Dental calling about your appointment.',
	preamble: 'You are the receptionist of Smile Dental. Confirm the time and ask whether the person will come.',
	language: 'ar',
	voiceId: 'ar-XA-Wavenet-B',
	webhookUrl: 'https://hooks.example.com/hamsa',
	webhookAuthKey: 'Bearer',
	webhookAuthSecret: SECRET,
	maxCallDuration: 240,
	outcomeResponseShape: JSON.stringify(OUTCOME_SHAPE),
	params: '{"clinic": "Downtown"}',
};

describe('Hamsa Voice Call → Voice Agent → Create', () => {
	it('POSTs only the name when nothing else is given, and outputs the new agent', async () => {
		const run = await createAgent();
		expect(run.error).toBeUndefined();
		expectOnlyRequest(context.sim, { method: 'POST', path: '/v2/voice-agents', authorization: `Token ${HAMSA_KEY}`, body: { name: 'Dental Reminder' } });
		const json = run.items[0].json;
		expect(json).toMatchObject({ name: 'Dental Reminder', language: 'en', hasWebhookAuth: false, webhookUrl: null, toolIds: [] });
		expect(storedAgent(context.sim, json.voiceAgentId as string)?.name).toBe('Dental Reminder');
	});

	it('sends every setting in Hamsa\'s v2 shape, and Hamsa keeps them', async () => {
		const run = await createAgent({ additionalFields: EVERY_SETTING });
		expect(run.error).toBeUndefined();
		expect(context.sim.requests[0].body).toEqual({
			name: 'Dental Reminder',
			conversation: {
				greetingMessage: EVERY_SETTING.greetingMessage,
				preamble: EVERY_SETTING.preamble,
				params: { clinic: 'Downtown' },
			},
			voice: { voiceId: 'ar-XA-Wavenet-B', lang: 'ar' },
			callSettings: { maxCallDuration: 240 },
			webhookUrl: 'https://hooks.example.com/hamsa',
			webhookAuth: { authKey: 'Bearer', authSecret: SECRET },
			outcomeResponseShape: OUTCOME_SHAPE,
		});
		const json = run.items[0].json;
		expect(json).toMatchObject({
			name: 'Dental Reminder',
			language: 'ar',
			voiceId: 'ar-XA-Wavenet-B',
			greetingMessage: EVERY_SETTING.greetingMessage,
			preamble: EVERY_SETTING.preamble,
			params: { clinic: 'Downtown' },
			maxCallDuration: 240,
			webhookUrl: 'https://hooks.example.com/hamsa',
			hasWebhookAuth: true,
			outcomeResponseShape: OUTCOME_SHAPE,
		});
		const stored = storedAgent(context.sim, json.voiceAgentId as string);
		expect(stored).toMatchObject({ webhookAuth: { authKey: 'Bearer', authSecret: SECRET }, voice: { lang: 'ar' } });
	});

	it('never outputs the webhook secret it sent, simplified or not', async () => {
		for (const simplify of [true, false]) {
			const run = await createAgent({ additionalFields: EVERY_SETTING, simplify });
			expect(run.items[0].json).toMatchObject({ hasWebhookAuth: true });
			expect(run.items[0].json).not.toHaveProperty('webhookAuth');
			expectNoSecrets(run, [SECRET]);
		}
	});

	it('keeps the webhook secret out of the error when Hamsa repeats it', async () => {
		context.sim.addFault({ path: '/v2/voice-agents', status: 400, body: { success: false, message: `webhookAuth ${SECRET} is too weak`, messageKey: 'VALIDATION_ERROR' } });
		const run = await createAgent({ additionalFields: EVERY_SETTING });
		expect(failureOf(run).message).toBe('Hamsa: webhookAuth *** is too weak [item 0]');
		expectNoSecrets(run, [SECRET]);
	});

	it('accepts a plain http:// webhook on this machine (a local receiver), and sends it', async () => {
		const run = await createAgent({ additionalFields: { webhookUrl: 'http://127.0.0.1:5678/webhook/hamsa' } });
		expect(run.error).toBeUndefined();
		expect(context.sim.requests[0].body.webhookUrl).toBe('http://127.0.0.1:5678/webhook/hamsa');
	});

	it('is not sent again after a server error: the agent may have been created', async () => {
		await expectServerErrorNotRetried(context.sim, '/v2/voice-agents', 500, () => createAgent({ options: { maxRetries: 3 } }));
	});

	it('fails, saying to look in the dashboard first, when Hamsa answers without the new agent\'s id', async () => {
		context.sim.addFault({ path: '/v2/voice-agents', status: 200, body: { success: true, message: 'Created', data: {} } });
		const run = await createAgent();
		expectFailure(run, {
			message: 'Hamsa: Hamsa answered without the id of the new voice agent [item 0]',
			description: ['Look for the agent in the Hamsa dashboard (or with Voice Agent → Get Many) before creating it again.'],
		});
	});

	describe('refuses bad settings before anything is sent, naming the item and the field', () => {
		it.each([
			{ label: 'an empty Name', parameters: { name: '={{ $json.v }}' }, bad: '  ', field: 'Name', message: 'Name is required [item 1]' },
			{ label: 'a Webhook URL that is not https', parameters: { additionalFields: { webhookUrl: '={{ $json.v }}' } }, bad: 'http://hooks.example.com/hamsa', field: 'Webhook URL', message: 'Invalid Webhook URL "http://hooks.example.com/hamsa": it must be a full URL starting with https:// (Hamsa only calls https) [item 1]' },
			{ label: 'a Webhook URL that is not a URL', parameters: { additionalFields: { webhookUrl: '={{ $json.v }}' } }, bad: 'hooks', field: 'Webhook URL', message: /^Invalid Webhook URL "hooks": it must be a full URL/ },
			{ label: 'an Outcome Shape that is not JSON', parameters: { additionalFields: { outcomeResponseShape: '={{ $json.v }}' } }, bad: '{"type": "object",', field: 'Outcome Shape (JSON Schema)', message: /^Invalid Outcome Shape \(JSON Schema\): it is not valid JSON/ },
			{ label: 'an Outcome Shape that is a list', parameters: { additionalFields: { outcomeResponseShape: '={{ $json.v }}' } }, bad: '["confirmed"]', field: 'Outcome Shape (JSON Schema)', message: /^Invalid Outcome Shape \(JSON Schema\): it must be a JSON object/ },
			{ label: 'an Outcome Shape whose type is not object', parameters: { additionalFields: { outcomeResponseShape: '={{ $json.v }}' } }, bad: '{"type": "string"}', field: 'Outcome Shape (JSON Schema)', message: /^Invalid Outcome Shape \(JSON Schema\): its "type" must be "object"/ },
			{ label: 'a Max Call Duration below 10 seconds', parameters: { additionalFields: { maxCallDuration: '={{ $json.v }}' } }, bad: 5, field: 'Max Call Duration (Seconds)', message: 'Invalid Max Call Duration (Seconds) 5: it must be a whole number of seconds from 10 to 3600 [item 1]' },
			{ label: 'a Max Call Duration above an hour', parameters: { additionalFields: { maxCallDuration: '={{ $json.v }}' } }, bad: 3601, field: 'Max Call Duration (Seconds)', message: /^Invalid Max Call Duration \(Seconds\) 3601/ },
			{ label: 'a Max Call Duration that is not whole', parameters: { additionalFields: { maxCallDuration: '={{ $json.v }}' } }, bad: 90.5, field: 'Max Call Duration (Seconds)', message: /^Invalid Max Call Duration \(Seconds\) 90\.5/ },
			{ label: 'Params that are not a JSON object', parameters: { additionalFields: { params: '={{ $json.v }}' } }, bad: '"Downtown"', field: 'Params (JSON)', message: /^Invalid Params \(JSON\): it must be a JSON object/ },
			{ label: 'a Language that is not a language code', parameters: { additionalFields: { language: '={{ $json.v }}' } }, bad: 'Arabic', field: 'Language', message: /^Invalid Language "Arabic"/ },
		])('$label', async ({ parameters, bad, field, message }) => {
			const good = field === 'Max Call Duration (Seconds)' ? 300 : field === 'Name' ? 'Dental Reminder' : field === 'Webhook URL' ? 'https://hooks.example.com/hamsa' : field === 'Language' ? 'en' : '{"type": "object"}';
			const run = await runNode({
				node: 'hamsaVoiceCall',
				parameters: { resource: 'voiceAgent', operation: 'create', name: 'Dental Reminder', ...parameters },
				items: [{ v: good }, { v: bad }],
				credentials: credentialsFor(context.sim),
			});
			const failure = failureOf(run);
			if (typeof message === 'string') expect(failure.message).toBe(message);
			else expect(failure.message).toMatch(message);
			expect(failure.message).toMatch(/ \[item 1\]$/);
			expect(failure.description).toContain(`"${field}" parameter of item 1`);
			expect(context.sim.requests).toEqual([]);
		});

		it('a Webhook Auth Key without its secret', async () => {
			const run = await createAgent({ additionalFields: { webhookUrl: 'https://hooks.example.com/hamsa', webhookAuthKey: 'Bearer' } });
			expect(failureOf(run).message).toBe('Webhook Auth Secret is required [item 0]');
			expect(context.sim.requests).toEqual([]);
		});
	});
});
