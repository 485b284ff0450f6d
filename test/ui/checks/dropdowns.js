'use strict';
// The Voice Agent and Twilio Phone Number dropdowns of Hamsa Voice Call → Start
// a call, and the Tool dropdown of Get a tool, with the imported Hamsa
// credential selected: they list what the
// simulator holds (read from the simulator's own API, as Hamsa would answer),
// and the search box inside each narrows the list.

const assert = require('node:assert/strict');
const ed = require('../lib/editor');
const { DEFAULT_HAMSA_KEY } = require('../../simulator');

async function hamsaGet(sim, pathAndQuery) {
	const res = await fetch(`${sim.url}${pathAndQuery}`, { headers: { authorization: `Token ${DEFAULT_HAMSA_KEY}` } });
	assert.equal(res.status, 200, `simulator ${pathAndQuery}`);
	return (await res.json()).data;
}

/** What the Voice Agent list should show: every agent's name (searched by Hamsa). */
async function voiceAgentNames(sim, search) {
	const data = await hamsaGet(sim, `/v2/voice-agents?skip=0&take=100${search ? `&search=${encodeURIComponent(search)}` : ''}`);
	return data.voiceAgents.map((a) => a.name);
}

/** What the Twilio Phone Number list should show: "<number> (<label>)" of each Twilio number. */
async function twilioNumberLabels(sim) {
	const data = await hamsaGet(sim, '/v1/voice-agents/phone-number/list?skip=1&take=100&provider=TWILIO');
	return data.filter((n) => n.type === 'TWILIO').map((n) => (n.label ? `${n.number} (${n.label})` : n.number));
}

/** The first line of an entry is its name; a description may follow. */
const names = (entries) => entries.map((e) => e.split('\n')[0].trim());

async function openStartCall(env) {
	const { page, url } = env;
	await ed.openNewWorkflow(page, url);
	await ed.openNodePanel(page);
	await ed.searchNodePanel(page, 'Hamsa Voice Call');
	await ed.openNodeInPanel(page, 'n8n-nodes-hottask-hamsa.hamsaVoiceCall');
	const panel = await ed.pickAction(page, 'Start a call');
	const credential = await page.locator('[data-test-id="ndv"] [data-test-id="node-credentials-select"] input').first().inputValue();
	return { panel, credential };
}

async function resourceLocators(t, env) {
	const { page, sim } = env;
	const opened = await t.check('Start a call opens with the Hamsa credential selected', async () => {
		const { credential } = await openStartCall(env);
		assert.equal(credential, 'Hamsa account');
	});
	if (!opened) return;

	await t.check('Voice Agent dropdown lists every voice agent the simulator holds', async () => {
		const expected = await voiceAgentNames(sim);
		const shown = names(await ed.resourceLocatorEntries(page, 'voiceAgentId'));
		assert.deepEqual([...shown].sort(), [...expected].sort());
		await t.shoot('dropdown-voice-agents', { docs: 'voice-agent-dropdown.png' });
		return `${shown.length} agents`;
	});
	await t.check('Voice Agent dropdown search "Sales" asks Hamsa and lists only matching agents', async () => {
		sim.clearRequests();
		const expected = await voiceAgentNames(sim, 'Sales');
		sim.clearRequests();
		const shown = names(await ed.resourceLocatorEntries(page, 'voiceAgentId', { search: 'Sales' }));
		assert.ok(expected.length > 0 && expected.length < 25, `simulator matches ${expected.length}`);
		assert.deepEqual([...shown].sort(), [...expected].sort());
		const searched = sim.requests.filter((r) => r.path === '/v2/voice-agents' && r.query.search === 'Sales');
		assert.ok(searched.length >= 1, 'no search request reached Hamsa');
		await t.shoot('dropdown-voice-agents-search');
		return shown.join(', ');
	});
	await t.check('picking a voice agent fills the field with its name', async () => {
		await page.locator('[data-test-id="rlc-item"]').filter({ visible: true }).first().click();
		await page.waitForTimeout(500);
		const value = await page.locator('[data-test-id="resource-locator-voiceAgentId"] [data-test-id="rlc-input"] input, [data-test-id="resource-locator-voiceAgentId"] input').last().inputValue();
		assert.match(value, /Sales/);
	});
	await t.check('Twilio Phone Number dropdown lists every Twilio number the simulator holds', async () => {
		const expected = await twilioNumberLabels(sim);
		const shown = names(await ed.resourceLocatorEntries(page, 'twilioPhoneNumber'));
		assert.deepEqual([...shown].sort(), [...expected].sort());
		await t.shoot('dropdown-twilio-numbers');
		return `${shown.length} numbers`;
	});
	await t.check('Twilio Phone Number dropdown search "0101" lists only numbers containing it', async () => {
		const all = await twilioNumberLabels(sim);
		const expected = all.filter((label) => label.replace(/[\s\-().]/g, '').includes('0101'));
		const shown = names(await ed.resourceLocatorEntries(page, 'twilioPhoneNumber', { search: '0101' }));
		assert.ok(expected.length >= 1 && expected.length < all.length);
		assert.deepEqual([...shown].sort(), [...expected].sort());
		return shown.join(', ');
	});
	await page.keyboard.press('Escape');
	await ed.closeParameterPanel(page).catch(() => {});
}

/** What the Tool list should show: every web tool's name (Hamsa's list, `skip` a page from 1). */
async function toolNames(sim) {
	const data = await hamsaGet(sim, '/v2/voice-agents/web-tool/list?skip=1&take=100');
	return data.items.map((tool) => tool.name);
}

/** The Tool dropdown of Hamsa Voice Call → Get a tool lists the simulator's tools. */
async function toolLocator(t, env) {
	const { page, url, sim } = env;
	const opened = await t.check('Get a tool opens with the Hamsa credential selected', async () => {
		await ed.openNewWorkflow(page, url);
		await ed.openNodePanel(page);
		await ed.searchNodePanel(page, 'Hamsa Voice Call');
		await ed.openNodeInPanel(page, 'n8n-nodes-hottask-hamsa.hamsaVoiceCall');
		await ed.pickAction(page, 'Get a tool');
		const credential = await page.locator('[data-test-id="ndv"] [data-test-id="node-credentials-select"] input').first().inputValue();
		assert.equal(credential, 'Hamsa account');
	});
	if (!opened) return;
	await t.check('Tool dropdown lists every tool the simulator holds', async () => {
		const expected = await toolNames(sim);
		const shown = names(await ed.resourceLocatorEntries(page, 'toolId'));
		assert.deepEqual([...shown].sort(), [...expected].sort());
		return `${shown.length} tools`;
	});
	await page.keyboard.press('Escape');
	await ed.closeParameterPanel(page).catch(() => {});
}

module.exports = { resourceLocators, toolLocator };
