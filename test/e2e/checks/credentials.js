'use strict';
// The running server: our package is loaded as a community package, and n8n's
// own credential test accepts the right keys and names the problem for wrong ones.

const path = require('node:path');
const assert = require('node:assert/strict');
const h = require('../lib/n8n');
const { CREDENTIALS, PACKAGE_NAME, loadExamples } = require('../stack');
const { keys } = require('./util');

async function packageLoaded(t, env) {
	await t.check(`n8n start loaded the community package (${PACKAGE_NAME}.* node types and credentials)`, async () => {
		const types = (await h.getNodeTypes(env.session)).map((x) => x.name);
		for (const node of ['hotTaskChat', 'hotTaskTwilio', 'hamsaVoiceCall', 'hamsaTrigger']) {
			assert.ok(types.includes(`${PACKAGE_NAME}.${node}`), `missing node type ${PACKAGE_NAME}.${node}`);
		}
		assert.ok(!types.some((n) => n.startsWith('CUSTOM.')), 'a CUSTOM.* node type: loaded as a custom extension, not a community package');
		const r = await h.restRequest(env.session, 'GET', `${env.session.url}/types/credentials.json`);
		assert.equal(r.status, 200);
		const creds = r.body.map((c) => c.name);
		assert.ok(creds.includes('hotTaskApi') && creds.includes('hamsaApi'), 'credential types missing');
	});
	// The icons live once in dist/icons and every node names them with a relative path: n8n must still serve each.
	await t.check('n8n serves every icon our nodes and credentials name (one shared copy in dist/icons)', async () => {
		const ours = (await h.getNodeTypes(env.session)).filter((x) => x.name.startsWith(`${PACKAGE_NAME}.`));
		const r = await h.restRequest(env.session, 'GET', `${env.session.url}/types/credentials.json`);
		const credentialTypes = r.body.filter((c) => c.name === 'hotTaskApi' || c.name === 'hamsaApi');
		const urls = new Set();
		for (const type of [...ours, ...credentialTypes]) {
			assert.ok(type.iconUrl && typeof type.iconUrl === 'object', `${type.name}: no iconUrl (${JSON.stringify(type.iconUrl)})`);
			urls.add(type.iconUrl.light);
			urls.add(type.iconUrl.dark);
		}
		for (const url of urls) {
			const icon = await h.restRequest(env.session, 'GET', `${env.session.url}/${url}`);
			assert.equal(icon.status, 200, `${url}: HTTP ${icon.status}`);
			assert.match(String(icon.headers.get('content-type')), /svg/, `${url}: ${icon.headers.get('content-type')}`);
		}
		return `${urls.size} icons for ${ours.length} nodes and ${credentialTypes.length} credentials`;
	});
}

async function examplesMatchServer(t, env) {
	await t.check('every node of the examples is a node type and version this n8n knows; credentials referenced by name', async () => {
		const known = new Map();
		for (const type of await h.getNodeTypes(env.session)) {
			const versions = Array.isArray(type.version) ? type.version : [type.version];
			known.set(type.name, new Set([...(known.get(type.name) || []), ...versions]));
		}
		let count = 0;
		for (const file of Object.keys(loadExamples())) {
			const { workflow } = env.workflows[file];
			for (const node of workflow.nodes) {
				assert.ok(known.has(node.type), `${file}: unknown node type ${node.type}`);
				assert.ok(known.get(node.type).has(node.typeVersion), `${file}: ${node.type} has no version ${node.typeVersion}`);
				count++;
			}
		}
		// As shipped, before the suite's rewrite: each credential reference carries the agreed name.
		for (const [file, wf] of Object.entries(loadExamples())) {
			for (const node of wf.nodes) {
				for (const [type, ref] of Object.entries(node.credentials || {})) {
					assert.equal(ref.name, CREDENTIALS[type] && CREDENTIALS[type].name, `${file}: ${node.name} → ${type} "${ref.name}"`);
				}
			}
		}
		return `${count} nodes`;
	});
}

/** The credential classes exactly as n8n loaded them from the installed package. */
function installedCredential(env, file, className) {
	const dir = path.join(env.ctx.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	const Cls = require(path.join(dir, 'dist', 'credentials', file))[className];
	return new Cls();
}

/** The message the credential's own test rules give for a rejected key (HTTP 401 / UNAUTHORIZED). */
function rejectedKeyMessage(credential) {
	const rule = (credential.test.rules || []).find((r) => [401, 'UNAUTHORIZED'].includes(r.properties && r.properties.value));
	assert.ok(rule, `${credential.name} has no test rule for a rejected key`);
	return rule.properties.message;
}

async function credentialTests(t, env) {
	const { session, sim } = env;
	const hotTask = installedCredential(env, 'HotTaskApi.credentials.js', 'HotTaskApi');
	const hamsa = installedCredential(env, 'HamsaApi.credentials.js', 'HamsaApi');
	const cases = [
		{
			label: 'HotTask API',
			id: CREDENTIALS.hotTaskApi.id,
			field: 'secretKey',
			good: keys.HOTTASK,
			path: '/chat/Chatbot/ModelList',
			header: (k) => k,
			message: rejectedKeyMessage(hotTask),
		},
		{
			label: 'Hamsa API',
			id: CREDENTIALS.hamsaApi.id,
			field: 'apiKey',
			good: keys.HAMSA,
			path: '/v2/voice-agents',
			header: (k) => `Token ${k}`,
			message: rejectedKeyMessage(hamsa),
		},
	];
	for (const c of cases) {
		await t.check(`${c.label} credential test passes with the right key (GET ${c.path} reached the simulator)`, async () => {
			sim.clearRequests();
			const r = await h.testCredential(session, c.id);
			assert.deepEqual(r, { status: 'OK', message: 'Connection successful!' });
			const reqs = sim.requests.filter((x) => x.path === c.path);
			assert.equal(reqs.length, 1);
			assert.equal(reqs[0].headers.authorization, c.header(c.good));
		});
		await t.check(`${c.label} credential test with a wrong key fails with the credential's message`, async () => {
			sim.clearRequests();
			const wrong = `wrong-${c.field}-1234`;
			const r = await h.testCredential(session, c.id, { data: { [c.field]: wrong } });
			assert.deepEqual(r, { status: 'Error', message: c.message });
			assert.match(r.message, /key/i);
			const reqs = sim.requests.filter((x) => x.path === c.path);
			assert.equal(reqs.length, 1);
			assert.equal(reqs[0].headers.authorization, c.header(wrong));
			return `"${r.message}"`;
		});
	}
}

async function hotTaskEnvelopeRejection(t, env) {
	const { session, sim } = env;
	await t.check('HotTask API credential test with a wrong key when HotTask answers HTTP 200 + Success:false', async () => {
		sim.configure({ hotTaskAuthFailure: 'envelope200' });
		try {
			const r = await h.testCredential(session, CREDENTIALS.hotTaskApi.id, { data: { secretKey: 'wrong-secretKey-5678' } });
			assert.equal(r.status, 'Error', JSON.stringify(r));
			// One of the credential's own messages (not n8n's generic ones), and about the key.
			const own = installedCredential(env, 'HotTaskApi.credentials.js', 'HotTaskApi').test.rules.map((x) => x.properties.message);
			assert.ok(own.includes(r.message), `not a message of the credential: "${r.message}"`);
			assert.match(r.message, /secret key/i);
			return `"${r.message}"`;
		} finally {
			sim.reset();
		}
	});
}

module.exports = { packageLoaded, examplesMatchServer, credentialTests, hotTaskEnvelopeRejection };
