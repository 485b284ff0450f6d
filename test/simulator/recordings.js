'use strict';

// Call recordings, as the URLs in a call's mediaUrl / call.ended's
// conversationRecording point at them. Hamsa does not say whether they need
// the API key, so the simulator serves both kinds (and the origin decides
// nothing: a test makes a "foreign" storage host by using localhost instead of
// 127.0.0.1, the credential's host):
//   GET /recordings/<name>          public, like a plain S3 object
//   GET /private-recordings/<name>  401 without "Authorization: Token <key>"
// Names starting with "expired" answer 404 (S3's NoSuchKey XML), names like
// "big-50mb.wav" stream that many MB generated on the fly (nothing held),
// "chunked-big-50mb.wav" the same without a Content-Length (a size known only
// by reading), and "untyped-*" come as application/octet-stream. "*.html" and
// "*.json" answer as a web page and JSON would (not audio). "moved-*" answers
// 302 to the URL in its `to` query (after the key check, for private ones):
// storage that redirects, or a redirect to somewhere it should not.

const { send, isGone } = require('./http-util');

const TYPES = { mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', m4a: 'audio/mp4', html: 'text/html; charset=utf-8', json: 'application/json' };
const MB = 1024 * 1024;

/** A small deterministic file for a name: its bytes say which recording it is. */
function smallRecording(name) {
  const head = Buffer.from(`RECORDING ${name}\n`);
  return Buffer.concat([head, Buffer.alloc(4096 - head.length, 0x55)]);
}

/** A WAV header for `dataBytes` of 16-bit mono 16 kHz PCM. */
function wavHeader(dataBytes) {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Streams `totalBytes` (a WAV header, then a tone-like pattern) honouring back-pressure. */
function streamGenerated(res, totalBytes, contentType, { withLength = true } = {}) {
  res.writeHead(200, { 'Content-Type': contentType, ...(withLength ? { 'Content-Length': String(totalBytes) } : {}) });
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 7) & 0xff;
  let sent = 0;
  const header = wavHeader(totalBytes - 44);
  res.write(header);
  sent += header.length;
  const pump = () => {
    while (sent < totalBytes && !isGone(res)) {
      const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
      sent += piece.length;
      if (!res.write(piece)) return res.once('drain', pump);
    }
    if (sent >= totalBytes) res.end();
  };
  pump();
}

function handleRecording(sim, ctx) {
  const match = /^\/(recordings|private-recordings)\/([^/]+)$/.exec(ctx.path);
  if (!match || ctx.method !== 'GET') return send(ctx.res, 404, { message: `Nothing simulated at ${ctx.method} ${ctx.path}` });
  const [, kind, name] = match;
  if (kind === 'private-recordings' && ctx.headers.authorization !== `Token ${sim.config.hamsaKey}`) {
    return send(ctx.res, 401, { success: false, message: 'Unauthorized', messageKey: 'UNAUTHORIZED' });
  }
  if (name.startsWith('moved-')) {
    const to = typeof ctx.query.to === 'string' ? ctx.query.to : '';
    return send(ctx.res, 302, '', { Location: to });
  }
  if (name.startsWith('expired')) {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>';
    return send(ctx.res, 404, xml, { 'Content-Type': 'application/xml' });
  }
  const extension = (/\.([a-z0-9]+)$/i.exec(name) || [])[1] || '';
  const type = name.startsWith('untyped-') ? 'application/octet-stream' : TYPES[extension.toLowerCase()] || 'application/octet-stream';
  const big = /^(chunked-)?big-(\d+)mb\./i.exec(name);
  if (big) return streamGenerated(ctx.res, Number(big[2]) * MB, type, { withLength: !big[1] });
  return send(ctx.res, 200, smallRecording(name), { 'Content-Type': type });
}

module.exports = { handleRecording, smallRecording, wavHeader, streamGenerated };
