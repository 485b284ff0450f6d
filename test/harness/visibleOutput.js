'use strict';
// What a user sees of a node run, as text, and the log that the secret scan
// (globalTeardown.js) reads: every runNode appends its outputs, error,
// streamed chunks and console output to the file named by
// N8N_NODES_VISIBLE_OUTPUT_LOG (set by globalSetup.js). Request bodies and
// headers are not logged: requests carry the keys legitimately.
//
// JavaScript: it writes a file, reads the environment and taps the console,
// which `n8n-node lint` rightly forbids in TypeScript sources.

const { appendFileSync, readFileSync } = require('node:fs');
const { format } = require('node:util');
const { VISIBLE_OUTPUT_LOG_ENV } = require('./knownSecrets');

/**
 * @typedef {{
 *   outputs: unknown,
 *   error: unknown,
 *   workflowError: unknown,
 *   chunks: import('n8n-workflow').StructuredChunk[],
 *   console: string,
 * }} VisibleRun
 *   outputs: every output of the node under test (multi-output operations included)
 */

/** An error as n8n shows and stores it, without `node` (the user's own parameters). */
function errorAsShown(error) {
	if (!error || typeof error !== 'object') return error ?? null;
	const rest = Object.fromEntries(Object.entries(error).filter(([key]) => key !== 'node'));
	return { ...rest, name: error.name, message: error.message, stack: error.stack };
}

/** JSON that survives cycles and Error objects. @param {unknown} value @returns {string} */
function safeJson(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, (_key, current) => {
		if (current instanceof Error) return errorAsShown(current);
		if (current !== null && typeof current === 'object') {
			if (seen.has(current)) return '[circular]';
			seen.add(current);
		}
		if (typeof current === 'bigint') return String(current);
		return current;
	});
}

/**
 * @param {import('n8n-workflow').IRun} run
 * @param {string} nodeName
 * @param {import('n8n-workflow').StructuredChunk[]} chunks
 * @param {string} consoleText
 * @returns {VisibleRun}
 */
function visibleRun(run, nodeName, chunks, consoleText) {
	const task = run.data.resultData.runData[nodeName]?.[0];
	return {
		outputs: task?.data?.main ?? [],
		error: errorAsShown(task?.error),
		workflowError: errorAsShown(run.data.resultData.error),
		chunks,
		console: consoleText,
	};
}

/** @param {VisibleRun} visible @returns {string} */
function visibleText(visible) {
	return safeJson(visible);
}

/** Appends one run to the visible-output log, when the secret scan is on. @param {VisibleRun} visible */
function logVisibleRun(visible) {
	const file = process.env[VISIBLE_OUTPUT_LOG_ENV];
	if (!file) return;
	let test;
	let testPath;
	try {
		const state = globalThis.expect?.getState();
		test = state?.currentTestName;
		testPath = state?.testPath;
	} catch {
		// Outside a test: no name to report.
	}
	appendFileSync(file, `${safeJson({ testPath, test, visible: visibleText(visible) })}\n`);
}

/** The whole visible-output log so far, or undefined when the secret scan is off. @returns {string | undefined} */
function readVisibleOutputLog() {
	const file = process.env[VISIBLE_OUTPUT_LOG_ENV];
	return file ? readFileSync(file, 'utf8') : undefined;
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug'];
/** @type {Set<string[]>} */
const captures = new Set();
/** @type {(() => void) | undefined} */
let restore;

function install() {
	const originals = METHODS.map((method) => [method, console[method]]);
	const stdoutWrite = process.stdout.write;
	const stderrWrite = process.stderr.write;
	const keep = (text) => captures.forEach((buffer) => buffer.push(text));
	for (const [method, original] of originals) {
		console[method] = (...args) => {
			keep(format(...args));
			original.apply(console, args);
		};
	}
	const tee = (write) =>
		function (chunk, ...rest) {
			keep(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
			return write.call(this, chunk, ...rest);
		};
	process.stdout.write = tee(stdoutWrite);
	process.stderr.write = tee(stderrWrite);
	restore = () => {
		for (const [method, original] of originals) console[method] = original;
		process.stdout.write = stdoutWrite;
		process.stderr.write = stderrWrite;
	};
}

/**
 * Runs `run` with the console captured, then logs what a user would see of its
 * result (for the secret scan); a run that throws has nothing to show.
 * @template T
 * @param {() => Promise<T>} run
 * @param {(result: T, consoleText: string) => VisibleRun} shown
 * @returns {Promise<T>}
 */
async function runVisibly(run, shown) {
	const capture = captureConsole();
	let result;
	try {
		result = { value: await run() };
		return result.value;
	} finally {
		const consoleText = capture.stop();
		if (result) logVisibleRun(shown(result.value, consoleText));
	}
}

/**
 * Starts copying console output (and stdout/stderr writes); `stop` returns what was printed meanwhile.
 * @returns {{ stop(): string }}
 */
function captureConsole() {
	/** @type {string[]} */
	const buffer = [];
	if (captures.size === 0) install();
	captures.add(buffer);
	let stopped = false;
	return {
		stop() {
			if (!stopped) {
				stopped = true;
				captures.delete(buffer);
				if (captures.size === 0) {
					restore?.();
					restore = undefined;
				}
			}
			return buffer.join('\n');
		},
	};
}

module.exports = { errorAsShown, safeJson, visibleRun, visibleText, logVisibleRun, readVisibleOutputLog, runVisibly, captureConsole };
