'use strict';

// All tunable behaviour lives in one config object so tests (in process) and
// the e2e suite (over /__sim/config) change the simulator the same way, and
// reset() can return to exactly the state the simulator was started with.

const { isPlainObject } = require('./http-util');

const DEFAULT_HOTTASK_KEY = 'ht-sk-test-0123456789abcdef';
const DEFAULT_HAMSA_KEY = 'hamsa-test-key-abcdef0123456789';
const DEFAULT_CHATBOT_ID = '3254a9d0424c4806b9ea3d0763ccf001';
const SECOND_CHATBOT_ID = '3254a9d0424c4806b9ea3d0763ccf002';

const CALL_STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'NO_ANSWER', 'FAILED', 'FORWARDED', 'TERMINATED'];
const HAMSA_DELETE_MODES = ['absent', 'methodNotAllowed', 'supported'];
const FRAMINGS = ['sse', 'sse-nospace', 'sse-crlf', 'sse-rich', 'ndjson', 'ndjson-crlf'];

function defaultStreamOptions() {
  return {
    framing: 'sse',
    done: false,
    pieceSize: null,
    chunkSize: null,
    pieceDelayMs: 0,
    cutAfterPieces: null,
    unendingLineAfter: null,
    endWithoutSummary: false,
    malformedLineAfter: null,
    errorEnvelope: null,
  };
}

function defaultConfig() {
  return {
    hotTaskKey: DEFAULT_HOTTASK_KEY,
    hamsaKey: DEFAULT_HAMSA_KEY,
    latencyMs: 0,
    callDurationMs: 300,
    callOutcome: 'COMPLETED',
    chatbots: [DEFAULT_CHATBOT_ID, SECOND_CHATBOT_ID],
    answer: null,
    // Whether EditKnowledge's lists replace the chatbot's lists ('replace') or are merged into them ('add'); HotTask does not say.
    editKnowledge: 'replace',
    hotTaskAuthFailure: 'http401',
    hamsaSuccessFlag: false,
    duplicateWebhooks: false,
    // null, or Hamsa's lists answering their first page whatever skip/page ask: 'repeat' or 'fresh' (new ids each time).
    ignorePaging: null,
    webhookTimeoutMs: 5000,
    // Where live calls' recordings are said to be; null = Hamsa's CDN (not served).
    // '<own>' = this simulator's /recordings/ (its own URL, filled in at start).
    recordingBase: null,
    stream: defaultStreamOptions(),
    // How long a GetPreUploadUrl address accepts its PUT (HotTask's example URL says X-Amz-Expires=600).
    uploadUrlExpirySeconds: 600,
    // Campaigns (see campaigns.js): pace, retries and per-number outcomes.
    campaignStartDelayMs: 100,
    campaignRetryDelayMs: 100,
    campaignMaxAttempts: 2,
    campaignConcurrency: 1,
    campaignOutcomes: {},
    agentWebhook: null,
    // DELETE of an agent or web tool, which Hamsa's reference does not show (agents.js):
    // 'absent' (404 "Cannot DELETE …", as an unknown route), 'methodNotAllowed' (405) or 'supported'.
    hamsaDeletes: 'absent',
    // Whether call jobs, conversations and webhook events repeat the call's
    // webhookAuth. Hamsa's docs do not show it there; the security issue saw it.
    echoWebhookAuth: false,
    recordRequests: true,
    maxRecordedRequests: 5000,
    log: false,
  };
}

// Nested objects (only `stream` today) merge one level deep, so
// configure({stream: {framing: 'ndjson'}}) keeps the other stream options.
function mergeConfig(base, patch) {
  const out = { ...base };
  for (const [key, value] of Object.entries(patch || {})) {
    if (isPlainObject(value) && isPlainObject(base[key])) {
      out[key] = { ...base[key], ...value };
    } else {
      out[key] = value;
    }
  }
  return out;
}

function isNonNegativeNumber(v) {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function isOptionalPositiveInt(v) {
  return v === null || v === undefined || (Number.isInteger(v) && v > 0);
}

function isOptionalNonNegativeInt(v) {
  return v === null || v === undefined || (Number.isInteger(v) && v >= 0);
}

/** Throws an Error naming the first bad stream option (used for config and for stream faults). */
function validateStreamOptions(s, where = 'stream') {
  if (!isPlainObject(s)) throw new Error(`${where} must be an object`);
  if (s.framing !== undefined && !FRAMINGS.includes(s.framing)) {
    throw new Error(`${where}.framing must be one of ${FRAMINGS.join(', ')}`);
  }
  if (!isOptionalPositiveInt(s.pieceSize)) throw new Error(`${where}.pieceSize must be a positive integer or null`);
  if (!isOptionalPositiveInt(s.chunkSize)) throw new Error(`${where}.chunkSize must be a positive integer or null`);
  if (s.pieceDelayMs !== undefined && s.pieceDelayMs !== null && !isNonNegativeNumber(s.pieceDelayMs)) {
    throw new Error(`${where}.pieceDelayMs must be a number >= 0`);
  }
  if (!isOptionalNonNegativeInt(s.cutAfterPieces)) throw new Error(`${where}.cutAfterPieces must be an integer >= 0 or null`);
  if (!isOptionalNonNegativeInt(s.unendingLineAfter)) throw new Error(`${where}.unendingLineAfter must be an integer >= 0 or null`);
  if (!isOptionalNonNegativeInt(s.malformedLineAfter)) {
    throw new Error(`${where}.malformedLineAfter must be an integer >= 0 or null`);
  }
  if (s.errorEnvelope !== undefined && s.errorEnvelope !== null && !isPlainObject(s.errorEnvelope)) {
    throw new Error(`${where}.errorEnvelope must be {code, message} or null`);
  }
}

function validateConfig(c) {
  if (typeof c.hotTaskKey !== 'string' || !c.hotTaskKey) throw new Error('hotTaskKey must be a non-empty string');
  if (typeof c.hamsaKey !== 'string' || !c.hamsaKey) throw new Error('hamsaKey must be a non-empty string');
  if (!isNonNegativeNumber(c.latencyMs)) throw new Error('latencyMs must be a number >= 0');
  if (!isNonNegativeNumber(c.uploadUrlExpirySeconds)) throw new Error('uploadUrlExpirySeconds must be a number >= 0');
  if (!isNonNegativeNumber(c.callDurationMs)) throw new Error('callDurationMs must be a number >= 0');
  if (!CALL_STATUSES.includes(c.callOutcome)) throw new Error(`callOutcome must be one of ${CALL_STATUSES.join(', ')}`);
  if (!Array.isArray(c.chatbots) || !c.chatbots.every((x) => typeof x === 'string')) {
    throw new Error('chatbots must be an array of strings');
  }
  if (c.answer !== null && typeof c.answer !== 'string' && typeof c.answer !== 'function') {
    throw new Error('answer must be a string, a function(question) or null');
  }
  if (!['replace', 'add'].includes(c.editKnowledge)) throw new Error("editKnowledge must be 'replace' or 'add'");
  if (!['http401', 'envelope200'].includes(c.hotTaskAuthFailure)) {
    throw new Error("hotTaskAuthFailure must be 'http401' or 'envelope200'");
  }
  if (![null, 'repeat', 'fresh'].includes(c.ignorePaging)) throw new Error("ignorePaging must be null, 'repeat' or 'fresh'");
  if (!isNonNegativeNumber(c.webhookTimeoutMs)) throw new Error('webhookTimeoutMs must be a number >= 0');
  if (!Number.isInteger(c.maxRecordedRequests) || c.maxRecordedRequests < 0) {
    throw new Error('maxRecordedRequests must be an integer >= 0');
  }
  for (const key of ['campaignStartDelayMs', 'campaignRetryDelayMs']) {
    if (!isNonNegativeNumber(c[key])) throw new Error(`${key} must be a number >= 0`);
  }
  for (const key of ['campaignMaxAttempts', 'campaignConcurrency']) {
    if (!Number.isInteger(c[key]) || c[key] < 1) throw new Error(`${key} must be an integer >= 1`);
  }
  if (!isPlainObject(c.campaignOutcomes)) throw new Error('campaignOutcomes must be an object of phone number → [status, …]');
  for (const [number, list] of Object.entries(c.campaignOutcomes)) {
    if (!Array.isArray(list) || !list.length || !list.every((s) => CALL_STATUSES.includes(s))) {
      throw new Error(`campaignOutcomes[${number}] must be a non-empty list of ${CALL_STATUSES.join(', ')}`);
    }
  }
  if (c.agentWebhook !== null && (!isPlainObject(c.agentWebhook) || typeof c.agentWebhook.webhookUrl !== 'string')) {
    throw new Error('agentWebhook must be null or {webhookUrl, webhookAuth?: {authKey, authSecret}}');
  }
  if (!HAMSA_DELETE_MODES.includes(c.hamsaDeletes)) throw new Error(`hamsaDeletes must be one of ${HAMSA_DELETE_MODES.join(', ')}`);
  if (typeof c.echoWebhookAuth !== 'boolean') throw new Error('echoWebhookAuth must be a boolean');
  validateStreamOptions(c.stream);
}

module.exports = {
  DEFAULT_HOTTASK_KEY,
  DEFAULT_HAMSA_KEY,
  DEFAULT_CHATBOT_ID,
  SECOND_CHATBOT_ID,
  CALL_STATUSES,
  FRAMINGS,
  HAMSA_DELETE_MODES,
  defaultConfig,
  defaultStreamOptions,
  mergeConfig,
  validateConfig,
  validateStreamOptions,
};
