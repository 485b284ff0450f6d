#!/usr/bin/env node
'use strict';
// Screenshots of the examples in a real n8n editor, for the docs:
//   docs/screenshots/crm-lead-to-voice-call.png   the CRM → call workflow canvas
//   docs/screenshots/hottask-chat-parameters.png  the HotTask Chat node's parameters
// Starts a demo-like n8n (throw-away user folder, free ports) and drives
// Debian's chromium headless with playwright-core. `npm run screenshots` builds first.
// Needs /usr/bin/chromium (apt-get install -y chromium); override with CHROMIUM=<path>.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startDemo } = require('./demo');
const stack = require('./stack');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT_DIR = path.join(stack.ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };
const log = (line) => console.log(`[screenshots] ${line}`);

async function signIn(page, url, owner) {
	await page.goto(`${url}/signin`);
	await page.fill('input[name="emailOrLdapLoginId"]', owner.email);
	await page.fill('input[name="password"]', owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30000 });
}

/** Opens a workflow and waits until its nodes are drawn and the canvas has settled. */
async function openWorkflow(page, url, workflow) {
	await page.goto(`${url}/workflow/${workflow.id}`);
	const nodeCount = workflow.workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
	await page.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, nodeCount, { timeout: 60000 });
	await page.waitForLoadState('networkidle').catch(() => {});
	// Fit the whole workflow (sticky notes included) into the view.
	await page.locator('[data-test-id="canvas-wrapper"], #canvas, .vue-flow').first().click({ position: { x: 5, y: 5 } }).catch(() => {});
	await page.keyboard.press('1');
	await page.waitForTimeout(1200);
}

async function shoot(page, file) {
	fs.mkdirSync(OUT_DIR, { recursive: true });
	const target = path.join(OUT_DIR, file);
	await page.screenshot({ path: target });
	log(`saved ${path.relative(stack.ROOT, target)}`);
	return target;
}

async function main() {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM)`);
	log('starting a demo n8n with the examples');
	let demo;
	let browser;
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-shots-chromium-'));
	const stopAll = async () => {
		if (browser) await browser.close().catch(() => {});
		browser = null;
		if (demo) await demo.stop();
		demo = null;
		stack.killChildProcessGroups();
		fs.rmSync(profile, { recursive: true, force: true });
	};
	process.once('SIGINT', () => stopAll().finally(() => process.exit(130)));
	demo = await startDemo({ simPort: 0, n8nPort: 0, log });
	try {
		browser = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		const page = browser.pages()[0] || (await browser.newPage());
		const url = demo.server.url;
		await signIn(page, url, demo.owner);
		log(`signed in as ${demo.owner.email}`);

		const crm = demo.workflows['crm-lead-to-voice-call.json'];
		await openWorkflow(page, url, crm);
		// The right page, not a sign-in page or an error: the workflow's name and its nodes are shown.
		await page.getByText(crm.name, { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 10000 });
		for (const name of ['New Lead', 'Call the Lead', 'Call Finished']) {
			await page.locator('[data-test-id="canvas-node"]', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10000 });
		}
		await shoot(page, 'crm-lead-to-voice-call.png');

		const askSms = demo.workflows['ask-and-sms.json'];
		await openWorkflow(page, url, askSms);
		await page.locator('[data-test-id="canvas-node"]', { hasText: 'Ask the Chatbot' }).first().dblclick();
		await page.waitForSelector('[data-test-id="ndv"] [data-test-id="node-parameters"], [data-test-id="node-parameters"]', { timeout: 30000 });
		const ndv = page.locator('[data-test-id="ndv"]').first();
		for (const text of ['Ask the Chatbot', 'Chatbot ID', 'Question', 'Stream']) {
			await ndv.getByText(text, { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 10000 });
		}
		// The credential picker shows the imported credential (an input's value, not text).
		await page.waitForFunction(() => [...document.querySelectorAll('[data-test-id="ndv"] input')].some((i) => i.value === 'HotTask account'), null, { timeout: 10000 });
		await page.waitForTimeout(800);
		await shoot(page, 'hottask-chat-parameters.png');
	} finally {
		await stopAll();
	}
}

main().catch((error) => {
	console.error(`[screenshots] failed: ${error.stack || error}`);
	process.exit(1);
});
