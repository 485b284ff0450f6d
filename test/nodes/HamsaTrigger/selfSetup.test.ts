/**
 * Hamsa Trigger with a Voice Agent: the trigger sets up the agent's webhook
 * itself. Its webhookMethods run on n8n-core's real HookContext
 * (test/harness/runWebhookMethod.ts) against the simulator's agents; the
 * deliveries run on the real WebhookContext (runWebhook.ts) with the static
 * data activation left, as n8n hands it over.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { byId, hamsaApi, storedAgent } from '../../harness/hamsaAgents';
import { runListSearch } from '../../harness/runListSearch';
import { runWebhook } from '../../harness/runWebhook';
import { activateWebhook, runWebhookMethod, type WebhookMethodRun } from '../../harness/runWebhookMethod';
import { credentialsFor, useSimulator, VOICE_AGENT_ID, type Simulator } from '../../harness/simulator';
import { callEnded, newCallId, OTHER_SECRET, SECRET } from './triggerFixtures';

const env = useSimulator();
const NODE_KEY = 'node:Webhook Node Under Test';
const ELSEWHERE = 'https://hooks.example.org/hamsa/private-path?token=elsewhere-path-token';

function parameters(options: IDataObject = {}, extra: IDataObject = {}): INodeParameters {
	return { voiceAgentId: byId(VOICE_AGENT_ID), events: ['call.ended'], options, ...extra } as INodeParameters;
}

/** The setup the trigger keeps for its production (or test) URL, from the static data n8n saves. */
function nodeData(run: { staticData: IDataObject }, kind: 'production' | 'test' = 'production'): IDataObject | undefined {
	const kept = ((run.staticData[NODE_KEY] as IDataObject | undefined)?.agentWebhooks ?? {}) as Record<string, IDataObject>;
	const found = Object.values(kept).filter((setup) => setup.test === (kind === 'test'));
	expect(found.length).toBeLessThanOrEqual(1);
	return found[0];
}

function secretOf(run: { staticData: IDataObject }, kind: 'production' | 'test' = 'production'): string {
	return String(nodeData(run, kind)?.secret ?? '');
}

async function activate(sim: Simulator, options: IDataObject = {}, more: { isTest?: boolean; staticData?: IDataObject } = {}) {
	return await activateWebhook({ node: 'hamsaTrigger', parameters: parameters(options), credentials: credentialsFor(sim), ...more });
}

async function deactivate(sim: Simulator, run: WebhookMethodRun, more: { isTest?: boolean } = {}) {
	return await runWebhookMethod({
		node: 'hamsaTrigger',
		method: 'delete',
		parameters: parameters(),
		credentials: credentialsFor(sim),
		staticData: run.staticData,
		...more,
	});
}

/** Nothing a user sees of a run (its error, the console) holds the secret. */
function expectHidden(run: WebhookMethodRun, ...secrets: string[]) {
	for (const secret of secrets.filter(Boolean)) {
		expect(run.shownError).not.toContain(secret);
		expect(run.console).not.toContain(secret);
	}
}

function webhookFields(agent: IDataObject | undefined) {
	return { webhookUrl: agent?.webhookUrl, webhookAuth: agent?.webhookAuth };
}

/** The agent without the fields an update always changes. */
function withoutUpdatedAt(agent: IDataObject | undefined) {
	const rest = { ...agent };
	delete rest.updatedAt;
	return rest;
}

describe('Hamsa Trigger → sets up its voice agent', () => {
	it('activation writes its production URL and a generated secret into the agent, keeping what the agent had', async () => {
		const before = storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject;
		const run = await activate(env.sim);

		expect(run.error).toBeUndefined();
		expect(run.created).toBe(true);
		expect(run.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:5678\/webhook\/.+\/hamsa$/);
		const secret = secretOf(run);
		expect(secret.length).toBeGreaterThanOrEqual(40);
		const after = storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject;
		expect(webhookFields(after)).toEqual({ webhookUrl: run.webhookUrl, webhookAuth: { authKey: 'Bearer', authSecret: secret } });
		expect(nodeData(run)).toEqual({
			agentId: VOICE_AGENT_ID,
			webhookUrl: run.webhookUrl,
			test: false,
			secret,
			previous: { webhookUrl: before.webhookUrl, webhookAuth: before.webhookAuth },
		});
		// Read with v2, written with the v1 flat update.
		const patch = env.sim.requests.find((request) => request.method === 'PATCH');
		expect(patch?.path).toBe(`/v1/voice-agents/${VOICE_AGENT_ID}`);
		expect(Object.keys(patch?.body as object).sort()).toEqual(['webhookAuth', 'webhookUrl']);
		expectHidden(run, secret);
	});

	it('each activation generates a new secret', async () => {
		const first = await activate(env.sim);
		await deactivate(env.sim, first);
		const second = await activate(env.sim);
		expect(secretOf(second)).not.toBe('');
		expect(secretOf(second)).not.toBe(secretOf(first));
	});

	it('deactivation puts the agent back exactly as it was, and forgets the secret', async () => {
		const before = storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject;
		const active = await activate(env.sim);
		const run = await deactivate(env.sim, active);

		expect(run.error).toBeUndefined();
		expect(run.result).toBe(true);
		const after = storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject;
		expect(after.webhookUrl).toEqual(before.webhookUrl);
		expect(after.webhookAuth).toEqual(before.webhookAuth);
		expect(withoutUpdatedAt(after)).toEqual(withoutUpdatedAt(before));
		expect(nodeData(run)).toBeUndefined();
		expectHidden(run, secretOf(active));
	});

	it('checkExists: true while the agent sends to this trigger with its secret, false otherwise', async () => {
		const check = (staticData?: IDataObject) =>
			runWebhookMethod({ node: 'hamsaTrigger', method: 'checkExists', parameters: parameters(), credentials: credentialsFor(env.sim), staticData });

		expect((await check()).result).toBe(false);
		const active = await activate(env.sim);
		expect((await check(active.staticData)).result).toBe(true);
		// n8n's createWebhookIfNotExists then does not write again.
		const again = await activate(env.sim, {}, { staticData: active.staticData });
		expect(again.created).toBe(false);

		// Someone changed the agent's secret in Hamsa's dashboard: not ours any more.
		await hamsaApi(env.sim, 'PATCH', `/v1/voice-agents/${VOICE_AGENT_ID}`, { webhookAuth: { authKey: 'Bearer', authSecret: OTHER_SECRET } });
		expect((await check(active.staticData)).result).toBe(false);
		// Static data lost: not ours either.
		expect((await check({})).result).toBe(false);
	});

	it('re-activating over its own URL keeps the agent\'s original webhook to put back', async () => {
		await hamsaApi(env.sim, 'PATCH', `/v1/voice-agents/${VOICE_AGENT_ID}`, { webhookUrl: ELSEWHERE, webhookAuth: { authKey: 'Bearer', authSecret: OTHER_SECRET } });
		const first = await activate(env.sim, { replaceExistingWebhook: true });
		// The secret changed behind its back: checkExists says no, create writes a new one.
		await hamsaApi(env.sim, 'PATCH', `/v1/voice-agents/${VOICE_AGENT_ID}`, { webhookAuth: { authKey: 'Bearer', authSecret: SECRET } });
		const second = await activate(env.sim, {}, { staticData: first.staticData });
		expect(second.error).toBeUndefined();
		expect(second.created).toBe(true);
		expect(nodeData(second)?.previous).toEqual({ webhookUrl: ELSEWHERE, webhookAuth: { authKey: 'Bearer', authSecret: OTHER_SECRET } });
		await deactivate(env.sim, second);
		expect(webhookFields(storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject)).toEqual({
			webhookUrl: ELSEWHERE,
			webhookAuth: { authKey: 'Bearer', authSecret: OTHER_SECRET },
		});
	});

	it('moves to its new URL when n8n\'s address changed (its own earlier URL is not "elsewhere"), keeping the original webhook to put back', async () => {
		await hamsaApi(env.sim, 'PATCH', `/v1/voice-agents/${VOICE_AGENT_ID}`, { webhookUrl: ELSEWHERE, webhookAuth: { authKey: 'Bearer', authSecret: OTHER_SECRET } });
		const before = storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject;
		const first = await activate(env.sim, { replaceExistingWebhook: true });
		// The same trigger under another URL (here: another workflow id in its path), without Replace Existing Webhook.
		const moved = await activateWebhook({ node: 'hamsaTrigger', parameters: parameters(), credentials: credentialsFor(env.sim), staticData: first.staticData, workflowId: 'moved-workflow' });
		expect(moved.error).toBeUndefined();
		expect(moved.webhookUrl).not.toBe(first.webhookUrl);
		expect((storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject).webhookUrl).toBe(moved.webhookUrl);
		const kept = (moved.staticData[NODE_KEY] as IDataObject).agentWebhooks as IDataObject;
		expect(Object.keys(kept)).toEqual([moved.webhookUrl]);

		const done = await runWebhookMethod({ node: 'hamsaTrigger', method: 'delete', parameters: parameters(), credentials: credentialsFor(env.sim), staticData: moved.staticData, workflowId: 'moved-workflow' });
		expect(done.error).toBeUndefined();
		expect(webhookFields(storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject)).toEqual(webhookFields(before));
	});

	describe('an agent that already sends its events elsewhere', () => {
		beforeEach(async () => {
			await hamsaApi(env.sim, 'PATCH', `/v1/voice-agents/${VOICE_AGENT_ID}`, {
				webhookUrl: ELSEWHERE,
				webhookAuth: { authKey: 'Bearer', authSecret: OTHER_SECRET },
			});
		});

		it('refuses activation, naming the host (not the path or the secret), and leaves the agent alone', async () => {
			const before = storedAgent(env.sim, VOICE_AGENT_ID);
			const run = await activate(env.sim);

			expect(run.error?.message).toMatch(/already sends its events to hooks\.example\.org/);
			expect(run.shownError).toMatch(/Replace Existing Webhook/);
			expect(run.shownError).not.toContain('private-path');
			expect(run.shownError).not.toContain('elsewhere-path-token');
			expectHidden(run, OTHER_SECRET);
			expect(storedAgent(env.sim, VOICE_AGENT_ID)).toEqual(before);
			expect(env.sim.requests.filter((request) => request.method === 'PATCH')).toHaveLength(0);
			expect(nodeData(run)).toBeUndefined();
		});

		it('with Replace Existing Webhook, takes the agent over and puts the other webhook back on deactivation', async () => {
			const before = storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject;
			const active = await activate(env.sim, { replaceExistingWebhook: true });
			expect(active.error).toBeUndefined();
			expect(webhookFields(storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject)).toEqual({
				webhookUrl: active.webhookUrl,
				webhookAuth: { authKey: 'Bearer', authSecret: secretOf(active) },
			});

			const run = await deactivate(env.sim, active);
			expect(run.error).toBeUndefined();
			const after = storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject;
			expect(webhookFields(after)).toEqual(webhookFields(before));
			expect(withoutUpdatedAt(after)).toEqual(withoutUpdatedAt(before));
		});
	});

	it('deactivation leaves alone an agent someone pointed elsewhere meanwhile', async () => {
		const active = await activate(env.sim);
		await hamsaApi(env.sim, 'PATCH', `/v1/voice-agents/${VOICE_AGENT_ID}`, { webhookUrl: ELSEWHERE });
		const run = await deactivate(env.sim, active);
		expect(run.error).toBeUndefined();
		expect((storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject).webhookUrl).toBe(ELSEWHERE);
		expect(nodeData(run)).toBeUndefined();
	});

	it('deactivation of a deleted agent only forgets it', async () => {
		const active = await activate(env.sim);
		const run = await runWebhookMethod({
			node: 'hamsaTrigger',
			method: 'delete',
			parameters: parameters(),
			credentials: credentialsFor(env.sim),
			staticData: JSON.parse(JSON.stringify(active.staticData).split(VOICE_AGENT_ID).join('00000000-0000-4000-8000-000000000000')) as IDataObject,
		});
		expect(run.error).toBeUndefined();
		expect(nodeData(run)).toBeUndefined();
	});

	it('without a Hamsa credential, activation fails clearly and the agent is untouched', async () => {
		const before = storedAgent(env.sim, VOICE_AGENT_ID);
		const run = await activateWebhook({ node: 'hamsaTrigger', parameters: parameters(), credentials: credentialsFor(env.sim), noCredentialSelected: true });
		expect(run.error?.message).toBe(`The Hamsa Trigger needs a Hamsa API credential to set up voice agent ${VOICE_AGENT_ID}`);
		expect(run.shownError).toMatch(/Choose a Hamsa API credential/);
		expect(storedAgent(env.sim, VOICE_AGENT_ID)).toEqual(before);
	});

	it('offers the project\'s voice agents in the Voice Agent list, as Call → Start does', async () => {
		const result = await runListSearch({ node: 'hamsaTrigger', method: 'searchVoiceAgents', credentials: credentialsFor(env.sim), path: 'parameters.voiceAgentId' });
		expect(result.results.map((entry) => entry.value)).toContain(VOICE_AGENT_ID);
	});

	it('without a Voice Agent (manual setup), registers nothing and asks Hamsa nothing', async () => {
		const manual = { events: ['call.ended'], authKey: 'Bearer', authSecret: SECRET };
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			const run = await runWebhookMethod({ node: 'hamsaTrigger', method, parameters: manual });
			expect(run.error).toBeUndefined();
			expect(run.result).toBe(true);
		}
		expect(env.sim.requests).toHaveLength(0);
	});

	describe('deliveries', () => {
		it('accepts "Bearer <generated secret>", refuses a forged one with 401', async () => {
			const active = await activate(env.sim);
			const secret = secretOf(active);
			const good = await runWebhook({
				node: 'hamsaTrigger',
				parameters: parameters(),
				staticData: active.staticData,
				headers: { authorization: `Bearer ${secret}` },
				body: callEnded(newCallId()),
			});
			expect(good.status).toBe(200);
			expect(good.workflowData?.[0]).toHaveLength(1);
			expect(JSON.stringify(good.workflowData)).not.toContain(secret);
			expect(JSON.stringify(good.staticData)).toContain(secret); // kept where n8n keeps it, and only there

			for (const authorization of [`Bearer ${secret.slice(0, -1)}x`, `Bearer ${SECRET}`, secret, '']) {
				const forged = await runWebhook({
					node: 'hamsaTrigger',
					parameters: parameters(),
					staticData: active.staticData,
					headers: { authorization },
					body: callEnded(newCallId()),
				});
				expect(forged.status).toBe(401);
				expect(forged.workflowData).toBeUndefined();
				expect(JSON.stringify(forged.body)).not.toContain(secret);
			}
		});

		it('ignores the Auth Key and Auth Secret fields while a Voice Agent is chosen', async () => {
			const active = await activate(env.sim);
			const run = await runWebhook({
				node: 'hamsaTrigger',
				parameters: parameters({}, { authKey: 'Bearer', authSecret: SECRET }),
				staticData: active.staticData,
				headers: { authorization: `Bearer ${SECRET}` },
				body: callEnded(newCallId()),
			});
			expect(run.status).toBe(401);
		});

		it('refuses every request with 500 when it has not set the agent up (no secret kept)', async () => {
			const run = await runWebhook({
				node: 'hamsaTrigger',
				parameters: parameters(),
				headers: { authorization: 'Bearer ' },
				body: callEnded(newCallId()),
			});
			expect(run.status).toBe(500);
			expect(run.workflowData).toBeUndefined();
			expect(run.body).toEqual({ message: expect.stringMatching(/has not set up voice agent/) });
		});
	});

	describe('Listen for test event', () => {
		it('points the agent at the test URL, accepts test deliveries, and restores the agent afterwards', async () => {
			const before = storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject;
			const listening = await activate(env.sim, {}, { isTest: true });
			expect(listening.error).toBeUndefined();
			expect(listening.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:5678\/webhook-test\/.+\/hamsa$/);
			const secret = secretOf(listening, 'test');
			expect(secret).not.toBe('');
			expect(nodeData(listening)).toBeUndefined();
			expect(webhookFields(storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject)).toEqual({
				webhookUrl: listening.webhookUrl,
				webhookAuth: { authKey: 'Bearer', authSecret: secret },
			});

			const delivery = await runWebhook({
				node: 'hamsaTrigger',
				parameters: parameters(),
				staticData: listening.staticData,
				mode: 'manual',
				headers: { authorization: `Bearer ${secret}` },
				body: callEnded(newCallId()),
			});
			expect(delivery.status).toBe(200);
			expect(delivery.workflowData?.[0]).toHaveLength(1);

			// A production delivery with the test secret is refused.
			const production = await runWebhook({
				node: 'hamsaTrigger',
				parameters: parameters(),
				staticData: listening.staticData,
				headers: { authorization: `Bearer ${secret}` },
				body: callEnded(newCallId()),
			});
			expect(production.status).toBe(500);

			const done = await deactivate(env.sim, listening, { isTest: true });
			expect(done.error).toBeUndefined();
			expect(nodeData(done, 'test')).toBeUndefined();
			expect(withoutUpdatedAt(storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject)).toEqual(withoutUpdatedAt(before));
		});

		it('while the workflow is active on the agent, refuses (naming n8n\'s host) unless Replace Existing Webhook is on, then hands the agent back to production', async () => {
			const production = await activate(env.sim);
			const refused = await activate(env.sim, {}, { isTest: true, staticData: production.staticData });
			expect(refused.error?.message).toMatch(/already sends its events to 127\.0\.0\.1:5678/);
			expectHidden(refused, secretOf(production));

			const listening = await activate(env.sim, { replaceExistingWebhook: true }, { isTest: true, staticData: production.staticData });
			expect(listening.error).toBeUndefined();
			const done = await deactivate(env.sim, listening, { isTest: true });
			// n8n deletes a test webhook in mode "internal", as it deactivates a workflow: the production setup stays.
			expect(nodeData(done)).toEqual(nodeData(production));
			expect(nodeData(done, 'test')).toBeUndefined();
			expect(webhookFields(storedAgent(env.sim, VOICE_AGENT_ID) as unknown as IDataObject)).toEqual({
				webhookUrl: production.webhookUrl,
				webhookAuth: { authKey: 'Bearer', authSecret: secretOf(production) },
			});
		});
	});
});
