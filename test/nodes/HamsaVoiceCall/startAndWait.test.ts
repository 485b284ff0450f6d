import { createHmac } from 'crypto';
import { CUSTOMER_ADA, startCallParameters } from '../../harness/calls';
import { runNode } from '../../harness/runWorkflow';
import { credentialsFor, HAMSA_KEY, useSimulator } from '../../harness/simulator';

const context = useSimulator({ callDurationMs: 300 });

function parameters(extra: Record<string, unknown>) {
	return startCallParameters({
		operation: 'startAndWait',
		toNumber: '+1 (415) 555-0123',
		...CUSTOMER_ADA,
		...extra,
	});
}

describe('Hamsa Voice Call → Call → Start and Wait for Outcome', () => {
	it('with the webhook method, places the call with the execution resume URL and a derived secret, then waits', async () => {
		const { sim } = context;
		const run = await runNode({ node: 'hamsaVoiceCall', parameters: parameters({ waitMethod: 'webhook' }), credentials: credentialsFor(sim) });
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('waiting');
		expect(run.run.waitTill).toBeInstanceOf(Date);
		const start = sim.requests.find((request) => request.path === '/v1/voice-agents/twilio/call');
		// $execution.resumeUrl plus the node id; n8n 2.x adds the execution's resume
		// token (?signature=), which its waiting webhook checks for this node.
		const url = new URL(String(start?.body.webhookUrl));
		expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:5678/webhook-waiting/1/under-test');
		const resumeToken = (run.run.data as { resumeToken?: string }).resumeToken;
		expect(url.search).toBe(resumeToken ? `?signature=${resumeToken}` : '');
		const expectedSecret = createHmac('sha256', HAMSA_KEY).update('hamsa-resume:1/under-test').digest('hex');
		expect(start?.body.webhookAuth).toEqual({ authKey: 'Bearer', authSecret: expectedSecret });
		expect(JSON.stringify(run.run.data)).not.toContain(HAMSA_KEY);
	});

	it('with the webhook method, refuses a second item before placing any call', async () => {
		const { sim } = context;
		const run = await runNode({
			node: 'hamsaVoiceCall',
			parameters: parameters({ waitMethod: 'webhook' }),
			items: [{}, {}],
			credentials: credentialsFor(sim),
		});
		expect(run.error?.message).toMatch(/Wait Method.*one call per execution.*\[item 1\]/);
		expect(sim.requests).toHaveLength(0);
	});

	it('with polling, gives the finished call, marked finished', async () => {
		const { sim } = context;
		const run = await runNode({
			node: 'hamsaVoiceCall',
			parameters: parameters({ waitMethod: 'poll', pollIntervalSeconds: 1, timeLimitMinutes: 1 }),
			credentials: credentialsFor(sim),
		});
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		const [ended] = run.items;
		expect(ended.json).toMatchObject({ status: 'COMPLETED', finished: true, timedOut: false });
		expect(String(ended.json.transcript)).toMatch(/^Agent: /);
		expect(ended.pairedItem).toEqual({ item: 0 });
		expect(sim.requests.filter((request) => request.path.startsWith('/v1/voice-agents/conversation/')).length).toBeGreaterThanOrEqual(1);
	});

	it.each(['FORWARDED', 'TERMINATED', 'NO_ANSWER', 'FAILED'])('with polling, ends on %s too, as on every final status', async (status) => {
		const { sim } = context;
		sim.configure({ callOutcome: status });
		const run = await runNode({
			node: 'hamsaVoiceCall',
			parameters: parameters({ waitMethod: 'poll', pollIntervalSeconds: 1, timeLimitMinutes: 1 }),
			credentials: credentialsFor(sim),
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ status, finished: true, timedOut: false });
	});

	it('with polling, ends at the time limit with timedOut and the last status', async () => {
		const { sim } = context;
		sim.configure({ callOutcome: 'IN_PROGRESS' });
		const run = await runNode({
			node: 'hamsaVoiceCall',
			parameters: parameters({ waitMethod: 'poll', pollIntervalSeconds: 1, timeLimitMinutes: 0.04 }),
			credentials: credentialsFor(sim),
		});
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ timedOut: true, finished: false, status: 'IN_PROGRESS' });
		expect(String(run.items[0].json.message)).toMatch(/had not ended/);
		expect(sim.requests.filter((request) => request.path === '/v1/voice-agents/twilio/call')).toHaveLength(1);
	});
});
