'use strict';

// Queued misbehaviours. A fault is one-shot (or `times: n`) and matches by
// method and path, so a test can say "the next ClientAsk answers 429" without
// touching any other request the node under test makes.

const { isPlainObject, send, sleepUnlessGone } = require('./http-util');
const { hotTaskFailure, errorBodyFor } = require('./envelopes');
const { validateStreamOptions } = require('./config');

const ACTIONS = ['status', 'reset', 'hang', 'delayMs', 'hottaskFailure', 'twilioStatusFalse', 'rateLimit', 'stream'];

/** Validates a fault and returns a normalised copy; throws with a readable reason. */
function normaliseFault(input) {
  if (!isPlainObject(input)) throw new Error('A fault must be an object');
  const actions = ACTIONS.filter((a) => input[a] !== undefined && input[a] !== false);
  if (actions.length !== 1) {
    throw new Error(`A fault needs exactly one action of ${ACTIONS.join(', ')}; got ${actions.length ? actions.join(', ') : 'none'}`);
  }
  const action = actions[0];
  const fault = { action, method: undefined, path: undefined, times: 1 };
  if (input.method !== undefined) {
    if (typeof input.method !== 'string') throw new Error('fault.method must be a string');
    fault.method = input.method.toUpperCase();
  }
  if (input.path !== undefined) {
    if (typeof input.path !== 'string' || !input.path.startsWith('/')) throw new Error('fault.path must be a string starting with /');
    fault.path = input.path;
  }
  if (input.afterActing !== undefined) {
    if (typeof input.afterActing !== 'boolean') throw new Error('fault.afterActing must be a boolean');
    if (input.afterActing && action !== 'status' && action !== 'rateLimit') {
      throw new Error('fault.afterActing goes only with status or rateLimit');
    }
    fault.afterActing = input.afterActing;
  }
  if (input.times !== undefined) {
    if (!Number.isInteger(input.times) || input.times < 1) throw new Error('fault.times must be an integer >= 1');
    fault.times = input.times;
  }
  switch (action) {
    case 'status':
      if (!Number.isInteger(input.status) || input.status < 100 || input.status > 599) {
        throw new Error('fault.status must be an HTTP status code');
      }
      if (input.headers !== undefined && !isPlainObject(input.headers)) throw new Error('fault.headers must be an object');
      fault.status = input.status;
      fault.headers = input.headers || {};
      fault.body = input.body;
      break;
    case 'delayMs':
      if (typeof input.delayMs !== 'number' || !(input.delayMs >= 0)) throw new Error('fault.delayMs must be a number >= 0');
      fault.delayMs = input.delayMs;
      break;
    case 'hottaskFailure':
      if (!isPlainObject(input.hottaskFailure)) throw new Error('fault.hottaskFailure must be {code, message}');
      fault.hottaskFailure = {
        code: input.hottaskFailure.code === undefined ? 500 : input.hottaskFailure.code,
        message: input.hottaskFailure.message === undefined ? 'Internal error' : input.hottaskFailure.message,
      };
      break;
    case 'twilioStatusFalse':
      fault.twilioStatusFalse = typeof input.twilioStatusFalse === 'string' ? input.twilioStatusFalse : 'Message could not be sent';
      break;
    case 'rateLimit': {
      const rl = input.rateLimit === true ? {} : input.rateLimit;
      if (!isPlainObject(rl)) throw new Error('fault.rateLimit must be an object');
      const status = rl.status === undefined ? 429 : rl.status;
      if (status !== 429 && status !== 503) throw new Error('fault.rateLimit.status must be 429 or 503');
      if (rl.retryAfter !== undefined && typeof rl.retryAfter !== 'string' && typeof rl.retryAfter !== 'number') {
        throw new Error('fault.rateLimit.retryAfter must be a string (seconds or HTTP date) or a number');
      }
      fault.rateLimit = { status, retryAfter: rl.retryAfter === undefined ? undefined : String(rl.retryAfter) };
      break;
    }
    case 'stream':
      validateStreamOptions(input.stream, 'fault.stream');
      fault.stream = { ...input.stream };
      break;
    default:
      fault[action] = true; // reset, hang
  }
  return fault;
}

function matches(fault, method, path) {
  if (fault.method && fault.method !== method) return false;
  if (!fault.path) return true;
  if (fault.path.endsWith('*')) return path.startsWith(fault.path.slice(0, -1));
  return fault.path === path;
}

class FaultQueue {
  constructor() {
    this.items = [];
  }

  add(fault) {
    const list = Array.isArray(fault) ? fault : [fault];
    const normalised = list.map(normaliseFault); // validate all before queueing any
    this.items.push(...normalised);
    return normalised.length;
  }

  /** Removes (or decrements) and returns the first fault matching this request. */
  take(method, path) {
    const i = this.items.findIndex((f) => matches(f, method, path));
    if (i < 0) return null;
    const fault = this.items[i];
    fault.times -= 1;
    if (fault.times <= 0) this.items.splice(i, 1);
    return fault;
  }

  list() {
    return this.items.map((f) => ({ ...f }));
  }

  clear() {
    this.items.length = 0;
  }
}

/**
 * Applies a fault to a live request. Returns `{handled: true}` when the fault
 * produced the whole outcome, otherwise what the normal handler must honour
 * (a stream override). `markServerClosed` stops a deliberate reset from being
 * recorded as the client closing early.
 */
async function applyFault(fault, { service, res, markServerClosed }) {
  switch (fault.action) {
    case 'reset':
      markServerClosed();
      if (res.socket) res.socket.destroy();
      else res.destroy();
      return { handled: true };
    case 'hang':
      // Never answer; the request ends when the client gives up (or close()).
      await new Promise((resolve) => res.once('close', resolve));
      return { handled: true };
    case 'delayMs':
      await sleepUnlessGone(fault.delayMs, res);
      return { handled: false };
    case 'status': {
      const body = fault.body === undefined ? errorBodyFor(service, fault.status) : fault.body;
      send(res, fault.status, body, fault.headers);
      return { handled: true };
    }
    case 'hottaskFailure':
      send(res, 200, hotTaskFailure(fault.hottaskFailure.code, fault.hottaskFailure.message));
      return { handled: true };
    case 'twilioStatusFalse':
      send(res, 200, {
        Data: { Status: 'False', Message: fault.twilioStatusFalse, SessionID: 0 },
        Version: '1.0.0',
        Success: true,
        Code: 200,
        Message: '',
      });
      return { handled: true };
    case 'rateLimit': {
      const headers = {};
      if (fault.rateLimit.retryAfter !== undefined) headers['Retry-After'] = fault.rateLimit.retryAfter;
      send(res, fault.rateLimit.status, errorBodyFor(service, fault.rateLimit.status), headers);
      return { handled: true };
    }
    case 'stream':
      return { handled: false, streamOverride: fault.stream };
    default:
      return { handled: false };
  }
}

module.exports = { FaultQueue, normaliseFault, applyFault, ACTIONS };
