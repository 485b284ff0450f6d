'use strict';
// Runs the lint as `npm run lint` does, for test/lint/communityRules.test.ts.
// Spawning processes is JavaScript's job here: `n8n-node lint` holds every .ts
// file, tests included, to the rules of node code.

const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
// eslint-plugin-n8n-nodes-base reads file names differently when NODE_ENV is
// "test" (its own test mode), which jest sets: lint as `npm run lint` does.
const env = { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' };

/** Lints `code` as if it were the file `filePath` (relative to the repository) with the repository's config. */
function lintText(filePath, code) {
	const result = spawnSync(path.join(BIN, 'eslint'), ['--format', 'json', '--stdin', '--stdin-filename', filePath], {
		cwd: ROOT,
		input: code,
		encoding: 'utf8',
		env,
	});
	const [report] = JSON.parse(result.stdout || '[]');
	const errors = (report?.messages ?? []).filter((m) => m.severity === 2);
	return { exitCode: result.status, rules: errors.map((m) => m.ruleId), messages: errors.map((m) => m.message) };
}

/** `n8n-node lint` on the whole repository, as `npm run lint` and n8n's verification run it. */
function lintRepository() {
	const result = spawnSync(path.join(BIN, 'n8n-node'), ['lint'], { cwd: ROOT, encoding: 'utf8', env });
	// eslint's summary line, e.g. "✖ 3 problems (3 errors, 0 warnings)"; none when clean.
	const output = (result.stdout + result.stderr).replace(/\x1b\[[0-9;]*m/g, '');
	return { exitCode: result.status, output, problems: /✖ \d+ problems?/.test(output) };
}

/** ESLint with the same config, ignoring every eslint-disable comment: passes only when no rule is silenced. */
function lintRepositoryWithoutInlineConfig() {
	const result = spawnSync(path.join(BIN, 'eslint'), ['.', '--no-inline-config'], { cwd: ROOT, encoding: 'utf8', env });
	return { exitCode: result.status, output: (result.stdout + result.stderr).replace(/\x1b\[[0-9;]*m/g, '') };
}

module.exports = { lintText, lintRepository, lintRepositoryWithoutInlineConfig };
