#!/usr/bin/env node
'use strict';
// Proves the harness end to end against a real n8n, without needing our own
// package to be built: a tiny community package (one node, one credential) is
// packed on the fly and installed the way Settings → Community Nodes would.
// Usage: node test/e2e/smoke-harness.js [--keep]   (--keep leaves the user folder)

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const h = require('./lib/n8n');

const keep = process.argv.includes('--keep');
const timings = {};
const log = (m) => console.log(`[smoke] ${m}`);
async function timed(name, fn) {
	const t = Date.now();
	try {
		return await fn();
	} finally {
		timings[name] = (Date.now() - t) / 1000;
		log(`${name}: ${timings[name].toFixed(1)}s`);
	}
}

const DUMMY = 'n8n-nodes-e2e-dummy';

function buildDummyPackage(dir) {
	const root = path.join(dir, 'dummy');
	fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
	fs.writeFileSync(
		path.join(root, 'package.json'),
		JSON.stringify({
			name: DUMMY,
			version: '0.0.1',
			license: 'MIT',
			keywords: ['n8n-community-node-package'],
			files: ['dist'],
			n8n: { n8nNodesApiVersion: 1, nodes: ['dist/HelloWorld.node.js'], credentials: ['dist/DummyApi.credentials.js'] },
			peerDependencies: { 'n8n-workflow': '*' },
		}),
	);
	fs.writeFileSync(
		path.join(root, 'dist', 'HelloWorld.node.js'),
		`'use strict';
class HelloWorld {
	constructor() {
		this.description = {
			displayName: 'Hello World', name: 'helloWorld', group: ['transform'], version: 1,
			description: 'Outputs hello world', defaults: { name: 'Hello World' },
			inputs: ['main'], outputs: ['main'],
			credentials: [{ name: 'dummyApi', required: false }],
			properties: [],
		};
	}
	async execute() {
		return [[{ json: { hello: 'world' } }]];
	}
}
module.exports = { HelloWorld };
`,
	);
	fs.writeFileSync(
		path.join(root, 'dist', 'DummyApi.credentials.js'),
		`'use strict';
class DummyApi {
	constructor() {
		this.name = 'dummyApi';
		this.displayName = 'Dummy API';
		this.properties = [
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		];
		this.authenticate = { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } } };
		this.test = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/check' } };
	}
}
module.exports = { DummyApi };
`,
	);
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
	return path.join(dir, out.trim().split('\n').pop());
}

// Stands in for the API a credential test calls: accepts one bearer token.
function startFakeApi() {
	return new Promise((resolve) => {
		const srv = http.createServer((req, res) => {
			const good = req.headers.authorization === 'Bearer good-key';
			res.writeHead(good ? 200 : 401, { 'content-type': 'application/json' });
			res.end(JSON.stringify(good ? { ok: true } : { error: 'invalid api key' }));
		});
		srv.listen(0, '127.0.0.1', () => resolve(srv));
	});
}

const manualSetWorkflow = {
	name: 'smoke manual set',
	nodes: [
		{ id: 'a1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'a2',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: { assignments: [{ id: 's1', name: 'greeting', value: 'hello', type: 'string' }, { id: 's2', name: 'n', value: 42, type: 'number' }] },
				options: {},
			},
		},
	],
	connections: { Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
};

const manualDummyWorkflow = {
	name: 'smoke manual community node',
	nodes: [
		{ id: 'b1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'b2', name: 'Hello', type: `${DUMMY}.helloWorld`, typeVersion: 1, position: [220, 0], parameters: {} },
	],
	connections: { Manual: { main: [[{ node: 'Hello', type: 'main', index: 0 }]] } },
};

const failingWorkflow = {
	name: 'smoke failing',
	nodes: [
		{ id: 'd1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'd2', name: 'Fail', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, position: [220, 0], parameters: { errorMessage: 'boom from smoke' } },
	],
	connections: { Manual: { main: [[{ node: 'Fail', type: 'main', index: 0 }]] } },
};

const webhookWorkflow = {
	name: 'smoke webhook',
	nodes: [
		{
			id: 'c1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			position: [0, 0],
			webhookId: '5f0c2d7e-3b59-4a43-9d0e-2b1f7c9e0a11',
			parameters: { httpMethod: 'POST', path: 'ping', responseMode: 'lastNode', options: {} },
		},
		{ id: 'c2', name: 'Hello', type: `${DUMMY}.helloWorld`, typeVersion: 1, position: [220, 0], parameters: {} },
	],
	connections: { Webhook: { main: [[{ node: 'Hello', type: 'main', index: 0 }]] } },
};

async function main() {
	const tAll = Date.now();
	const inst = await timed('install (ensureN8nInstalled)', () => h.ensureN8nInstalled({ log }));
	log(`node ${inst.nodeBin}\n[smoke] n8n  ${inst.n8nBin} (fresh install: ${inst.installed})`);

	const ctx = await h.createUserFolder();
	log(`user folder ${ctx.userFolder}, port ${ctx.port}`);
	const fakeApi = await startFakeApi();
	let server;
	try {
		const tarball = buildDummyPackage(ctx.tmpDir);
		const installed = h.installPackage(ctx.userFolder, tarball);
		log(`installed ${installed.name}@${installed.version} → ${installed.dir}`);

		const credId = h.newId();
		await timed('import:credentials (first CLI call, runs migrations)', () =>
			h.importCredentials(ctx, [
				{ id: credId, name: 'Dummy', type: 'dummyApi', data: { apiKey: 'good-key', baseUrl: `http://127.0.0.1:${fakeApi.address().port}` } },
			]),
		);

		const setId = await timed('import:workflow', () => h.importWorkflow(ctx, manualSetWorkflow));
		const run = await timed('execute (Manual → Set)', () => h.executeWorkflow(ctx, setId));
		assert.equal(run.status, 'success', `execute failed:\n${run.stdout}\n${run.stderr}`);
		assert.ok(run.ok, `exit ${run.exitCode}, error ${JSON.stringify(run.error)}\n${run.stderr}`);
		assert.deepEqual(h.nodeOutput(run, 'Set'), [{ greeting: 'hello', n: 42 }]);
		log(`Set output ${JSON.stringify(h.nodeOutput(run, 'Set'))}`);

		const dummyId = await h.importWorkflow(ctx, manualDummyWorkflow);
		const run2 = await timed('execute (Manual → community node)', () => h.executeWorkflow(ctx, dummyId));
		assert.equal(run2.status, 'success', `community node run failed:\n${run2.stdout}\n${run2.stderr}`);
		assert.deepEqual(h.nodeOutput(run2, 'Hello'), [{ hello: 'world' }]);
		log(`community node output ${JSON.stringify(h.nodeOutput(run2, 'Hello'))}`);

		const failId = await h.importWorkflow(ctx, failingWorkflow);
		const run3 = await timed('execute (failing workflow)', () => h.executeWorkflow(ctx, failId));
		assert.equal(run3.ok, false);
		assert.equal(run3.status, 'error', `expected an error run:\n${run3.stdout}`);
		assert.match(run3.error.message, /boom from smoke/);
		assert.notEqual(run3.exitCode, 0);
		log(`failing run: status ${run3.status}, exit ${run3.exitCode}, error "${run3.error.message}"`);

		const hookId = await h.importWorkflow(ctx, webhookWorkflow);
		await timed('publish:workflow', () => h.publishWorkflow(ctx, hookId));

		server = await timed('server start (to webhooks live)', () => h.startServer(ctx));
		log(`server up at ${server.url}`);

		const res = await fetch(`${server.url}/webhook/ping`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ping: 1 }),
		});
		const body = await res.text();
		assert.equal(res.status, 200, `webhook answered ${res.status}: ${body}`);
		assert.deepEqual(JSON.parse(body), { hello: 'world' });
		log(`POST /webhook/ping → ${res.status} ${body}`);

		const unknown = await fetch(`${server.url}/webhook/nope`, { method: 'POST' });
		assert.equal(unknown.status, 404);

		const session = await timed('owner setup + login', () => h.setupOwner(server.url));
		assert.ok(session.cookies.get('n8n-auth'));
		const me = await h.restRequest(session, 'GET', '/login');
		assert.equal(me.status, 200);
		assert.equal(me.data.email, session.owner.email);

		const types = (await h.getNodeTypes(session)).map((t) => t.name);
		assert.ok(types.includes(`${DUMMY}.helloWorld`), 'server did not load the community node');

		const execs = await h.waitForExecutions(session, hookId, { count: 1 });
		assert.equal(execs.count, 1);
		assert.equal(execs.results[0].status, 'success');
		assert.equal(execs.results[0].mode, 'webhook');
		const none = await h.listExecutions(session, setId + 'x');
		assert.equal(none.count, 0);
		log(`executions of webhook workflow: ${execs.count} (${execs.results[0].mode}, ${execs.results[0].status})`);

		const okTest = await h.testCredential(session, credId);
		assert.equal(okTest.status, 'OK', JSON.stringify(okTest));
		const badTest = await h.testCredential(session, credId, { data: { apiKey: 'wrong' } });
		assert.equal(badTest.status, 'Error', JSON.stringify(badTest));
		log(`credential test: good key → ${okTest.status}; wrong key → ${badTest.status} (${badTest.message})`);

		const tStop = Date.now();
		await server.stop();
		log(`server exit ${JSON.stringify(await server.exited)}`);
		server = null;
		timings['server stop'] = (Date.now() - tStop) / 1000;
		log(`server stop: ${timings['server stop'].toFixed(1)}s`);
	} catch (e) {
		if (server) console.error(`--- n8n server log (tail) ---\n${server.logs().slice(-6000)}`);
		throw e;
	} finally {
		if (server) await server.stop();
		fakeApi.close();
		if (keep) log(`kept ${ctx.userFolder}`);
		else ctx.cleanup();
	}
	timings.total = (Date.now() - tAll) / 1000;
	log(`PASS ${JSON.stringify(timings)}`);
}

main().catch((e) => {
	console.error(`[smoke] FAIL: ${e.stack || e}`);
	process.exit(1);
});
