'use strict';

// The Simulator object tests hold: state, config and controls around the
// HTTP server. An EventEmitter so tests can await things instead of polling:
// 'request' (a recorded request), 'callStatus' ({id, status}),
// 'webhookDelivery' (a delivery log entry).

const { EventEmitter } = require('events');
const { defaultConfig, mergeConfig, validateConfig } = require('./config');
const { FaultQueue } = require('./faults');
const { postJson } = require('./webhooks');
const { createServer } = require('./server');
const { createHotTask } = require('./hottask');
const { createHamsa } = require('./hamsa');
const { endCallsAtRandom } = require('./endSchedule');

const OPTION_ONLY_KEYS = ['port', 'host', 'seedNow', 'extraVoiceAgents', 'extraPhoneNumbers', 'extraWebTools'];

class Simulator extends EventEmitter {
  constructor(options = {}) {
    super();
    const configPart = { ...options };
    for (const k of OPTION_ONLY_KEYS) delete configPart[k];
    this.baseline = mergeConfig(defaultConfig(), configPart);
    validateConfig(this.baseline);
    this.config = mergeConfig(this.baseline, {});
    // Call history is dated relative to this instant, fixed for the
    // simulator's lifetime so reset() reproduces the same data.
    this.seedNow = Number.isFinite(options.seedNow) ? options.seedNow : Date.now();
    // A project bigger than the 25 seeded agents, 5 numbers and 5 web tools, to page through.
    this.seedSize = {
      extraVoiceAgents: Math.max(0, Math.floor(Number(options.extraVoiceAgents) || 0)),
      extraPhoneNumbers: Math.max(0, Math.floor(Number(options.extraPhoneNumbers) || 0)),
      extraWebTools: Math.max(0, Math.floor(Number(options.extraWebTools) || 0)),
    };
    this.requests = [];
    // Service requests being answered now, and the most at once since reset():
    // how a test sees a node's concurrency without reading the clock.
    this.inFlight = 0;
    this.peakInFlight = 0;
    this.webhookDeliveries = [];
    this.faults = new FaultQueue();
    this.hottask = createHotTask(this);
    this.hamsa = createHamsa(this);
    this.server = createServer(this);
    this.url = null;
    this.port = null;
  }

  /** Live calls started through the API: Map of call id → call record. */
  get calls() {
    return this.hamsa.calls.calls;
  }

  listen(port = 0, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.removeListener('error', reject);
        this.port = this.server.address().port;
        this.url = `http://${host}:${this.port}`;
        // Seeded recordings may live on the simulator itself (recordingBase '<own>'), whose address is known only now.
        if (this.config.recordingBase === '<own>') this.hamsa.reset();
        resolve(this);
      });
    });
  }

  recordRequest(record) {
    if (!this.config.recordRequests) return;
    this.requests.push(record);
    const max = this.config.maxRecordedRequests;
    if (this.requests.length > max) this.requests.splice(0, this.requests.length - max);
    this.emit('request', record);
  }

  /** A service request arrived: `record.inFlight` is how many were being answered then, itself included. */
  enterFlight(record) {
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    record.inFlight = this.inFlight;
  }

  /** Its answer finished, or the client went away. */
  leaveFlight(record) {
    this.inFlight -= 1;
    record.answeredAt = Date.now();
  }

  // Cleared in place so arrays a test already holds stay live.
  clearRequests() {
    this.requests.length = 0;
  }

  configure(partial) {
    if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
      throw new Error('configure() takes an object');
    }
    const next = mergeConfig(this.config, partial);
    validateConfig(next);
    this.config = next;
    return this.config;
  }

  /** Config as JSON can carry it (an answer function is shown, not serialised). */
  publicConfig() {
    return { ...this.config, answer: typeof this.config.answer === 'function' ? '[function]' : this.config.answer };
  }

  addFault(fault) {
    return this.faults.add(fault);
  }

  addFaults(faults) {
    return this.faults.add(faults);
  }

  listFaults() {
    return this.faults.list();
  }

  clearFaults() {
    this.faults.clear();
  }

  reset() {
    this.config = mergeConfig(this.baseline, {});
    this.faults.clear();
    this.clearRequests();
    // Requests still open from before keep counting until they end.
    this.peakInFlight = this.inFlight;
    this.webhookDeliveries.length = 0;
    this.hottask.reset();
    this.hamsa.reset();
  }

  /** POSTs an arbitrary event as Hamsa would (or wouldn't): for duplicate/wrong-auth tests. */
  postWebhook(url, event, { authorization, timeoutMs } = {}) {
    return postJson(url, event === undefined ? {} : event, {
      authorization,
      timeoutMs: timeoutMs === undefined ? this.config.webhookTimeoutMs : timeoutMs,
    }).then(({ status, body }) => ({ status, body }));
  }

  /**
   * Plays Hamsa calling a function tool during a call: the tool named `toolName`
   * attached to agent `agentId` is POSTed `params` as a JSON body at its
   * serverUrl, with `Authorization: Bearer <authToken>` (our reading: Hamsa's
   * docs do not show the request). Waits up to the tool's timeout (or
   * `timeoutMs`) and resolves {status, body}, or {timedOut: true} when no answer
   * came in time; rejects when the agent has no such tool.
   */
  invokeTool(agentId, toolName, params, { timeoutMs, body } = {}) {
    const agent = this.hamsa.agents.find((a) => a.id === agentId);
    if (!agent) return Promise.reject(new Error(`invokeTool: no voice agent ${agentId}`));
    const ids = new Set(agent.tools.map((t) => t.toolId));
    const tool = this.hamsa.webTools.find((t) => ids.has(t.id) && t.name === toolName);
    if (!tool) return Promise.reject(new Error(`invokeTool: agent ${agentId} has no tool named ${toolName}`));
    const settings = tool.toolSettings || {};
    const wait = timeoutMs === undefined ? settings.timeout || 10000 : timeoutMs;
    return postJson(settings.serverUrl, body === undefined ? (params === undefined ? {} : params) : body, {
      authorization: settings.authToken ? `Bearer ${settings.authToken}` : undefined,
      timeoutMs: wait,
    }).then(
      ({ status, body: answer }) => ({ status, body: answer }),
      (error) => {
        if (/timed out/.test(String(error && error.message))) return { timedOut: true };
        throw error;
      },
    );
  }

  /** Ends the live calls at seeded random moments within `withinMs` (see endSchedule.js). */
  endCallsAtRandom(options) {
    return endCallsAtRandom(this, options);
  }

  /** Resolves once every queued webhook delivery has been attempted. */
  webhooksIdle() {
    return this.hamsa.calls.idle();
  }

  close() {
    this.hamsa.calls.stopAll();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

module.exports = { Simulator };
