'use strict';
// The repository's own files, for tests that check them (workflows, codex
// files, package.json). `n8n-node lint` holds every .ts file to the rules of
// node code (no Node built-ins, no process, no timers), so tests written in
// TypeScript reach the file system through this JavaScript helper, as they
// reach sockets and processes through the simulator and the other .js helpers.

const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Absolute path of a file given relative to the repository root. */
function repoPath(...parts) {
	return path.join(REPO_ROOT, ...parts);
}

/** A file's text, path relative to the repository root. */
function readRepoFile(relativePath) {
	return fs.readFileSync(repoPath(relativePath), 'utf8');
}

/** A JSON file, parsed. */
function readRepoJson(relativePath) {
	return JSON.parse(readRepoFile(relativePath));
}

function repoFileExists(relativePath) {
	return fs.existsSync(repoPath(relativePath));
}

/** Files under a folder (relative paths, recursive, sorted) whose name ends with `suffix`. */
function listRepoFiles(relativeDir, suffix = '') {
	const found = [];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(repoPath(dir), { withFileTypes: true })) {
			const rel = path.posix.join(dir, entry.name);
			if (entry.isDirectory()) walk(rel);
			else if (entry.name.endsWith(suffix)) found.push(rel);
		}
	};
	walk(relativeDir);
	return found.sort();
}

/** A module of the repository (e.g. a built node under dist/), loaded as n8n loads it: with require. */
function loadRepoModule(relativePath) {
	return require(repoPath(relativePath));
}

module.exports = { REPO_ROOT, repoPath, readRepoFile, readRepoJson, repoFileExists, listRepoFiles, loadRepoModule };
