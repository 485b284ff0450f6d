'use strict';
// Places an `npm pack` tarball where n8n's Settings → Community Nodes would
// have installed it: <userFolder>/.n8n/nodes/node_modules/<name>, listed in
// <userFolder>/.n8n/nodes/package.json. n8n loads every n8n-nodes-* (or
// @scope/n8n-nodes-*) folder there with node types "<name>.<nodeName>".
// Our package has no runtime dependencies (n8n-workflow is a peer that n8n
// provides), so unpacking is all an npm install would do.

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function folderOf(ctxOrFolder) {
	return typeof ctxOrFolder === 'string' ? ctxOrFolder : ctxOrFolder.userFolder;
}

/**
 * @param {string|{userFolder:string}} userFolder
 * @param {string} tarballPath
 * @returns {{name:string, version:string, dir:string}}
 */
function installPackage(userFolder, tarballPath) {
	const nodesDir = path.join(folderOf(userFolder), '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	// Unpack beside the target so the final move is a same-filesystem rename.
	const staging = fs.mkdtempSync(`${nodesDir}-staging-`);
	try {
		execFileSync('tar', ['-xzf', path.resolve(tarballPath), '-C', staging], { stdio: 'pipe' });
		const unpacked = path.join(staging, 'package');
		const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
		const baseName = pkg.name.split('/').pop();
		if (!baseName.startsWith('n8n-nodes-')) {
			// n8n only scans node_modules for these names; anything else would be
			// silently ignored and every workflow using it would fail obscurely.
			throw new Error(`n8n only loads packages named n8n-nodes-* or @scope/n8n-nodes-*, got "${pkg.name}"`);
		}
		if (!pkg.n8n || (!pkg.n8n.nodes && !pkg.n8n.credentials)) {
			throw new Error(`${pkg.name} has no "n8n" field listing nodes/credentials`);
		}
		const dest = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
		fs.rmSync(dest, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(dest), { recursive: true });
		fs.renameSync(unpacked, dest);

		const ledgerPath = path.join(nodesDir, 'package.json');
		let ledger = { name: 'installed-nodes', private: true, dependencies: {} };
		try {
			ledger = JSON.parse(fs.readFileSync(ledgerPath, 'utf8'));
			ledger.dependencies = ledger.dependencies || {};
		} catch {}
		ledger.dependencies[pkg.name] = pkg.version;
		fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
		return { name: pkg.name, version: pkg.version, dir: dest };
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

module.exports = { installPackage };
