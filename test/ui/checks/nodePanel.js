'use strict';
// Finding the nodes: the node panel's search, by display name and by the
// aliases in each codex file, from an empty canvas ("What triggers this
// workflow?") and after an existing node ("What happens next?"); then each
// node's entry lists the actions (or trigger events) the README names, and
// picking each one puts a node on the canvas whose parameter panel opens.

const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const ed = require('../lib/editor');
const { readmeActions, readmeTriggers } = require('../lib/readme');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const NODES = [
	{ folder: 'HotTaskChat', displayName: 'HotTask Chat', trigger: false },
	{ folder: 'HotTaskTwilio', displayName: 'HotTask Twilio', trigger: false },
	{ folder: 'HamsaVoiceCall', displayName: 'Hamsa Voice Call', trigger: false },
	{ folder: 'HamsaTrigger', displayName: 'Hamsa Trigger', trigger: true },
	{ folder: 'HamsaSpeech', displayName: 'Hamsa Speech', trigger: false },
].map((node) => {
	const codex = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes', node.folder, `${node.folder}.node.json`), 'utf8'));
	return { ...node, type: codex.node, aliases: codex.alias || [] };
});

/** Searches for every word and fails naming the words that did not list the node. */
async function expectFound(page, node, words, view) {
	const missing = [];
	for (const word of words) {
		const results = await ed.searchNodePanel(page, word);
		const hit = results.find((r) => r.type === node.type);
		if (!hit || hit.view !== view) missing.push(`"${word}" → [${results.map((r) => r.name).join(', ')}]`);
	}
	assert.equal(missing.length, 0, `${node.displayName} not listed for ${missing.join('; ')}`);
	return `${words.length} searches`;
}

async function searchFromEmptyCanvas(t, env) {
	const { page, url } = env;
	const opened = await t.check('node panel on an empty canvas is "What triggers this workflow?"', async () => {
		await ed.openNewWorkflow(page, url);
		const title = await ed.openNodePanel(page);
		assert.equal(title, 'What triggers this workflow?');
	});
	if (!opened) return;
	for (const node of NODES) {
		await t.check(`empty canvas: ${node.displayName} found by its name and by ${node.aliases.length} aliases`, async () => {
			return await expectFound(page, node, [node.displayName, ...node.aliases], 'Trigger');
		});
	}
	// n8n orders equally good matches by name, triggers not first: what matters is
	// that the trigger is among the first results, next to our other Hamsa nodes.
	await t.check('empty canvas: "Hamsa" lists our Hamsa nodes first, the trigger among them', async () => {
		const results = await ed.searchNodePanel(page, 'Hamsa');
		const hamsaNodes = NODES.filter((node) => node.displayName.startsWith('Hamsa')).map((node) => node.type);
		const first = results.slice(0, hamsaNodes.length).map((result) => result.type);
		assert.deepEqual([...first].sort(), [...hamsaNodes].sort(), `first results ${JSON.stringify(results.slice(0, hamsaNodes.length))}`);
		assert.ok(first.includes(NODES[3].type), 'the Hamsa Trigger is not among them');
		await t.shoot('node-panel-trigger-search-hamsa');
	});
	await ed.closeNodePanel(page);
}

async function searchAfterExistingNode(t, env) {
	const { page, url, workflows } = env;
	const opened = await t.check('node panel after an existing node is "What happens next?"', async () => {
		await ed.openWorkflow(page, url, workflows['ask-and-sms.json']);
		const title = await ed.openNodePanel(page);
		assert.equal(title, 'What happens next?');
	});
	if (!opened) return;
	for (const node of NODES) {
		await t.check(`after a node: ${node.displayName} found by its name and by ${node.aliases.length} aliases`, async () => {
			return await expectFound(page, node, [node.displayName, ...node.aliases], 'Regular');
		});
	}
	await t.check('after a node: "HotTask" lists HotTask Chat and HotTask Twilio first', async () => {
		const results = await ed.searchNodePanel(page, 'HotTask');
		assert.deepEqual(results.slice(0, 2).map((r) => r.name).sort(), ['HotTask Chat', 'HotTask Twilio']);
		await t.shoot('node-panel-search-hottask', { docs: 'node-panel-search.png' });
	});
	await ed.closeNodePanel(page);
}

/**
 * Opens a node's entry in the node panel where a user meets it: a trigger on an
 * empty canvas, an action node after an existing node. Returns what it lists.
 */
async function openEntry(env, node, { sameCanvas = false } = {}) {
	const { page, url, workflows } = env;
	if (node.trigger) await ed.openNewWorkflow(page, url);
	else if (!sameCanvas) await ed.openWorkflow(page, url, workflows['ask-and-sms.json']);
	await ed.openNodePanel(page);
	await ed.searchNodePanel(page, node.displayName);
	return await ed.openNodeInPanel(page, node.type);
}

async function actionsOfEachNode(t, env) {
	const { page } = env;
	for (const node of NODES) {
		const expected = node.trigger ? readmeTriggers(node.displayName) : readmeActions(node.displayName).map((a) => a.action);
		const listed = await t.check(`${node.displayName} in the panel lists the ${node.trigger ? 'triggers' : 'actions'} the README names`, async () => {
			const { heading, actions } = await openEntry(env, node);
			assert.equal(heading, `${node.trigger ? 'Triggers' : 'Actions'} (${expected.length})`);
			assert.deepEqual([...actions].sort(), [...expected].sort());
			await t.shoot(`actions-${node.folder}`);
			return actions.join(', ');
		});
		if (!listed) continue;
		const readme = node.trigger ? [] : readmeActions(node.displayName);
		for (const label of expected) {
			await t.check(`${node.displayName} → "${label}" puts a node on the canvas and its parameters open without error`, async () => {
				await ed.closeParameterPanel(page);
				// Action nodes are added one after the other to the workflow the list was opened in.
				await openEntry(env, node, { sameCanvas: true });
				const errorsBefore = env.pageErrors.length;
				const panel = await ed.pickAction(page, label);
				assert.ok(panel.parameters.length > 0, 'the parameter panel shows no parameters');
				const entry = readme.find((a) => a.action === label);
				if (entry) {
					assert.equal(panel.resource, entry.resource, 'Resource');
					assert.equal(panel.operation, entry.operation, 'Operation');
				} else {
					assert.ok(panel.parameters.includes('events'), `no Events parameter in ${panel.parameters}`);
				}
				assert.deepEqual(await ed.errorToasts(page), []);
				assert.deepEqual(env.pageErrors.slice(errorsBefore), [], 'errors in the page');
				await t.shoot(`action-${node.folder}-${label.replace(/\W+/g, '-')}`);
				await ed.closeParameterPanel(page);
				const onCanvas = await page.locator('[data-test-id="canvas-node"]').count();
				assert.ok(onCanvas >= 1, 'no node on the canvas');
				return `${panel.parameters.length} parameters, ${onCanvas} node(s) on the canvas`;
			});
		}
	}
}

module.exports = { searchFromEmptyCanvas, searchAfterExistingNode, actionsOfEachNode, NODES };
