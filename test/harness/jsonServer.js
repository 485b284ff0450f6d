'use strict';
// A throw-away HTTP server on a free loopback port that answers every request
// with the JSON its handler returns, for tests that need a service shaped
// differently from the simulator. JavaScript, like the simulator: it opens a
// socket, which `n8n-node lint` rightly forbids in TypeScript sources.

const http = require('node:http');

/**
 * @param {(url: URL, request: import('node:http').IncomingMessage) => { status?: number, body: unknown }} answer
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
async function startJsonServer(answer) {
	const server = http.createServer((request, response) => {
		const { status = 200, body } = answer(new URL(request.url ?? '/', 'http://localhost'), request);
		response.writeHead(status, { 'content-type': 'application/json' });
		response.end(JSON.stringify(body));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

module.exports = { startJsonServer };
