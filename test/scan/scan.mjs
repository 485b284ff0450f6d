#!/usr/bin/env node
// `npm run scan`: n8n's verification scanner (@n8n/scan-community-package) run
// on our own package before it is published.
//
// The scanner's command line only takes a published package name: it checks
// npm provenance in the registry, downloads the source the provenance points
// at, downloads the tarball, then lints both with one rule set. Its module
// exports that lint step (`analyzePackage`) and the source patterns it uses
// (`SOURCE_FILE_PATTERNS`), so here the same two legs run on local files:
//   1. the source: this checkout, with the scanner's source patterns
//      (package.json, nodes/ and credentials/ .js/.ts/.json);
//   2. the artifact: the tarball `npm pack` makes (built dist/ included),
//      unpacked, with the scanner's tarball patterns (**/*.js, package.json).
// The provenance leg needs a published version; publish.yml publishes with
// --provenance and test/ci/workflows.test.ts checks that it does.
//
//   node test/scan/scan.mjs     (npm run scan builds first)
// Exits 1 when either leg has an error.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The scanner lints the tarball's compiled JavaScript and its package.json.
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

function packAndUnpack(workDir) {
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', workDir], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const tarball = path.join(workDir, out.trim().split('\n').pop());
	const unpacked = path.join(workDir, 'unpacked');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	return { tarball, unpacked };
}

function report(label, result) {
	if (result.passed) {
		console.log(`✅ ${label}: passed${result.message ? ` (${result.message})` : ''}`);
	} else {
		console.log(`❌ ${label}: ${result.message}`);
		if (result.details) console.log(result.details);
	}
	return result.passed;
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
try {
	const { tarball, unpacked } = packAndUnpack(workDir);
	const source = await analyzePackage(ROOT, SOURCE_FILE_PATTERNS);
	const artifact = await analyzePackage(unpacked, TARBALL_PATTERNS);
	const okSource = report(`source (${SOURCE_FILE_PATTERNS.join(', ')})`, source);
	const okArtifact = report(`tarball ${path.basename(tarball)} (${TARBALL_PATTERNS.join(', ')})`, artifact);
	if (!(okSource && okArtifact)) process.exitCode = 1;
	else console.log('n8n scanner checks passed (provenance is checked by n8n once published: see publish.yml)');
} finally {
	fs.rmSync(workDir, { recursive: true, force: true });
}
