'use strict';
// The knowledge examples in a real n8n: the nightly FAQ sync (Schedule
// Trigger, run with `n8n execute` from its Run Now manual trigger, as the CLI
// only starts from one) turns rows into Q&A pairs in ONE
// EditKnowledge and the chatbot then answers from them; a published product
// page (a webhook) becomes one of the chatbot's websites. In both, every
// source the chatbot had before is still there afterwards, in either reading
// of EditKnowledge (the simulator's `editKnowledge` 'replace' and 'add').

const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { requestsTo, expectAuth, postJson, ids } = require('./util');

const GET_SOURCE = '/chat/Chatbot/GetSource';
const EDIT = '/chat/Chatbot/EditKnowledge';

/** The simulator's stored knowledge of the default chatbot (a plain copy). */
function stored(sim) {
	return JSON.parse(JSON.stringify(sim.hottask.chatbots.get(ids.CHATBOT).knowledge));
}

async function nightlyFaqSync(t, env) {
	const { ctx, sim, workflows } = env;
	for (const mode of ['replace', 'add']) {
		sim.reset();
		sim.configure({ editKnowledge: mode });
		const before = stored(sim);
		let run;
		const ran = await t.check(`nightly-faq-sync example (EditKnowledge ${mode}s lists) runs green under \`n8n execute\``, async () => {
			run = await h.executeWorkflow(ctx, workflows['nightly-faq-sync.json'].id);
			assert.equal(run.status, 'success', `status ${run.status}, error ${JSON.stringify(run.error)}\n${run.stderr.slice(-2000)}`);
			return `${(run.ms / 1000).toFixed(1)} s`;
		});
		if (!ran) continue;
		await t.check(`nightly-faq-sync (${mode}): three rows → GetSource, ONE EditKnowledge with the current pairs and the rows, GetSource; nothing lost`, async () => {
			const reqs = sim.requests.slice();
			for (const r of reqs) expectAuth(r);
			const [edit] = requestsTo(reqs, 'POST', EDIT, 1);
			requestsTo(reqs, 'POST', GET_SOURCE, 2);
			const rows = h.nodeOutput(run, 'FAQ Rows');
			assert.equal(rows.length, 3);
			assert.deepEqual(edit.body, {
				serialNumber: ids.CHATBOT,
				qaList: [...before.qa, ...rows.map((row) => ({ key: row.question, value: row.answer }))],
			});
			const after = stored(sim);
			assert.deepEqual(after, { ...before, qa: edit.body.qaList });
			const [added] = h.nodeOutput(run, 'Add FAQ to Chatbot');
			assert.equal(added.sourcesAfter.qaPairs, before.qa.length + 3);
			return `${after.qa.length} Q&A pairs, ${after.websites.length} website(s), ${after.files.length} file(s) kept`;
		});
		await t.check(`nightly-faq-sync (${mode}): Ask answers the first FAQ question from the new pair`, async () => {
			const [answer] = h.nodeOutput(run, 'Check an Answer');
			const [first] = h.nodeOutput(run, 'FAQ Rows');
			assert.equal(answer.answer, first.answer);
		});
	}
	sim.reset();
}

async function productPagePublished(t, env) {
	const { server, sim } = env;
	for (const mode of ['replace', 'add']) {
		sim.reset();
		sim.configure({ editKnowledge: mode });
		const before = stored(sim);
		const url = 'https://bakery.example.com/products/rye-bread';
		let response;
		const ok = await t.check(`product-page example (EditKnowledge ${mode}s lists): POST /webhook/product-page-published answers with the added page`, async () => {
			response = await postJson(`${server.url}/webhook/product-page-published`, { url });
			assert.equal(response.status, 200, response.text);
			assert.equal(response.json.chatbotId, ids.CHATBOT);
			assert.deepEqual(response.json.added, { websites: [{ url, retrain: true }] });
		});
		if (!ok) continue;
		await t.check(`product-page (${mode}): the current websites are sent back with the page; every source kept`, async () => {
			const [edit] = requestsTo(sim.requests, 'POST', EDIT, 1);
			assert.deepEqual(edit.body, {
				serialNumber: ids.CHATBOT,
				websiteList: [...before.websites.map((site) => ({ url: site.url, retrain: false })), { url, retrain: true }],
			});
			const after = stored(sim);
			assert.deepEqual(after.websites.map((site) => site.url), [...before.websites.map((site) => site.url), url]);
			assert.deepEqual({ ...after, websites: before.websites }, before);
		});
	}
	sim.reset();
}

module.exports = { nightlyFaqSync, productPagePublished };
