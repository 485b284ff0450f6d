'use strict';
// The example workflows open in the editor as a user imports them: every node
// drawn, our nodes' parameters readable, the imported credential selected.
// These steps also make the README's screenshots.

const assert = require('node:assert/strict');
const ed = require('../lib/editor');

async function exampleWorkflows(t, env) {
	const { page, url, workflows } = env;
	await t.check('CRM lead → voice call example opens with all its nodes drawn', async () => {
		const crm = workflows['crm-lead-to-voice-call.json'];
		await ed.openWorkflow(page, url, crm);
		await page.getByText(crm.name, { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 10000 });
		for (const name of ['New Lead', 'Call the Lead', 'Call Finished']) {
			await page.locator('[data-test-id="canvas-node"]', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10000 });
		}
		await ed.zoomToFit(page);
		await t.shoot('example-crm-lead-to-voice-call', { docs: 'crm-lead-to-voice-call.png' });
	});
	await t.check('Ask and SMS example: HotTask Chat\'s parameters open with the imported credential', async () => {
		await ed.openWorkflow(page, url, workflows['ask-and-sms.json']);
		await page.locator('[data-test-id="canvas-node"]', { hasText: 'Ask the Chatbot' }).first().dblclick();
		const panel = await ed.waitForParameterPanel(page);
		for (const text of ['Ask the Chatbot', 'Chatbot ID', 'Question', 'Stream']) {
			await panel.ndv.getByText(text, { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 10000 });
		}
		assert.equal(panel.operation, 'Ask');
		const credential = await panel.ndv.locator('[data-test-id="node-credentials-select"] input').first().inputValue();
		assert.equal(credential, 'HotTask account');
		assert.deepEqual(await ed.errorToasts(page), []);
		await t.shoot('example-hottask-chat-parameters', { docs: 'hottask-chat-parameters.png' });
		await ed.closeParameterPanel(page);
	});
}

module.exports = { exampleWorkflows };
