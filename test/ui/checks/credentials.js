'use strict';
// The credential dialog, as a user fills it: a wrong key shows our credential
// test's rejection message, the simulator's key shows n8n's success message,
// and once the dialog is closed (and opened again) the key is nowhere in the page.

const assert = require('node:assert/strict');
const { DEFAULT_HOTTASK_KEY, DEFAULT_HAMSA_KEY } = require('../../simulator');

const CREDENTIALS = [
	{
		typeName: 'HotTask API',
		keyField: 'secretKey',
		key: DEFAULT_HOTTASK_KEY,
		wrongKey: 'ht-sk-wrong-key-000000000000',
		rejection: 'HotTask rejected the secret key.',
		fill: async (modal, sim) => {
			await modal.locator('[data-test-id="parameter-input-baseUrl"] input').fill(sim.url);
		},
	},
	{
		typeName: 'Hamsa API',
		keyField: 'apiKey',
		key: DEFAULT_HAMSA_KEY,
		wrongKey: 'hamsa-wrong-key-0000000000000',
		rejection: 'Hamsa rejected the API key.',
		fill: async (modal, sim, page) => {
			await modal.locator('[data-test-id="parameter-input-region"]').click();
			await page.locator('.el-select-dropdown__item, [role="option"]').filter({ visible: true, hasText: 'Custom' }).first().click();
			await modal.locator('[data-test-id="parameter-input-baseUrl"] input').fill(sim.url);
		},
	},
];

async function openNewCredential(page, url, typeName) {
	await page.goto(`${url}/home/credentials/create`);
	const select = page.locator('[data-test-id="new-credential-type-select"]');
	await select.waitFor({ timeout: 30000 });
	await select.click();
	await page.keyboard.type(typeName);
	await page.locator('[data-test-id="new-credential-type-select-option"]').filter({ hasText: typeName }).first().click();
	await page.locator('[data-test-id="new-credential-type-button"]').click();
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	await modal.waitFor({ timeout: 15000 });
	return modal;
}

/** Saves (n8n tests the credential on save) and waits for the test's verdict. */
async function saveAndReadVerdict(page, modal) {
	const tested = page.waitForResponse((res) => res.url().includes('/rest/credentials/test'), { timeout: 30000 });
	await modal.locator('[data-test-id="credential-save-button"]').click();
	await tested;
	// The dialog still shows the previous verdict until it has rendered this one.
	await page.waitForTimeout(800);
	const verdict = modal.getByText(/Connection tested successfully|Couldn.t connect with these settings/).first();
	await verdict.waitFor({ timeout: 30000 });
	const text = (await verdict.innerText()).trim();
	if (/Couldn.t connect/.test(text)) {
		const more = modal.getByText('More details');
		if (await more.isVisible().catch(() => false)) await more.click();
		await page.waitForTimeout(300);
	}
	return { text, dialog: await modal.innerText() };
}

/** Every place a secret could show: visible text, input values and the page's HTML. */
async function pageContains(page, secret) {
	return await page.evaluate((s) => {
		const inputs = [...document.querySelectorAll('input, textarea')].some((el) => el.value.includes(s));
		return inputs || document.documentElement.outerHTML.includes(s) || document.body.innerText.includes(s);
	}, secret);
}

async function credentialDialogs(t, env) {
	const { page, url, sim } = env;
	for (const cred of CREDENTIALS) {
		let modal;
		let name;
		await t.check(`${cred.typeName} credential: a wrong key shows our test's rejection message`, async () => {
			modal = await openNewCredential(page, url, cred.typeName);
			name = (await modal.locator('[data-test-id="credential-name"]').first().innerText()).trim();
			await modal.locator(`[data-test-id="parameter-input-${cred.keyField}"] input`).fill(cred.wrongKey);
			await cred.fill(modal, sim, page);
			const { text, dialog } = await saveAndReadVerdict(page, modal);
			assert.match(text, /Couldn.t connect/);
			assert.ok(dialog.includes(cred.rejection), `dialog says: ${dialog.slice(0, 400)}`);
			await t.shoot(`credential-${cred.keyField}-rejected`);
		});
		await t.check(`${cred.typeName} credential: the simulator's key shows "Connection tested successfully"`, async () => {
			assert.ok(modal, 'dialog not open');
			await modal.locator(`[data-test-id="parameter-input-${cred.keyField}"] input`).fill(cred.key);
			const { text } = await saveAndReadVerdict(page, modal);
			assert.equal(text, 'Connection tested successfully');
			await t.shoot(`credential-${cred.keyField}-success`);
		});
		await t.check(`${cred.typeName} credential: no key in the page after the dialog is closed and opened again`, async () => {
			await page.keyboard.press('Escape');
			await modal.waitFor({ state: 'hidden', timeout: 10000 });
			for (const secret of [cred.key, cred.wrongKey]) assert.equal(await pageContains(page, secret), false, 'key in the page after closing');
			await page.goto(`${url}/home/credentials`);
			const card = page.locator('[data-test-id="resources-list-item"]').filter({ hasText: name }).first();
			await card.waitFor({ timeout: 15000 });
			await card.click();
			await modal.waitFor({ timeout: 15000 });
			await modal.locator(`[data-test-id="parameter-input-${cred.keyField}"]`).waitFor();
			for (const secret of [cred.key, cred.wrongKey]) assert.equal(await pageContains(page, secret), false, 'key in the reopened dialog');
			await page.keyboard.press('Escape');
		});
	}
}

module.exports = { credentialDialogs };
