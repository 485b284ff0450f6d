/**
 * What a user sees of a node run, as text, and the log that the secret scan
 * (globalTeardown.js) reads: every runNode appends its outputs, error,
 * streamed chunks and console output to the file named by
 * N8N_NODES_VISIBLE_OUTPUT_LOG (set by globalSetup.js). Request bodies and
 * headers are not logged: requests carry the keys legitimately.
 */
import { appendFileSync } from 'fs';
import { format } from 'util';
import type { IRun, StructuredChunk } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { VISIBLE_OUTPUT_LOG_ENV } = require('./knownSecrets') as { VISIBLE_OUTPUT_LOG_ENV: string };

/** An error as n8n shows and stores it, without `node` (the user's own parameters). */
export function errorAsShown(error: unknown): unknown {
	if (!error || typeof error !== 'object') return error ?? null;
	const { node: _node, ...rest } = error as Record<string, unknown>;
	return { ...rest, name: (error as Error).name, message: (error as Error).message, stack: (error as Error).stack };
}

/** JSON that survives cycles and Error objects. */
export function safeJson(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, current: unknown) => {
		if (current instanceof Error) return errorAsShown(current);
		if (current !== null && typeof current === 'object') {
			if (seen.has(current)) return '[circular]';
			seen.add(current);
		}
		if (typeof current === 'bigint') return String(current);
		return current;
	});
}

export interface VisibleRun {
	/** Every output of the node under test (multi-output operations included). */
	outputs: unknown;
	error: unknown;
	workflowError: unknown;
	chunks: StructuredChunk[];
	console: string;
}

export function visibleRun(run: IRun, nodeName: string, chunks: StructuredChunk[], consoleText: string): VisibleRun {
	const task = run.data.resultData.runData[nodeName]?.[0];
	return {
		outputs: task?.data?.main ?? [],
		error: errorAsShown(task?.error),
		workflowError: errorAsShown(run.data.resultData.error),
		chunks,
		console: consoleText,
	};
}

export function visibleText(visible: VisibleRun): string {
	return safeJson(visible);
}

/** Appends one run to the visible-output log, when the secret scan is on. */
export function logVisibleRun(visible: VisibleRun): void {
	const file = process.env[VISIBLE_OUTPUT_LOG_ENV];
	if (!file) return;
	let test: string | undefined;
	let testPath: string | undefined;
	try {
		const state = (globalThis as { expect?: { getState(): { currentTestName?: string; testPath?: string } } }).expect?.getState();
		test = state?.currentTestName;
		testPath = state?.testPath;
	} catch {
		// Outside a test: no name to report.
	}
	appendFileSync(file, `${safeJson({ testPath, test, visible: visibleText(visible) })}\n`);
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];
const captures = new Set<string[]>();
let restore: (() => void) | undefined;

function install(): void {
	const originals = METHODS.map((method) => [method, console[method]] as const);
	const stdoutWrite = process.stdout.write;
	const stderrWrite = process.stderr.write;
	const keep = (text: string) => captures.forEach((buffer) => buffer.push(text));
	for (const [method, original] of originals) {
		console[method] = (...args: unknown[]) => {
			keep(format(...args));
			original.apply(console, args);
		};
	}
	const tee = (write: typeof process.stdout.write) =>
		function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
			keep(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
			return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
		} as typeof process.stdout.write;
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
 */
export async function runVisibly<T>(run: () => Promise<T>, shown: (result: T, consoleText: string) => VisibleRun): Promise<T> {
	const capture = captureConsole();
	let result: { value: T } | undefined;
	try {
		result = { value: await run() };
		return result.value;
	} finally {
		const consoleText = capture.stop();
		if (result) logVisibleRun(shown(result.value, consoleText));
	}
}

/** Starts copying console output (and stdout/stderr writes); `stop` returns what was printed meanwhile. */
export function captureConsole(): { stop(): string } {
	const buffer: string[] = [];
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
