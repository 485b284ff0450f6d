#!/usr/bin/env node
'use strict';
// A local n8n with our package installed as a community package, talking to
// the HotTask/Hamsa simulator, with every example workflow imported and the
// webhook ones live. `npm run demo` builds first.
//
//   node test/e2e/demo.js           runs until Ctrl-C
//   node test/e2e/demo.js --check   starts everything, checks the editor answers, stops
//   node test/e2e/demo.js --watch   `npm run dev`: also rebuilds, reinstalls the package and
//                                   restarts n8n whenever nodes/, credentials/ or icons/ change
//
// n8n keeps its data in .n8n-e2e/demo at the repository root (git-ignored):
// the package is reinstalled and the examples re-imported on every start, so
// the examples are always the shipped ones; other workflows you create stay.

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const crypto = require('node:crypto');
const h = require('./lib/n8n');
const stack = require('./stack');
const { startSimulator } = require('../simulator');

const DEMO_FOLDER = path.join(stack.ROOT, '.n8n-e2e', 'demo');
const OWNER = { email: 'demo@example.com', password: 'Demo-Passw0rd', firstName: 'Demo', lastName: 'User' };

function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

async function preferredPort(port) {
	return (await portIsFree(port)) ? port : h.freePort();
}

/**
 * Like createUserFolder(), but in a folder that survives runs. The encryption
 * key is kept beside it so the stored credentials stay readable.
 */
async function persistentUserFolder(folder, port) {
	const template = await h.createUserFolder({ port, prefix: 'n8n-demo-env-' });
	template.cleanup();
	const n8nFolder = path.join(folder, '.n8n');
	const tmpDir = path.join(folder, 'harness-tmp');
	fs.mkdirSync(n8nFolder, { recursive: true });
	fs.rmSync(tmpDir, { recursive: true, force: true });
	fs.mkdirSync(tmpDir, { recursive: true });
	const keyFile = path.join(folder, 'encryption-key');
	if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, crypto.randomBytes(24).toString('hex'), { mode: 0o600 });
	const key = fs.readFileSync(keyFile, 'utf8').trim();
	return {
		...template,
		userFolder: folder,
		n8nFolder,
		tmpDir,
		env: { ...template.env, N8N_USER_FOLDER: folder, N8N_ENCRYPTION_KEY: key },
		cleanup() {
			fs.rmSync(tmpDir, { recursive: true, force: true });
		},
	};
}

/** Owner setup on a fresh instance, a plain login on one set up before. */
async function ownerSession(url, owner) {
	try {
		return await h.setupOwner(url, owner);
	} catch (error) {
		if (!/owner\/setup: HTTP 400/.test(error.message)) throw error;
		return h.login(url, owner);
	}
}

/**
 * Starts the simulator and an n8n with everything imported and published.
 * @param {{userFolder?:string, simPort?:number, n8nPort?:number, log?:(s:string)=>void, serverLog?:string}} opts
 *   without userFolder, a throw-away folder is used.
 */
async function startDemo({ userFolder, simPort = 4010, n8nPort = 5678, log = () => {}, serverLog } = {}) {
	const started = { sim: null, ctx: null, server: null };
	const stop = async () => {
		if (started.server) await started.server.stop().catch(() => {});
		if (started.sim) await started.sim.close().catch(() => {});
		if (started.ctx) started.ctx.cleanup();
		started.server = started.sim = started.ctx = null;
	};
	try {
		await h.ensureN8nInstalled({ log });
		// recordingBase '<own>': the simulator serves its calls' recordings, so Get Recording works in the demo (Hamsa's CDN is out of reach here).
		started.sim = await startSimulator({ port: await preferredPort(simPort), stream: { pieceDelayMs: 80 }, callDurationMs: 3000, recordingBase: '<own>' });
		const port = await preferredPort(n8nPort);
		started.ctx = userFolder ? await persistentUserFolder(userFolder, port) : await h.createUserFolder({ port, prefix: 'n8n-demo-' });
		const { sim, ctx } = started;
		log(`packing and installing ${stack.PACKAGE_NAME} into ${path.relative(process.cwd(), ctx.userFolder) || ctx.userFolder}`);
		const pkg = stack.packAndInstall(ctx);
		log('importing credentials and example workflows, publishing the webhook ones');
		const workflows = await stack.importExamples(ctx, sim, { publish: true });
		log('starting n8n');
		const logStream = serverLog ? fs.createWriteStream(serverLog, { flags: 'a' }) : null;
		started.server = await h.startServer(ctx, logStream ? { log: (line) => logStream.write(`${line}\n`) } : {});
		const session = await ownerSession(started.server.url, OWNER);
		// server is read through `started` so that stop() ends the n8n a --watch reload started.
		return {
			sim,
			ctx,
			get server() {
				return started.server;
			},
			set server(server) {
				started.server = server;
			},
			session,
			owner: OWNER,
			workflows,
			pkg,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

function curlCommands(url) {
	const post = (p, body, extra = '') => `curl ${extra}-X POST ${url}/webhook/${p} -H 'content-type: application/json' -d '${JSON.stringify(body)}'`;
	return [
		['CRM lead → Hamsa voice call (the call ends ~3 s later; see the 2nd execution)', post('new-lead', { name: 'Ada Lovelace', phone: '+14155550199', interest: 'solar panels' })],
		['Ask HotTask → answer by SMS', post('ask-sms', { question: 'When are you open?', phone: '+14155550123' })],
		['Streamed answer (JSON lines as they arrive)', post('ask', { question: 'What do you sell?' }, '-N ')],
	];
}

async function main() {
	const check = process.argv.includes('--check');
	const log = (line) => console.log(`[demo] ${line}`);
	fs.mkdirSync(DEMO_FOLDER, { recursive: true });
	const serverLog = path.join(DEMO_FOLDER, 'n8n.log');

	let demo;
	let stopping = false;
	const shutdown = async (code) => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n and the simulator…');
		if (demo) await demo.stop();
		// Ctrl-C during start-up: n8n commands run detached and would outlive us.
		stack.killChildProcessGroups();
		log('stopped');
		process.exit(code);
	};
	process.on('SIGINT', () => shutdown(demo ? 0 : 130));
	process.on('SIGTERM', () => shutdown(demo ? 0 : 143));

	demo = await startDemo({ userFolder: DEMO_FOLDER, log, serverLog });
	if (stopping) return;

	const { server, sim, workflows } = demo;
	console.log('');
	console.log(`n8n ${server.url}/  (editor)`);
	console.log(`  login:     ${OWNER.email} / ${OWNER.password}`);
	console.log(`  simulator: ${sim.url}  (HotTask + Hamsa; GET ${sim.url}/__sim/requests shows what reached them)`);
	console.log(`  data:      ${path.relative(process.cwd(), DEMO_FOLDER)}  (n8n log: ${path.relative(process.cwd(), serverLog)})`);
	console.log('  workflows:');
	for (const wf of Object.values(workflows)) console.log(`    ${server.url}/workflow/${wf.id}  ${wf.name}${wf.webhook ? '  (published)' : ''}`);
	console.log('  try:');
	for (const [label, cmd] of curlCommands(server.url)) console.log(`    # ${label}\n    ${cmd}`);
	console.log('');

	if (check) {
		const res = await fetch(`${server.url}/`);
		const html = await res.text();
		const ok = res.status === 200 && /<title>n8n/i.test(html);
		log(`GET ${server.url}/ → ${res.status}, ${ok ? 'the n8n editor' : 'NOT the editor'}`);
		await shutdown(ok ? 0 : 1);
		return;
	}
	if (process.argv.includes('--watch')) {
		log('watching nodes/, credentials/ and icons/; press Ctrl-C to stop');
		watchAndReload(demo, { log, serverLog, isStopping: () => stopping });
		return;
	}
	log('running; press Ctrl-C to stop');
	await server.exited;
	if (!stopping) {
		log(`n8n exited unexpectedly; see ${serverLog}`);
		await shutdown(1);
	}
}

/**
 * `npm run dev`: n8n loads a community package once, at start, so a change is
 * built, packed and installed as a user would get it, and n8n restarted on the
 * same port and data (the editor reconnects by itself). Changes arriving
 * during a reload are gathered into the next one.
 */
function watchAndReload(demo, { log, serverLog, isStopping }) {
	const { spawnSync } = require('node:child_process');
	let timer = null;
	let reloading = false;
	let pending = false;
	const reload = async () => {
		if (reloading) {
			pending = true;
			return;
		}
		reloading = true;
		try {
			log('change seen: building');
			const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: stack.ROOT, stdio: 'inherit' });
			if (build.status !== 0) {
				log('build failed; n8n keeps the last good build');
				return;
			}
			stack.packAndInstall(demo.ctx);
			await demo.server.stop().catch(() => {});
			if (isStopping()) return;
			const logStream = fs.createWriteStream(serverLog, { flags: 'a' });
			demo.server = await h.startServer(demo.ctx, { log: (line) => logStream.write(`${line}\n`) });
			log(`n8n restarted with the new build: ${demo.server.url}/`);
		} catch (error) {
			log(`reload failed: ${error.message}`);
		} finally {
			reloading = false;
			if (pending && !isStopping()) {
				pending = false;
				reload();
			}
		}
	};
	for (const dir of ['nodes', 'credentials', 'icons']) {
		fs.watch(path.join(stack.ROOT, dir), { recursive: true }, () => {
			clearTimeout(timer);
			timer = setTimeout(reload, 400);
		});
	}
}

module.exports = { startDemo, OWNER, curlCommands };

if (require.main === module) {
	main().catch((error) => {
		console.error(`[demo] failed: ${error.stack || error}`);
		process.exit(1);
	});
}
