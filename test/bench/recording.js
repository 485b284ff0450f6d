#!/usr/bin/env node
'use strict';
// npm run bench:recording: memory of downloading a 50 MB call recording into
// n8n's binary data (test/bench/recording.bench.ts on n8n's engine, in one
// process with gc exposed, so the baseline and the download share one heap).
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const child = spawnSync(
	process.execPath,
	['--expose-gc', jest, '--runInBand', '--testMatch', '**/test/bench/recording.bench.ts', '--testTimeout', '120000'],
	{ cwd: root, stdio: 'inherit' },
);
process.exit(child.status ?? 1);
