#!/usr/bin/env node
'use strict';
// The e2e suite on the newest n8n 2.x that installs today, to catch drift
// before users meet it (`npm run test:e2e:latest`; a weekly GitHub Actions
// workflow runs it).
//
// 1. Asks the registry for n8n's versions (`npm view n8n versions --json`) and
//    tries the newest 2.x releases in turn (no pre-releases), each with
//    `npm install --package-lock-only --legacy-peer-deps` in test/e2e/n8n-latest
//    with the overrides of the pinned harness (test/e2e/n8n/package.json): a
//    release whose dependencies are not all published yet is skipped, named.
// 2. Runs test/e2e/run.js with N8N_E2E_VERSION=latest (install.js installs
//    that folder with Node 24, as for the pinned n8n).
//
// The n8n version is printed first and last, written to $GITHUB_STEP_SUMMARY
// when set, and named in the failure message; the exit code is the suite's.
//
//   node test/e2e/latest.js [--resolve-only] [--tries N]

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const E2E_DIR = __dirname;
const PINNED_DIR = path.join(E2E_DIR, 'n8n');
const LATEST_DIR = path.join(E2E_DIR, 'n8n-latest');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function cleanEnv() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_(config|package|lifecycle)_/i.test(key)) env[key] = value;
	}
	return env;
}

/** Compares "2.41.1"-style versions. */
function compareVersions(a, b) {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
	return 0;
}

/** Stable 2.x versions, newest first. */
function candidateVersions(all, major = 2) {
	return all.filter((v) => new RegExp(`^${major}\\.\\d+\\.\\d+$`).test(v)).sort(compareVersions).reverse();
}

function npmViewVersions() {
	const result = spawnSync(NPM, ['view', 'n8n', 'versions', '--json'], { encoding: 'utf8', env: cleanEnv() });
	if (result.status !== 0) throw new Error(`npm view n8n versions failed: ${result.stderr}`);
	return JSON.parse(result.stdout);
}

function harnessPackageJson(version) {
	const pinned = JSON.parse(fs.readFileSync(path.join(PINNED_DIR, 'package.json'), 'utf8'));
	return {
		name: 'n8n-latest',
		private: true,
		description: 'Written by test/e2e/latest.js: the newest n8n 2.x whose dependencies resolve. Not committed.',
		overrides: pinned.overrides,
		dependencies: { n8n: version },
	};
}

function run(cmd, args, cwd) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out = (out + d).slice(-4000)));
		child.stderr.on('data', (d) => (out = (out + d).slice(-4000)));
		child.on('close', (code) => resolve({ code, out }));
	});
}

/**
 * Whether `version`'s lockfile resolves. It is resolved in a folder of its
 * own, so a release that does not resolve leaves LATEST_DIR (and the n8n
 * installed there) alone; one that does has its package.json and
 * package-lock.json written to LATEST_DIR, where install.js installs it (its
 * lockfile hash decides whether node_modules is still good).
 */
async function resolves(version) {
	if (readLatestLock() === version) return { ok: true, reused: true };
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-latest-${version}-`));
	try {
		fs.writeFileSync(path.join(scratch, 'package.json'), `${JSON.stringify(harnessPackageJson(version), null, 2)}\n`);
		const { code, out } = await run(NPM, ['install', '--package-lock-only', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], scratch);
		if (code !== 0) {
			const why = (out.match(/No matching version found for \S+?(?=\.?\s)|404 Not Found[^\n]*|ERESOLVE[^\n]*/) || [out.trim().split('\n').pop()])[0];
			return { ok: false, why };
		}
		fs.mkdirSync(LATEST_DIR, { recursive: true });
		for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(scratch, file), path.join(LATEST_DIR, file));
		return { ok: true };
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

/** The n8n version already resolved in LATEST_DIR, if its lockfile is complete. */
function readLatestLock() {
	try {
		const pkg = JSON.parse(fs.readFileSync(path.join(LATEST_DIR, 'package.json'), 'utf8'));
		const lock = JSON.parse(fs.readFileSync(path.join(LATEST_DIR, 'package-lock.json'), 'utf8'));
		const version = pkg.dependencies.n8n;
		const expected = JSON.stringify(harnessPackageJson(version).overrides);
		if (JSON.stringify(pkg.overrides) !== expected) return undefined;
		return lock.packages?.['node_modules/n8n']?.version === version ? version : undefined;
	} catch {
		return undefined;
	}
}

function summary(lines) {
	const file = process.env.GITHUB_STEP_SUMMARY;
	if (file) fs.appendFileSync(file, `${lines.join('\n')}\n`);
}

async function main() {
	const argv = process.argv.slice(2);
	const resolveOnly = argv.includes('--resolve-only');
	const triesAt = argv.indexOf('--tries');
	const tries = triesAt >= 0 ? Number(argv[triesAt + 1]) : 5;

	const candidates = candidateVersions(npmViewVersions()).slice(0, tries);
	const skipped = [];
	let version;
	for (const candidate of candidates) {
		const t = Date.now();
		const result = await resolves(candidate);
		if (result.ok) {
			version = candidate;
			console.log(`# n8n ${candidate} resolves${result.reused ? ' (lockfile already there)' : ` (${((Date.now() - t) / 1000).toFixed(0)} s)`}`);
			break;
		}
		console.log(`# n8n ${candidate} does not resolve: ${result.why}`);
		skipped.push(`${candidate} (${result.why})`);
	}
	if (!version) {
		const message = `None of the newest n8n 2.x releases resolves: ${skipped.join('; ')}`;
		console.log(message);
		if (process.env.GITHUB_ACTIONS) console.log(`::error title=newest n8n::${message}`);
		summary(['## e2e on the newest n8n', '', `**Failed:** ${message}`]);
		process.exit(1);
	}
	summary([
		'## e2e on the newest n8n',
		'',
		`n8n under test: **${version}**`,
		...(skipped.length ? ['', `Skipped (dependencies not all published): ${skipped.join('; ')}`] : []),
	]);
	if (resolveOnly) return;

	console.log(`# running the e2e suite on n8n ${version} (N8N_E2E_VERSION=latest)`);
	const child = spawn(process.execPath, [path.join(E2E_DIR, 'run.js'), ...argv.filter((a) => a === '--keep')], {
		env: { ...process.env, N8N_E2E_VERSION: 'latest' },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let tail = '';
	child.stdout.on('data', (d) => {
		process.stdout.write(d);
		tail = (tail + d).slice(-2000);
	});
	const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
	const counts = (tail.match(/^\d+ passed, \d+ failed.*$/m) || [''])[0];
	if (code === 0) {
		console.log(`# the e2e suite passed on n8n ${version}`);
		summary(['', `Passed on n8n ${version}: ${counts}`]);
	} else {
		console.log(`# the e2e suite FAILED on n8n ${version} (${counts || `exit code ${code}`})`);
		// An annotation on the workflow run, so the failure names the version where it is first seen.
		if (process.env.GITHUB_ACTIONS) console.log(`::error title=n8n ${version}::The e2e suite failed on n8n ${version} (${counts || `exit code ${code}`})`);
		summary(['', `**The e2e suite failed on n8n ${version}:** ${counts || `exit code ${code}`}`]);
	}
	process.exit(code);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		summary(['', `**e2e on the newest n8n failed:** ${error.message}`]);
		process.exit(1);
	});
}

module.exports = { candidateVersions, compareVersions, harnessPackageJson };
