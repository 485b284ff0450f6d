'use strict';
// A published Hamsa Trigger whose Auth Secret is an expression that evaluates
// to nothing (an unset environment variable, or undefined itself) refuses
// every request and starts no execution. Before, the secret became the text
// "undefined", and "Authorization: Bearer undefined" started the workflow.

const crypto = require('node:crypto');
const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { callEndedEvent } = require('./call-outcomes');

const FILE = 'hamsa-trigger-secret-evaluates-to-nothing.json';
// What a caller could guess a secret that evaluated to nothing turned into; the
// trailing space of "Bearer " is trimmed on the way, as HTTP trims header values.
const GUESSES = ['Bearer undefined', 'Bearer null', 'Bearer ', 'undefined', undefined];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function secretThatEvaluatesToNothing(t, env) {
	const { server, session, sim, workflows } = env;
	const wf = workflows[FILE];
	const triggers = wf.workflow.nodes.filter((n) => n.type.endsWith('.hamsaTrigger'));
	await t.check('Hamsa Trigger whose Auth Secret evaluates to nothing ($env unset, {{ undefined }}): "Bearer undefined", "Bearer null", "Bearer " → 500 naming the Auth Secret, no execution', async () => {
		const answers = [];
		for (const trigger of triggers) {
			const url = `${server.url}/webhook/${trigger.webhookId}/hamsa`;
			for (const authorization of GUESSES) {
				const r = await sim.postWebhook(url, callEndedEvent(crypto.randomUUID()), authorization === undefined ? {} : { authorization });
				const label = `${trigger.name}, ${authorization === undefined ? 'no Authorization' : JSON.stringify(authorization)}`;
				assert.equal(r.status, 500, `${label}: ${r.status} ${JSON.stringify(r.body)}`);
				assert.match(String(r.body && r.body.message), /Auth Secret is empty or evaluates to nothing/, `${label}: ${JSON.stringify(r.body)}`);
				answers.push(r.status);
			}
		}
		// Time for an execution that should not exist to be saved.
		await sleep(1500);
		const list = await h.listExecutions(session, wf.id);
		assert.equal(list.count, 0, `executions started: ${JSON.stringify(list.results.map((e) => `${e.id}:${e.status}`))}`);
		return `${answers.length} requests to ${triggers.length} triggers, all HTTP 500, 0 executions`;
	});
}

module.exports = { secretThatEvaluatesToNothing };
