'use strict';

// Low-level helpers shared by every route: reading bodies, parsing queries,
// answering. They guard against writing to a response the client already
// dropped, because many tests close connections on purpose.

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole request body as a UTF-8 string (rejects above the limit). */
function readBody(req, limit = MAX_BODY_BYTES) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        return; // keep draining so the client can read our 413
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        const err = new Error('Request body too large');
        err.code = 'BODY_TOO_LARGE';
        reject(err);
        return;
      }
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
    // A client that disconnects mid-body never sends 'end'; without this the
    // handler would wait forever.
    req.on('close', () => {
      if (!req.complete) reject(Object.assign(new Error('Client aborted the request'), { code: 'ABORTED' }));
    });
  });
}

/**
 * Turns URLSearchParams into a plain object. Repeated keys become arrays, and
 * keys written with brackets (`status[]`) are always arrays, so a test reads
 * `query['status[]']` the same way whether one or several values were sent.
 */
function parseQuery(searchParams) {
  const query = {};
  for (const [key, value] of searchParams) {
    if (key.endsWith('[]')) {
      (query[key] = query[key] || []).push(value);
    } else if (Object.prototype.hasOwnProperty.call(query, key)) {
      query[key] = [].concat(query[key], value);
    } else {
      query[key] = value;
    }
  }
  return query;
}

function lowerCaseHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function isGone(res) {
  return res.destroyed || res.writableEnded;
}

/** Sends a JSON body (object) or a raw string body with an explicit status. */
function send(res, status, body, headers = {}) {
  if (isGone(res)) return;
  let payload;
  const finalHeaders = { ...headers };
  const hasContentType = Object.keys(finalHeaders).some((h) => h.toLowerCase() === 'content-type');
  if (body === undefined || body === null) {
    payload = '';
  } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
    payload = body;
    if (!hasContentType) finalHeaders['Content-Type'] = 'text/plain; charset=utf-8';
  } else {
    payload = JSON.stringify(body);
    if (!hasContentType) finalHeaders['Content-Type'] = 'application/json; charset=utf-8';
  }
  finalHeaders['Content-Length'] = Buffer.byteLength(payload);
  res.writeHead(status, finalHeaders);
  res.end(payload);
}

/** A sleep that ends early when the client goes away, so timers never pile up. */
function sleepUnlessGone(ms, res) {
  if (!ms || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.removeListener('close', done);
      resolve();
    }
    res.once('close', done);
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

module.exports = {
  MAX_BODY_BYTES,
  readBody,
  parseQuery,
  lowerCaseHeaders,
  isGone,
  send,
  sleep,
  sleepUnlessGone,
  isPlainObject,
};
