'use strict';

/**
 * Jest globalTeardown: the secret scan. Reads everything the suite's node runs
 * showed a user (outputs, error messages and descriptions, streamed chunks,
 * console output; logged by runWorkflow.ts) and fails the run when any known
 * secret (knownSecrets.js) appears in it. The report names the secret by label
 * and the tests it leaked from, never the secret itself.
 */

const fs = require('fs');
const path = require('path');
const { VISIBLE_OUTPUT_LOG_ENV, knownSecrets } = require('./knownSecrets');

/** Returns `[{label, tests}]` for every secret found in the log text. */
function scanVisibleOutput(logText, secrets = knownSecrets()) {
	const found = new Map();
	for (const line of logText.split('\n')) {
		if (line.trim() === '') continue;
		let entry;
		try {
			entry = JSON.parse(line);
		} catch {
			entry = { test: '(unreadable log line)', visible: line };
		}
		const text = typeof entry.visible === 'string' ? entry.visible : JSON.stringify(entry.visible);
		for (const [secret, label] of secrets) {
			if (!text.includes(secret)) continue;
			const where = `${entry.testPath ? path.basename(entry.testPath) : '?'} › ${entry.test ?? '?'}`;
			if (!found.has(label)) found.set(label, new Set());
			found.get(label).add(where);
		}
	}
	return [...found].map(([label, tests]) => ({ label, tests: [...tests] }));
}

async function globalTeardown() {
	const file = process.env[VISIBLE_OUTPUT_LOG_ENV];
	if (!file || !fs.existsSync(file)) return;
	const leaks = scanVisibleOutput(fs.readFileSync(file, 'utf8'));
	if (leaks.length === 0) {
		fs.rmSync(path.dirname(file), { recursive: true, force: true });
		return;
	}
	const report = leaks
		.map(({ label, tests }) => `  ${label} appeared in what a user sees, in:\n${tests.map((test) => `    - ${test}`).join('\n')}`)
		.join('\n');
	throw new Error(`Secret scan failed: a known secret leaked into node output, errors or console output.\n${report}\nThe full log is kept at ${file}`);
}

module.exports = globalTeardown;
module.exports.scanVisibleOutput = scanVisibleOutput;
