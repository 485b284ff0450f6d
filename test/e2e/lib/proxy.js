'use strict';
// The load balancer a queue-mode n8n sits behind (what n8n's docs do with
// nginx): production webhooks (/webhook/) and waiting-execution resumes
// (/webhook-waiting/, /form-waiting/) go round-robin to the webhook
// processes, everything else (editor, REST API, /webhook-test/) to the main
// process. Bodies are piped both ways, so a streamed answer streams.

const http = require('node:http');

const WEBHOOK_PATHS = ['/webhook/', '/webhook-waiting/', '/form-waiting/'];

/**
 * @param {{port:number, main:()=>string, webhooks:()=>string[]}} opts
 *   main/webhooks return the current upstream base URLs (processes restart on new ports or the same).
 * @returns {Promise<{url:string, port:number, counts:Map<string,number>, close:()=>Promise<void>}>}
 */
async function startProxy({ port, main, webhooks }) {
	let next = 0;
	const counts = new Map();
	const server = http.createServer((req, res) => {
		const isWebhook = WEBHOOK_PATHS.some((p) => req.url.startsWith(p));
		const pool = isWebhook ? webhooks() : [main()];
		const target = pool[next++ % pool.length];
		counts.set(target, (counts.get(target) || 0) + 1);
		const upstream = new URL(req.url, target);
		const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress };
		const out = http.request(upstream, { method: req.method, headers }, (up) => {
			res.writeHead(up.statusCode, up.statusMessage, up.rawHeaders);
			res.flushHeaders();
			up.pipe(res);
		});
		out.on('error', (e) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ proxyError: e.message, upstream: target }));
		});
		req.pipe(out);
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		counts,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startProxy, WEBHOOK_PATHS };
