'use strict';

// HotTask AI chatbot API (see docs/services.md). Business
// failures come back as HTTP 200 with Success false, as the docs allow, so the
// nodes are forced to read the envelope rather than the HTTP status.

const crypto = require('crypto');
const { send, isPlainObject } = require('./http-util');
const { hotTaskOk, hotTaskFailure } = require('./envelopes');
const { createRouter } = require('./router');
const { withLiveFields } = require('./liveFields');
const { buildStreamPlan, writeStream } = require('./stream');
const { createKnowledge } = require('./knowledge');

const FIRST_SESSION_ID = 880001;
const FIRST_QUESTION_ID = 375560; // so the first answer's messageid is 375561, as in the docs
const CHAT_ASK_TYPES = ['Text', 'Audio', 'Image', 'Video'];
const MAX_HISTORY = 10000;
const FIRST_FILE_STORE_ID = 34317; // as in HotTask's upload example
const MEDIA_ASK_TYPES = ['Audio', 'Image', 'Video'];
// Files that exist before anyone uploads (asked about by File IDs alone).
const SEEDED_FILE_IDS = [1021, 1022];
const MAX_STORED_BYTES = 120 * 1024 * 1024;

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
  let knowledge;

  function reset() {
    const seedNow = sim.seedNow;
    state = {
      nextSessionId: FIRST_SESSION_ID,
      nextQuestionId: FIRST_QUESTION_ID,
      sessions: new Map(), // SessionID → serialNumber
      history: [],
      // Every SMS sent: { serialNumber, to, message, at }, so a test sees a repeat as a second text.
      sentMessages: [],
      nextFileStoreId: FIRST_FILE_STORE_ID,
      // FileStoreId → { fileName, signature, expiresAt, uploaded, bytes, contentType, data }
      files: new Map(SEEDED_FILE_IDS.map((id) => [id, { fileName: `seeded-${id}.png`, uploaded: true, bytes: 0 }])),
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
    return sim.config.chatbots.includes(serialNumber) || (knowledge !== undefined && knowledge.isChatbot(serialNumber));
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

  function answerFor(question, sessionId, serialNumber) {
    const configured = sim.config.answer;
    if (typeof configured === 'function') return String(configured(question, { sessionId }));
    if (typeof configured === 'string') return configured;
    // The chatbot's own knowledge (a Q&A pair) and settings (Answer Suffix) when it has them.
    return knowledge.answerFromKnowledge(serialNumber, question, () => defaultAnswer(question));
  }

  async function clientAsk(ctx) {
    const body = ctx.body;
    const sessionId = body.sessionID;
    if (sessionId === undefined || sessionId === null || sessionId === '') throw new BadField('sessionID is required');
    if (!Number.isInteger(sessionId)) throw new BadField('sessionID must be an integer');
    const withMedia = MEDIA_ASK_TYPES.includes(body.chatAskType) && Array.isArray(body.fileIds) && body.fileIds.length > 0;
    // "content may be empty" for a question with media.
    const content = withMedia && (body.content === '' || body.content === undefined) ? '' : requireString(body, 'content');
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
    for (const id of body.fileIds || []) {
      const file = state.files.get(id);
      if (!file) return fail(404, `File ${id} not found`);
      if (!file.uploaded) return fail(400, `File ${id} was never uploaded`);
    }

    const streamOptions = { ...sim.config.stream, ...(ctx.streamOverride || {}) };
    if (body.stream === true && streamOptions.errorEnvelope) {
      const e = streamOptions.errorEnvelope;
      return fail(e.code === undefined ? 500 : e.code, e.message === undefined ? 'Stream failed' : e.message);
    }

    const answer = answerFor(content, sessionId, serialNumber);
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

  function getPreUploadUrl(ctx) {
    const fileName = requireString(ctx.body, 'fileName');
    const id = state.nextFileStoreId++;
    const signature = crypto.randomBytes(16).toString('hex');
    const expirySeconds = sim.config.uploadUrlExpirySeconds;
    state.files.set(id, { fileName, signature, expiresAt: Date.now() + expirySeconds * 1000, uploaded: false, bytes: 0 });
    const key = `${id}/${encodeURIComponent(fileName)}`;
    const query = `X-Amz-Expires=${expirySeconds}&X-Amz-SignedHeaders=host&X-Amz-Signature=${signature}`;
    // A string id, as HotTask's example shows.
    return ok({ FileStoreId: String(id), PreUploadUrl: `${sim.url}/__storage/${key}?${query}` });
  }

  function storageError(res, status, code, message) {
    send(res, status, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
      'Content-Type': 'application/xml',
    });
  }

  /** Pre-signed storage (S3 plays this part for HotTask): PUT raw bytes to the address GetPreUploadUrl gave. */
  async function handleStorage(req, res, record) {
    const url = new URL(req.url, 'http://storage.local');
    const match = /^\/__storage\/(\d+)\/[^/]+$/.exec(url.pathname);
    const file = match ? state.files.get(Number(match[1])) : undefined;
    const chunks = [];
    let size = 0;
    await new Promise((resolve, reject) => {
      req.on('data', (chunk) => {
        size += chunk.length;
        if (size <= MAX_STORED_BYTES) chunks.push(chunk);
      });
      req.on('end', resolve);
      req.on('error', reject);
    });
    record.bytes = size;
    if (req.method !== 'PUT') return storageError(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    // S3 refuses a pre-signed request that also carries an Authorization header.
    if (req.headers.authorization) {
      return storageError(res, 400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
    }
    if (!file || !file.signature || url.searchParams.get('X-Amz-Signature') !== file.signature) {
      return storageError(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    if (Date.now() >= file.expiresAt) return storageError(res, 403, 'AccessDenied', 'Request has expired');
    const declared = req.headers['content-length'];
    if (declared === undefined) return storageError(res, 411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
    if (size > MAX_STORED_BYTES) return storageError(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    file.uploaded = true;
    file.bytes = size;
    file.contentType = req.headers['content-type'];
    file.data = Buffer.concat(chunks);
    send(res, 200, '', { ETag: `"${crypto.createHash('md5').update(file.data).digest('hex')}"` });
  }

  function sendTwilioMessage(ctx) {
    // Capitalised keys on purpose: the docs use SerialNumber/ToPhoneNumber/
    // Message here, and a node sending lower-case keys must fail loudly.
    const serialNumber = requireString(ctx.body, 'SerialNumber');
    const to = requireString(ctx.body, 'ToPhoneNumber');
    requireString(ctx.body, 'Message');
    if (!knownChatbot(serialNumber)) return fail(404, 'Chatbot not found');
    if (!/^\+?[1-9]\d{6,14}$/.test(to.replace(/[\s()-]/g, ''))) throw new BadField('ToPhoneNumber is not a valid phone number');
    state.sentMessages.push({ serialNumber, to, message: ctx.body.Message, at: Date.now() });
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

  /** Knowledge and settings routes: `{data}` → the envelope, `{fail: [code, message]}` → a failure envelope. */
  function knowledgeRoute(handler) {
    return (ctx) => {
      let result;
      try {
        result = handler(ctx.body);
      } catch (err) {
        if (err instanceof knowledge.KnowledgeBadField) throw new BadField(err.message);
        throw err;
      }
      return result.fail ? fail(...result.fail) : ok(result.data);
    };
  }

  const match = createRouter([
    ['POST', '/chat/Chatbot/GetSession', getSession],
    ['POST', '/chat/Chat/ClientAsk', clientAsk],
    ['POST', '/chat/User/GetPreUploadUrl', getPreUploadUrl],
    ['POST', '/chat/Chatbot/SendTwilioMessage', sendTwilioMessage],
    ['GET', '/chat/Chatbot/ModelList', () => ok(MODELS.map((m) => ({ ...m })))],
    ['GET', '/chat/Chatbot/GetMessageCreditsUsage', () => ok({ Total: -1, Used: 243, Remain: -1 })],
    ['POST', '/chat/Chatbot/ChatContentHistory', contentHistory],
    ['POST', '/chat/Chatbot/LeadList', leadList],
    ['POST', '/chat/Chatbot/GetSource', knowledgeRoute((body) => knowledge.getSource(body))],
    ['POST', '/chat/Chatbot/EditKnowledge', knowledgeRoute((body) => knowledge.editKnowledge(body))],
    ['POST', '/chat/Chatbot/Add', knowledgeRoute((body) => knowledge.addChatbot(body))],
    ['POST', '/chat/Chatbot/Edit', knowledgeRoute((body) => knowledge.editChatbot(body, MODELS))],
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

  knowledge = createKnowledge(sim, { files: () => state.files, knownChatbot: (id) => sim.config.chatbots.includes(id) });
  const resetAll = () => {
    reset();
    knowledge.reset();
  };
  resetAll();
  return withLiveFields(
    { handle, handleStorage, reset: resetAll },
    {
      /** Uploaded and reserved files by FileStoreId (a number). */
      files: () => state.files,
      sessions: () => state.sessions,
      history: () => state.history,
      sentMessages: () => state.sentMessages,
      /** Chatbot id → {settings, knowledge}: what GetSource, EditKnowledge, Add and Edit read and change. */
      chatbots: () => knowledge.chatbots,
    },
  );
}

module.exports = { createHotTask, defaultAnswer, MODELS };
