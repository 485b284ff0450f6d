'use strict';

// The one HTTP server playing both services. Paths do not collide (HotTask
// under /chat/, Hamsa under /v1/ and /v2/), so one base URL serves both
// credentials. Every service request is recorded before anything can fail,
// so a test can always see what the node sent.

const http = require('http');
const { Writable } = require('stream');
const { readBody, parseQuery, lowerCaseHeaders, send, sleepUnlessGone, isGone } = require('./http-util');
const { applyFault } = require('./faults');
const { errorBodyFor } = require('./envelopes');
const { handleControl } = require('./control');
const { handleRecording } = require('./recordings');

function serviceOf(path) {
  if (path.startsWith('/chat/')) return 'hottask';
  if (/^\/v[12]\//.test(path)) return 'hamsa';
  if (/^\/(private-)?recordings\//.test(path)) return 'recordings';
  return 'unknown';
}

async function handleService(sim, req, res) {
  const url = new URL(req.url, 'http://simulator.local');
  const path = url.pathname;
  const method = req.method.toUpperCase();
  const service = serviceOf(path);

  let rawBody = '';
  let tooLarge = false;
  try {
    rawBody = await readBody(req);
  } catch (err) {
    if (err.code !== 'BODY_TOO_LARGE') throw err;
    tooLarge = true;
  }
  let body;
  let bodyError = false;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      bodyError = true;
    }
  }

  const record = {
    service,
    method,
    path,
    query: parseQuery(url.searchParams),
    headers: lowerCaseHeaders(req.headers),
    body,
    rawBody,
    at: Date.now(),
    closedEarly: false,
  };
  sim.recordRequest(record);
  sim.enterFlight(record);
  res.on('close', () => sim.leaveFlight(record));

  // A response that closes before it finished, without us closing it, means
  // the client went away: what a cancelled workflow's aborted request looks like.
  let serverClosed = false;
  const markServerClosed = () => {
    serverClosed = true;
  };
  res.on('close', () => {
    if (!res.writableFinished && !serverClosed) record.closedEarly = true;
  });

  if (sim.config.log) console.log(`[simulator] ${method} ${req.url}`);
  if (tooLarge) return send(res, 413, errorBodyFor(service, 413));

  await sleepUnlessGone(sim.config.latencyMs, res);
  if (isGone(res)) return;

  let streamOverride;
  const fault = sim.faults.take(method, path);
  if (fault && fault.afterActing) {
    // A gateway in front of the service: the service acts, the client gets the gateway's status.
    await serve(sim, service, { ...contextOf(req, discardedResponse(), record, body, bodyError), markServerClosed: () => {} });
    if (isGone(res)) return;
    await applyFault(fault, { service, res, markServerClosed });
    return;
  }
  if (fault) {
    const outcome = await applyFault(fault, { service, res, markServerClosed });
    if (outcome.handled || isGone(res)) return;
    streamOverride = outcome.streamOverride;
  }

  return serve(sim, service, { ...contextOf(req, res, record, body, bodyError), streamOverride, markServerClosed });
}

function contextOf(req, res, record, body, bodyError) {
  return { req, res, method: record.method, path: record.path, query: record.query, headers: record.headers, body, bodyError };
}

function serve(sim, service, ctx) {
  if (service === 'hottask') return sim.hottask.handle(ctx);
  if (service === 'hamsa') return sim.hamsa.handle(ctx);
  if (service === 'recordings') return handleRecording(sim, ctx);
  return send(ctx.res, 404, { message: `Nothing simulated at ${ctx.method} ${ctx.path}` });
}

/** A response nobody reads: the service's answer when a gateway answers the client instead. */
function discardedResponse() {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  Object.assign(sink, {
    socket: null,
    statusCode: 200,
    headersSent: false,
    writeHead(status) {
      sink.statusCode = status;
      sink.headersSent = true;
      return sink;
    },
    setHeader() {},
    getHeader() {},
    flushHeaders() {},
  });
  return sink;
}

/** PUTs to pre-signed storage: raw bytes, recorded without their body (it may be 100 MB of video). */
async function handleStorageRequest(sim, req, res) {
  const url = new URL(req.url, 'http://simulator.local');
  const record = {
    service: 'storage',
    method: req.method.toUpperCase(),
    path: url.pathname,
    query: parseQuery(url.searchParams),
    headers: lowerCaseHeaders(req.headers),
    body: undefined,
    rawBody: '',
    bytes: 0,
    at: Date.now(),
    closedEarly: false,
  };
  sim.recordRequest(record);
  const fault = sim.faults.take(record.method, record.path);
  if (fault) {
    req.resume();
    const outcome = await applyFault(fault, { service: 'hottask', res, markServerClosed: () => {} });
    if (outcome.handled || isGone(res)) return;
  }
  return sim.hottask.handleStorage(req, res, record);
}

function createServer(sim) {
  // noDelay: a real API answers over its own network stack; Nagle's algorithm on
  // loopback would add a delayed-ACK stall to every answer and skew benchmarks.
  const server = http.createServer({ noDelay: true }, (req, res) => {
    const path = (req.url || '/').split('?')[0];
    const work = path === '/__sim' || path.startsWith('/__sim/')
      ? handleControl(sim, req, res, req.method.toUpperCase(), path)
      : path.startsWith('/__storage/')
        ? handleStorageRequest(sim, req, res)
        : handleService(sim, req, res);
    // Never let one odd request take the simulator down.
    work.catch((err) => {
      if (sim.config.log) console.error('[simulator] handler error', err);
      if (!res.headersSent && !isGone(res)) {
        send(res, 500, errorBodyFor(serviceOf(path), 500, `Simulator error: ${err.message}`));
      } else if (!isGone(res)) {
        res.destroy();
      }
    });
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  // Streams with long pieceDelayMs and hang faults must not be cut by Node's defaults.
  server.requestTimeout = 0;
  server.headersTimeout = 60000;
  return server;
}

module.exports = { createServer };
