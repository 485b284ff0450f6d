'use strict';
// n8n's internal REST API (/rest/*, what the editor UI uses) for a running
// server. Auth is the `n8n-auth` cookie; its JWT is bound to the `browser-id`
// header sent at login, so a session sends the same browser-id on every call.

const crypto = require('node:crypto');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function createSession(url) {
	return { url: url.replace(/\/$/, ''), cookies: new Map(), browserId: crypto.randomUUID(), user: null };
}

function storeCookies(session, res) {
	for (const c of res.headers.getSetCookie()) {
		const [pair, ...attrs] = c.split(';');
		const i = pair.indexOf('=');
		const name = pair.slice(0, i).trim();
		const value = pair.slice(i + 1).trim();
		const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
		if (expired || value === '') session.cookies.delete(name);
		else session.cookies.set(name, value);
	}
}

/**
 * `path` is relative to /rest (a leading "/rest" is accepted too); absolute
 * http(s) URLs are used as they are.
 * @returns {Promise<{status:number, ok:boolean, headers:Headers, body:any, data:any}>}
 *   `data` unwraps n8n's `{data: ...}` envelope.
 */
async function restRequest(session, method, path, body, { headers = {}, timeoutMs = 60000 } = {}) {
	const target = /^https?:/.test(path) ? path : `${session.url}${path.startsWith('/rest/') || path === '/rest' ? '' : '/rest'}${path.startsWith('/') ? '' : '/'}${path}`;
	const h = { accept: 'application/json', 'browser-id': session.browserId, ...headers };
	if (session.cookies.size) h.cookie = [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	let payload;
	if (body !== undefined) {
		h['content-type'] = 'application/json';
		payload = JSON.stringify(body);
	}
	const res = await fetch(target, { method, headers: h, body: payload, signal: AbortSignal.timeout(timeoutMs) });
	storeCookies(session, res);
	const text = await res.text();
	let parsed = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {}
	const data = parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed;
	return { status: res.status, ok: res.ok, headers: res.headers, body: parsed, data };
}

function expectOk(what, r) {
	if (!r.ok) throw new Error(`${what}: HTTP ${r.status} ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`);
	return r;
}

const DEFAULT_OWNER = {
	email: 'owner@e2e.test',
	// n8n requires 8+ characters with a digit and an uppercase letter.
	password: 'E2e-Passw0rd',
	firstName: 'E2E',
	lastName: 'Owner',
};

async function login(url, { email, password }) {
	const session = createSession(url);
	const r = expectOk('POST /rest/login', await restRequest(session, 'POST', '/login', { emailOrLdapLoginId: email, password }));
	if (!session.cookies.has('n8n-auth')) throw new Error('POST /rest/login set no n8n-auth cookie');
	session.user = r.data;
	return session;
}

/**
 * Creates the instance owner on a fresh instance, then logs in as it.
 * @returns {Promise<{url, cookies:Map, browserId, user, owner:{email,password,firstName,lastName}}>}
 */
async function setupOwner(url, owner = {}) {
	const o = { ...DEFAULT_OWNER, ...owner };
	const setup = createSession(url);
	expectOk('POST /rest/owner/setup', await restRequest(setup, 'POST', '/owner/setup', o));
	const session = await login(url, o);
	session.owner = o;
	return session;
}

/**
 * Runs n8n's own credential test (the editor's "Retry"/"Save" check) on a stored credential.
 * `data` overrides fields of the stored data, e.g. to test a wrong key
 * without saving it; untouched secret fields keep their stored values.
 * @returns {Promise<{status:'OK'|'Error', message:string}>}
 */
async function testCredential(session, credentialId, { data } = {}) {
	// GET returns secrets redacted; POST /credentials/test swaps the redaction
	// markers back for the stored values, exactly as the editor's flow does.
	const cred = expectOk(`GET /rest/credentials/${credentialId}`, await restRequest(session, 'GET', `/credentials/${encodeURIComponent(credentialId)}?includeData=true`)).data;
	const credentials = { id: cred.id, name: cred.name, type: cred.type, data: { ...(cred.data || {}), ...(data || {}) } };
	const r = expectOk('POST /rest/credentials/test', await restRequest(session, 'POST', '/credentials/test', { credentials }));
	return { status: r.data.status, message: r.data.message };
}

/** The most executions n8n 2.41 lists per request. */
const MAX_PAGE = 100;

/**
 * Executions of a workflow, newest first (running, waiting and finished).
 * @returns {Promise<{count:number, estimated:boolean, results:Array<{id:string,status:string,mode:string,finished:boolean,startedAt:string,stoppedAt:string}>}>}
 */
async function listExecutions(session, workflowId, { limit = 100, status } = {}) {
	const filter = { workflowId: String(workflowId) };
	if (status) filter.status = Array.isArray(status) ? status : [status];
	// n8n 2.41 refuses a limit above 100 and pages with `cursor` (its answer's
	// nextCursor); earlier versions answer the whole limit at once, without nextCursor.
	const r = { data: { results: [], count: 0, estimated: false } };
	let cursor;
	for (let page = 0; ; page++) {
		const pageLimit = Math.min(MAX_PAGE, limit - r.data.results.length);
		const qs = new URLSearchParams({ filter: JSON.stringify(filter), limit: String(pageLimit) });
		if (cursor) qs.set('cursor', cursor);
		const answer = expectOk('GET /rest/executions', await restRequest(session, 'GET', `/executions?${qs}`)).data;
		r.data.results.push(...answer.results);
		if (page === 0) Object.assign(r.data, { count: answer.count, estimated: answer.estimated });
		cursor = answer.nextCursor;
		if (!cursor || r.data.results.length >= limit || answer.results.length === 0) break;
	}
	// n8n 2.x answers with three queries run side by side (running, finished, and a
	// count of the finished): an execution that finishes between them is listed twice,
	// running and finished, while the count misses it (seen in queue mode:
	// ["running","success"] with count 0). Keep each execution once, finished if seen so.
	const byId = new Map();
	for (const e of r.data.results) {
		const seen = byId.get(e.id);
		if (!seen || FINAL_STATUSES.includes(e.status)) byId.set(e.id, e);
	}
	const results = [...byId.values()];
	return { count: Math.max(r.data.count, results.length), estimated: r.data.estimated, results };
}

/** Full execution (with run data) as stored by n8n; `data` stays n8n's flatted string. */
async function getExecution(session, executionId) {
	return expectOk(`GET /rest/executions/${executionId}`, await restRequest(session, 'GET', `/executions/${encodeURIComponent(executionId)}`)).data;
}

const FINAL_STATUSES = ['success', 'error', 'crashed', 'canceled'];

/**
 * Polls until `predicate(list)` holds (default: at least `count` finished
 * executions); executions are saved after a webhook has already answered.
 */
async function waitForExecutions(session, workflowId, { count = 1, predicate, timeoutMs = 30000, intervalMs = 250 } = {}) {
	// By status alone: a resumed execution can list as finished while still running.
	const done = predicate || ((l) => l.results.filter((e) => FINAL_STATUSES.includes(e.status)).length >= count);
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await listExecutions(session, workflowId);
		if (done(last)) return last;
		if (Date.now() > deadline) throw new Error(`executions of ${workflowId} did not reach the expected state in ${timeoutMs} ms: ${JSON.stringify(last.results.map((e) => e.status))}`);
		await sleep(intervalMs);
	}
}

/**
 * Every node type the server loaded (what the editor's node panel lists), e.g.
 * to prove a community package loaded: names are "<package>.<nodeName>".
 * Served outside /rest but, in 2.x, only to a logged-in session.
 */
async function getNodeTypes(session) {
	return expectOk('GET /types/nodes.json', await restRequest(session, 'GET', `${session.url}/types/nodes.json`)).body;
}

module.exports = {
	createSession,
	restRequest,
	login,
	setupOwner,
	testCredential,
	listExecutions,
	getExecution,
	waitForExecutions,
	getNodeTypes,
	DEFAULT_OWNER,
};
