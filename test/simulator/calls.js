'use strict';

// Hamsa call jobs: their simulated lifecycle (PENDING → IN_PROGRESS → final
// status, on a compressed clock of `callDurationMs`) and the webhook events
// each step sends to the call's webhookUrl.

const crypto = require('crypto');
const { setMaxListeners } = require('events');
const { postJson, webhookAuthorization } = require('./webhooks');
const { PROJECT_ID, transcriptFor, outcomeFor, wasAnswered } = require('./hamsa-seed');
const { RECORDING_BASE } = require('./call-views');

/**
 * One signal stops every delivery in flight on close; a campaign has hundreds
 * of them at once, which is not the leak Node's listener warning is about.
 */
function abortControllerForDeliveries() {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

const FINAL_ANSWERED_DURATION_S = 47; // seconds the simulated conversation "lasted"

function iso(ms) {
  return new Date(ms).toISOString();
}

class CallManager {
  /**
   * @param sim the Simulator (config, emit, webhookDeliveries)
   */
  constructor(sim) {
    this.sim = sim;
    this.calls = new Map(); // id → call record (live calls only; exposed as sim.calls)
    this.timers = new Set();
    this.chains = new Map(); // id → promise chain keeping one call's events in order
    this.aborter = abortControllerForDeliveries();
  }

  /**
   * Creates a call from a validated Twilio-call request and starts its lifecycle.
   * `extra` (campaign calls): plannedOutcome, campaignId, campaignRecipientId,
   * and onEnded(call), called once the call has reached its final status.
   */
  start(agent, body, extra = {}) {
    const now = Date.now();
    const config = this.sim.config;
    const params = body.params && typeof body.params === 'object' ? { ...body.params } : {};
    const overrideName =
      body.agentDetails && typeof body.agentDetails.agentName === 'string' && body.agentDetails.agentName.trim()
        ? body.agentDetails.agentName
        : null;
    const call = {
      id: crypto.randomUUID(),
      voiceAgentId: agent.id,
      agentName: overrideName || agent.name,
      lang: agent.voice.lang,
      status: 'PENDING',
      plannedOutcome: extra.plannedOutcome || config.callOutcome,
      campaignId: extra.campaignId || null,
      campaignRecipientId: extra.campaignRecipientId || null,
      onEnded: extra.onEnded || null,
      ended: false,
      createdMs: now,
      updatedMs: now,
      callDuration: 0,
      callParams: { machineNumber: body.twilioPhoneNumber, userNumber: body.toNumber },
      params,
      webhookUrl: typeof body.webhookUrl === 'string' && body.webhookUrl ? body.webhookUrl : null,
      webhookAuth: body.webhookAuth || null,
      transcription: [],
      outcomeResult: null,
      mediaUrl: null,
      logs: [],
      eventsSent: [],
      historical: false,
    };
    this.calls.set(call.id, call);
    this.chains.set(call.id, Promise.resolve());
    this.log(call, 'call.created', { status: 'PENDING' });
    this.schedule(call, config.callDurationMs);
    return call;
  }

  schedule(call, durationMs) {
    const outcome = call.plannedOutcome;
    if (outcome === 'PENDING') return; // a call that never leaves the queue
    const at = (fraction, fn) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.calls.get(call.id) !== call) return; // reset() happened meanwhile
        if (call.ended) return; // terminated meanwhile
        fn();
      }, Math.round(durationMs * fraction));
      timer.unref();
      this.timers.add(timer);
    };
    const lines = transcriptFor(call.agentName, outcome === 'IN_PROGRESS' ? 'IN_PROGRESS' : outcome, call.params);

    at(0.1, () => {
      this.setStatus(call, 'IN_PROGRESS');
      this.emitEvent(call, 'call.started', {
        status: 'IN_PROGRESS',
        direction: 'outbound',
        fromNumber: call.callParams.machineNumber,
        toNumber: call.callParams.userNumber,
      });
    });
    if (!wasAnswered(outcome)) {
      at(1, () => this.finish(call, outcome));
      return;
    }
    at(0.25, () => this.emitEvent(call, 'call.answered', { status: 'IN_PROGRESS', answeredAt: iso(Date.now()) }));
    at(0.5, () => this.addTranscript(call, lines.slice(0, 2)));
    at(0.75, () => this.addTranscript(call, lines.slice(2)));
    if (outcome === 'IN_PROGRESS') return; // a call that never ends
    at(1, () => this.finish(call, outcome));
  }

  addTranscript(call, lines) {
    call.transcription.push(...lines);
    call.updatedMs = Date.now();
    this.emitEvent(call, 'transcription.update', {
      transcription: call.transcription.slice(),
      latest: lines,
    });
  }

  setStatus(call, status) {
    call.status = status;
    call.updatedMs = Date.now();
    this.log(call, 'status', { status });
    this.sim.emit('callStatus', { id: call.id, status });
  }

  /**
   * Ends a call in progress (the terminate endpoint): TERMINATED, with its
   * call.ended event. Returns false when the call had already ended.
   */
  terminate(call) {
    if (call.ended || call.historical || !['PENDING', 'IN_PROGRESS'].includes(call.status)) return false;
    this.finish(call, 'TERMINATED');
    return true;
  }

  finish(call, status) {
    call.ended = true;
    const answered = wasAnswered(status);
    call.callDuration = answered ? FINAL_ANSWERED_DURATION_S : 0;
    call.mediaUrl = answered ? `${this.recordingBase()}/${call.id}.mp3` : null;
    const appointment = iso(Date.now() + 3 * 86400000).slice(0, 10) + 'T15:00:00.000Z';
    call.outcomeResult = outcomeFor(status, call.params, appointment);
    this.setStatus(call, status);
    const now = iso(Date.now());
    this.emitEvent(call, 'call.ended', {
      timestamp: now,
      status,
      callDuration: call.callDuration,
      data: {
        conversationId: call.id,
        conversationRecording: call.mediaUrl,
        transcription: call.transcription.slice(),
        outcomeResult: call.outcomeResult,
      },
    });
    if (call.onEnded) call.onEnded(call);
  }

  recordingBase() {
    const base = this.sim.config.recordingBase;
    if (base === '<own>') return `${this.sim.url}/recordings`;
    return base || RECORDING_BASE;
  }

  log(call, event, payload) {
    const now = iso(Date.now());
    call.logs.push({ id: `log_${call.logs.length + 1}`, timestamp: now, payload: { event, ...payload }, createdAt: now, updatedAt: now });
  }

  /** Queues one webhook event (twice with duplicateWebhooks); order per call is preserved. */
  emitEvent(call, eventType, data) {
    const event = {
      eventType,
      callId: call.id,
      timestamp: iso(Date.now()),
      projectId: PROJECT_ID,
      agentId: call.voiceAgentId,
      agentName: call.agentName,
      // Campaign calls say which campaign and recipient they belong to (our
      // reading: Hamsa's docs do not show where; see docs/services.md).
      ...(call.campaignId ? { campaignId: call.campaignId, campaignRecipientId: call.campaignRecipientId } : {}),
      data: this.sim.config.echoWebhookAuth && call.webhookAuth ? { ...data, webhookAuth: { ...call.webhookAuth } } : data,
    };
    call.eventsSent.push(eventType);
    if (!call.webhookUrl) return;
    const copies = this.sim.config.duplicateWebhooks ? 2 : 1;
    for (let attempt = 1; attempt <= copies; attempt++) {
      const chain = this.chains.get(call.id).then(() => this.deliver(call, event, attempt));
      this.chains.set(call.id, chain);
    }
  }

  async deliver(call, event, copy) {
    if (this.aborter.signal.aborted) return;
    const started = Date.now();
    const entry = { callId: call.id, eventType: event.eventType, url: call.webhookUrl, copy, at: started, status: null, error: null, durationMs: 0 };
    try {
      const result = await postJson(call.webhookUrl, event, {
        authorization: webhookAuthorization(call.webhookAuth),
        timeoutMs: this.sim.config.webhookTimeoutMs,
        signal: this.aborter.signal,
      });
      entry.status = result.status;
    } catch (err) {
      entry.error = err && err.message ? err.message : String(err); // best effort, like Hamsa
    }
    entry.durationMs = Date.now() - started;
    this.sim.webhookDeliveries.push(entry);
    this.sim.emit('webhookDelivery', entry);
  }

  /** Waits until every queued webhook delivery has been attempted. */
  async idle() {
    let before;
    do {
      before = Array.from(this.chains.values());
      await Promise.all(before);
    } while (Array.from(this.chains.values()).some((c, i) => c !== before[i]));
  }

  stopAll() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.aborter.abort();
    this.aborter = abortControllerForDeliveries();
    this.calls.clear();
    this.chains.clear();
  }
}

module.exports = { CallManager };
