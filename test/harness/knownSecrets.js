'use strict';

/**
 * The secrets that must never appear in anything a user sees (output items,
 * error messages and descriptions, streamed chunks, console output). Used by
 * the secret scan in globalTeardown.js and by test/faults/secrets.test.ts.
 *
 * Plain CommonJS so that jest's globalTeardown can load it without a transform.
 */

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { DEFAULT_HOTTASK_KEY, DEFAULT_HAMSA_KEY, AGENT_WEBHOOK_SECRET } = require('../simulator');

/** Webhook Auth Secret values for tests; use these rather than new literals. */
const WEBHOOK_SECRETS = ['whsec-test-5f2c9a71e04b-never-shown', 'whsec-test-second-83d1c6aa-never-shown'];

/** Keys that are wrong on purpose (a user's typo is still their secret). */
const WRONG_HOTTASK_KEY = 'ht-sk-wrong-9f8e7d6c5b4a3210';
const WRONG_HAMSA_KEY = 'hamsa-wrong-key-76543210fedcba98';

/**
 * The secret Start and Wait derives for its resume webhook, for the execution
 * id ("1") and node id ("under-test") the harness's runNode always uses.
 */
const RESUME_SECRET = crypto.createHmac('sha256', DEFAULT_HAMSA_KEY).update('hamsa-resume:1/under-test').digest('hex');

/**
 * Secret-looking string literals written in the test sources: a name that
 * contains "secret" or ends in "apiKey"/"API_KEY", given a token-like value of
 * 8 or more characters (`webhookAuthSecret: 'whsec-…'`, `const WEBHOOK_SECRET = '…'`).
 * This picks up the webhook secrets other test files invent for themselves.
 */
const LITERAL = /\b(\w*secret\w*|\w*api_?key)\b['"]?\s*[:=]\s*(['"`])([^\s'"`$\\{}]{8,})\2/gi;

function listTestSources(directory, found = []) {
	for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
		if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) listTestSources(full, found);
		else if (/\.test\.ts$/.test(entry.name) || (/\.ts$/.test(entry.name) && directory.endsWith('harness'))) found.push(full);
	}
	return found;
}

function secretLiteralsInTests(testRoot = path.join(__dirname, '..')) {
	const literals = new Map();
	for (const file of listTestSources(testRoot)) {
		const text = fs.readFileSync(file, 'utf8');
		for (const match of text.matchAll(LITERAL)) {
			const value = match[3];
			// A field name ("secretKey") or a path is not a secret value.
			if (/^[a-z][A-Za-z]*$/.test(value) || value.includes('/')) continue;
			if (!literals.has(value)) literals.set(value, `${match[1]} in ${path.relative(testRoot, file)}`);
		}
	}
	return literals;
}

/** Every known secret with a label that names it without showing it. */
function knownSecrets() {
	const secrets = new Map([
		[DEFAULT_HOTTASK_KEY, "the simulator's HotTask secret key"],
		[DEFAULT_HAMSA_KEY, "the simulator's Hamsa API key"],
		[WRONG_HOTTASK_KEY, 'WRONG_HOTTASK_KEY (knownSecrets.js)'],
		[WRONG_HAMSA_KEY, 'WRONG_HAMSA_KEY (knownSecrets.js)'],
		[RESUME_SECRET, "Start and Wait's derived resume secret"],
		[AGENT_WEBHOOK_SECRET, "the simulator's seeded agent's webhook secret (hamsa-seed.js)"],
	]);
	WEBHOOK_SECRETS.forEach((secret, index) => secrets.set(secret, `WEBHOOK_SECRETS[${index}] (knownSecrets.js)`));
	for (const [value, label] of secretLiteralsInTests()) {
		if (!secrets.has(value)) secrets.set(value, label);
	}
	return secrets;
}

/** The environment variable naming the file runWorkflow.ts appends every run's visible output to. */
const VISIBLE_OUTPUT_LOG_ENV = 'N8N_NODES_VISIBLE_OUTPUT_LOG';

module.exports = {
	WEBHOOK_SECRETS,
	WRONG_HOTTASK_KEY,
	WRONG_HAMSA_KEY,
	RESUME_SECRET,
	VISIBLE_OUTPUT_LOG_ENV,
	knownSecrets,
	secretLiteralsInTests,
};
