'use strict';

// HotTask AI chatbot API (see docs/services.md). Business
// failures come back as HTTP 200 with Success false, as the docs allow, so the
// nodes are forced to read the envelope rather than the HTTP status.

const { send, isPlainObject } = require('./http-util');
const { hotTaskOk, hotTaskFailure } = require('./envelopes');
const { createRouter } = require('./router');
const { buildStreamPlan, writeStream } = require('./stream');

const FIRST_SESSION_ID = 880001;
const FIRST_QUESTION_ID = 375560; // so the first answer's messageid is 375561, as in the docs
const CHAT_ASK_TYPES = ['Text', 'Audio', 'Image', 'Video'];
const MAX_HISTORY = 10000;

const MODELS = [
  { Key: '2', Value: 'gpt-4o', Status: true },
  { Key: '3', Value: 'gpt-4o-mini', Status: true },
  { Key: '5', Value: 'claude-3-5-sonnet', Status: false },
];

class BadField extends Error {}

function ok(data) {
  return { status: 200, body: hotTaskOk(data) };
}

function fail(code, message) {
  return { status: 200, body: hotTaskFailure(code, message) };
}

function requireString(body, field) {
  const v = body[field];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) throw new BadField(`${field} is required`);
  if (typeof v !== 'string') throw new BadField(`${field} must be a string`);
  return v;
}

/** YYYY-MM-DD (UTC) → [startMs, endMs) of that day, or throws naming the field. */
function parseDay(body, field) {
  const v = body[field];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw new BadField(`${field} must be a date in YYYY-MM-DD format`);
  }
  return Date.parse(`${v}T00:00:00Z`);
}

function inDayRange(ms, startMs, endMs) {
  if (startMs !== null && ms < startMs) return false;
  if (endMs !== null && ms >= endMs + 86400000) return false; // EndTime is inclusive of its whole day
  return true;
}

function defaultAnswer(question) {
  return `Hello! You asked: "${question}". HotTask is here to help 🙂`;
}

function codePointLength(s) {
  return Array.from(s).length;
}

function createHotTask(sim) {
  let state;

  function reset() {
    const seedNow = sim.seedNow;
    state = {
      nextSessionId: FIRST_SESSION_ID,
      nextQuestionId: FIRST_QUESTION_ID,
      sessions: new Map(), // SessionID → serialNumber
      history: [],
      // A few fixed leads so LeadList has data before anyone chats.
      leads: [
        { serialNumber: sim.config.chatbots[0], Name: 'Jane Cooper', Email: 'jane.cooper@example.com', Phone: '+14155550123', SessionID: 870001, ms: seedNow - 1 * 86400000 },
        { serialNumber: sim.config.chatbots[0], Name: 'Omar Haddad', Email: 'omar.haddad@example.com', Phone: '+971501234567', SessionID: 870002, ms: seedNow - 3 * 86400000 },
        { serialNumber: sim.config.chatbots[0], Name: 'Lena Fischer', Email: 'lena.fischer@example.de', Phone: '+4930123456', SessionID: 870003, ms: seedNow - 10 * 86400000 },
        { serialNumber: sim.config.chatbots[1], Name: 'Sam Lee', Email: 'sam.lee@example.com', Phone: '+442071838751', SessionID: 870004, ms: seedNow - 2 * 86400000 },
      ].filter((l) => typeof l.serialNumber === 'string'),
    };
  }

  function knownChatbot(serialNumber) {
    return sim.config.chatbots.includes(serialNumber);
  }

  function newSession(serialNumber) {
    const id = state.nextSessionId++;
    state.sessions.set(id, serialNumber);
    return id;
  }

  function getSession(ctx) {
    const serialNumber = requireString(ctx.body, 'serialNumber');
    if (!knownChatbot(serialNumber)) return fail(404, 'Chatbot not found');
    return ok({ SessionID: newSession(serialNumber) });
  }

  function answerFor(question, sessionId) {
    const configured = sim.config.answer;
    if (typeof configured === 'function') return String(configured(question, { sessionId }));
    if (typeof configured === 'string') return configured;
    return defaultAnswer(question);
  }

  async function clientAsk(ctx) {
    const body = ctx.body;
    const sessionId = body.sessionID;
    if (sessionId === undefined || sessionId === null || sessionId === '') throw new BadField('sessionID is required');
    if (!Number.isInteger(sessionId)) throw new BadField('sessionID must be an integer');
    const content = requireString(body, 'content');
    if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
      throw new BadField('stream must be a boolean');
    }
    if (body.chatAskType !== undefined && body.chatAskType !== null && !CHAT_ASK_TYPES.includes(body.chatAskType)) {
      throw new BadField(`chatAskType must be one of ${CHAT_ASK_TYPES.join(', ')}`);
    }
    if (body.fileIds !== undefined && body.fileIds !== null) {
      if (!Array.isArray(body.fileIds) || !body.fileIds.every(Number.isInteger)) throw new BadField('fileIds must be an array of integers');
    }
    const serialNumber = state.sessions.get(sessionId);
    if (serialNumber === undefined) return fail(404, 'Session not found');

    const streamOptions = { ...sim.config.stream, ...(ctx.streamOverride || {}) };
    if (body.stream === true && streamOptions.errorEnvelope) {
      const e = streamOptions.errorEnvelope;
      return fail(e.code === undefined ? 500 : e.code, e.message === undefined ? 'Stream failed' : e.message);
    }

    const answer = answerFor(content, sessionId);
    const questionId = state.nextQuestionId;
    state.nextQuestionId += 2;
    const ids = { questionId, answerId: questionId + 1, totalToken: 100 + codePointLength(answer) };
    state.history.push({
      serialNumber,
      SessionID: sessionId,
      QuestionID: ids.questionId,
      AnswerID: ids.answerId,
      Question: content,
      Answer: answer,
      TotalToken: ids.totalToken,
      ms: Date.now(),
    });
    // Bounded so million-request benchmarks don't grow memory without limit.
    if (state.history.length > MAX_HISTORY) state.history.splice(0, state.history.length - MAX_HISTORY);

    if (body.stream !== true) return ok({ messageid: ids.answerId, content: answer, totalToken: ids.totalToken });
    const plan = buildStreamPlan(answer, ids, streamOptions);
    await writeStream(ctx.res, plan, streamOptions, ctx.markServerClosed);
    return { streamed: true };
  }

  function sendTwilioMessage(ctx) {
    // Capitalised keys on purpose: the docs use SerialNumber/ToPhoneNumber/
    // Message here, and a node sending lower-case keys must fail loudly.
    const serialNumber = requireString(ctx.body, 'SerialNumber');
    const to = requireString(ctx.body, 'ToPhoneNumber');
    requireString(ctx.body, 'Message');
    if (!knownChatbot(serialNumber)) return fail(404, 'Chatbot not found');
    if (!/^\+?[1-9]\d{6,14}$/.test(to.replace(/[\s()-]/g, ''))) throw new BadField('ToPhoneNumber is not a valid phone number');
    return ok({ Status: 'True', Message: 'Message sent', SessionID: newSession(serialNumber) });
  }

  function contentHistory(ctx) {
    // The docs' example body is capitalised while their field list is not;
    // accept either spelling.
    const body = ctx.body;
    const serialField = body.SerialNumber !== undefined ? 'SerialNumber' : 'serialNumber';
    const serialNumber = requireString(body, serialField);
    const start = parseDay(body, body.StartTime !== undefined ? 'StartTime' : 'startTime');
    const end = parseDay(body, body.EndTime !== undefined ? 'EndTime' : 'endTime');
    if (!knownChatbot(serialNumber)) return fail(404, 'Chatbot not found');
    const rows = state.history
      .filter((h) => h.serialNumber === serialNumber && inDayRange(h.ms, start, end))
      .map((h) => ({
        SessionID: h.SessionID,
        QuestionID: h.QuestionID,
        AnswerID: h.AnswerID,
        Question: h.Question,
        Answer: h.Answer,
        TotalToken: h.TotalToken,
        CreateTime: new Date(h.ms).toISOString(),
      }));
    return ok(rows);
  }

  function leadList(ctx) {
    const body = ctx.body;
    const serialNumber = requireString(body, 'serialNumber');
    const start = parseDay(body, 'startTime');
    const end = parseDay(body, 'endTime');
    const sessionId = body.sessionID;
    if (sessionId !== undefined && sessionId !== null && sessionId !== '' && !Number.isInteger(sessionId)) {
      throw new BadField('sessionID must be an integer');
    }
    if (!knownChatbot(serialNumber)) return fail(404, 'Chatbot not found');
    const rows = state.leads
      .filter((l) => l.serialNumber === serialNumber && inDayRange(l.ms, start, end))
      .filter((l) => !Number.isInteger(sessionId) || l.SessionID === sessionId)
      .map((l) => ({ Name: l.Name, Email: l.Email, Phone: l.Phone, SessionID: l.SessionID, CreateTime: new Date(l.ms).toISOString() }));
    return ok(rows);
  }

  const match = createRouter([
    ['POST', '/chat/Chatbot/GetSession', getSession],
    ['POST', '/chat/Chat/ClientAsk', clientAsk],
    ['POST', '/chat/Chatbot/SendTwilioMessage', sendTwilioMessage],
    ['GET', '/chat/Chatbot/ModelList', () => ok(MODELS.map((m) => ({ ...m })))],
    ['GET', '/chat/Chatbot/GetMessageCreditsUsage', () => ok({ Total: -1, Used: 243, Remain: -1 })],
    ['POST', '/chat/Chatbot/ChatContentHistory', contentHistory],
    ['POST', '/chat/Chatbot/LeadList', leadList],
  ]);

  function authorised(ctx) {
    return ctx.headers.authorization === sim.config.hotTaskKey;
  }

  async function handle(ctx) {
    const route = match(ctx.method, ctx.path);
    if (!route) return send(ctx.res, 404, hotTaskFailure(404, `No route for ${ctx.method} ${ctx.path}`));
    if (route.methodNotAllowed) return send(ctx.res, 405, hotTaskFailure(405, `Method ${ctx.method} not allowed`), { Allow: 'GET, POST' });
    if (!authorised(ctx)) {
      const status = sim.config.hotTaskAuthFailure === 'envelope200' ? 200 : 401;
      return send(ctx.res, status, hotTaskFailure(401, 'Invalid secret key'));
    }
    if (ctx.bodyError) return send(ctx.res, 400, hotTaskFailure(400, 'Request body is not valid JSON'));
    if (ctx.method === 'POST' && !isPlainObject(ctx.body)) {
      // An empty or non-object body: every POST route needs fields, so report the first one.
      ctx.body = {};
    }
    let result;
    try {
      result = await route.handler(ctx);
    } catch (err) {
      if (!(err instanceof BadField)) throw err;
      result = fail(400, err.message);
    }
    if (result && !result.streamed) send(ctx.res, result.status, result.body);
  }

  reset();
  return {
    handle,
    reset,
    get sessions() {
      return state.sessions;
    },
    get history() {
      return state.history;
    },
  };
}

module.exports = { createHotTask, defaultAnswer, MODELS };
