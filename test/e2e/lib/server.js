'use strict';
// `n8n start` as a managed child process for a user folder (ctx from
// createUserFolder). Ready means: /healthz answers, the REST API answers, and
// n8n has finished activating published workflows, so production webhooks
// registered at startup are live.

const { spawn } = require('node:child_process');
const { NODE_BIN, N8N_BIN } = require('./install');
const { freePort } = require('./user-folder');

const running = new Set();
// A crashed test must not leave n8n (and its task runner) holding ports.
process.on('exit', () => {
	for (const pid of running) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {}
	}
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function httpStatus(url) {
	try {
		const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
		await res.arrayBuffer();
		return res.status;
	} catch {
		return 0;
	}
}

// n8n prints this after ActiveWorkflowManager.init(), i.e. after published
// workflows' webhooks are registered; it goes through logger.info.
const READY_LINE = 'Editor is now accessible via';

/**
 * @param {object} ctx from createUserFolder()
 * @param {{log?:(line:string)=>void, env?:Record<string,string>, timeoutMs?:number}} [opts]
 * @returns {Promise<{url:string, port:number, pid:number, stop:()=>Promise<void>, kill:(signal?:string)=>Promise<void>, logs:()=>string, exited:Promise<{code:number|null, signal:string|null}>}>}
 */
async function startServer(ctx, opts = {}) {
	return startN8nProcess(ctx, { ...opts, command: 'start' });
}

// What each kind of n8n process prints once it serves (logger.info).
const READY_LINES = {
	start: READY_LINE,
	webhook: 'Webhook listener waiting for requests.',
	worker: 'n8n worker is now ready',
};

/**
 * One n8n process (`n8n start`, `n8n webhook` or `n8n worker`) for a user
 * folder. `port` defaults to ctx.port; main and webhook processes are ready
 * when they answer /healthz (main: and /rest/settings) and printed their
 * ready line; a worker when it printed its ready line.
 */
async function startN8nProcess(ctx, { command = 'start', args = [], port = ctx.port, log, env = {}, timeoutMs = 120000 } = {}) {
	const brokerPort = await freePort();
	const childEnv = {
		...ctx.env,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// info is needed to see the ready line; output is captured, not printed,
		// unless a log callback is given.
		N8N_LOG_LEVEL: 'info',
		...env,
	};
	const readyLine = READY_LINES[command];
	const waitForReadyLine = readyLine && ['info', 'debug'].includes(childEnv.N8N_LOG_LEVEL);
	const url = `http://127.0.0.1:${port}`;
	const t0 = Date.now();
	const child = spawn(NODE_BIN, [N8N_BIN, command, ...args], {
		cwd: ctx.userFolder,
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	running.add(child.pid);

	const MAX_LOG = 4 * 1024 * 1024;
	let buf = '';
	let sawReadyLine = false;
	const onData = (d) => {
		const s = d.toString();
		buf = (buf + s).slice(-MAX_LOG);
		if (!sawReadyLine && readyLine && s.includes(readyLine)) sawReadyLine = true;
		if (log) for (const line of s.split(/\r?\n/)) if (line.trim()) log(line);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exitInfo = null;
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			exitInfo = { code, signal };
			running.delete(child.pid);
			resolve(exitInfo);
		}),
	);

	async function stop() {
		if (!exitInfo) {
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {}
			const grace = (Number(childEnv.N8N_GRACEFUL_SHUTDOWN_TIMEOUT) || 30) * 1000 + 5000;
			let timer;
			// A pending timer would keep the caller's process alive after stop().
			await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, grace)))]);
			clearTimeout(timer);
		}
		// Also reaps the task runner if n8n exited without taking it down.
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {}
		await exited;
		running.delete(child.pid);
	}

	/** Ends the process group at once (e.g. SIGKILL: a crash), without n8n's shutdown. */
	async function kill(signal = 'SIGKILL') {
		try {
			process.kill(-child.pid, signal);
		} catch {}
		await exited;
		running.delete(child.pid);
	}

	const handle = { command, url, port, pid: child.pid, stop, kill, logs: () => buf, exited, startMs: 0 };
	try {
		const deadline = Date.now() + timeoutMs;
		const check = async (what, probe) => {
			while (!(await probe())) {
				if (exitInfo) throw new Error(`n8n ${command} exited (${JSON.stringify(exitInfo)}) while waiting for ${what}`);
				if (Date.now() > deadline) throw new Error(`n8n ${command} not ready after ${timeoutMs} ms (waiting for ${what})`);
				await sleep(200);
			}
		};
		if (command !== 'worker') await check('/healthz', async () => (await httpStatus(`${url}/healthz`)) === 200);
		if (command === 'start') await check('/rest/settings', async () => (await httpStatus(`${url}/rest/settings`)) === 200);
		if (waitForReadyLine) await check(`"${readyLine}"`, async () => sawReadyLine);
	} catch (e) {
		await stop();
		e.message += `\n--- n8n log (tail) ---\n${buf.slice(-6000)}`;
		throw e;
	}
	handle.startMs = Date.now() - t0;
	return handle;
}

module.exports = { startServer, startN8nProcess };
