'use strict';
// Loopback ports for connection-level fault tests. JavaScript, like the
// simulator: it opens sockets, which `n8n-node lint` rightly forbids in
// TypeScript sources.

const net = require('node:net');

/** A loopback port with nothing listening on it (taken from the OS, then released). @returns {Promise<number>} */
async function closedPort() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return port;
}

module.exports = { closedPort };
