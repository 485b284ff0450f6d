'use strict';
// A stand-in for n8n's webhook server in front of one node: each POST is
// parsed (JSON, or kept as text) and handed to `handle(headers, body)`, whose
// {status, body} is the answer. JavaScript, like webhookReceiver.js: it opens
// a socket, which `n8n-node lint` rightly forbids in TypeScript sources.

const http = require('node:http');

/**
 * @param {(headers: Record<string, string>, body: unknown) => Promise<{status: number, body: unknown}>} handle
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
async function startToolServer(handle) {
	const server = http.createServer((request, response) => {
		let text = '';
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			let body = text;
			try {
				body = text ? JSON.parse(text) : {};
			} catch {
				// not JSON: kept as text, as n8n's raw body
			}
			handle(/** @type {Record<string, string>} */ (request.headers), body).then(
				(answer) => {
					if (answer === undefined) return; // never answered: a hanging workflow
					response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
				},
				(error) => response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) })),
			);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}/webhook/tool`,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

module.exports = { startToolServer };
