'use strict';

// Hamsa voice-agent API (see docs/services.md; list shapes follow
// docs.tryhamsa.com). Errors use real HTTP statuses with {success, message,
// messageKey}; success bodies carry the misleading `"success": false`.

const { send, isPlainObject } = require('./http-util');
const { hamsaOk, hamsaError } = require('./envelopes');
const { createRouter } = require('./router');
const { withLiveFields } = require('./liveFields');
const { CALL_STATUSES } = require('./config');
const { buildSeed } = require('./hamsa-seed');
const { CallManager } = require('./calls');
const { createSpeech, RAW } = require('./speech');
const { CampaignManager } = require('./campaigns');
const { historicalRecord, jobView, conversationView, minimalView } = require('./call-views');
const { createAgents } = require('./agents');

class HamsaError extends Error {
  constructor(status, message, messageKey) {
    super(message);
    this.status = status;
    this.messageKey = messageKey;
  }
}

function validation(message) {
  return new HamsaError(400, message, 'VALIDATION_ERROR');
}

/** Reads one integer query parameter with bounds, naming it in the error. */
function intParam(query, name, { def, min, max }) {
  let v = query[name];
  if (v === undefined || v === '') return def;
  if (Array.isArray(v)) throw validation(`${name} must be given once`);
  if (!/^-?\d+$/.test(v)) throw validation(`${name} must be an integer`);
  v = Number(v);
  if (min !== undefined && v < min) throw validation(`${name} must be >= ${min}`);
  if (max !== undefined && v > max) throw validation(`${name} must be <= ${max}`);
  return v;
}

function stringParam(query, name) {
  const v = query[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw validation(`${name} must be given once`);
  return v;
}

/**
 * Status filter: the docs repeat `status`; PHP/axios-style clients send
 * `status[]`; some send one comma-separated value. Accept all three.
 */
function statusFilter(query) {
  const raw = [].concat(query.status || [], query['status[]'] || []);
  const values = raw.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  for (const v of values) {
    if (!CALL_STATUSES.includes(v)) throw validation(`status must be one of ${CALL_STATUSES.join(', ')}; got ${v}`);
  }
  return values;
}

/** A handler's answer that is the whole envelope (own message / messageKey), not only its data. */
const WHOLE_ENVELOPE = Symbol('wholeEnvelope');

const E164 = /^\+[1-9]\d{6,14}$/;

function createHamsa(sim) {
  const calls = new CallManager(sim);
  const speech = createSpeech(sim, { HamsaError, validation });
  const campaigns = new CampaignManager(sim, calls, (id) => agentById(id));
  // Agents and their web tools (create, update, tools, deletes): agents.js.
  const agentStore = createAgents(sim, { HamsaError, validation, WHOLE_ENVELOPE, intParam, stringParam, pageOf });
  let seed;
  let history; // historical call records (seeded), newest first
  let listAnswers; // list answers given under ignorePaging 'fresh', for their ids

  function reset() {
    listAnswers = 0;
    campaigns.stopAll();
    calls.stopAll();
    seed = buildSeed(sim.seedNow, sim.seedSize);
    agentStore.reset(seed);
    const byId = new Map(seed.agents.map((a) => [a.id, a]));
    history = seed.history.map((h) => historicalRecord(h, byId.get(h.voiceAgentId), calls.recordingBase()));
  }

  /**
   * Entries `start` to `start + size` of a list; under config.ignorePaging the
   * first page, whatever skip or page asked: 'repeat' the same entries each
   * time, 'fresh' with new ids each time (a list that never ends).
   */
  function pageOf(list, start, size) {
    const mode = sim.config.ignorePaging;
    if (!mode) return list.slice(start, start + size);
    const first = list.slice(0, size);
    if (mode === 'repeat') return first;
    const answer = ++listAnswers;
    return first.map((entry) => ({ ...entry, id: `${entry.id}-${answer}` }));
  }

  function agentById(id) {
    return agentStore.agentById(id);
  }

  function findCall(id) {
    return calls.calls.get(id) || history.find((h) => h.id === id);
  }

  function listPhoneNumbers(ctx) {
    // Here `skip` is a page number from 1 (docs: "Page number for pagination").
    const page = intParam(ctx.query, 'skip', { def: 1, min: 1 });
    const take = intParam(ctx.query, 'take', { def: 10, min: 1, max: 100 });
    const provider = stringParam(ctx.query, 'provider');
    if (provider !== undefined && provider !== '' && !['TWILIO', 'SIP'].includes(provider)) {
      throw validation('provider must be one of TWILIO, SIP');
    }
    const agentId = stringParam(ctx.query, 'voiceAgentId');
    const numbers = seed.phoneNumbers
      .filter((n) => !provider || n.type === provider)
      .filter((n) => !agentId || n.voiceAgentId === agentId);
    return pageOf(numbers, (page - 1) * take, take).map((n) => JSON.parse(JSON.stringify(n)));
  }

  function startTwilioCall(ctx) {
    const b = ctx.body;
    if (!isPlainObject(b)) throw validation('Request body must be a JSON object');
    const need = (field) => {
      if (b[field] === undefined || b[field] === null || b[field] === '') throw validation(`${field} is required`);
      if (typeof b[field] !== 'string') throw validation(`${field} must be a string`);
    };
    need('toNumber');
    if (!E164.test(b.toNumber)) throw validation('toNumber must be a phone number in E.164 format, e.g. +14155550123');
    need('twilioPhoneNumber');
    need('voiceAgentId');
    if (b.agentDetails !== undefined && b.agentDetails !== null && !isPlainObject(b.agentDetails)) {
      throw validation('agentDetails must be an object');
    }
    if (b.params !== undefined && b.params !== null && !isPlainObject(b.params)) throw validation('params must be an object');
    if (b.webhookUrl !== undefined && b.webhookUrl !== null && b.webhookUrl !== '') {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(b.webhookUrl).protocol);
      } catch {
        ok = false;
      }
      if (!ok) throw validation('webhookUrl must be a valid URL');
    }
    if (b.webhookAuth !== undefined && b.webhookAuth !== null) {
      const wa = b.webhookAuth;
      if (!isPlainObject(wa) || typeof wa.authKey !== 'string' || typeof wa.authSecret !== 'string') {
        throw validation('webhookAuth must be {authKey, authSecret} (strings)');
      }
    }
    const agent = agentById(b.voiceAgentId);
    if (!agent) throw new HamsaError(404, 'Voice agent not found', 'VOICE_AGENT_NOT_FOUND');
    const from = seed.phoneNumbers.find((n) => n.type === 'TWILIO' && n.number === b.twilioPhoneNumber);
    if (!from) {
      throw new HamsaError(400, `Twilio phone number ${b.twilioPhoneNumber} is not registered in this project`, 'PHONE_NUMBER_NOT_FOUND');
    }
    const call = calls.start(agent, b);
    return withEchoedWebhookAuth(jobView(call, agent), call);
  }

  function getConversation(ctx) {
    const call = findCall(ctx.params.id);
    if (!call) throw new HamsaError(404, 'Conversation not found', 'CONVERSATION_NOT_FOUND');
    return withEchoedWebhookAuth(conversationView(call, agentById(call.voiceAgentId)), call);
  }

  function withEchoedWebhookAuth(view, call) {
    return sim.config.echoWebhookAuth && call.webhookAuth ? { ...view, webhookAuth: { ...call.webhookAuth } } : view;
  }

  function minimalList(ctx) {
    const q = ctx.query;
    const voiceAgentId = stringParam(q, 'voiceAgentId');
    const statuses = statusFilter(q);
    const startTime = intParam(q, 'startTime', { def: undefined, min: 0 });
    const endTime = intParam(q, 'endTime', { def: undefined, min: 0 });
    if (startTime !== undefined && endTime !== undefined && endTime < startTime) {
      throw validation('endTime must be greater than or equal to startTime');
    }
    const page = intParam(q, 'page', { def: 1, min: 1 });
    const perPage = intParam(q, 'perPage', { def: 100, min: 1, max: 200 });
    const all = Array.from(calls.calls.values()).concat(history).sort((a, b) => b.createdMs - a.createdMs);
    const filtered = all.filter(
      (c) =>
        (!voiceAgentId || c.voiceAgentId === voiceAgentId) &&
        (!statuses.length || statuses.includes(c.status)) &&
        (startTime === undefined || c.createdMs >= startTime) &&
        (endTime === undefined || c.createdMs <= endTime),
    );
    return {
      total: all.length,
      filtered: filtered.length,
      calls: pageOf(filtered, (page - 1) * perPage, perPage).map(minimalView),
    };
  }

  function terminateConversation(ctx) {
    const call = findCall(ctx.params.id);
    if (!call) throw new HamsaError(404, 'Conversation not found', 'CONVERSATION_NOT_FOUND');
    // Our reading for a call that has already ended (the docs do not say): a 400
    // naming its status. See docs/services.md.
    if (call.historical || !calls.terminate(call)) {
      throw new HamsaError(400, `Conversation has already ended (status ${call.status})`, 'CONVERSATION_ALREADY_ENDED');
    }
    // As Hamsa's reference shows it: a message and messageKey, no data (so the
    // misleading success flag is all there is besides the HTTP status).
    return {
      [WHOLE_ENVELOPE]: {
        success: Boolean(sim.config.hamsaSuccessFlag),
        message: 'Conversation terminated successfully.',
        messageKey: 'ConversationTerminatedSuccessfully',
      },
    };
  }

  const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
  const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

  function createCampaign(ctx) {
    const b = ctx.body;
    if (!isPlainObject(b)) throw validation('Request body must be a JSON object');
    for (const field of ['name', 'phoneNumber', 'voiceAgentId', 'sendType']) {
      if (typeof b[field] !== 'string' || !b[field].trim()) throw validation(`${field} is required`);
    }
    if (!['NOW', 'SCHEDULED'].includes(b.sendType)) throw validation('sendType must be NOW or SCHEDULED');
    if (b.sendType === 'SCHEDULED') {
      if (typeof b.scheduledDate !== 'string' || Number.isNaN(Date.parse(b.scheduledDate))) {
        throw validation('scheduledDate is required for a scheduled campaign and must be a date');
      }
      if (typeof b.scheduledTimezone !== 'string' || !b.scheduledTimezone) {
        throw validation('scheduledTimezone is required for a scheduled campaign');
      }
    }
    if (b.timeRange !== undefined && b.timeRange !== null) {
      const t = b.timeRange;
      if (!isPlainObject(t) || !Array.isArray(t.days) || !t.days.length || !t.days.every((d) => DAYS.includes(d))) {
        throw validation(`timeRange.days must be a non-empty list of ${DAYS.join(', ')}`);
      }
      if (!HHMM.test(t.startCallingTime) || !HHMM.test(t.endCallingTime) || t.startCallingTime >= t.endCallingTime) {
        throw validation('timeRange.startCallingTime and endCallingTime must be HH:mm, start before end');
      }
    }
    if (b.reservedConcurrency !== undefined && (!Number.isInteger(b.reservedConcurrency) || b.reservedConcurrency < 1)) {
      throw validation('reservedConcurrency must be a positive integer');
    }
    if (!Array.isArray(b.recipients) || b.recipients.length === 0) throw validation('recipients must be a non-empty list');
    b.recipients.forEach((r, i) => {
      if (!isPlainObject(r)) throw validation(`recipients[${i}] must be an object`);
      if (typeof r.phoneNumber !== 'string' || (!r.ignoreE164Validation && !E164.test(r.phoneNumber))) {
        throw validation(`recipients[${i}].phoneNumber must be a phone number in E.164 format`);
      }
    });
    const agent = agentById(b.voiceAgentId);
    if (!agent) throw new HamsaError(404, 'Voice agent not found', 'VOICE_AGENT_NOT_FOUND');
    if (!seed.phoneNumbers.some((n) => n.number === b.phoneNumber)) {
      throw new HamsaError(400, `Phone number ${b.phoneNumber} is not registered in this project`, 'PHONE_NUMBER_NOT_FOUND');
    }
    const { recipients, ...created } = campaigns.view(campaigns.create(b, agent));
    return {
      [WHOLE_ENVELOPE]: {
        success: Boolean(sim.config.hamsaSuccessFlag),
        message: 'Campaign created successfully',
        messageKey: 'CAMPAIGN_CREATED_SUCCESSFULLY',
        data: created,
      },
    };
  }

  function listCampaigns(ctx) {
    const take = intParam(ctx.query, 'take', { def: 10, min: 1, max: 100 });
    const skip = intParam(ctx.query, 'skip', { def: 0, min: 0 });
    const search = (stringParam(ctx.query, 'search') || '').trim().toLowerCase();
    const voiceAgentId = stringParam(ctx.query, 'voiceAgentId');
    const all = Array.from(campaigns.campaigns.values())
      .filter((c) => (!voiceAgentId || c.voiceAgentId === voiceAgentId) && (!search || c.name.toLowerCase().includes(search)))
      .reverse();
    const page = pageOf(all, skip, take).map((c) => campaigns.summary(c));
    return { campaigns: page, totalCount: all.length, returnedCount: page.length };
  }

  function getCampaign(ctx) {
    const campaign = campaigns.campaigns.get(ctx.params.id);
    if (!campaign) throw new HamsaError(404, 'Campaign not found', 'CAMPAIGN_NOT_FOUND');
    return campaigns.view(campaign);
  }

  const match = createRouter([
    ['POST', '/v1/voice-agents/campaigns', createCampaign],
    ['GET', '/v1/voice-agents/campaigns', listCampaigns],
    ['GET', '/v1/voice-agents/campaigns/:id', getCampaign],
    ['GET', '/v1/voice-agents/conversation/:id/terminate', terminateConversation],
    ['GET', '/v1/voice-agents/phone-number/list', listPhoneNumbers],
    ['POST', '/v1/voice-agents/twilio/call', startTwilioCall],
    ['GET', '/v1/voice-agents/conversation/:id', getConversation],
    ['GET', '/v1/voice-agents/conversations/minimal-list', minimalList],
    ...speech.routes,
    // After the routes above, so that /v1/voice-agents/campaigns is never read as an agent id.
    ...agentStore.routes,
  ]);

  async function handle(ctx) {
    const route = match(ctx.method, ctx.path);
    // NestJS-style answer for unknown routes; checked before auth, as the framework does.
    if (!route || route.methodNotAllowed) {
      return send(ctx.res, 404, hamsaError(`Cannot ${ctx.method} ${ctx.path}`, 'NOT_FOUND'));
    }
    if (ctx.headers.authorization !== `Token ${sim.config.hamsaKey}`) {
      return send(ctx.res, 401, hamsaError('Unauthorized', 'UNAUTHORIZED'));
    }
    if (ctx.bodyError) return send(ctx.res, 400, hamsaError('Request body must be valid JSON', 'INVALID_JSON'));
    ctx.params = route.params;
    try {
      const data = await route.handler(ctx);
      if (data === RAW) return;
      if (data && data[WHOLE_ENVELOPE]) return send(ctx.res, 200, data[WHOLE_ENVELOPE]);
      send(ctx.res, 200, hamsaOk(data, sim.config.hamsaSuccessFlag));
    } catch (err) {
      if (!(err instanceof HamsaError)) throw err;
      send(ctx.res, err.status, hamsaError(err.message, err.messageKey));
    }
  }

  reset();
  return withLiveFields(
    { handle, reset, calls, speechJobs: speech.jobs, campaigns },
    { agents: () => agentStore.agents, webTools: () => agentStore.webTools, phoneNumbers: () => seed.phoneNumbers, history: () => history },
  );
}

module.exports = { createHamsa };
