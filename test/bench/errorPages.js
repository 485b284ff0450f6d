#!/usr/bin/env node
'use strict';
// node test/bench/errorPages.js (after npm run build): how long the built
// package takes to make a message of error pages built to be slow to read
// (dist/nodes/shared/body.js), the median of 5 runs each. Before the fix a
// 400 KB page of "<" without ">" took minutes; the tests check the structure
// of the fix (test/nodes/shared/body.test.ts), this measures its time.
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { median } = require('./lib/stats');

const { parseJsonOrText, describeBody } = require(path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'shared', 'body.js'));

const pages = {
	'400 KB of "<"': '<'.repeat(400 * 1024),
	'5 MB of "<"': '<'.repeat(5 * 1024 * 1024),
	'20 MB of "<" (the most a body is read)': '<'.repeat(20 * 1024 * 1024),
	'5 MB of "<title"': '<title'.repeat(900_000),
	'5 MB of "<title>a"': '<title>a'.repeat(650_000),
	'5 MB of unclosed <div': `<html><body>${'<div class="x" '.repeat(350_000)}`,
};

const RUNS = 5;
for (const [label, page] of Object.entries(pages)) {
	const timings = [];
	let message = '';
	for (let run = 0; run < RUNS; run++) {
		const started = performance.now();
		message = `${parseJsonOrText(page)}${describeBody(page)}`;
		timings.push(performance.now() - started);
	}
	console.log(`${label.padEnd(42)} ${median(timings).toFixed(2).padStart(9)} ms  (message: ${message.length} characters)`);
}
