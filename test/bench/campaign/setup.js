'use strict';
// The queue-mode n8n the e2e harness starts (run-queue.js: Postgres 17 and
// Redis, main + 2 workers + 2 webhook processes behind the round-robin proxy),
// with our package installed as a community package and the benchmark's
// workflows imported and published; the simulator in this process.

const path = require('node:path');
const h = require('../../e2e/lib/n8n');
const stack = require('../../e2e/stack');
const { createQueueContext, startQueueCluster } = require('../../e2e/lib/queue');
const { startSimulator } = require('../../simulator');
const workflows = require('./workflows');

/**
 * Whether the package being benchmarked has the Campaign resource (Hamsa Voice
 * Call → Campaign → Create) and the simulator plays campaigns; a reason when not.
 */
function campaignSupport() {
	const root = stack.ROOT;
	let node;
	try {
		node = require(path.join(root, 'dist', 'nodes', 'HamsaVoiceCall', 'HamsaVoiceCall.node.js'));
	} catch (e) {
		return { ok: false, reason: `dist/nodes/HamsaVoiceCall could not be loaded (${e.message.split('\n')[0]})` };
	}
	const description = new node.HamsaVoiceCall().description;
	const resource = description.properties.find((p) => p.name === 'resource');
	const values = ((resource && resource.options) || []).map((o) => o.value);
	if (!values.includes('campaign')) return { ok: false, reason: `the installed package's Hamsa Voice Call has no Campaign resource (resources: ${values.join(', ')})` };
	try {
		require.resolve(path.join(root, 'test', 'simulator', 'campaigns.js'));
	} catch {
		return { ok: false, reason: 'the simulator has no campaigns (test/simulator/campaigns.js)' };
	}
	return { ok: true };
}

/**
 * @returns {Promise<{sim, ctx, cluster, session, ids:Record<string,string>, campaign:{ok:boolean, reason?:string}, stop:()=>Promise<void>}>}
 */
async function startBench({ log = () => {}, workers = 2, webhooks = 2, maxRecordedRequests = 50000, dbPoolSize } = {}) {
	const env = { sim: null, ctx: null, cluster: null };
	env.stop = async () => {
		if (env.cluster) await env.cluster.stop().catch(() => {});
		if (env.sim) await env.sim.close().catch(() => {});
		if (env.ctx) {
			await env.ctx.stopServices();
			env.ctx.cleanup();
		}
	};
	try {
		const install = await h.ensureN8nInstalled({ log });
		if (install.installed) log(`n8n installed in ${install.seconds.toFixed(0)} s`);
		// Hamsa waits 5 s for an answer; a busy 2-core machine can take longer, which is not what is measured.
		env.sim = await startSimulator({ port: 0, webhookTimeoutMs: 60000, maxRecordedRequests });
		// n8n's Postgres pool is 2 connections per process by default: 1,000
		// resumes within a minute then wait past its 20 s connection timeout.
		env.ctx = await createQueueContext({ log, prefix: 'n8n-bench-campaign-', env: dbPoolSize ? { DB_POSTGRESDB_POOL_SIZE: String(dbPoolSize) } : {} });
		stack.packAndInstall(env.ctx);
		env.campaign = campaignSupport();

		await h.importCredentials(env.ctx, [
			...stack.credentialData(env.sim),
			{ ...workflows.HEADER_AUTH, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${workflows.FLOOD_SECRET}` } },
		]);
		const wanted = Object.entries(workflows.all).filter(([key]) => env.campaign.ok || !key.startsWith('campaign'));
		const prepared = wanted.map(([, wf]) => stack.prepareWorkflow(wf, { n8nUrl: env.ctx.url }));
		const imported = await stack.importWorkflows(env.ctx, prepared);
		env.ids = Object.fromEntries(wanted.map(([key], i) => [key, imported[i]]));
		env.workflows = Object.fromEntries(wanted.map(([key], i) => [key, prepared[i]]));
		for (let i = 0; i < imported.length; i += 3) await Promise.all(imported.slice(i, i + 3).map((id) => h.publishWorkflow(env.ctx, id)));

		env.cluster = await startQueueCluster(env.ctx, { workers, webhooks });
		env.session = await h.setupOwner(env.cluster.url);
		log(`queue mode up in ${(env.cluster.startMs / 1000).toFixed(1)} s: ${env.cluster.url} → main :${env.cluster.main.port}, ${workers} workers, webhooks :${env.cluster.webhooks.map((w) => w.port).join(', :')}`);
		return env;
	} catch (e) {
		if (env.cluster) e.message += `\n--- n8n logs ---\n${env.cluster.logs()}`;
		await env.stop();
		throw e;
	}
}

module.exports = { startBench, campaignSupport };
