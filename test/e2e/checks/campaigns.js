'use strict';
// Hamsa campaigns and Call → End in a real n8n, under `n8n execute`: input
// items → Campaign Create (one campaign, every item a recipient) → the
// simulator calls them (one unanswered at first, then retried) → Campaign Get
// (one item per recipient, with its outcome); and a call in progress ended,
// then ended again (already ended: an answer, not an error).

const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { requestsTo, expectCampaignCreated } = require('./util');

const FILE = 'campaign-and-end.json';

async function campaignAndEnd(t, env) {
	const { ctx, sim, workflows } = env;
	sim.reset();
	sim.configure({
		callDurationMs: 200,
		campaignStartDelayMs: 50,
		campaignRetryDelayMs: 100,
		// Campaign calls end as planned here; the lone call never ends by itself, so End has something to end.
		campaignOutcomes: { '+14155550123': ['COMPLETED'], '+14155550124': ['NO_ANSWER', 'COMPLETED'] },
		callOutcome: 'IN_PROGRESS',
	});
	let run;
	const ran = await t.check('campaign workflow (items → Campaign Create → wait → Campaign Get; Start → End → End) runs green under `n8n execute`', async () => {
		assert.ok(workflows[FILE], `${FILE} was not imported`);
		run = await h.executeWorkflow(ctx, workflows[FILE].id);
		assert.equal(run.status, 'success', `status ${run.status}, error ${JSON.stringify(run.error)}\n${run.stderr.slice(-2000)}`);
		return `${(run.ms / 1000).toFixed(1)} s`;
	});
	const reqs = sim.requests.slice();
	// What the simulator holds of each call, before reset() forgets them.
	const callStatuses = new Map([...sim.calls.values()].map((call) => [call.id, call.status]));
	sim.reset();
	if (!ran) return;
	const out = (node) => {
		const items = h.nodeOutput(run, node);
		assert.ok(items, `node "${node}" did not run`);
		return items;
	};

	await t.check('Campaign Create: ONE POST /v1/voice-agents/campaigns with both items as recipients, one output item', async () => {
		expectCampaignCreated(reqs, out('Create Campaign'), {
			name: 'e2e reminders',
			recipients: [
				{ phoneNumber: '+14155550123', name: 'Ada', appointment: 'Tuesday 10:00' },
				{ phoneNumber: '+14155550124', name: 'Grace', appointment: 'Friday 15:00' },
			],
		});
	});

	await t.check('Campaign Get after the simulator ran it: one item per recipient, Grace answered on the 2nd attempt', async () => {
		const rows = out('Get Campaign');
		assert.equal(rows.length, 2, JSON.stringify(rows));
		const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
		assert.equal(byName.Ada.status, 'COMPLETED');
		assert.equal(byName.Ada.attempts, 1);
		assert.equal(byName.Grace.status, 'COMPLETED');
		assert.equal(byName.Grace.attempts, 2);
		assert.equal(byName.Grace.lastError, 'No answer');
		assert.ok(rows.every((row) => row.campaignId === out('Create Campaign')[0].campaignId && row.campaignStatus === 'COMPLETED' && row.callId));
		return rows.map((row) => `${row.name}: ${row.status} after ${row.attempts}`).join(', ');
	});

	await t.check('Call → End: a call in progress ends (ended: true, the simulator has it TERMINATED); ending it again answers ended: false, alreadyEnded', async () => {
		const [started] = out('Start Call');
		const [ended] = out('End Call');
		const [again] = out('End Again');
		assert.deepEqual(ended, { callId: started.callId, ended: true, message: 'Conversation terminated successfully.' });
		assert.equal(callStatuses.get(started.callId), 'TERMINATED', `the simulator has the call ${callStatuses.get(started.callId)}`);
		assert.equal(again.ended, false);
		assert.equal(again.reason, 'alreadyEnded');
		assert.equal(again.status, 'TERMINATED');
		requestsTo(reqs, 'GET', `/v1/voice-agents/conversation/${started.callId}/terminate`, 2);
	});
}

module.exports = { campaignAndEnd };
