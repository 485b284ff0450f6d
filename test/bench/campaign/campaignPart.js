'use strict';
// Part 2: the same leads as one Hamsa Voice Call → Campaign → Create (every
// input item one recipient, one request), played by the simulator's campaigns
// (test/simulator/campaigns.js) with `concurrency` calls at a time, each call
// reporting to the voice agent's webhook: a Hamsa Trigger (call.ended) →
// Record Outcome. Run only when the package has the Campaign resource
// (setup.campaignSupport); written against the simulator's config keys
// campaignConcurrency, campaignStartDelayMs and agentWebhook.

const { postJson } = require('../../simulator/webhooks');
const { CAMPAIGN_SECRET, triggerUrl } = require('./workflows');
const { leadsOf, until } = require('./waits');
const m = require('./measure');

async function runCampaign(env, { calls, concurrency = 50, withinMs = 60000, log = () => {} }) {
	const { sim, session, cluster } = env;
	// Calls last so long that, `concurrency` at a time, the campaign takes about `withinMs`.
	const callDurationMs = Math.max(300, Math.round((withinMs * concurrency) / calls));
	sim.reset();
	sim.configure({
		callOutcome: 'COMPLETED',
		callDurationMs,
		campaignConcurrency: concurrency,
		campaignStartDelayMs: 100,
		agentWebhook: { webhookUrl: triggerUrl(cluster.url, env.workflows.campaignOutcomes), webhookAuth: { authKey: 'Bearer', authSecret: CAMPAIGN_SECRET } },
	});
	const before = {
		create: new Set((await m.listAllExecutions(session, env.ids.campaign)).map((e) => e.id)),
		outcomes: new Set((await m.listAllExecutions(session, env.ids.campaignOutcomes)).map((e) => e.id)),
	};
	const base = await m.countExecutions(session, env.ids.campaignOutcomes, m.FINAL);
	const memory = m.sampleMemory(m.clusterProcesses(cluster));

	const t0 = Date.now();
	const answer = await postJson(`${cluster.url}/webhook/${env.workflows.campaign.nodes[0].parameters.path}`, { leads: leadsOf(calls) }, { timeoutMs: 300000 });
	const created = await until('the campaign workflow to finish', async () => {
		const list = (await m.listAllExecutions(session, env.ids.campaign, m.FINAL)).filter((e) => !before.create.has(e.id));
		return { done: list.length >= 1, list };
	}, { timeoutMs: 300000 });
	const createMs = Date.now() - t0;
	const campaign = [...sim.hamsa.campaigns.campaigns.values()][0];
	log(`campaign created in ${(createMs / 1000).toFixed(1)} s (${campaign ? campaign.recipients.length : 0} recipients); waiting for ${calls} outcomes`);
	const ended = await until(`${calls} outcomes`, async () => {
		const n = (await m.countExecutions(session, env.ids.campaignOutcomes, m.FINAL)) - base;
		const done = campaign && campaign.status === 'COMPLETED';
		return { done: n >= calls || (done && Date.now() - t0 > createMs + 60000), n, campaign: campaign && campaign.status };
	}, { timeoutMs: 30 * 60000, intervalMs: 1000 });
	await sim.webhooksIdle();
	const doneMs = Date.now() - t0;
	await m.sleep(5000);
	const mem = memory.stop();
	const after = m.memorySnapshot(m.clusterProcesses(cluster));

	const outcomes = (await m.listAllExecutions(session, env.ids.campaignOutcomes)).filter((e) => !before.outcomes.has(e.id));
	const outputs = await m.nodeOutputs(session, outcomes, 'Record Outcome');
	const perCall = new Map();
	for (const o of outputs) for (const item of o.items) perCall.set(item.callId, (perCall.get(item.callId) || 0) + 1);
	const recipients = campaign ? campaign.recipients : [];
	const perRecipient = m.countBy(recipients, (r) => perCall.get(r.jobId) || 0);
	const statuses = m.countBy(outcomes, (e) => e.status);
	return {
		calls,
		concurrency,
		callDurationMs,
		answerStatus: answer.status,
		createStatus: created.list[0] && created.list[0].status,
		createMs,
		doneMs,
		outcomesCounted: ended.n,
		campaignStatus: campaign && campaign.status,
		recipients: recipients.length,
		requests: m.hamsaRequests(sim),
		deliveries: sim.webhookDeliveries.length,
		endedDeliveries: sim.webhookDeliveries.filter((d) => d.eventType === 'call.ended').length,
		outcomeExecutions: outcomes.length,
		statuses,
		perRecipient,
		memory: { before: mem.before, peak: mem.peak, after },
	};
}

function printCampaign(r) {
	const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
	const { before, peak, after } = r.memory;
	console.log('');
	console.log(`2. The same ${r.calls} leads as one Campaign → Create; outcomes through the Hamsa Trigger (simulated campaign: ${r.concurrency} calls at a time, ${r.callDurationMs} ms each)`);
	console.log('-------------------------------------------------------------------------------');
	console.log(`  requests sent to Hamsa: ${JSON.stringify(r.requests)}`);
	console.log(`  campaign workflow: answered ${r.answerStatus}, execution ${r.createStatus}, ${s(r.createMs)} from the POST; campaign ${r.campaignStatus} with ${r.recipients} recipients`);
	console.log(`  Hamsa Trigger: ${r.deliveries} events delivered (${r.endedDeliveries} call.ended); ${r.outcomeExecutions} executions ${JSON.stringify(r.statuses)}`);
	console.log(`  recipients by how many times their outcome reached Record Outcome: ${JSON.stringify(r.perRecipient)}`);
	console.log(`  time from the POST to every outcome recorded: ${s(r.doneMs)}`);
	console.log(`  memory, RSS total: before ${m.mb(before.total).toFixed(0)} MB, at the peak ${m.mb(peak.total).toFixed(0)} MB, after ${m.mb(after.total).toFixed(0)} MB (growth to the peak ${m.mb(peak.total - before.total).toFixed(1)} MB)`);
}

module.exports = { runCampaign, printCampaign };
