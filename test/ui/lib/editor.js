'use strict';
// What a user does in the n8n 2.x editor, as small steps for the browser suite.
// Selectors are n8n's own `data-test-id`s (the ones n8n's Playwright tests use),
// read off the 2.38 editor (unchanged on 2.41.1: all 65 checks pass); everything
// waits for what a user would wait for.

const PACKAGE_PREFIX = 'n8n-nodes-hottask-hamsa.';

/** A node panel entry's node type: n8n puts it in front of a generated id. */
function nodeTypeOfNavId(navId) {
	return String(navId || '').replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '');
}

async function signIn(page, url, owner) {
	await page.goto(`${url}/signin`);
	await page.fill('input[name="emailOrLdapLoginId"]', owner.email);
	await page.fill('input[name="password"]', owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30000 });
}

/** A new, empty workflow: the canvas shows "Add first step…". */
async function openNewWorkflow(page, url) {
	await page.goto(`${url}/workflow/new`);
	await page.locator('[data-test-id="canvas-add-button"]').waitFor({ timeout: 60000 });
}

/** An existing workflow, with all its nodes drawn. */
async function openWorkflow(page, url, workflow) {
	await page.goto(`${url}/workflow/${workflow.id}`);
	const nodeCount = workflow.workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
	await page.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, nodeCount, { timeout: 60000 });
	await page.waitForLoadState('networkidle').catch(() => {});
}

/** Fits the whole workflow into the view (n8n's "1" shortcut). */
async function zoomToFit(page) {
	await page.locator('[data-test-id="canvas-wrapper"], .vue-flow').first().click({ position: { x: 5, y: 5 } }).catch(() => {});
	await page.keyboard.press('1');
	await page.waitForTimeout(800);
}

/**
 * Opens the node panel: on an empty canvas "What triggers this workflow?",
 * on a workflow with nodes "What happens next?". Returns the panel's title.
 */
async function openNodePanel(page) {
	await closeNodePanel(page);
	const first = page.locator('[data-test-id="canvas-add-button"]');
	if (await first.isVisible().catch(() => false)) await first.click();
	else await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
	const header = page.locator('[data-test-id="nodes-list-header"]').first();
	await header.waitFor({ timeout: 15000 });
	return (await header.innerText()).split('\n')[0].trim();
}

/**
 * Types into the node panel's search and reads what it lists, in order:
 * `{ type, name, view }`, where view is n8n's panel ("Trigger", "Regular", "AI Other", …).
 */
async function searchNodePanel(page, query) {
	const input = page.locator('[data-test-id="node-creator-search-bar"]').first();
	await input.fill('');
	await input.fill(query);
	// The list re-renders on each keystroke; wait until it shows this query's results.
	await page.waitForTimeout(400);
	await page.waitForFunction(
		(q) => document.querySelector('[data-test-id="node-creator-search-bar"]')?.value === q,
		query,
		{ timeout: 5000 },
	);
	await page.waitForTimeout(400);
	return await page.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="node"]').evaluateAll((els) =>
		els.map((el) => ({
			navId: el.getAttribute('data-keyboard-nav-id'),
			name: (el.querySelector('[data-test-id="node-creator-item-name"]')?.textContent || '').trim(),
			view: el.closest('[root-view]')?.getAttribute('root-view') || '',
		})),
	).then((items) => items.map(({ navId, name, view }) => ({ type: nodeTypeOfNavId(navId), name, view })));
}

/** Clicks a listed node (by type) and reads the actions or triggers n8n lists for it. */
async function openNodeInPanel(page, nodeType) {
	await page.locator(`[data-test-id="item-iterator-item"][data-keyboard-nav-id^="${nodeType}-"]`).first().click();
	const details = page.locator('[data-test-id="node-creator"]');
	await details.getByText(/^(Actions|Triggers) \(\d+\)$/).first().waitFor({ timeout: 15000 });
	const heading = (await details.getByText(/^(Actions|Triggers) \(\d+\)$/).first().innerText()).trim();
	const actions = await page
		.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]')
		.evaluateAll((els) => els.map((el) => (el.querySelector('[data-test-id="node-creator-item-name"]') || el).textContent.trim()));
	return { heading, actions };
}

/**
 * Closes the node panel. One Escape does not always close it (from a node's
 * action list n8n can step back a view instead; CI once left the panel open,
 * hiding the canvas's plus button), so it is pressed until the panel is gone.
 */
async function closeNodePanel(page) {
	const panel = page.locator('[data-test-id="node-creator"]');
	for (let attempt = 0; attempt < 4 && (await panel.isVisible().catch(() => false)); attempt++) {
		await page.keyboard.press('Escape');
		await panel.waitFor({ state: 'hidden', timeout: 2500 }).catch(() => {});
	}
	if (await panel.isVisible().catch(() => false)) throw new Error('the node panel did not close on Escape');
}

/** Picks an action by its label; n8n adds the node and opens its parameter panel. */
async function pickAction(page, label) {
	await page.locator('[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]').filter({ hasText: label }).filter({ visible: true }).first().click();
	return await waitForParameterPanel(page);
}

/** The open node's parameter panel: the parameters it shows, and its Resource and Operation when it has them. */
async function waitForParameterPanel(page) {
	const ndv = page.locator('[data-test-id="ndv"]').first();
	await ndv.locator('[data-test-id="node-parameters"]').first().waitFor({ timeout: 20000 });
	await page.waitForTimeout(300);
	const parameters = await ndv.locator('[data-test-id="node-parameters"] [data-test-id^="parameter-input-"]').evaluateAll((els) =>
		[...new Set(els.map((el) => el.getAttribute('data-test-id').slice('parameter-input-'.length)))].filter((n) => n !== 'field'),
	);
	// Read only what is there: a locator on a missing element would wait for it.
	const valueOf = async (name) => {
		const input = ndv.locator(`[data-test-id="parameter-input-${name}"] input`);
		return (await input.count()) ? (await input.first().inputValue()).trim() : undefined;
	};
	return { ndv, parameters, resource: await valueOf('resource'), operation: await valueOf('operation') };
}

async function closeParameterPanel(page) {
	const ndv = page.locator('[data-test-id="ndv"]').first();
	if (await ndv.isVisible().catch(() => false)) {
		await page.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]').first().click().catch(() => page.keyboard.press('Escape'));
		await ndv.waitFor({ state: 'hidden', timeout: 10000 });
	}
}

/** Error toasts n8n shows (request failures, broken parameter panels). */
async function errorToasts(page) {
	return await page.locator('.el-notification.error, .el-notification--error, [data-test-id="toast"].error').filter({ visible: true }).allInnerTexts();
}

/**
 * Opens a resource locator's list ("From list" mode) and returns its entries;
 * with `search`, types into the list's own search box first.
 */
async function resourceLocatorEntries(page, parameterName, { search } = {}) {
	const field = page.locator(`[data-test-id="resource-locator-${parameterName}"]`).first();
	const dropdown = page.locator('[data-test-id="rlc-search"]').filter({ visible: true });
	if (!(await dropdown.count())) await field.locator('[data-test-id="rlc-input"]').first().click();
	await dropdown.first().waitFor({ timeout: 15000 });
	if (search !== undefined) await dropdown.first().fill(search);
	// Entries come from our listSearch method through n8n's REST API; wait until they settle.
	let last = null;
	for (let i = 0; i < 40; i++) {
		await page.waitForTimeout(250);
		const now = await page.locator('[data-test-id="rlc-item"]').filter({ visible: true }).allInnerTexts();
		const key = JSON.stringify(now);
		if (now.length && key === last) return now.map((t) => t.trim());
		last = key;
	}
	return JSON.parse(last || '[]').map((t) => t.trim());
}

module.exports = {
	PACKAGE_PREFIX,
	signIn,
	openNewWorkflow,
	openWorkflow,
	zoomToFit,
	openNodePanel,
	searchNodePanel,
	openNodeInPanel,
	closeNodePanel,
	pickAction,
	waitForParameterPanel,
	closeParameterPanel,
	errorToasts,
	resourceLocatorEntries,
};
