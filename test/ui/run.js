#!/usr/bin/env node
'use strict';
// The editor suite: what a user does in the real n8n editor, in headless
// Chromium. A real n8n 2.41 (the e2e harness) with our package installed as a
// community package, the examples imported, the simulator behind the
// credentials; then node search, actions, dropdowns, the AI Agent's tool
// picker and the credential dialog, each as its own check.
//
//   node test/ui/run.js [--update-docs]
//
// Saves a screenshot of every step in .n8n-e2e/ui-screenshots/ (git-ignored);
// --update-docs also copies the README's screenshots into docs/screenshots/
// (`npm run screenshots`). Prints "N passed, N failed" last; exits 1 on any failure.
// Needs Debian's chromium (/usr/bin/chromium; CHROMIUM=<path> to override).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startDemo } = require('../e2e/demo');
const stack = require('../e2e/stack');
const { createSuite, runInOrder } = require('../e2e/lib/suite');
const ed = require('./lib/editor');
const nodePanel = require('./checks/nodePanel');
const dropdowns = require('./checks/dropdowns');
const aiTools = require('./checks/aiTools');
const credentials = require('./checks/credentials');
const examples = require('./checks/examples');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS_DIR = path.join(stack.ROOT, '.n8n-e2e', 'ui-screenshots');
const DOCS_DIR = path.join(stack.ROOT, 'docs', 'screenshots');
const updateDocs = process.argv.includes('--update-docs');
const state = { demo: null, browser: null, profile: null };

const suite = createSuite({
	async cleanup() {
		if (state.browser) await state.browser.close().catch(() => {});
		if (state.demo) await state.demo.stop().catch(() => {});
		stack.killChildProcessGroups();
		if (state.profile) fs.rmSync(state.profile, { recursive: true, force: true });
	},
});
const { note } = suite;

/** The e2e stages' check runner, plus a screenshot of every step and of every failure. */
function browserChecks(page) {
	let step = 0;
	const t = {
		async check(name, fn) {
			const passed = await suite.t.check(name, fn);
			if (!passed && !suite.state.interrupted) await t.shoot(`FAILED-${name.replace(/\W+/g, '-').slice(0, 80)}`).catch(() => {});
			return passed;
		},
		/** A screenshot of this step; `docs` names the README screenshot it also is. */
		async shoot(label, { docs } = {}) {
			step++;
			const file = path.join(SHOTS_DIR, `${String(step).padStart(3, '0')}-${label}.png`);
			await page.screenshot({ path: file });
			if (docs && updateDocs) {
				fs.copyFileSync(file, path.join(DOCS_DIR, docs));
				note(`docs/screenshots/${docs} updated`);
			}
			return file;
		},
	};
	return t;
}

async function main() {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM)`);
	fs.rmSync(SHOTS_DIR, { recursive: true, force: true });
	fs.mkdirSync(SHOTS_DIR, { recursive: true });
	if (updateDocs) fs.mkdirSync(DOCS_DIR, { recursive: true });

	note('starting n8n with the package installed as a community package, the examples and the simulator');
	state.demo = await startDemo({ simPort: 0, n8nPort: 0, log: note });
	const { server, sim, workflows, owner } = state.demo;
	note(`n8n ${server.url}, simulator ${sim.url}`);

	state.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-ui-chromium-'));
	state.browser = await chromium.launchPersistentContext(state.profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: 1,
		// Without the background-networking flags Chromium keeps trying Google's hosts on a closed network.
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const page = state.browser.pages()[0] || (await state.browser.newPage());
	page.setDefaultTimeout(30000);
	const pageErrors = [];
	page.on('pageerror', (error) => pageErrors.push(error.message));

	const t = browserChecks(page);
	const env = { page, url: server.url, sim, workflows, pageErrors };
	const signedIn = await t.check(`signed in as the owner (${owner.email})`, async () => {
		await ed.signIn(page, server.url, owner);
	});
	if (!signedIn) return;

	// With the screenshotting runner `t`, not the suite's own.
	await runInOrder(t, env, [
		nodePanel.searchFromEmptyCanvas, nodePanel.searchAfterExistingNode, nodePanel.actionsOfEachNode, dropdowns.resourceLocators, dropdowns.toolLocator,
		aiTools.toolPicker, credentials.credentialDialogs, examples.exampleWorkflows,
	]);
	note(`screenshots of every step: ${path.relative(process.cwd(), SHOTS_DIR)}`);
}

suite.run(main);
