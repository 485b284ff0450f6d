'use strict';
// A local stand-in for the URL Hamsa posts call events to: records each
// delivery (headers and JSON body) so a test can replay exactly what the
// simulator sent into a node's webhook(). JavaScript, like the simulator: it
// opens a socket, which `n8n-node lint` rightly forbids in TypeScript sources.

const http = require('node:http');

/**
 * @typedef {{ headers: Record<string, string | string[] | undefined>, body: Record<string, unknown> & { eventType?: string } }} ReceivedDelivery
 * @typedef {{
 *   urlFor(path: string): string,
 *   received: ReceivedDelivery[],
 *   waitForEvent(eventType: string, timeoutMs?: number): Promise<void>,
 *   close(): Promise<void>,
 * }} WebhookReceiver
 */

/** @returns {Promise<WebhookReceiver>} */
async function startWebhookReceiver() {
	/** @type {ReceivedDelivery[]} */
	const received = [];
	const server = http.createServer((request, response) => {
		let text = '';
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			received.push({ headers: request.headers, body: JSON.parse(text) });
			response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		/** The receiver's address with the given path. */
		urlFor: (path) => `http://127.0.0.1:${port}${path}`,
		received,
		/** Resolves once an event of this type arrived (or after the timeout). */
		async waitForEvent(eventType, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			while (!received.some((entry) => entry.body.eventType === eventType) && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
		},
		close: async () => await new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

module.exports = { startWebhookReceiver };
