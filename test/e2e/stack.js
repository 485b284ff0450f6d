'use strict';
// What the e2e suite, the demo and the screenshot script share: our package
// packed and installed as a community package, credentials pointing at the
// simulator, and the example workflows rewritten for this instance.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./lib/n8n');
const { N8N_E2E_VERSION } = require('./lib/install');

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const TEST_WORKFLOWS_DIR = path.join(__dirname, 'workflows');
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;

/** Fixed ids, so workflows and checks can name the credentials. */
const CREDENTIALS = {
	hotTaskApi: { id: 'HotTaskE2eCred01', name: 'HotTask account' },
	hamsaApi: { id: 'HamsaE2eCred0001', name: 'Hamsa account' },
};

/** The address the examples use for this n8n (n8n's default local URL). */
const EXAMPLE_N8N_ORIGIN = 'http://localhost:5678';

/** Fixed workflow ids per example file, so runs and checks can find them. */
const EXAMPLE_IDS = {
	'crm-lead-to-voice-call.json': 'ExCrmLeadToCall1',
	'ask-and-sms.json': 'ExAskAndSms00001',
	'all-operations.json': 'ExAllOperations1',
	'stream-answer-to-chat.json': 'ExStreamAnswer01',
	'nightly-faq-sync.json': 'ExNightlyFaqSync',
	'product-page-to-knowledge.json': 'ExProductPage001',
};

/** `npm pack` of the repository (run `npm run build` first) into `destDir`. */
function packPackage(destDir) {
	if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
	fs.mkdirSync(destDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', destDir], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const tarball = path.join(destDir, out.trim().split('\n').pop());
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}:\n${out}`);
	return tarball;
}

/** Packs the package into a temp dir and installs it into the user folder. */
function packAndInstall(ctx) {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
	try {
		const tarball = packPackage(packDir);
		// The size is read here because the packed file goes with packDir.
		return { ...h.installPackage(ctx.userFolder, tarball), tarball: path.basename(tarball), tarballBytes: fs.statSync(tarball).size };
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

function credentialData(sim, keys = {}) {
	const { DEFAULT_HOTTASK_KEY, DEFAULT_HAMSA_KEY } = require('../simulator');
	return [
		{
			...CREDENTIALS.hotTaskApi,
			type: 'hotTaskApi',
			data: { secretKey: keys.hotTaskKey || DEFAULT_HOTTASK_KEY, baseUrl: sim.url },
		},
		{
			...CREDENTIALS.hamsaApi,
			type: 'hamsaApi',
			data: { apiKey: keys.hamsaKey || DEFAULT_HAMSA_KEY, region: 'custom', baseUrl: sim.url },
		},
	];
}

function readJson(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every example, keyed by file name. */
function loadExamples() {
	const out = {};
	for (const file of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
		out[file] = readJson(path.join(EXAMPLES_DIR, file));
	}
	return out;
}

function loadTestWorkflows() {
	const out = {};
	if (!fs.existsSync(TEST_WORKFLOWS_DIR)) return out;
	for (const file of fs.readdirSync(TEST_WORKFLOWS_DIR).filter((f) => f.endsWith('.json')).sort()) {
		out[file] = readJson(path.join(TEST_WORKFLOWS_DIR, file));
	}
	return out;
}

function rewriteStrings(value, fn) {
	if (typeof value === 'string') return fn(value);
	if (Array.isArray(value)) return value.map((v) => rewriteStrings(v, fn));
	if (value && typeof value === 'object') {
		const out = {};
		for (const [k, v] of Object.entries(value)) out[k] = rewriteStrings(v, fn);
		return out;
	}
	return value;
}

/**
 * A copy of a workflow for this instance: credential references get the fixed
 * ids, and URLs of n8n's default local address point at this server.
 */
function prepareWorkflow(workflow, { id, n8nUrl }) {
	const wf = JSON.parse(JSON.stringify(workflow));
	if (id) wf.id = id;
	for (const node of wf.nodes) {
		// n8n 1.x's newest AI Agent is 3 (3.1 came with 2.x): the same workflow as built in a 1.x editor.
		if (N8N_E2E_VERSION === '1' && node.type === '@n8n/n8n-nodes-langchain.agent' && node.typeVersion > 3) node.typeVersion = 3;
		for (const type of Object.keys(node.credentials || {})) {
			if (CREDENTIALS[type]) node.credentials[type] = { ...CREDENTIALS[type] };
		}
		if (n8nUrl) {
			const origin = n8nUrl.replace(/\/$/, '');
			node.parameters = rewriteStrings(node.parameters, (s) => s.split(EXAMPLE_N8N_ORIGIN).join(origin));
		}
	}
	wf.active = false;
	return wf;
}

/** Imports several workflows with one `n8n import:workflow` (one file holding an array). */
async function importWorkflows(ctx, workflows) {
	const list = workflows.map((wf) => ({ connections: {}, settings: {}, ...wf, id: wf.id || h.newId(), active: false }));
	const file = path.join(ctx.tmpDir, `workflows-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify(list, null, 2));
	const r = await h.runN8n(ctx, ['import:workflow', `--input=${file}`]);
	if (r.exitCode !== 0 || /^(Error|An error occurred)/m.test(`${r.stdout}\n${r.stderr}`)) {
		throw new Error(`n8n import:workflow failed (exit ${r.exitCode})\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
	}
	return list.map((wf) => wf.id);
}

/** True when a workflow starts from a webhook (so it is published rather than executed). */
function isWebhookWorkflow(wf) {
	return wf.nodes.some((n) => n.type === 'n8n-nodes-base.webhook' || n.webhookId);
}

/**
 * Credentials + every example (ids from EXAMPLE_IDS) imported into ctx; with
 * `publish`, the webhook examples are published too (server must be stopped).
 * @returns {Promise<Record<string, {id:string, name:string, webhook:boolean, workflow:object}>>}
 */
async function importExamples(ctx, sim, { publish = false, extra = {} } = {}) {
	await h.importCredentials(ctx, credentialData(sim));
	const entries = Object.entries({ ...loadExamples(), ...extra });
	const prepared = entries.map(([file, wf]) => prepareWorkflow(wf, { id: EXAMPLE_IDS[file] || undefined, n8nUrl: ctx.url }));
	const ids = await importWorkflows(ctx, prepared);
	const out = {};
	entries.forEach(([file], i) => {
		out[file] = { id: ids[i], name: prepared[i].name, webhook: isWebhookWorkflow(prepared[i]), workflow: prepared[i] };
	});
	if (publish) {
		for (const wf of Object.values(out)) if (wf.webhook) await h.publishWorkflow(ctx, wf.id);
	}
	return out;
}

/**
 * An `n8n execute`/`import` started by the harness runs detached in its own
 * process group and would outlive an interrupted run: end the groups of this
 * process's own children (Linux /proc; elsewhere nothing to do).
 */
function killChildProcessGroups() {
	let entries = [];
	try {
		entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
	} catch {
		return;
	}
	for (const pid of entries) {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// fields[1] is the parent pid, fields[2] the process group.
			if (Number(fields[1]) === process.pid && Number(fields[2]) === Number(pid)) process.kill(-Number(pid), 'SIGKILL');
		} catch {}
	}
}

module.exports = {
	killChildProcessGroups,
	ROOT,
	EXAMPLES_DIR,
	TEST_WORKFLOWS_DIR,
	PACKAGE_NAME,
	CREDENTIALS,
	EXAMPLE_IDS,
	EXAMPLE_N8N_ORIGIN,
	packPackage,
	packAndInstall,
	credentialData,
	loadExamples,
	loadTestWorkflows,
	prepareWorkflow,
	importWorkflows,
	importExamples,
	isWebhookWorkflow,
};
