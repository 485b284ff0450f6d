'use strict';
// What both e2e stages (run.js: one `n8n start`; run-queue.js: queue mode) do
// alike around their own checks: a suite whose cleanup stops n8n, the
// simulator and the user folder; the package installed and the workflows
// imported; n8n started with an owner; and the checks of the published
// workflows that both stages run against it.

const h = require('./n8n');
const stack = require('../stack');
const { createSuite } = require('./suite');
const webhooks = require('../checks/webhooks');
const streaming = require('../checks/streaming');
const callOutcomes = require('../checks/call-outcomes');
const chatTrigger = require('../checks/chat-trigger');
const triggerSecrets = require('../checks/trigger-secrets');

/**
 * The suite of one stage; `stage` holds what cleanup stops: `sim`, `ctx` (the
 * user folder, with `stopServices()` where it started Postgres and Redis) and
 * `n8n` (a server or a queue cluster: url, logs(), stop()).
 * `--keep` on the command line leaves the n8n user folder behind.
 * @param {{logsOnFailure:(n8n:any)=>{heading:string, text:string}}} opts
 *   the n8n logs printed when a check failed while n8n ran.
 */
function createStageSuite({ logsOnFailure }) {
	const keep = process.argv.includes('--keep');
	const stage = { sim: null, ctx: null, n8n: null };
	const suite = createSuite({
		async cleanup({ failed, interrupted }) {
			const { n8n, sim, ctx } = stage;
			if (n8n) {
				if (failed) {
					const { heading, text } = logsOnFailure(n8n);
					console.log(`# --- ${heading} ---\n${text.replace(/^/gm, '#   ')}`);
				}
				await n8n.stop().catch(() => {});
			}
			if (interrupted) stack.killChildProcessGroups();
			if (sim) await sim.close().catch(() => {});
			if (ctx) {
				if (ctx.stopServices) await ctx.stopServices();
				if (keep) suite.note(`kept the n8n user folder ${ctx.userFolder}`);
				else ctx.cleanup();
			}
		},
	});
	return { ...suite, stage };
}

/** Installs n8n itself once per machine (lib/install.js), saying how long that took. */
async function ensureN8n(note) {
	const install = await h.ensureN8nInstalled({ log: note });
	note(`n8n harness ready${install.installed ? ` (installed in ${install.seconds.toFixed(0)} s)` : ''}`);
}

/**
 * Our package packed and installed as a community package, then the
 * credentials (pointing at the simulator) and the examples plus `extra`
 * workflows imported into env.workflows. Resolves to whether both checks passed.
 */
async function installAndImport(t, env, { importName, extra }) {
	const { ctx, sim } = env;
	const installed = await t.check(`npm pack → installed as community package ${stack.PACKAGE_NAME} (.n8n/nodes/node_modules)`, async () => {
		const pkg = stack.packAndInstall(ctx);
		return `${pkg.tarball}`;
	});
	if (!installed) return false;
	return t.check(importName, async () => {
		env.workflows = await stack.importExamples(ctx, sim, { extra });
		return `${Object.keys(env.workflows).length} workflows`;
	});
}

/** The workflows with a webhook, which `n8n start` serves only once they are published. */
function webhookWorkflows(env) {
	return Object.entries(env.workflows).filter(([, wf]) => wf.webhook);
}

/**
 * One check: `start()` brings n8n up (resolving to its url, logs() and
 * stop()), then the owner account is set up. From here on a failure prints
 * n8n's logs, and env has server ({url, logs}), serverReadyAt and session.
 * `describe(n8n)` is the check's detail. Resolves to whether it passed.
 */
async function startN8nWithOwner({ t, state, stage }, env, name, start, describe) {
	return t.check(name, async () => {
		stage.n8n = await start();
		state.serversUp = true;
		env.server = { url: stage.n8n.url, logs: stage.n8n.logs };
		env.serverReadyAt = Date.now();
		env.session = await h.setupOwner(stage.n8n.url);
		return describe(stage.n8n);
	});
}

/** The checks of the published workflows that both stages run, one kind of n8n or the other, in this order. */
const PUBLISHED_WORKFLOW_CHECKS = [
	webhooks.crmLeadToCall,
	webhooks.askAndSms,
	streaming.streamAnswer,
	callOutcomes.hamsaTrigger,
	triggerSecrets.secretThatEvaluatesToNothing,
	callOutcomes.callAndWait,
	webhooks.triggerRecordingFromApi,
	chatTrigger.streamToChat,
];

module.exports = { createStageSuite, ensureN8n, installAndImport, webhookWorkflows, startN8nWithOwner, PUBLISHED_WORKFLOW_CHECKS };
