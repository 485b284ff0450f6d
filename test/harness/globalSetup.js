'use strict';

/**
 * Jest globalSetup: names a fresh file for the visible-output log. Workers are
 * started after this runs and inherit the environment, so every runNode in
 * every test file appends to this one file (see visibleOutput.ts), and
 * globalTeardown.js scans it for secrets.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const { VISIBLE_OUTPUT_LOG_ENV } = require('./knownSecrets');

module.exports = async function globalSetup() {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-visible-output-'));
	const file = path.join(directory, 'visible-output.jsonl');
	fs.writeFileSync(file, '');
	process.env[VISIBLE_OUTPUT_LOG_ENV] = file;
};
