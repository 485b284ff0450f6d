'use strict';
// Memory helpers for test/bench/recording.bench.ts (TypeScript tests may not
// touch processes, files or timers: see README "Lint"). Peak RSS is sampled
// every 5 ms while a function runs, after a gc, so a figure is the growth a
// download causes over the process's settled size.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Points n8n-core's binary data at a temporary folder in the given mode ('filesystem' is n8n 2.x's default). */
async function useBinaryDataMode(mode) {
	const { Container } = require('@n8n/di');
	const { BinaryDataService } = require('n8n-core');
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hamsa-bench-binary-'));
	const service = Container.get(BinaryDataService);
	service.config.mode = mode;
	service.config.availableModes = ['filesystem'];
	service.config.localStoragePath = folder;
	await service.init();
	return {
		folder,
		bytesOnDisk() {
			let total = 0;
			const walk = (dir) => {
				for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
					const full = path.join(dir, entry.name);
					if (entry.isDirectory()) walk(full);
					else total += fs.statSync(full).size;
				}
			};
			walk(folder);
			return total;
		},
		remove: () => fs.rmSync(folder, { recursive: true, force: true }),
	};
}

function settle() {
	if (typeof global.gc === 'function') {
		global.gc();
		global.gc();
	}
}

/** Runs fn and returns its result with the peak RSS growth (bytes) over the settled RSS before it. */
async function peakRssGrowth(fn) {
	settle();
	const before = process.memoryUsage().rss;
	let peak = before;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 5);
	try {
		const result = await fn();
		peak = Math.max(peak, process.memoryUsage().rss);
		settle();
		// retained: what is still there once garbage is collected (the download's own buffers are gone).
		return { result, growth: peak - before, retained: process.memoryUsage().rss - before };
	} finally {
		clearInterval(timer);
	}
}

/** Starts test/bench/recordingServer.js in its own process; resolves with its URL and a stop function. */
function startRecordingServer() {
	const { spawn } = require('node:child_process');
	const child = spawn(process.execPath, [path.join(__dirname, 'recordingServer.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.stdout.once('data', (data) => {
			resolve({ url: `http://127.0.0.1:${String(data).trim()}`, stop: () => child.kill() });
		});
	});
}

function report(lines) {
	process.stdout.write(`\n${lines.join('\n')}\n`);
}

module.exports = { useBinaryDataMode, peakRssGrowth, report, startRecordingServer, hasGc: () => typeof global.gc === 'function' };
