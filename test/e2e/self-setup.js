#!/usr/bin/env node
'use strict';
// The Hamsa Trigger setting itself up on a voice agent, in a real n8n: a
// workflow whose trigger names the simulator's voice agent is published and
// `n8n start` activates it; the agent must then hold n8n's production URL and
// a generated secret (and a delivery with that secret starts an execution,
// a forged one is refused); deactivating the workflow through n8n's REST API
// must put the agent back as it was.
//
//   npm run build && node test/e2e/self-setup.js [--keep]

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const h = require('./lib/n8n');
const { createStageSuite, ensureN8n, installAndImport, startN8nWithOwner } = require('./lib/stage');
const stack = require('./stack');
const { startSimulator, DEFAULT_VOICE_AGENT_ID } = require('../simulator');
const { callEndedEvent } = require('./checks/call-outcomes');

const WORKFLOW_FILE = 'hamsa-trigger-self-setup.json';
const WEBHOOK_ID = 'c1a00000-0000-4000-8000-00000000005e';
const WORKFLOW = {
	name: 'e2e: Hamsa Trigger sets up its voice agent',
	nodes: [
		{
			id: 'c1a00000-0000-4000-8000-000000000051',
			name: 'Hamsa Trigger',
			type: `${stack.PACKAGE_NAME}.hamsaTrigger`,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: {
				voiceAgentId: { __rl: true, mode: 'id', value: DEFAULT_VOICE_AGENT_ID },
				events: ['call.ended'],
				options: {},
			},
			credentials: { hamsaApi: { ...stack.CREDENTIALS.hamsaApi } },
		},
		{ id: 'c1a00000-0000-4000-8000-000000000052', name: 'Outcome Received', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
	],
	connections: { 'Hamsa Trigger': { main: [[{ node: 'Outcome Received', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

const suite = createStageSuite({
	logsOnFailure: (server) => ({
		heading: 'n8n server log (last 40 lines)',
		text: server.logs().split('\n').filter(Boolean).slice(-40).join('\n'),
	}),
});
const { t, note, run, stage } = suite;

function storedAgent(sim) {
	return JSON.parse(JSON.stringify(sim.hamsa.agents.find((agent) => agent.id === DEFAULT_VOICE_AGENT_ID)));
}

async function until(what, test, timeoutMs = 15000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = test();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

async function main() {
	await ensureN8n(note);
	stage.sim = await startSimulator({ port: 0 });
	stage.ctx = await h.createUserFolder({ prefix: 'n8n-e2e-self-setup-' });
	const { sim, ctx } = stage;
	note(`simulator ${sim.url}, n8n user folder ${ctx.userFolder}`);

	const env = { sim, ctx, workflows: null, server: null, session: null };
	const imported = await installAndImport(t, env, {
		importName: 'credentials and the self-setup trigger workflow imported',
		extra: { [WORKFLOW_FILE]: WORKFLOW },
	});
	if (!imported) return;
	const wf = env.workflows[WORKFLOW_FILE];
	const before = storedAgent(sim);

	const published = await t.check('self-setup trigger workflow published (n8n publish:workflow)', async () => {
		await h.publishWorkflow(ctx, wf.id);
		return wf.id;
	});
	if (!published) return;

	const started = await startN8nWithOwner(suite, env, 'n8n start activates the workflow; owner account set up', () => h.startServer(ctx), (server) => server.url);
	if (!started) return;
	const url = `${env.server.url}/webhook/${WEBHOOK_ID}/hamsa`;

	let secret = '';
	const activated = await t.check('activation wrote n8n\'s production URL and a generated secret into the simulator\'s agent', async () => {
		const agent = await until('the agent to point at n8n', () => {
			const current = storedAgent(sim);
			return current.webhookUrl === url ? current : undefined;
		});
		assert.equal(agent.webhookAuth.authKey, 'Bearer');
		secret = agent.webhookAuth.authSecret;
		assert.ok(typeof secret === 'string' && secret.length >= 40, 'a long generated secret');
		assert.ok(!env.server.logs().includes(secret), 'the secret is not in n8n\'s logs');
		return url;
	});
	if (!activated) return;

	await t.check('a delivery with the generated secret starts one execution; a forged one is refused with 401', async () => {
		const forged = await sim.postWebhook(url, callEndedEvent(crypto.randomUUID()), { authorization: 'Bearer forged-e2e-value' });
		assert.equal(forged.status, 401, JSON.stringify(forged.body));
		const good = await sim.postWebhook(url, callEndedEvent(crypto.randomUUID()), { authorization: `Bearer ${secret}` });
		assert.equal(good.status, 200, JSON.stringify(good.body));
		const list = await h.waitForExecutions(env.session, wf.id, { count: 1 });
		assert.equal(list.count, 1);
		return 'static data written on activation is what the webhook reads';
	});

	await t.check('deactivating the workflow (REST /workflows/:id/deactivate) puts the agent back exactly', async () => {
		const r = await h.restRequest(env.session, 'POST', `/workflows/${wf.id}/deactivate`, {});
		assert.ok(r.ok, `deactivate: HTTP ${r.status} ${JSON.stringify(r.body)}`);
		const after = await until('the agent to be restored', () => {
			const current = storedAgent(sim);
			return current.webhookUrl !== url ? current : undefined;
		});
		assert.deepEqual({ webhookUrl: after.webhookUrl, webhookAuth: after.webhookAuth }, { webhookUrl: before.webhookUrl, webhookAuth: before.webhookAuth });
		const { updatedAt: _a, ...restAfter } = after;
		const { updatedAt: _b, ...restBefore } = before;
		assert.deepEqual(restAfter, restBefore);
		assert.ok(!env.server.logs().includes(secret), 'the secret is not in n8n\'s logs');
		return `webhookUrl ${after.webhookUrl}`;
	});

	await t.check('"Listen for test event" (REST /workflows/:id/run) points the agent at the test URL; after the test event the agent is restored', async () => {
		const got = await h.restRequest(env.session, 'GET', `/workflows/${wf.id}`);
		assert.ok(got.ok, `GET workflow: HTTP ${got.status}`);
		const r = await h.restRequest(env.session, 'POST', `/workflows/${wf.id}/run`, { workflowData: got.data, triggerToStartFrom: { name: 'Hamsa Trigger' } });
		assert.ok(r.ok, `run: HTTP ${r.status} ${JSON.stringify(r.body)}`);
		const testUrl = `${env.server.url}/webhook-test/${WEBHOOK_ID}/hamsa`;
		const agent = await until('the agent to point at the test URL', () => {
			const current = storedAgent(sim);
			return current.webhookUrl === testUrl ? current : undefined;
		});
		const testSecret = agent.webhookAuth.authSecret;
		assert.notEqual(testSecret, secret);
		const delivered = await sim.postWebhook(testUrl, callEndedEvent(crypto.randomUUID()), { authorization: `Bearer ${testSecret}` });
		assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
		const after = await until('the agent to be restored after the test event', () => {
			const current = storedAgent(sim);
			return current.webhookUrl !== testUrl ? current : undefined;
		});
		assert.deepEqual({ webhookUrl: after.webhookUrl, webhookAuth: after.webhookAuth }, { webhookUrl: before.webhookUrl, webhookAuth: before.webhookAuth });
		assert.ok(!env.server.logs().includes(testSecret), 'the secret is not in n8n\'s logs');
		return testUrl;
	});
}

run(main);
