/**
 * Voice Agent → Get: one agent by its resource locator (from the list or by
 * ID), read with GET /v2/voice-agents/{id}. Simplified by default; the
 * agent's webhook secret never comes out, simplified or not.
 */
import { expectFailure, expectNoSecrets, expectOnlyRequest, expectRefusedBeforeSending, onlyRequest } from '../../harness/expectations';
import { attachedToolIds, byId, hamsaApi, storedAgent } from '../../harness/hamsaAgents';
import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';
import { operationRunner } from '../../harness/operations';
import { HAMSA_KEY, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

const context = useSimulator();
const SECRET = WEBHOOK_SECRETS[0];

const getAgent = operationRunner(context, 'hamsaVoiceCall', { resource: 'voiceAgent', operation: 'get', voiceAgentId: byId(VOICE_AGENT_ID) });

describe('Hamsa Voice Call → Voice Agent → Get', () => {
	it('GETs /v2/voice-agents/{id} with "Token <key>" and outputs the agent\'s settings, simplified', async () => {
		const run = await getAgent();
		expect(run.error).toBeUndefined();
		expectOnlyRequest(context.sim, { method: 'GET', path: `/v2/voice-agents/${VOICE_AGENT_ID}`, authorization: `Token ${HAMSA_KEY}` });
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toEqual({
			voiceAgentId: VOICE_AGENT_ID,
			name: 'Appointment Reminder',
			language: 'en',
			voiceId: 'en-US-Neural2-A',
			greetingMessage: 'Hi, this is the clinic calling to remind you about your upcoming appointment.',
			preamble: 'You are "Appointment Reminder", a polite voice agent. Keep answers short.',
			params: {},
			maxCallDuration: 300,
			webhookUrl: null,
			hasWebhookAuth: false,
			outcomeResponseShape: storedAgent(context.sim, VOICE_AGENT_ID)?.outcomeResponseShape,
			toolIds: attachedToolIds(context.sim, VOICE_AGENT_ID),
			createdAt: '2025-01-06T09:00:00.000Z',
			updatedAt: '2025-01-06T09:00:00.000Z',
		});
		expect(run.items[0].json.toolIds).toHaveLength(2);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('takes the agent picked from the list as well as one given by ID', async () => {
		const run = await getAgent({ voiceAgentId: { __rl: true, mode: 'list', value: VOICE_AGENT_ID, cachedResultName: 'Appointment Reminder' } });
		expect(run.items[0].json).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, name: 'Appointment Reminder' });
	});

	it('with Simplify off, outputs the whole agent as Hamsa gave it, its ID and name first', async () => {
		const run = await getAgent({ simplify: false });
		const json = run.items[0].json;
		expect(Object.keys(json).slice(0, 2)).toEqual(['voiceAgentId', 'name']);
		expect(json).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, id: VOICE_AGENT_ID, voice: { lang: 'en' }, callSettings: { maxCallDuration: 300 }, hasWebhookAuth: false });
		expect(json).not.toHaveProperty('webhookAuth');
	});

	it('never outputs the agent\'s webhook secret (nor an LLM API key): it says only that there is one', async () => {
		await hamsaApi(context.sim, 'PATCH', `/v2/voice-agents/${VOICE_AGENT_ID}`, {
			webhookUrl: 'https://hooks.example.com/hamsa',
			webhookAuth: { authKey: 'Bearer', authSecret: SECRET },
			llm: { apiKey: WEBHOOK_SECRETS[1] },
		});
		for (const simplify of [true, false]) {
			const run = await getAgent({ simplify });
			expect(run.items[0].json).toMatchObject({ webhookUrl: 'https://hooks.example.com/hamsa', hasWebhookAuth: true });
			expect(JSON.stringify(run.items[0].json)).not.toMatch(/webhookAuth"|authSecret|apiKey/);
			expectNoSecrets(run, WEBHOOK_SECRETS);
		}
	});

	it('fails with Hamsa\'s message when the agent does not exist, and asks only once', async () => {
		const run = await getAgent({ voiceAgentId: byId('no-such-agent') });
		expectFailure(run, { message: 'Hamsa: Voice agent not found [item 0]', httpCode: '404', description: ['HTTP 404, Hamsa code VOICE_AGENT_NOT_FOUND.'] });
		expect(context.sim.requests).toHaveLength(1);
	});

	it('escapes the agent ID in the path', async () => {
		await getAgent({ voiceAgentId: byId('a/b?c'), options: { maxRetries: 0 } });
		expect(onlyRequest(context.sim).path).toBe('/v2/voice-agents/a%2Fb%3Fc');
	});

	it('refuses an empty Voice Agent before sending anything', async () => {
		expectRefusedBeforeSending(await getAgent({ voiceAgentId: byId('={{ $json.missing }}') }), context.sim, 'Voice Agent is required [item 0]');
	});
});
