'use strict';
// Host names of this machine, for tests of what a name leads to (the address
// checks of file downloads). A .js helper because `n8n-node lint` keeps Node
// built-ins out of the TypeScript tests (see repoFiles.js).

const fs = require('node:fs');

/**
 * A name other than localhost that the hosts file gives 127.0.0.1 (the
 * machine's own name, usually), or undefined when it has none. Only loopback:
 * tests never send traffic anywhere else.
 */
function loopbackHostName(hostsFile = '/etc/hosts') {
	let text;
	try {
		text = fs.readFileSync(hostsFile, 'utf8');
	} catch {
		return undefined;
	}
	for (const line of text.split('\n')) {
		const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
		if (address !== '127.0.0.1') continue;
		const name = names.find((candidate) => candidate !== '' && !/localhost/i.test(candidate));
		if (name) return name;
	}
	return undefined;
}

module.exports = { loopbackHostName };
