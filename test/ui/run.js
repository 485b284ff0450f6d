#!/usr/bin/env node
'use strict';
// The editor suite: what a user does in the real n8n editor, in headless
// Chromium. A real n8n 2.38 (the e2e harness) with our package installed as a
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

const T0 = Date.now();
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startDemo } = require('../e2e/demo');
const stack = require('../e2e/stack');
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
const counts = { passed: 0, failed: 0 };
const state = { demo: null, browser: null, profile: null, interrupted: false };

const note = (line) => console.log(`# ${line}`);
const oneLine = (text, max = 600) => {
	const flat = String(text).replace(/\s*\n\s*/g, ' ⏎ ');
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

function reporter(page) {
	let step = 0;
	return {
		/** Runs one check; prints "✔ name" or "✘ name: why". Resolves to true when it passed. */
		async check(name, fn) {
			if (state.interrupted) return false;
			const started = Date.now();
			try {
				const detail = await fn();
				counts.passed++;
				console.log(`✔ ${name}${detail ? ` (${detail})` : ''} [${((Date.now() - started) / 1000).toFixed(1)} s]`);
				return true;
			} catch (error) {
				if (state.interrupted) return false;
				counts.failed++;
				console.log(`✘ ${name}: ${oneLine(error && error.message ? error.message : error)}`);
				if (process.env.E2E_DEBUG && error && error.stack) console.log(error.stack);
				await this.shoot(`FAILED-${name.replace(/\W+/g, '-').slice(0, 80)}`).catch(() => {});
				return false;
			}
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
}

async function cleanup() {
	if (state.browser) await state.browser.close().catch(() => {});
	state.browser = null;
	if (state.demo) await state.demo.stop().catch(() => {});
	state.demo = null;
	stack.killChildProcessGroups();
	if (state.profile) fs.rmSync(state.profile, { recursive: true, force: true });
}

let finished = false;
async function finish(exitCode) {
	if (finished) return;
	finished = true;
	await cleanup();
	console.log(`total wall time ${((Date.now() - T0) / 1000).toFixed(1)} s`);
	console.log(`${counts.passed} passed, ${counts.failed} failed`);
	process.exit(exitCode !== undefined ? exitCode : counts.failed ? 1 : 0);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (state.interrupted) return;
		state.interrupted = true;
		console.log(`\n# ${signal}: interrupted, stopping the browser, n8n and the simulator`);
		counts.failed++;
		finish(130);
	});
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

	const t = reporter(page);
	const env = { page, url: server.url, sim, workflows, pageErrors };
	const signedIn = await t.check(`signed in as the owner (${owner.email})`, async () => {
		await ed.signIn(page, server.url, owner);
	});
	if (!signedIn) return;

	await nodePanel.searchFromEmptyCanvas(t, env);
	await nodePanel.searchAfterExistingNode(t, env);
	await nodePanel.actionsOfEachNode(t, env);
	await dropdowns.resourceLocators(t, env);
	await aiTools.toolPicker(t, env);
	await credentials.credentialDialogs(t, env);
	await examples.exampleWorkflows(t, env);
	note(`screenshots of every step: ${path.relative(process.cwd(), SHOTS_DIR)}`);
}

main()
	.catch((error) => {
		counts.failed++;
		console.log(`✘ suite aborted: ${oneLine(error && error.stack ? error.stack : error, 3000)}`);
	})
	.finally(() => finish());
