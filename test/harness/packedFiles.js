'use strict';
// What `npm pack` would put in the published tarball, read without writing
// one (`--dry-run --json`): the paths, sizes and the packed size. The
// package tests check these rather than dist/, since dist/ can hold leftovers
// that npm would ship only if package.json's "files" let them through.

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, repoPath } = require('./repoFiles');

/** @returns {{ packedBytes: number, files: { path: string, size: number, sha256: string }[] }} */
function packedFiles() {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	const [report] = JSON.parse(out);
	return {
		packedBytes: report.size,
		files: report.files.map((file) => ({
			path: file.path,
			size: file.size,
			sha256: crypto.createHash('sha256').update(fs.readFileSync(repoPath(file.path))).digest('hex'),
		})),
	};
}

/** The `file:` icon paths a built node or credential names, resolved against its own folder as n8n does. */
function iconsReferencedBy(builtFile) {
	const source = fs.readFileSync(repoPath(builtFile), 'utf8');
	return [...source.matchAll(/['"]file:([^'"]+)['"]/g)].map((match) => path.posix.normalize(path.posix.join(path.posix.dirname(builtFile), match[1])));
}

module.exports = { packedFiles, iconsReferencedBy };
