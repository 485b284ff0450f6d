'use strict';
// An AI Agent's tool picker (the "+" under its Tool input) lists our three
// action nodes as tools, which n8n builds from `usableAsTool`.

const assert = require('node:assert/strict');
const ed = require('../lib/editor');

const TOOLS = [
	{ query: 'HotTask Chat', name: 'HotTask Chat Tool', type: 'n8n-nodes-hottask-hamsa.hotTaskChatTool' },
	{ query: 'HotTask Twilio', name: 'HotTask Twilio Tool', type: 'n8n-nodes-hottask-hamsa.hotTaskTwilioTool' },
	{ query: 'Hamsa Voice Call', name: 'Hamsa Voice Call Tool', type: 'n8n-nodes-hottask-hamsa.hamsaVoiceCallTool' },
	{ query: 'Hamsa Speech', name: 'Hamsa Speech Tool', type: 'n8n-nodes-hottask-hamsa.hamsaSpeechTool' },
];

async function toolPicker(t, env) {
	const { page, url } = env;
	const opened = await t.check('an AI Agent on the canvas opens its tool picker', async () => {
		await ed.openNewWorkflow(page, url);
		await ed.openNodePanel(page);
		const results = await ed.searchNodePanel(page, 'AI Agent');
		const agent = results.find((r) => r.type === '@n8n/n8n-nodes-langchain.agent');
		assert.ok(agent, `AI Agent not listed: ${JSON.stringify(results)}`);
		await page.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-id^="@n8n/n8n-nodes-langchain.agent-"]').first().click();
		await ed.waitForParameterPanel(page);
		await ed.closeParameterPanel(page);
		const toolPlus = page.locator('[data-handleid="inputs/ai_tool/0"] [data-test-id="canvas-handle-plus"]').first();
		const header = page.locator('[data-test-id="nodes-list-header"]').first();
		// A click while the canvas still moves the new nodes into place can miss
		// the handle; a user would simply click again.
		let title = '';
		for (let attempt = 0; attempt < 3 && !/^Tools/.test(title); attempt++) {
			await ed.closeNodePanel(page);
			await ed.zoomToFit(page);
			await toolPlus.waitFor({ state: 'visible' });
			await toolPlus.click();
			// n8n slides the Tools view in over the AI nodes view; wait for it to land.
			await header.getByText(/^Tools/).first().waitFor({ timeout: 10000 }).catch(() => {});
			title = (await header.innerText()).trim();
		}
		assert.match(title, /^Tools/);
	});
	if (!opened) return;
	for (const tool of TOOLS) {
		await t.check(`the tool picker lists ${tool.name}`, async () => {
			const results = await ed.searchNodePanel(page, tool.query);
			const hit = results.find((r) => r.type === tool.type);
			assert.ok(hit, `not listed for "${tool.query}": ${JSON.stringify(results.map((r) => r.name))}`);
			assert.equal(hit.name, tool.name);
		});
	}
	await t.check('the tool picker search "HotTask" lists both HotTask tools', async () => {
		const results = await ed.searchNodePanel(page, 'HotTask');
		const names = results.map((r) => r.name);
		assert.ok(names.includes('HotTask Chat Tool') && names.includes('HotTask Twilio Tool'), names.join(', '));
		await t.shoot('ai-agent-tool-picker', { docs: 'ai-agent-tools.png' });
	});
	await ed.closeNodePanel(page);
}

module.exports = { toolPicker };
