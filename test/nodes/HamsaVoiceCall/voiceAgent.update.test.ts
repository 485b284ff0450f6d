/**
 * Voice Agent → Update: PATCH /v1/voice-agents/{id} with only the settings
 * added under Update Fields, flat (Hamsa's v1 shape, so no nested object is
 * sent half-filled). Every setting not given stays exactly as it was in
 * Hamsa; an empty text is not sent; the write is sent once.
 */
import { expectFailure, expectNoSecrets, expectOnlyRequest, expectServerErrorNotRetried, failureOf, routesOf } from '../../harness/expectations';
import { byId, storedAgent } from '../../harness/hamsaAgents';
import { WEBHOOK_SECRETS } from '../../harness/knownSecrets';
import { operationRunner } from '../../harness/operations';
import { HAMSA_KEY, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';

const context = useSimulator();
const SECRET = WEBHOOK_SECRETS[1];

const updateAgent = operationRunner(context, 'hamsaVoiceCall', { resource: 'voiceAgent', operation: 'update', voiceAgentId: byId(VOICE_AGENT_ID) });

/** The stored agent without what an update always changes (its updatedAt). */
function agentNow() {
	const agent = storedAgent(context.sim, VOICE_AGENT_ID);
	if (agent) delete agent.updatedAt;
	return agent;
}

describe('Hamsa Voice Call → Voice Agent → Update', () => {
	it('sends only the greeting when only the greeting is given, and every other setting of the agent stays as it was', async () => {
		const before = agentNow();
		const run = await updateAgent({ updateFields: { greetingMessage: 'Hello again from the clinic!' } });
		expect(run.error).toBeUndefined();
		expectOnlyRequest(context.sim, {
			method: 'PATCH',
			path: `/v1/voice-agents/${VOICE_AGENT_ID}`,
			authorization: `Token ${HAMSA_KEY}`,
			body: { greetingMessage: 'Hello again from the clinic!' },
		});
		const after = agentNow();
		expect(after).toEqual({ ...before, conversation: { ...before?.conversation, greetingMessage: 'Hello again from the clinic!' } });
		expect(run.items[0].json).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, name: 'Appointment Reminder', greetingMessage: 'Hello again from the clinic!', maxCallDuration: 300 });
	});

	it('sends every setting given, flat, and Hamsa keeps them together with the tools and settings not given', async () => {
		const before = agentNow();
		const shape = { type: 'object', properties: { rescheduled: { type: 'boolean' } } };
		const run = await updateAgent({
			updateFields: {
				name: 'Appointment Reminder v2',
				preamble: 'You remind people of their appointment and offer to move it.',
				language: 'ar',
				voiceId: 'ar-XA-Wavenet-B',
				maxCallDuration: 600,
				outcomeResponseShape: JSON.stringify(shape),
				params: '{"clinic": "Uptown"}',
				webhookUrl: 'https://hooks.example.com/reminder',
				webhookAuthKey: 'Bearer',
				webhookAuthSecret: SECRET,
			},
		});
		expect(run.error).toBeUndefined();
		expect(context.sim.requests[0].body).toEqual({
			agentName: 'Appointment Reminder v2',
			preamble: 'You remind people of their appointment and offer to move it.',
			params: { clinic: 'Uptown' },
			lang: 'ar',
			voiceId: 'ar-XA-Wavenet-B',
			maxCallDuration: 600,
			webhookUrl: 'https://hooks.example.com/reminder',
			webhookAuth: { authKey: 'Bearer', authSecret: SECRET },
			outcomeResponseShape: shape,
		});
		const after = agentNow();
		expect(after).toEqual({
			...before,
			name: 'Appointment Reminder v2',
			conversation: { ...before?.conversation, preamble: 'You remind people of their appointment and offer to move it.', params: { clinic: 'Uptown' } },
			voice: { ...before?.voice, lang: 'ar', voiceId: 'ar-XA-Wavenet-B' },
			callSettings: { ...before?.callSettings, maxCallDuration: 600 },
			webhookUrl: 'https://hooks.example.com/reminder',
			webhookAuth: { authKey: 'Bearer', authSecret: SECRET },
			outcomeResponseShape: shape,
		});
		expect(run.items[0].json).toMatchObject({ name: 'Appointment Reminder v2', language: 'ar', maxCallDuration: 600, hasWebhookAuth: true, toolIds: expect.any(Array) });
		expect((run.items[0].json.toolIds as string[]).length).toBe(2);
		expectNoSecrets(run, [SECRET]);
	});

	it('does not send a text setting whose value is empty (an expression that found nothing), so it cannot wipe the agent\'s prompt', async () => {
		const before = agentNow();
		const run = await updateAgent({ updateFields: { preamble: '={{ $json.missing }}', voiceId: 'en-US-Neural2-C' } });
		expect(run.error).toBeUndefined();
		expect(context.sim.requests[0].body).toEqual({ voiceId: 'en-US-Neural2-C' });
		expect(agentNow()?.conversation).toEqual(before?.conversation);
	});

	it('with Simplify off, outputs the whole agent without its webhook secret', async () => {
		const run = await updateAgent({ updateFields: { webhookUrl: 'https://hooks.example.com/reminder', webhookAuthSecret: SECRET }, simplify: false });
		expect(context.sim.requests[0].body).toMatchObject({ webhookAuth: { authKey: 'Bearer', authSecret: SECRET } });
		expect(run.items[0].json).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, hasWebhookAuth: true, webhookUrl: 'https://hooks.example.com/reminder' });
		expect(run.items[0].json).not.toHaveProperty('webhookAuth');
		expectNoSecrets(run, [SECRET]);
	});

	it('reads the agent back when Hamsa answers the update with a message only (as its v2 update does)', async () => {
		context.sim.addFault({
			method: 'PATCH',
			path: `/v1/voice-agents/${VOICE_AGENT_ID}`,
			status: 200,
			body: { success: false, message: 'Voice agent updated successfully', messageKey: 'VoiceAgentUpdatedSuccessfully' },
		});
		const run = await updateAgent({ updateFields: { name: 'Renamed' } });
		expect(run.error).toBeUndefined();
		expect(routesOf(context.sim)).toEqual([`PATCH /v1/voice-agents/${VOICE_AGENT_ID}`, `GET /v2/voice-agents/${VOICE_AGENT_ID}`]);
		expect(run.items[0].json).toMatchObject({ voiceAgentId: VOICE_AGENT_ID, name: 'Appointment Reminder' });
	});

	it('is not sent again after a server error: the change may have been made', async () => {
		await expectServerErrorNotRetried(context.sim, `/v1/voice-agents/${VOICE_AGENT_ID}`, 500, () =>
			updateAgent({ updateFields: { name: 'Renamed' }, options: { maxRetries: 3 } }),
		);
	});

	it('fails with Hamsa\'s message when the agent does not exist', async () => {
		const run = await updateAgent({ voiceAgentId: byId('no-such-agent'), updateFields: { name: 'Renamed' } });
		expectFailure(run, { message: 'Hamsa: Voice agent not found [item 0]', httpCode: '404' });
	});

	it.each([
		{ label: 'no Update Fields at all', updateFields: {}, message: 'Update Fields is required [item 0]' },
		{ label: 'only empty text settings', updateFields: { greetingMessage: '', preamble: '  ' }, message: 'Update Fields is required [item 0]' },
		{ label: 'an empty Name', updateFields: { name: ' ' }, message: 'Name is required [item 0]' },
		{ label: 'a Webhook URL that is not https', updateFields: { webhookUrl: 'http://hooks.example.com/a' }, message: 'Invalid Webhook URL "http://hooks.example.com/a": it must be a full URL starting with https:// (Hamsa only calls https) [item 0]' },
		{ label: 'a Max Call Duration of 0', updateFields: { maxCallDuration: 0 }, message: 'Invalid Max Call Duration (Seconds) 0: it must be a whole number of seconds from 10 to 3600 [item 0]' },
		{ label: 'an Outcome Shape that is not JSON', updateFields: { outcomeResponseShape: 'yes please' }, message: /^Invalid Outcome Shape \(JSON Schema\): it is not valid JSON .*\[item 0\]$/ },
	])('refuses $label before anything is sent', async ({ updateFields, message }) => {
		const run = await updateAgent({ updateFields });
		const failure = failureOf(run);
		if (typeof message === 'string') expect(failure.message).toBe(message);
		else expect(failure.message).toMatch(message);
		expect(failure.description).toMatch(/No request was sent\.$/);
		expect(context.sim.requests).toEqual([]);
	});
});
