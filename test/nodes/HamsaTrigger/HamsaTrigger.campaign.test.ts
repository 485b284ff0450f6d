/**
 * Calls placed by a Hamsa campaign report through the same trigger; its output
 * names the campaign and the recipient when Hamsa's event does, and never
 * otherwise.
 */
import { sleep } from 'n8n-workflow';
import { HAMSA_KEY, TWILIO_NUMBER, useSimulator, VOICE_AGENT_ID } from '../../harness/simulator';
import { startWebhookReceiver } from '../../harness/webhookReceiver';
import { callEnded, newCallId, SECRET, trigger } from './triggerFixtures';

describe('Hamsa Trigger → campaign calls', () => {
	const context = useSimulator({ callDurationMs: 60, campaignStartDelayMs: 10 });

	it('outputs campaignId and campaignRecipientId for the call.ended of each recipient the simulator calls', async () => {
		const receiver = await startWebhookReceiver();
		try {
			const { sim } = context;
			// The voice agent's webhook, as set in Hamsa's dashboard: where campaign calls report.
			sim.configure({ agentWebhook: { webhookUrl: receiver.urlFor('/webhook/hamsa'), webhookAuth: { authKey: 'Bearer', authSecret: SECRET } } });
			const headers = { Authorization: `Token ${HAMSA_KEY}`, 'Content-Type': 'application/json' };
			const response = await fetch(`${sim.url}/v1/voice-agents/campaigns`, {
				method: 'POST',
				headers,
				body: JSON.stringify({
					name: 'Reminders',
					phoneNumber: TWILIO_NUMBER,
					voiceAgentId: VOICE_AGENT_ID,
					sendType: 'NOW',
					recipients: [{ phoneNumber: '+14155550123', name: 'Ada' }, { phoneNumber: '+14155550124', name: 'Grace' }],
				}),
			});
			const campaignId = ((await response.json()) as { data: { id: string } }).data.id;
			const deadline = Date.now() + 10000;
			// A real pause each turn: waitForEvent returns at once after the first call.ended, and a
			// loop of resolved promises would keep the simulator's timers from ever firing.
			while (receiver.received.filter((entry) => entry.body.eventType === 'call.ended').length < 2 && Date.now() < deadline) {
				await sleep(25);
			}
			await sim.webhooksIdle();
			const endedEvents = receiver.received.filter((entry) => entry.body.eventType === 'call.ended');
			expect(endedEvents).toHaveLength(2);

			const got = await fetch(`${sim.url}/v1/voice-agents/campaigns/${campaignId}`, { headers });
			const { data } = (await got.json()) as { data: { recipients: Record<string, Array<{ id: string; jobId: string }>> } };
			const recipients = Object.values(data.recipients).flat();

			for (const entry of endedEvents) {
				const run = await trigger({ headers: entry.headers as Record<string, string>, body: entry.body });
				const json = run.workflowData![0][0].json;
				const recipient = recipients.find((candidate) => candidate.jobId === json.callId);
				expect(json).toMatchObject({ eventType: 'call.ended', status: 'COMPLETED', campaignId, campaignRecipientId: recipient?.id });
			}
		} finally {
			await receiver.close();
		}
	});
});

describe('Hamsa Trigger → campaign fields', () => {
	it.each([
		['top-level campaignId / campaignRecipientId', { campaignId: 'c-1', campaignRecipientId: 'r-1' }, {}],
		['snake case in data', {}, { campaign_id: 'c-1', recipient_id: 'r-1' }],
		['nested objects in data.data', {}, { data: { campaign: { id: 'c-1' }, recipient: { id: 'r-1' } } }],
	])('reads them from %s', async (_label, top, inData) => {
		const event = callEnded(newCallId());
		const body = { ...event, ...top, data: { ...event.data, ...inData, data: { ...event.data.data, ...((inData as { data?: object }).data ?? {}) } } };
		const run = await trigger({ body });
		expect(run.workflowData![0][0].json).toMatchObject({ campaignId: 'c-1', campaignRecipientId: 'r-1' });
	});

	it('outputs neither field for a call that is not part of a campaign', async () => {
		const run = await trigger({ body: callEnded(newCallId()) });
		const json = run.workflowData![0][0].json;
		expect(Object.keys(json)).not.toContain('campaignId');
		expect(Object.keys(json)).not.toContain('campaignRecipientId');
	});
});
