'use strict';
// A throw-away n8n home per test run: n8n keeps its SQLite database, settings,
// encryption key and community packages under N8N_USER_FOLDER/.n8n, so a
// fresh folder means a fresh instance that never touches a real user's n8n.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const crypto = require('node:crypto');
const { node24Env, N8N_E2E_VERSION } = require('./install');

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

// Settings inherited from a developer's shell (a real N8N_USER_FOLDER,
// DB_TYPE=postgresdb, ...) would silently point the harness at another instance.
const INHERITED_PREFIXES = ['N8N_', 'DB_', 'EXECUTIONS_', 'QUEUE_', 'WEBHOOK_URL', 'GENERIC_TIMEZONE', 'VUE_APP_URL_BASE_API'];

function baseEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (!INHERITED_PREFIXES.some((p) => k.startsWith(p))) env[k] = v;
	}
	return node24Env(env);
}

/**
 * @param {{env?: Record<string,string>, prefix?: string, port?: number}} [opts]
 * @returns {Promise<{userFolder:string, n8nFolder:string, tmpDir:string, port:number, url:string, webhookUrl:string, env:Record<string,string>, cleanup:()=>void}>}
 */
async function createUserFolder(opts = {}) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), opts.prefix || 'n8n-e2e-'));
	const n8nFolder = path.join(userFolder, '.n8n');
	const tmpDir = path.join(userFolder, 'harness-tmp');
	fs.mkdirSync(n8nFolder, { recursive: true });
	fs.mkdirSync(tmpDir, { recursive: true });
	const port = opts.port || (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const env = {
		...baseEnv(),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
		// No phoning home and no first-run survey: the machines reach only the
		// npm registry, and every outbound attempt costs startup time.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// The temp folder is created with the default umask; n8n would warn or
		// refuse on the settings file's permissions otherwise.
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: `${url}/`,
		// 2.x name of WEBHOOK_URL (which still works but logs a deprecation).
		N8N_WEBHOOK_URL: `${url}/`,
		N8N_LOG_LEVEL: 'warn',
		N8N_LOG_OUTPUT: 'console',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// Packages are placed by the harness, not by n8n: never let n8n try to
		// npm-install "missing" ones from the internet.
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// Its only job at startup is fetching api.n8n.io's MCP server list,
		// which fails here and fills the log with DNS errors. n8n 1.x has no
		// such module and refuses to start when told to disable it.
		...(N8N_E2E_VERSION === '1' ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		// The (internal, default) task runner broker listens on a fixed 5679,
		// which clashes between parallel instances; cli.js/server.js pick a
		// free port per process.
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// Explicit values only to silence 2.x "default will change" notices.
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		...(opts.env || {}),
	};
	return {
		userFolder,
		n8nFolder,
		tmpDir,
		port,
		url,
		webhookUrl: `${url}/webhook/`,
		env,
		cleanup() {
			fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

module.exports = { createUserFolder, freePort };
