'use strict';
// One-shot n8n CLI commands against a user folder (ctx from createUserFolder).
// They open the same SQLite database as the server, so run them while the
// server is stopped (n8n itself says publish:workflow only takes effect on the
// next start).

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const { NODE_BIN, N8N_BIN, N8N_E2E_VERSION } = require('./install');
const { freePort } = require('./user-folder');

function assertInstalled() {
	if (!fs.existsSync(NODE_BIN) || !fs.existsSync(N8N_BIN)) {
		throw new Error('n8n harness is not installed; call ensureN8nInstalled() first');
	}
}

/**
 * Runs `n8n <args>` under Node 24 in its own process group.
 * @returns {Promise<{stdout:string, stderr:string, exitCode:number|null, signal:string|null, ms:number}>}
 */
async function runN8n(ctx, args, { env = {}, timeoutMs = 180000 } = {}) {
	assertInstalled();
	const brokerPort = await freePort();
	const t0 = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(NODE_BIN, [N8N_BIN, ...args], {
			cwd: ctx.userFolder,
			env: { ...ctx.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		// The task runner is a grandchild; killing only the pid would orphan it.
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
			stderr += `\n[harness] n8n ${args[0]} timed out after ${timeoutMs} ms`;
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (exitCode, signal) => {
			clearTimeout(timer);
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
			resolve({ stdout, stderr, exitCode, signal, ms: Date.now() - t0 });
		});
	});
}

function writeTmpJson(ctx, name, value) {
	const file = path.join(ctx.tmpDir, `${name}-${crypto.randomBytes(4).toString('hex')}.json`);
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	return file;
}

function failed(what, r) {
	return new Error(`${what} failed (exit ${r.exitCode}${r.signal ? `, ${r.signal}` : ''})\n--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-4000)}`);
}

// The import/publish commands report failures through their logger and may
// still exit 0, so error lines count as failure too.
function looksFailed(r) {
	return r.exitCode !== 0 || /^(Error|An error occurred|GOT ERROR)/m.test(r.stdout + '\n' + r.stderr);
}

// n8n's own ids are 16 characters of [0-9A-Za-z].
function newId() {
	const abc = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	return Array.from(crypto.randomBytes(16), (b) => abc[b % abc.length]).join('');
}

/** @param {Array<{id?:string, name:string, type:string, data:object}>} creds */
async function importCredentials(ctx, creds) {
	const list = (Array.isArray(creds) ? creds : [creds]).map((c) => ({ id: c.id || newId(), ...c }));
	const r = await runN8n(ctx, ['import:credentials', `--input=${writeTmpJson(ctx, 'credentials', list)}`]);
	if (looksFailed(r)) throw failed('n8n import:credentials', r);
	return list.map((c) => c.id);
}

/** @returns {Promise<string>} the workflow id */
async function importWorkflow(ctx, workflowJson) {
	const wf = { ...workflowJson };
	wf.id = wf.id || newId();
	wf.name = wf.name || `e2e ${wf.id}`;
	wf.connections = wf.connections || {};
	wf.settings = wf.settings || {};
	// 2.x ignores "active" on import (activation = publish:workflow), but a
	// true value trips a warning, so normalise it.
	wf.active = false;
	const r = await runN8n(ctx, ['import:workflow', `--input=${writeTmpJson(ctx, 'workflow', wf)}`]);
	if (looksFailed(r)) throw failed('n8n import:workflow', r);
	return wf.id;
}

// n8n 2.x publishes a workflow; n8n 1.x has no publish:workflow and activates it instead.
async function publishWorkflow(ctx, id) {
	const args = N8N_E2E_VERSION === '1' ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
	const r = await runN8n(ctx, args);
	if (looksFailed(r)) throw failed(`n8n ${args[0]}`, r);
}

async function unpublishWorkflow(ctx, id) {
	const args = N8N_E2E_VERSION === '1' ? ['update:workflow', `--id=${id}`, '--active=false'] : ['unpublish:workflow', `--id=${id}`];
	const r = await runN8n(ctx, args);
	if (looksFailed(r)) throw failed(`n8n ${args[0]}`, r);
}

// `--rawOutput` prints the run with JSON.stringify(run, null, 2) through the
// info logger, so other log lines can come before or after it. A pretty-printed
// top-level object is the only place a line is exactly "{" or "}".
function parseRunOutput(stdout) {
	const lines = stdout.split(/\r?\n/);
	for (let start = lines.length - 1; start >= 0; start--) {
		if (lines[start] !== '{') continue;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(start, end + 1).join('\n'));
				if (parsed && typeof parsed === 'object' && 'data' in parsed) return parsed;
			} catch {}
		}
	}
	return null;
}

/**
 * `n8n execute --id <id> --rawOutput`. The workflow must start with a Manual Trigger.
 * @returns {Promise<{ok:boolean, status:string|undefined, output:object|null, error:object|undefined, stdout:string, stderr:string, exitCode:number|null, ms:number}>}
 */
async function executeWorkflow(ctx, id, { timeoutMs = 180000, env = {} } = {}) {
	// execute prints the run through logger.info: at "warn" it would print nothing.
	const r = await runN8n(ctx, ['execute', `--id=${id}`, '--rawOutput'], {
		timeoutMs,
		env: { N8N_LOG_LEVEL: 'info', ...env },
	});
	const output = parseRunOutput(r.stdout);
	const status = output ? output.status : undefined;
	const error = output && output.data && output.data.resultData ? output.data.resultData.error : undefined;
	// `ok` is the workflow's verdict. The exit code is reported separately: a
	// failed run exits 1, but a run that succeeded can in principle still exit
	// non-zero from a crash during n8n's shutdown (seen once, not reproduced).
	return { ok: status === 'success' && !error, status, output, error, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, ms: r.ms };
}

/**
 * The items a node emitted, as plain `json` objects.
 * @param {object} runOrResult an executeWorkflow() result or its `output`
 */
function nodeOutput(runOrResult, nodeName, { runIndex = -1, outputIndex = 0, withBinary = false } = {}) {
	const run = runOrResult && 'stdout' in runOrResult ? runOrResult.output : runOrResult;
	const runs = run && run.data && run.data.resultData && run.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) return undefined;
	const task = runs[runIndex < 0 ? runs.length + runIndex : runIndex];
	const items = (task.data && task.data.main && task.data.main[outputIndex]) || [];
	return withBinary ? items : items.map((i) => i.json);
}

module.exports = {
	runN8n,
	importCredentials,
	importWorkflow,
	publishWorkflow,
	unpublishWorkflow,
	executeWorkflow,
	parseRunOutput,
	nodeOutput,
	newId,
};
