'use strict';
// The simulator's recordings (test/simulator/recordings.js) in a process of
// their own, so the bench measures only the process that downloads.
const http = require('node:http');
const { handleRecording } = require('../simulator/recordings');

const sim = { config: { hamsaKey: 'unused' } };
const server = http.createServer((req, res) => {
	const url = new URL(req.url, 'http://recordings.local');
	handleRecording(sim, { method: req.method, path: url.pathname, headers: req.headers, res });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
