'use strict';

// Self-check of the simulator (plain node, no jest): every route, good and bad
// auth, every stream framing byte by byte with a multi-byte answer, cut
// streams, each fault kind, a call lifecycle with webhooks, the control
// endpoints and the CLI. Run: node test/simulator/smoke.js

const assert = require('assert/strict');
const http = require('http');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');
const sim_ = require('./index');

const { startSimulator, DEFAULT_HOTTASK_KEY: HT_KEY, DEFAULT_HAMSA_KEY: HA_KEY, DEFAULT_CHATBOT_ID: BOT } = sim_;
const AGENT = '0f1e2d3c-4b5a-4968-8776-655443322110';
const TWILIO = '+14155550100';
const HT = { authorization: HT_KEY };
const HA = { authorization: `Token ${HA_KEY}` };

let sim;
const results = [];

/** A raw HTTP request that also keeps every body chunk as it arrived. */
function request(method, urlPath, { headers = {}, body, timeoutMs = 5000, onChunk } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(urlPath, sim.url);
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const h = { ...headers };
    if (payload !== undefined) {
      h['content-type'] = h['content-type'] || 'application/json';
      h['content-length'] = Buffer.byteLength(payload);
    }
    const req = http.request(url, { method, headers: h, agent: false }, (res) => {
      const chunks = [];
      let ended = false;
      res.on('data', (c) => {
        chunks.push(c);
        if (onChunk) onChunk(c, req);
      });
      const finish = (error) => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json, chunks, ended, error });
      };
      res.on('end', () => {
        ended = true;
        finish();
      });
      res.on('aborted', () => {});
      res.on('error', (err) => {
        if (!ended) finish(err);
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const get = (p, headers) => request('GET', p, { headers });
const post = (p, body, headers) => request('POST', p, { headers, body });

async function step(name, fn) {
  const t0 = Date.now();
  await fn();
  results.push(name);
  console.log(`  ok  ${name} (${Date.now() - t0} ms)`);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(predicate, what, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await predicate()) return;
    await sleep(10);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** A reference reader of the stream formats, independent of the simulator's code. */
function parseStreamBody(text) {
  const lines = text.split(/\r?\n/);
  const events = [];
  for (const line of lines) {
    if (line === '' || line.startsWith(':') || line.startsWith('event:') || line.startsWith('id:')) continue;
    let data = line.startsWith('data:') ? line.slice(5) : line;
    if (data.startsWith(' ')) data = data.slice(1);
    if (data === '[DONE]') {
      events.push({ done: true });
      continue;
    }
    try {
      events.push(JSON.parse(data));
    } catch {
      events.push({ malformed: data });
    }
  }
  return events;
}

async function newSession(bot = BOT) {
  const r = await post('/chat/Chatbot/GetSession', { serialNumber: bot }, HT);
  assert.equal(r.status, 200);
  assert.equal(r.json.Success, true);
  return r.json.Data.SessionID;
}

async function hottaskRoutes() {
  await step('HotTask auth: raw key only; Bearer/Token/missing rejected with 401 envelope', async () => {
    for (const headers of [{}, { authorization: `Bearer ${HT_KEY}` }, { authorization: `Token ${HT_KEY}` }, { authorization: 'nope' }]) {
      const r = await get('/chat/Chatbot/ModelList', headers);
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, { Data: null, Version: '1.0.0', Success: false, Code: 401, Message: 'Invalid secret key' });
      assert.match(r.headers['content-type'], /^application\/json/);
    }
    sim.configure({ hotTaskAuthFailure: 'envelope200' });
    const r = await get('/chat/Chatbot/ModelList', { authorization: 'nope' });
    assert.equal(r.status, 200);
    assert.equal(r.json.Success, false);
    assert.equal(r.json.Code, 401);
    sim.configure({ hotTaskAuthFailure: 'http401' });
  });

  await step('HotTask ModelList and GetMessageCreditsUsage', async () => {
    const m = await get('/chat/Chatbot/ModelList', HT);
    assert.deepEqual(m.json, {
      Data: [
        { Key: '2', Value: 'gpt-4o', Status: true },
        { Key: '3', Value: 'gpt-4o-mini', Status: true },
        { Key: '5', Value: 'claude-3-5-sonnet', Status: false },
      ],
      Version: '1.0.0',
      Success: true,
      Code: 200,
      Message: '',
    });
    const c = await get('/chat/Chatbot/GetMessageCreditsUsage', HT);
    assert.deepEqual(c.json.Data, { Total: -1, Used: 243, Remain: -1 });
    const wrongMethod = await post('/chat/Chatbot/ModelList', {}, HT);
    assert.equal(wrongMethod.status, 405);
  });

  await step('HotTask knowledge: GetSource, EditKnowledge in both modes, Add, Edit, answers from a Q&A pair', async () => {
    const bot = sim.config.chatbots[0];
    const sources = async () => (await post('/chat/Chatbot/GetSource', { serialNumber: bot }, HT)).json.Data;
    const before = await sources();
    assert.equal(before.QaList.length, 2);
    const pair = { key: 'When do you open?', value: 'At 7.' };
    sim.configure({ editKnowledge: 'add' });
    assert.equal((await post('/chat/Chatbot/EditKnowledge', { serialNumber: bot, qaList: [pair] }, HT)).json.Success, true);
    assert.equal((await sources()).QaList.length, 3, 'add mode merges');
    sim.configure({ editKnowledge: 'replace' });
    await post('/chat/Chatbot/EditKnowledge', { serialNumber: bot, qaList: [pair] }, HT);
    assert.deepEqual((await sources()).QaList, [{ Key: 'When do you open?', Value: 'At 7.' }], 'replace mode replaces');
    assert.deepEqual((await sources()).WebsiteList, before.WebsiteList, 'lists not sent are left alone');
    const bad = await post('/chat/Chatbot/EditKnowledge', { serialNumber: bot, websiteList: [{ url: 'not a url' }] }, HT);
    assert.deepEqual([bad.json.Code, bad.json.Message], [400, 'websiteList[0].url must be an http(s) URL']);
    await post('/chat/Chatbot/Edit', { serialNumber: bot, AnswerSuffix: 'Bye.' }, HT);
    const session = (await post('/chat/Chatbot/GetSession', { serialNumber: bot }, HT)).json.Data.SessionID;
    const asked = await post('/chat/Chat/ClientAsk', { sessionID: session, content: 'when do you open', stream: false }, HT);
    assert.equal(asked.json.Data.content, 'At 7.\n\nBye.');
    const created = await post('/chat/Chatbot/Add', { timeZone: 'Asia/Dubai', type: 0 }, HT);
    assert.match(created.json.Data.SerialNumber, /^[0-9a-f]{32}$/);
    assert.deepEqual((await post('/chat/Chatbot/GetSource', { serialNumber: created.json.Data.SerialNumber }, HT)).json.Data.QaList, []);
    sim.reset();
  });

  await step('HotTask GetSession: incrementing ids, unknown chatbot, missing field', async () => {
    const a = await newSession();
    const b = await newSession();
    assert.equal(b, a + 1);
    const unknown = await post('/chat/Chatbot/GetSession', { serialNumber: 'nope' }, HT);
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.json, { Data: null, Version: '1.0.0', Success: false, Code: 404, Message: 'Chatbot not found' });
    const missing = await post('/chat/Chatbot/GetSession', {}, HT);
    assert.equal(missing.json.Code, 400);
    assert.match(missing.json.Message, /serialNumber/);
    const empty = await post('/chat/Chatbot/GetSession', { serialNumber: '' }, HT);
    assert.match(empty.json.Message, /serialNumber/);
  });

  await step('HotTask ClientAsk non-stream: answer, ids, tokens, errors', async () => {
    const s = await newSession();
    const r = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'What are your hours?', stream: false }, HT);
    assert.equal(r.status, 200);
    const answer = 'Hello! You asked: "What are your hours?". HotTask is here to help 🙂';
    assert.equal(r.json.Data.content, answer);
    assert.equal(typeof r.json.Data.messageid, 'number');
    assert.equal(r.json.Data.totalToken, 100 + Array.from(answer).length);
    const r2 = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'again' }, HT);
    assert.equal(r2.json.Data.messageid, r.json.Data.messageid + 2);
    const noSession = await post('/chat/Chat/ClientAsk', { sessionID: 1, content: 'x' }, HT);
    assert.deepEqual([noSession.json.Code, noSession.json.Message], [404, 'Session not found']);
    const stringId = await post('/chat/Chat/ClientAsk', { sessionID: String(s), content: 'x' }, HT);
    assert.equal(stringId.json.Code, 400);
    assert.match(stringId.json.Message, /sessionID/);
    const noContent = await post('/chat/Chat/ClientAsk', { sessionID: s }, HT);
    assert.match(noContent.json.Message, /content/);
    const badType = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', chatAskType: 'Smell' }, HT);
    assert.match(badType.json.Message, /chatAskType/);
    const okType = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', chatAskType: 'Image', fileIds: [1021, 1022] }, HT);
    assert.equal(okType.json.Success, true);
    const unknownFile = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', chatAskType: 'Image', fileIds: [1] }, HT);
    assert.deepEqual([unknownFile.json.Success, unknownFile.json.Message], [false, 'File 1 not found']);
    sim.configure({ answer: 'Fixed answer.' });
    const fixed = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x' }, HT);
    assert.equal(fixed.json.Data.content, 'Fixed answer.');
    sim.configure({ answer: (q) => q.toUpperCase() });
    const fn = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'shout' }, HT);
    assert.equal(fn.json.Data.content, 'SHOUT');
    sim.configure({ answer: null });
  });

  await step('HotTask SendTwilioMessage: capitalised keys only, Status string', async () => {
    const r = await post('/chat/Chatbot/SendTwilioMessage', { SerialNumber: BOT, ToPhoneNumber: '+14155550123', Message: 'Hi' }, HT);
    assert.equal(r.json.Success, true);
    assert.equal(r.json.Data.Status, 'True');
    assert.equal(r.json.Data.Message, 'Message sent');
    assert.equal(typeof r.json.Data.SessionID, 'number');
    const lower = await post('/chat/Chatbot/SendTwilioMessage', { serialNumber: BOT, toPhoneNumber: '+14155550123', message: 'Hi' }, HT);
    assert.equal(lower.json.Success, false);
    assert.equal(lower.json.Code, 400);
    assert.match(lower.json.Message, /SerialNumber/);
    const badPhone = await post('/chat/Chatbot/SendTwilioMessage', { SerialNumber: BOT, ToPhoneNumber: 'call me', Message: 'Hi' }, HT);
    assert.match(badPhone.json.Message, /ToPhoneNumber/);
    const unknown = await post('/chat/Chatbot/SendTwilioMessage', { SerialNumber: 'x', ToPhoneNumber: '+14155550123', Message: 'Hi' }, HT);
    assert.equal(unknown.json.Code, 404);
  });

  await step('HotTask ChatContentHistory and LeadList', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const h = await post('/chat/Chatbot/ChatContentHistory', { SerialNumber: BOT, StartTime: today, EndTime: today }, HT);
    assert.equal(h.json.Success, true);
    assert.ok(h.json.Data.length >= 3);
    const row = h.json.Data.find((x) => x.Question === 'What are your hours?');
    assert.ok(row && row.Answer.includes('HotTask') && typeof row.SessionID === 'number' && row.CreateTime);
    const past = await post('/chat/Chatbot/ChatContentHistory', { SerialNumber: BOT, StartTime: '2020-01-01', EndTime: '2020-01-02' }, HT);
    assert.deepEqual(past.json.Data, []);
    const badDate = await post('/chat/Chatbot/ChatContentHistory', { SerialNumber: BOT, StartTime: '01/02/2025' }, HT);
    assert.match(badDate.json.Message, /StartTime/);
    const leads = await post('/chat/Chatbot/LeadList', { serialNumber: BOT }, HT);
    assert.equal(leads.json.Data.length, 3);
    assert.deepEqual(Object.keys(leads.json.Data[0]), ['Name', 'Email', 'Phone', 'SessionID', 'CreateTime']);
    const one = await post('/chat/Chatbot/LeadList', { serialNumber: BOT, sessionID: 870002 }, HT);
    assert.equal(one.json.Data.length, 1);
    assert.equal(one.json.Data[0].Name, 'Omar Haddad');
  });

  await step('HotTask bad bodies: invalid JSON → 400, non-object → field error, unknown route → 404', async () => {
    const bad = await request('POST', '/chat/Chatbot/GetSession', { headers: HT, body: '{"serialNumber": ' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.Success, false);
    const arr = await request('POST', '/chat/Chatbot/GetSession', { headers: HT, body: '[1,2]' });
    assert.equal(arr.json.Code, 400);
    const nope = await get('/chat/Nope', HT);
    assert.equal(nope.status, 404);
  });
}

const EMOJI_ANSWER = 'Grüße 👋🏽 from ☕ and 👨‍👩‍👧 — ok';

async function streamFramings() {
  const framings = ['sse', 'sse-nospace', 'sse-crlf', 'sse-rich', 'ndjson', 'ndjson-crlf'];
  for (const framing of framings) {
    for (const done of [false, true]) {
      await step(`stream framing ${framing}${done ? ' + [DONE]' : ''}, chunkSize 1, multi-byte answer`, async () => {
        sim.configure({ answer: EMOJI_ANSWER, stream: { framing, done, chunkSize: 1 } });
        const s = await newSession();
        const r = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'hi', stream: true }, HT);
        assert.equal(r.status, 200);
        assert.equal(r.headers['content-type'], 'text/event-stream');
        assert.ok(r.ended, 'stream ended cleanly');
        // One byte per write: many network chunks, some splitting a UTF-8 character.
        assert.ok(r.chunks.length > 20, `expected many chunks, got ${r.chunks.length}`);
        const splitsChar = r.chunks.some((c) => c.length === 1 && c[0] >= 0x80);
        assert.ok(splitsChar, 'some chunk holds part of a multi-byte character');
        if (framing.endsWith('crlf')) assert.ok(r.text.includes('\r\n'));
        if (framing === 'sse-nospace') assert.ok(r.text.startsWith('data:{'));
        if (framing === 'sse-rich') assert.ok(/^: /m.test(r.text) && /^event: message$/m.test(r.text) && /^id: \d+$/m.test(r.text));
        if (framing.startsWith('ndjson')) assert.ok(!r.text.includes('data:'));
        const events = parseStreamBody(r.text);
        const pieces = events.filter((e) => typeof e.content === 'string').map((e) => e.content);
        const summary = events.find((e) => e.Answer !== undefined);
        assert.ok(pieces.length > 3);
        assert.equal(pieces.join(''), EMOJI_ANSWER);
        assert.equal(summary.Answer, EMOJI_ANSWER);
        assert.equal(summary.AnswerID, summary.QuestionID + 1);
        assert.equal(summary.TotalToken, 100 + Array.from(EMOJI_ANSWER).length);
        assert.equal(events.some((e) => e.done), done);
        if (done) assert.ok(events[events.length - 1].done, '[DONE] is last');
        assert.ok(!events.some((e) => e.malformed !== undefined));
      });
    }
  }
  sim.configure({ stream: { framing: 'sse', done: false, chunkSize: null } });

  await step('stream pieceSize splits by code points (emoji kept whole)', async () => {
    sim.configure({ answer: '👋🏽ab☕', stream: { pieceSize: 1 } });
    const s = await newSession();
    const r = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', stream: true }, HT);
    const pieces = parseStreamBody(r.text).filter((e) => e.content !== undefined).map((e) => e.content);
    assert.deepEqual(pieces, ['👋', '🏽', 'a', 'b', '☕']);
    sim.configure({ stream: { pieceSize: null } });
  });

  await step('stream pieceDelayMs: pieces arrive live, spread over time', async () => {
    sim.configure({ answer: 'one two three four', stream: { pieceDelayMs: 40 } });
    const s = await newSession();
    const arrivals = [];
    await request('POST', '/chat/Chat/ClientAsk', {
      headers: HT,
      body: { sessionID: s, content: 'x', stream: true },
      onChunk: () => arrivals.push(Date.now()),
    });
    assert.ok(arrivals.length >= 4, `separate arrivals: ${arrivals.length}`);
    assert.ok(arrivals[arrivals.length - 1] - arrivals[0] >= 100, 'spread over time');
    sim.configure({ stream: { pieceDelayMs: 0 } });
  });

  await step('stream cutAfterPieces: socket destroyed mid-answer, no summary, not closedEarly', async () => {
    sim.configure({ answer: 'alpha beta gamma delta epsilon', stream: { cutAfterPieces: 2 } });
    const s = await newSession();
    sim.clearRequests();
    const r = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', stream: true }, HT);
    assert.equal(r.ended, false, 'the response must not end cleanly');
    assert.ok(r.error, 'client sees an aborted response');
    const events = parseStreamBody(r.text);
    assert.deepEqual(events.map((e) => e.content), ['alpha', ' beta']);
    await sleep(20);
    assert.equal(sim.requests[0].closedEarly, false);
    sim.configure({ stream: { cutAfterPieces: null } });
  });

  await step('stream endWithoutSummary and malformedLineAfter', async () => {
    sim.configure({ answer: 'a b c', stream: { endWithoutSummary: true } });
    let s = await newSession();
    let r = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', stream: true }, HT);
    assert.ok(r.ended);
    let events = parseStreamBody(r.text);
    assert.equal(events.length, 3);
    assert.ok(!events.some((e) => e.Answer));
    sim.configure({ stream: { endWithoutSummary: false, malformedLineAfter: 1 } });
    s = await newSession();
    r = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', stream: true }, HT);
    assert.ok(r.text.includes('data: {not json\n\n'));
    events = parseStreamBody(r.text);
    assert.deepEqual(events[1], { malformed: '{not json' });
    assert.equal(events[0].content, 'a');
    sim.configure({ stream: { malformedLineAfter: null } });
  });

  await step('stream errorEnvelope: JSON failure instead of a stream; non-stream unaffected', async () => {
    sim.configure({ stream: { errorEnvelope: { code: 500, message: 'Model overloaded' } } });
    const s = await newSession();
    const r = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', stream: true }, HT);
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.deepEqual(r.json, { Data: null, Version: '1.0.0', Success: false, Code: 500, Message: 'Model overloaded' });
    const plain = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', stream: false }, HT);
    assert.equal(plain.json.Success, true);
    sim.configure({ stream: { errorEnvelope: null }, answer: null });
  });

  await step('client closing a stream early is recorded as closedEarly', async () => {
    sim.configure({ stream: { pieceDelayMs: 50 } });
    const s = await newSession();
    sim.clearRequests();
    await new Promise((resolve) => {
      const req = http.request(new URL('/chat/Chat/ClientAsk', sim.url), { method: 'POST', headers: { ...HT, 'content-type': 'application/json' } }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
        res.on('error', () => {});
      });
      req.on('error', () => {});
      req.end(JSON.stringify({ sessionID: s, content: 'a long question here', stream: true }));
    });
    await waitFor(() => sim.requests[0] && sim.requests[0].closedEarly, 'closedEarly');
    sim.configure({ stream: { pieceDelayMs: 0 } });
  });
}

async function faults() {
  await step('fault {status} with default body, JSON body, plain-text and malformed bodies', async () => {
    sim.addFault({ path: '/chat/Chatbot/ModelList', status: 500 });
    let r = await get('/chat/Chatbot/ModelList', HT);
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { Data: null, Version: '1.0.0', Success: false, Code: 500, Message: 'Internal server error' });
    sim.addFault({ path: '/v2/voice-agents', status: 502 });
    r = await get('/v2/voice-agents', HA);
    assert.deepEqual(r.json, { success: false, message: 'Bad gateway', messageKey: 'BAD_GATEWAY' });
    sim.addFault({ method: 'GET', path: '/chat/*', status: 500, body: 'Internal Server Error' });
    r = await get('/chat/Chatbot/GetMessageCreditsUsage', HT);
    assert.equal(r.text, 'Internal Server Error');
    assert.match(r.headers['content-type'], /^text\/plain/);
    sim.addFault({ path: '/chat/Chatbot/ModelList', status: 200, body: '{"Data": [', headers: { 'Content-Type': 'application/json' } });
    r = await get('/chat/Chatbot/ModelList', HT);
    assert.equal(r.status, 200);
    assert.equal(r.text, '{"Data": [');
    assert.equal(r.json, undefined);
    sim.addFault({ path: '/chat/Chatbot/ModelList', status: 418, body: { custom: true } });
    r = await get('/chat/Chatbot/ModelList', HT);
    assert.deepEqual([r.status, r.json], [418, { custom: true }]);
    r = await get('/chat/Chatbot/ModelList', HT);
    assert.equal(r.status, 200, 'faults are one-shot');
  });

  await step('fault {reset}: connection destroyed without an answer', async () => {
    sim.addFault({ path: '/chat/Chatbot/ModelList', reset: true });
    await assert.rejects(get('/chat/Chatbot/ModelList', HT), (err) => /socket hang up|ECONNRESET/.test(err.message));
    const after = await get('/chat/Chatbot/ModelList', HT);
    assert.equal(after.status, 200);
  });

  await step('fault {hang}: no answer until the client gives up (closedEarly)', async () => {
    sim.clearRequests();
    sim.addFault({ path: '/v2/voice-agents', hang: true });
    await assert.rejects(request('GET', '/v2/voice-agents', { headers: HA, timeoutMs: 150 }), /client timeout/);
    await waitFor(() => sim.requests[0].closedEarly, 'hang closedEarly');
  });

  await step('fault {delayMs}: extra latency, then the normal answer', async () => {
    sim.addFault({ path: '/chat/Chatbot/ModelList', delayMs: 150 });
    const t0 = Date.now();
    const r = await get('/chat/Chatbot/ModelList', HT);
    assert.ok(Date.now() - t0 >= 140);
    assert.equal(r.json.Success, true);
  });

  await step('in-flight count: each request records how many were being answered when it arrived; the peak since reset()', async () => {
    sim.reset();
    sim.addFaults([300, 0].map((delayMs) => ({ path: '/chat/Chatbot/ModelList', delayMs })));
    const slow = get('/chat/Chatbot/ModelList', HT);
    await waitFor(() => sim.inFlight === 1, 'the slow request in flight');
    await get('/chat/Chatbot/ModelList', HT);
    await slow;
    const [first, second] = sim.requests;
    assert.deepEqual([first.inFlight, second.inFlight, sim.peakInFlight], [1, 2, 2]);
    assert.ok(second.answeredAt <= first.answeredAt, 'the quick request was answered first');
    await waitFor(() => sim.inFlight === 0, 'nothing in flight');
    sim.reset();
    assert.equal(sim.peakInFlight, 0);
  });

  await step('fault {hottaskFailure} and {twilioStatusFalse}', async () => {
    sim.addFault({ path: '/chat/Chatbot/GetSession', hottaskFailure: { code: 1001, message: 'Chatbot disabled' } });
    let r = await post('/chat/Chatbot/GetSession', { serialNumber: BOT }, HT);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { Data: null, Version: '1.0.0', Success: false, Code: 1001, Message: 'Chatbot disabled' });
    sim.addFault({ path: '/chat/Chatbot/SendTwilioMessage', twilioStatusFalse: 'Twilio number not configured' });
    r = await post('/chat/Chatbot/SendTwilioMessage', { SerialNumber: BOT, ToPhoneNumber: '+14155550123', Message: 'Hi' }, HT);
    assert.equal(r.json.Success, true);
    assert.deepEqual(r.json.Data, { Status: 'False', Message: 'Twilio number not configured', SessionID: 0 });
  });

  await step('fault {rateLimit}: 429 with Retry-After seconds / HTTP date / none, and 503', async () => {
    const date = new Date(Date.now() + 3000).toUTCString();
    sim.addFaults([
      { path: '/chat/Chatbot/ModelList', rateLimit: { retryAfter: '2' } },
      { path: '/chat/Chatbot/ModelList', rateLimit: { retryAfter: date } },
      { path: '/chat/Chatbot/ModelList', rateLimit: {} },
      { path: '/v2/voice-agents', rateLimit: { status: 503, retryAfter: '1' } },
    ]);
    let r = await get('/chat/Chatbot/ModelList', HT);
    assert.deepEqual([r.status, r.headers['retry-after'], r.json.Code], [429, '2', 429]);
    r = await get('/chat/Chatbot/ModelList', HT);
    assert.deepEqual([r.status, r.headers['retry-after']], [429, date]);
    r = await get('/chat/Chatbot/ModelList', HT);
    assert.deepEqual([r.status, r.headers['retry-after']], [429, undefined]);
    r = await get('/v2/voice-agents', HA);
    assert.deepEqual([r.status, r.headers['retry-after'], r.json.messageKey], [503, '1', 'SERVICE_UNAVAILABLE']);
  });

  await step('config ignorePaging: lists answer their first page, the same or with new ids', async () => {
    const ids = async (query) => (await get(`/v1/voice-agents/phone-number/list?${query}`, HA)).json.data.map((n) => n.id);
    const first = await ids('skip=1&take=2');
    sim.configure({ ignorePaging: 'repeat' });
    assert.deepEqual(await ids('skip=2&take=2'), first);
    sim.configure({ ignorePaging: 'fresh' });
    const fresh = await ids('skip=2&take=2');
    assert.deepEqual(fresh.map((id) => id.replace(/-\d+$/, '')), first);
    assert.notDeepEqual(await ids('skip=3&take=2'), fresh);
    sim.configure({ ignorePaging: null });
    assert.throws(() => sim.configure({ ignorePaging: 'sometimes' }), /ignorePaging/);
  });

  await step('fault {afterActing}: the service acts, a gateway answers the client with the status', async () => {
    const sent = sim.hottask.sentMessages.length;
    sim.addFault({ path: '/chat/Chatbot/SendTwilioMessage', status: 503, afterActing: true });
    const r = await post('/chat/Chatbot/SendTwilioMessage', { SerialNumber: BOT, ToPhoneNumber: '+14155550123', Message: 'Hi' }, HT);
    assert.deepEqual([r.status, r.headers['retry-after'], r.json.Code], [503, undefined, 503]);
    assert.equal(sim.hottask.sentMessages.length, sent + 1, 'the SMS was sent behind the 503');
    assert.throws(() => sim.addFault({ reset: true, afterActing: true }), /afterActing/);
  });

  await step('fault {stream}: overrides one request only; times and unmatched faults', async () => {
    const s = await newSession();
    sim.addFault({ path: '/chat/Chat/ClientAsk', stream: { framing: 'ndjson', done: true } });
    let r = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', stream: true }, HT);
    assert.ok(r.text.startsWith('{"content"'));
    assert.ok(r.text.endsWith('[DONE]\n'));
    r = await post('/chat/Chat/ClientAsk', { sessionID: s, content: 'x', stream: true }, HT);
    assert.ok(r.text.startsWith('data: {"content"'));
    sim.addFault({ method: 'GET', path: '/chat/Chatbot/ModelList', status: 500, times: 2 });
    sim.addFault({ method: 'DELETE', path: '/chat/Chatbot/ModelList', status: 500 });
    assert.equal((await get('/chat/Chatbot/ModelList', HT)).status, 500);
    assert.equal((await get('/chat/Chatbot/ModelList', HT)).status, 500);
    assert.equal((await get('/chat/Chatbot/ModelList', HT)).status, 200);
    assert.equal(sim.listFaults().length, 1, 'the unmatched DELETE fault stays queued');
    sim.clearFaults();
    assert.throws(() => sim.addFault({ path: '/x', status: 500, reset: true }), /exactly one action/);
    assert.throws(() => sim.addFault({ path: '/x', stream: { framing: 'xml' } }), /framing/);
    assert.throws(() => sim.addFault({ bogus: 1 }), /exactly one action/);
  });

  await step('latencyMs applies to every service answer', async () => {
    sim.configure({ latencyMs: 80 });
    const t0 = Date.now();
    await get('/chat/Chatbot/ModelList', HT);
    await get('/v2/voice-agents', HA);
    assert.ok(Date.now() - t0 >= 150);
    sim.configure({ latencyMs: 0 });
  });
}

async function hamsaRoutes() {
  await step('Hamsa auth: exactly "Token <key>"', async () => {
    for (const headers of [{}, { authorization: HA_KEY }, { authorization: `Bearer ${HA_KEY}` }, { authorization: `token ${HA_KEY}` }]) {
      const r = await get('/v2/voice-agents', headers);
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, { success: false, message: 'Unauthorized', messageKey: 'UNAUTHORIZED' });
    }
  });

  await step('Hamsa voice agents: envelope success:false, paging, search', async () => {
    let r = await get('/v2/voice-agents', HA);
    assert.equal(r.status, 200);
    assert.equal(r.json.success, false);
    assert.equal(r.json.message, 'success');
    assert.equal(r.json.data.total, 25);
    assert.equal(r.json.data.voiceAgents.length, 10);
    assert.equal(r.json.data.voiceAgents[0].id, AGENT);
    assert.equal(r.json.data.voiceAgents[0].name, 'Appointment Reminder');
    r = await get('/v2/voice-agents?skip=20&take=10', HA);
    assert.equal(r.json.data.voiceAgents.length, 5);
    r = await get('/v2/voice-agents?search=APPOINT', HA);
    assert.equal(r.json.data.filtered, 1);
    assert.equal(r.json.data.voiceAgents[0].name, 'Appointment Reminder');
    r = await get('/v2/voice-agents?take=abc', HA);
    assert.equal(r.status, 400);
    assert.equal(r.json.messageKey, 'VALIDATION_ERROR');
    sim.configure({ hamsaSuccessFlag: true });
    r = await get('/v2/voice-agents', HA);
    assert.equal(r.json.success, true);
    sim.configure({ hamsaSuccessFlag: false });
  });

  await step('Hamsa phone numbers: provider filter, agent filter, page-style skip', async () => {
    let r = await get('/v1/voice-agents/phone-number/list', HA);
    assert.equal(r.json.data.length, 5);
    r = await get('/v1/voice-agents/phone-number/list?provider=TWILIO', HA);
    assert.equal(r.json.data.length, 4);
    assert.ok(r.json.data.every((n) => n.type === 'TWILIO' && /^\+\d+$/.test(n.number)));
    r = await get('/v1/voice-agents/phone-number/list?provider=SIP', HA);
    assert.equal(r.json.data.length, 1);
    r = await get(`/v1/voice-agents/phone-number/list?voiceAgentId=${AGENT}`, HA);
    assert.deepEqual(r.json.data.map((n) => n.number), [TWILIO]);
    r = await get('/v1/voice-agents/phone-number/list?skip=2&take=2', HA);
    assert.equal(r.json.data.length, 2);
    r = await get('/v1/voice-agents/phone-number/list?provider=FAX', HA);
    assert.equal(r.status, 400);
  });

  await step('Hamsa minimal-list: paging, status[] and status filters, time window, perPage cap', async () => {
    let r = await get('/v1/voice-agents/conversations/minimal-list', HA);
    assert.equal(r.json.data.total, 250);
    assert.equal(r.json.data.calls.length, 100);
    const c = r.json.data.calls[0];
    assert.deepEqual(Object.keys(c), ['id', 'createdAt', 'status', 'voiceAgentId', 'agentName', 'duration', 'channelType', 'callParams']);
    r = await get('/v1/voice-agents/conversations/minimal-list?page=3&perPage=100', HA);
    assert.equal(r.json.data.calls.length, 50);
    r = await get('/v1/voice-agents/conversations/minimal-list?perPage=200', HA);
    assert.equal(r.json.data.calls.length, 200);
    r = await get('/v1/voice-agents/conversations/minimal-list?perPage=201', HA);
    assert.equal(r.status, 400);
    r = await get('/v1/voice-agents/conversations/minimal-list?status[]=NO_ANSWER&status[]=FAILED&perPage=200', HA);
    assert.ok(r.json.data.filtered > 0 && r.json.data.calls.every((x) => ['NO_ANSWER', 'FAILED'].includes(x.status)));
    const viaRepeat = await get('/v1/voice-agents/conversations/minimal-list?status=NO_ANSWER&status=FAILED&perPage=200', HA);
    assert.equal(viaRepeat.json.data.filtered, r.json.data.filtered);
    r = await get('/v1/voice-agents/conversations/minimal-list?status[]=DONE', HA);
    assert.equal(r.status, 400);
    const end = Date.now();
    const start = end - 7 * 86400000;
    r = await get(`/v1/voice-agents/conversations/minimal-list?startTime=${start}&endTime=${end}&voiceAgentId=${AGENT}`, HA);
    assert.ok(r.json.data.calls.every((x) => x.voiceAgentId === AGENT && Date.parse(x.createdAt) >= start));
    r = await get(`/v1/voice-agents/conversations/minimal-list?startTime=${end}&endTime=${start}`, HA);
    assert.equal(r.status, 400);
    assert.match(r.json.message, /endTime/);
  });

  await step('Hamsa get conversation: historical call, unknown id', async () => {
    const list = await get('/v1/voice-agents/conversations/minimal-list?status[]=COMPLETED&perPage=1', HA);
    const id = list.json.data.calls[0].id;
    const r = await get(`/v1/voice-agents/conversation/${id}`, HA);
    assert.equal(r.json.data.id, id);
    assert.equal(r.json.data.status, 'COMPLETED');
    assert.ok(r.json.data.mediaUrl.endsWith(`${id}.mp3`));
    assert.ok(r.json.data.transcription.length > 0);
    assert.ok(r.json.data.callDuration > 0);
    const nf = await get('/v1/voice-agents/conversation/00000000-0000-4000-8000-000000000000', HA);
    assert.deepEqual([nf.status, nf.json.messageKey], [404, 'CONVERSATION_NOT_FOUND']);
    const weird = await get('/v1/voice-agents/conversation/%E0%A4%A', HA);
    assert.equal(weird.status, 404);
  });

  await step('Hamsa twilio/call validation: missing fields, unknown agent, unknown number', async () => {
    const base = { toNumber: '+14155550199', twilioPhoneNumber: TWILIO, agentDetails: { agentName: '' }, voiceAgentId: AGENT, params: {} };
    let r = await post('/v1/voice-agents/twilio/call', { ...base, toNumber: undefined }, HA);
    assert.deepEqual([r.status, r.json.messageKey], [400, 'VALIDATION_ERROR']);
    assert.match(r.json.message, /toNumber/);
    r = await post('/v1/voice-agents/twilio/call', { ...base, twilioPhoneNumber: '' }, HA);
    assert.match(r.json.message, /twilioPhoneNumber/);
    r = await post('/v1/voice-agents/twilio/call', { ...base, voiceAgentId: '11111111-1111-4111-8111-111111111111' }, HA);
    assert.deepEqual([r.status, r.json], [404, { success: false, message: 'Voice agent not found', messageKey: 'VOICE_AGENT_NOT_FOUND' }]);
    r = await post('/v1/voice-agents/twilio/call', { ...base, twilioPhoneNumber: '+15005550006' }, HA);
    assert.deepEqual([r.status, r.json.messageKey], [400, 'PHONE_NUMBER_NOT_FOUND']);
    r = await post('/v1/voice-agents/twilio/call', { ...base, twilioPhoneNumber: '+97145550123' }, HA);
    assert.equal(r.json.messageKey, 'PHONE_NUMBER_NOT_FOUND', 'a SIP number is not a Twilio number');
    r = await request('POST', '/v1/voice-agents/twilio/call', { headers: HA, body: 'toNumber=+1' });
    assert.deepEqual([r.status, r.json.messageKey], [400, 'INVALID_JSON']);
    r = await get('/v1/voice-agents/twilio/call', HA);
    assert.equal(r.status, 404);
  });
}

/** A little webhook receiver standing in for an n8n Hamsa Trigger. */
async function startReceiver(answerStatus = 200) {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), path: req.url });
      res.writeHead(answerStatus, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: true }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { received, url: `http://127.0.0.1:${server.address().port}/webhook/hamsa`, close: () => new Promise((r) => server.close(r)) };
}

async function callLifecycle() {
  await step('Hamsa call lifecycle: job shape, statuses, webhooks in order with auth', async () => {
    const rx = await startReceiver();
    sim.configure({ callDurationMs: 200 });
    const r = await post(
      '/v1/voice-agents/twilio/call',
      {
        toNumber: '+14155550199',
        twilioPhoneNumber: TWILIO,
        agentDetails: { agentName: '' },
        voiceAgentId: AGENT,
        params: { customerName: 'Dana', orderId: 'A-17' },
        webhookUrl: rx.url,
        webhookAuth: { authKey: 'Bearer', authSecret: 's3cret' },
      },
      HA,
    );
    assert.equal(r.status, 200);
    const job = r.json.data;
    assert.equal(r.json.success, false);
    for (const key of ['id', 'title', 'model', 'type', 'processingType', 'webhookUrl', 'totalCost', 'usageTime', 'fromLng', 'toLng', 'mediaUrl', 'jobResponse', 'fromScript', 'toScript', 'status', 'relevantJobId', 'callParams', 'agentDetails', 'apiKeyId', 'billingId', 'systemModelKey', 'voiceAgentId', 'createdAt', 'updatedAt']) {
      assert.ok(key in job, `job has ${key}`);
    }
    assert.equal(job.status, 'PENDING');
    assert.deepEqual(job.callParams, { machineNumber: TWILIO, userNumber: '+14155550199' });
    assert.equal(job.agentDetails.agentName, 'Appointment Reminder');
    assert.deepEqual(job.agentDetails.params, { customerName: 'Dana', orderId: 'A-17' });
    assert.ok(job.agentDetails.tools.freeSlots.Monday);
    assert.match(job.id, /^[0-9a-f-]{36}$/);
    assert.ok(sim.calls.has(job.id));

    await waitFor(() => rx.received.some((e) => e.body.eventType === 'call.ended'), 'call.ended');
    const types = rx.received.map((e) => e.body.eventType);
    assert.deepEqual(types, ['call.started', 'call.answered', 'transcription.update', 'transcription.update', 'call.ended']);
    for (const e of rx.received) {
      assert.equal(e.headers.authorization, 'Bearer s3cret');
      assert.equal(e.body.callId, job.id);
      assert.equal(e.body.agentId, AGENT);
      assert.equal(e.body.agentName, 'Appointment Reminder');
      assert.ok(e.body.projectId);
      assert.ok(!Number.isNaN(Date.parse(e.body.timestamp)));
    }
    const ended = rx.received[4].body.data;
    assert.equal(ended.status, 'COMPLETED');
    assert.ok(ended.callDuration > 0);
    assert.equal(ended.data.conversationId, job.id);
    assert.equal(ended.data.conversationRecording, `https://cdn.tryhamsa.com/recordings/${job.id}.mp3`);
    assert.deepEqual(Object.keys(ended.data.transcription[0]), ['Agent']);
    assert.deepEqual(Object.keys(ended.data.transcription[1]), ['User']);
    assert.match(ended.data.transcription[0].Agent, /Dana/);
    assert.equal(ended.data.outcomeResult.customerName, 'Dana');
    assert.equal(ended.data.outcomeResult.orderId, 'A-17');
    assert.equal(ended.data.outcomeResult.interested, true);
    assert.ok(ended.data.outcomeResult.appointmentTime);

    const conv = await get(`/v1/voice-agents/conversation/${job.id}`, HA);
    assert.equal(conv.json.data.status, 'COMPLETED');
    assert.equal(conv.json.data.toNumber, '+14155550199');
    assert.equal(conv.json.data.mediaUrl, ended.data.conversationRecording);
    assert.equal(conv.json.data.transcription.length, ended.data.transcription.length);
    assert.ok(conv.json.data.logs.length >= 3);
    assert.equal(conv.json.data.callAnalysis.callSuccessful, true);
    const list = await get(`/v1/voice-agents/conversations/minimal-list?voiceAgentId=${AGENT}&perPage=1`, HA);
    assert.equal(list.json.data.calls[0].id, job.id, 'the newest call lists first');
    assert.equal(list.json.data.total, 251);
    await sim.webhooksIdle();
    assert.equal(sim.webhookDeliveries.filter((d) => d.callId === job.id && d.status === 200).length, 5);
    await rx.close();
  });

  await step('Hamsa call: status visible mid-call (IN_PROGRESS), NO_ANSWER outcome, duplicates', async () => {
    const rx = await startReceiver();
    sim.configure({ callDurationMs: 400, callOutcome: 'NO_ANSWER', duplicateWebhooks: true });
    const r = await post('/v1/voice-agents/twilio/call', { toNumber: '+14155550198', twilioPhoneNumber: TWILIO, voiceAgentId: AGENT, webhookUrl: rx.url, webhookAuth: { authKey: 'Token', authSecret: 'abc' } }, HA);
    const id = r.json.data.id;
    await waitFor(async () => (await get(`/v1/voice-agents/conversation/${id}`, HA)).json.data.status === 'IN_PROGRESS', 'IN_PROGRESS');
    await waitFor(() => rx.received.filter((e) => e.body.eventType === 'call.ended').length === 2, 'two call.ended');
    const types = rx.received.map((e) => e.body.eventType);
    assert.deepEqual(types, ['call.started', 'call.started', 'call.ended', 'call.ended']);
    assert.deepEqual(rx.received[2].body, rx.received[3].body, 'duplicates are identical');
    const ended = rx.received[2].body.data;
    assert.equal(ended.status, 'NO_ANSWER');
    assert.equal(ended.data.conversationRecording, null);
    assert.deepEqual(ended.data.transcription, []);
    assert.equal(rx.received[0].headers.authorization, 'Token abc');
    sim.configure({ callOutcome: 'COMPLETED', duplicateWebhooks: false, callDurationMs: 300 });
    await rx.close();
  });

  await step('Hamsa call: unreachable webhook is logged, not fatal; call without webhook', async () => {
    sim.configure({ callDurationMs: 50 });
    const dead = 'http://127.0.0.1:9/nothing-here';
    const r = await post('/v1/voice-agents/twilio/call', { toNumber: '+14155550197', twilioPhoneNumber: TWILIO, voiceAgentId: AGENT, webhookUrl: dead }, HA);
    const id = r.json.data.id;
    await waitFor(() => sim.webhookDeliveries.some((d) => d.callId === id && d.eventType === 'call.ended'), 'failed delivery logged');
    assert.ok(sim.webhookDeliveries.filter((d) => d.callId === id).every((d) => d.error && d.status === null));
    const r2 = await post('/v1/voice-agents/twilio/call', { toNumber: '+14155550196', twilioPhoneNumber: TWILIO, voiceAgentId: AGENT }, HA);
    const id2 = r2.json.data.id;
    await waitFor(() => sim.calls.get(id2).status === 'COMPLETED', 'completed without webhook');
    sim.configure({ callDurationMs: 300 });
  });

  await step('postWebhook: arbitrary events with chosen/no Authorization', async () => {
    const rx = await startReceiver(202);
    const event = { eventType: 'call.ended', callId: 'x', data: {} };
    let res = await sim.postWebhook(rx.url, event, { authorization: 'Bearer wrong' });
    assert.deepEqual(res, { status: 202, body: { received: true } });
    res = await sim.postWebhook(rx.url, event, {});
    assert.equal(rx.received[0].headers.authorization, 'Bearer wrong');
    assert.equal(rx.received[1].headers.authorization, undefined);
    assert.deepEqual(rx.received[1].body, event);
    await assert.rejects(sim.postWebhook('http://127.0.0.1:9/x', event, {}));
    await rx.close();
  });
}

async function controlEndpoints() {
  await step('control endpoints: health, config, faults, requests, calls, webhook, reset', async () => {
    let r = await get('/__sim/health');
    assert.deepEqual([r.status, r.json.ok, r.json.url], [200, true, sim.url]);
    sim.clearRequests();
    await get('/chat/Chatbot/ModelList', HT);
    await get('/v1/voice-agents/conversations/minimal-list?status[]=FAILED&perPage=5', HA);
    r = await get('/__sim/requests');
    assert.equal(r.json.length, 2, 'control requests are not recorded');
    assert.equal(r.json[0].service, 'hottask');
    assert.equal(r.json[0].headers.authorization, HT_KEY);
    assert.equal(r.json[1].service, 'hamsa');
    assert.equal(r.json[1].path, '/v1/voice-agents/conversations/minimal-list');
    assert.deepEqual(r.json[1].query, { 'status[]': ['FAILED'], perPage: '5' });
    r = await request('DELETE', '/__sim/requests');
    assert.equal(sim.requests.length, 0);

    r = await post('/__sim/config', { latencyMs: 5, stream: { framing: 'ndjson' } });
    assert.equal(r.json.latencyMs, 5);
    assert.equal(r.json.stream.framing, 'ndjson');
    assert.equal(r.json.stream.done, false, 'nested config merges');
    r = await post('/__sim/config', { stream: { framing: 'bogus' } });
    assert.equal(r.status, 400);
    assert.match(r.json.error, /framing/);

    r = await post('/__sim/faults', [{ path: '/chat/Chatbot/ModelList', status: 503 }, { path: '/v2/*', rateLimit: { retryAfter: '1' } }]);
    assert.deepEqual(r.json, { queued: 2 });
    assert.equal((await get('/chat/Chatbot/ModelList', HT)).status, 503);
    assert.equal((await get('/v2/voice-agents', HA)).status, 429);
    r = await post('/__sim/faults', { path: '/x' });
    assert.equal(r.status, 400);

    const rx = await startReceiver();
    r = await post('/__sim/webhook', { url: rx.url, authorization: 'Bearer t', event: { eventType: 'call.started' } });
    assert.deepEqual(r.json, { status: 200, body: { received: true } });
    assert.equal(rx.received[0].headers.authorization, 'Bearer t');
    await rx.close();

    const call = await post('/v1/voice-agents/twilio/call', { toNumber: '+14155550195', twilioPhoneNumber: TWILIO, voiceAgentId: AGENT, webhookAuth: { authKey: 'a', authSecret: 'b' } }, HA);
    r = await get('/__sim/calls');
    const listed = r.json.find((c) => c.id === call.json.data.id);
    assert.ok(listed && listed.hasWebhookAuth && listed.webhookAuth === undefined);

    r = await post('/__sim/reset', {});
    assert.equal(r.status, 200);
    assert.equal(sim.config.latencyMs, 0);
    assert.equal(sim.config.stream.framing, 'sse');
    assert.equal(sim.calls.size, 0);
    assert.equal(sim.requests.length, 0);
    const s = await newSession();
    assert.equal(s, 880001, 'session ids restart after reset');
    r = await get('/__sim/nope');
    assert.equal(r.status, 404);
  });
}

async function robustness() {
  await step('robustness: odd input never crashes the simulator', async () => {
    const odd = [
      ['POST', '/chat/Chat/ClientAsk', '{"sessionID": 1e400, "content": {"a": 1}}'],
      ['POST', '/chat/Chat/ClientAsk', 'null'],
      ['POST', '/chat/Chat/ClientAsk', '"just a string"'],
      ['POST', '/chat/Chatbot/LeadList', '{"serialNumber": ["x"], "startTime": 5}'],
      ['POST', '/v1/voice-agents/twilio/call', '{"toNumber": 1, "params": [1]}'],
      ['POST', '/v1/voice-agents/twilio/call', '[]'],
      ['GET', '/v1/voice-agents/conversations/minimal-list?page=0', undefined],
      ['GET', '/v1/voice-agents/conversations/minimal-list?page=1&page=2', undefined],
      ['GET', '/v2/voice-agents?skip=-1', undefined],
      ['GET', '/v1/voice-agents/conversation/', undefined],
      ['GET', '/nothing', undefined],
      ['PATCH', '/chat/Chatbot/GetSession', '{}'],
    ];
    for (const [method, p, body] of odd) {
      const headers = p.startsWith('/chat/') ? HT : HA;
      const r = await request(method, p, { headers, body });
      assert.ok(r.status >= 200 && r.status < 500, `${method} ${p} → ${r.status}`);
      assert.ok(r.json, `${method} ${p} answers JSON`);
    }
    const big = await request('POST', '/chat/Chat/ClientAsk', { headers: HT, body: JSON.stringify({ content: 'x'.repeat(2 * 1024 * 1024) }) });
    assert.equal(big.status, 413);
    // A broken HTTP request line.
    await new Promise((resolve) => {
      const sock = net.connect(sim.port, '127.0.0.1', () => sock.write('GARBAGE\r\n\r\n'));
      sock.on('data', () => {});
      sock.on('close', resolve);
      sock.on('error', resolve);
    });
    const alive = await get('/__sim/health');
    assert.equal(alive.status, 200);
  });
}

async function campaignsAndTerminate() {
  await step('Hamsa campaigns: validation, create, concurrency, retries, webhooks with campaign ids, get grouped, list', async () => {
    const rx = await startReceiver();
    sim.configure({
      callDurationMs: 60,
      campaignStartDelayMs: 10,
      campaignRetryDelayMs: 20,
      campaignOutcomes: { '+14155550182': ['NO_ANSWER', 'COMPLETED'], '+14155550183': ['FAILED'] },
      agentWebhook: { webhookUrl: rx.url, webhookAuth: { authKey: 'Bearer', authSecret: 'camp' } },
    });
    const base = { name: 'Smoke campaign', phoneNumber: TWILIO, voiceAgentId: AGENT, sendType: 'NOW' };
    const bad = await post('/v1/voice-agents/campaigns', { ...base, recipients: [{ phoneNumber: '4155550181' }] }, HA);
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /recipients\[0\]\.phoneNumber/);
    const noDate = await post('/v1/voice-agents/campaigns', { ...base, sendType: 'SCHEDULED', recipients: [{ phoneNumber: '+14155550181' }] }, HA);
    assert.equal(noDate.status, 400);
    const r = await post(
      '/v1/voice-agents/campaigns',
      { ...base, reservedConcurrency: 2, recipients: [{ phoneNumber: '+14155550181', name: 'A', plan: 'gold' }, { phoneNumber: '+14155550182', name: 'B' }, { phoneNumber: '+14155550183', name: 'C' }] },
      HA,
    );
    assert.equal(r.status, 200);
    assert.equal(r.json.messageKey, 'CAMPAIGN_CREATED_SUCCESSFULLY');
    const id = r.json.data.id;
    assert.equal(r.json.data.status, 'SCHEDULED');
    let most = 0;
    await waitFor(async () => {
      const now = (await get(`/v1/voice-agents/campaigns/${id}`, HA)).json.data;
      most = Math.max(most, now.recipients.inProgress.length);
      return now.status === 'COMPLETED';
    }, 'campaign COMPLETED');
    assert.ok(most <= 2, 'at most reservedConcurrency calls at once');
    const done = (await get(`/v1/voice-agents/campaigns/${id}`, HA)).json.data;
    assert.equal(done.totalRecipients, 3);
    assert.deepEqual(done.recipients.completed.map((x) => [x.name, x.attempts]).sort(), [['A', 1], ['B', 2]]);
    assert.deepEqual(done.recipients.failed.map((x) => [x.name, x.attempts, x.lastError]), [['C', 2, 'Call failed']]);
    assert.deepEqual(done.recipients.completed.find((x) => x.name === 'A').dynamicVariables, { plan: 'gold' });
    await sim.webhooksIdle();
    const ended = rx.received.filter((e) => e.body.eventType === 'call.ended');
    assert.equal(ended.length, 5, 'one call.ended per attempt');
    assert.ok(ended.every((e) => e.body.campaignId === id && e.body.campaignRecipientId && e.headers.authorization === 'Bearer camp'));
    const list = await get('/v1/voice-agents/campaigns?take=1&skip=0&search=smoke', HA);
    assert.deepEqual([list.json.data.totalCount, list.json.data.returnedCount, list.json.data.campaigns[0].id], [1, 1, id]);
    assert.equal(list.json.data.campaigns[0].recipients, undefined);
    assert.equal((await get('/v1/voice-agents/campaigns/nope', HA)).status, 404);
    sim.configure({ campaignOutcomes: {}, agentWebhook: null, callDurationMs: 300 });
    await rx.close();
  });

  await step('Hamsa terminate: in progress → TERMINATED with call.ended; already ended → 400; unknown → 404', async () => {
    sim.configure({ callOutcome: 'IN_PROGRESS', callDurationMs: 50 });
    const r = await post('/v1/voice-agents/twilio/call', { toNumber: '+14155550179', twilioPhoneNumber: TWILIO, voiceAgentId: AGENT }, HA);
    const id = r.json.data.id;
    await waitFor(() => sim.calls.get(id).status === 'IN_PROGRESS', 'IN_PROGRESS');
    const t = await get(`/v1/voice-agents/conversation/${id}/terminate`, HA);
    assert.equal(t.status, 200);
    assert.deepEqual([t.json.message, t.json.messageKey, t.json.data], ['Conversation terminated successfully.', 'ConversationTerminatedSuccessfully', undefined]);
    assert.equal(sim.calls.get(id).status, 'TERMINATED');
    assert.ok(sim.calls.get(id).eventsSent.includes('call.ended'));
    const again = await get(`/v1/voice-agents/conversation/${id}/terminate`, HA);
    assert.deepEqual([again.status, again.json.messageKey], [400, 'CONVERSATION_ALREADY_ENDED']);
    assert.equal((await get('/v1/voice-agents/conversation/nope/terminate', HA)).status, 404);
    sim.configure({ callOutcome: 'COMPLETED', callDurationMs: 300 });
  });
}

async function cli() {
  await step('cli.js: prints URL and keys, stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(__dirname, 'cli.js'), '--port', '0', '--latency', '5', '--call-duration-ms', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await waitFor(() => /Hamsa API key/.test(out), 'cli output');
    const url = /Simulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)[1];
    assert.ok(out.includes(sim_.DEFAULT_HOTTASK_KEY) && out.includes(sim_.DEFAULT_HAMSA_KEY));
    const health = await fetch(`${url}/__sim/health`).then((r) => r.json());
    assert.equal(health.ok, true);
    const cfg = await fetch(`${url}/__sim/config`).then((r) => r.json());
    assert.deepEqual([cfg.latencyMs, cfg.callDurationMs], [5, 100]);
    const code = await new Promise((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    assert.equal(code, 0);
  });
}

async function agentsAndTools() {
  const patch = (p, body) => request('PATCH', p, { headers: HA, body });
  const del = (p) => request('DELETE', p, { headers: HA });
  await step('Hamsa agents: get v1/v2, create, partial PATCH keeps what it does not send, deletes per hamsaDeletes', async () => {
    let r = await get(`/v2/voice-agents/${AGENT}`, HA);
    assert.equal(r.status, 200);
    assert.equal(r.json.data.name, 'Appointment Reminder');
    assert.equal(r.json.data.tools.length, 2);
    r = await get(`/v1/voice-agents/${AGENT}`, HA);
    assert.equal(r.json.data.agentName, 'Appointment Reminder');
    assert.equal(r.json.data.webToolsIds.length, 2);
    const preamble = r.json.data.preamble;
    r = await patch(`/v2/voice-agents/${AGENT}`, { conversation: { greetingMessage: 'Hi there' }, webhookUrl: 'https://hooks.example.com/a', webhookAuth: { authKey: 'Bearer', authSecret: 's3' } });
    assert.deepEqual(r.json, { success: false, message: 'Voice agent updated successfully', messageKey: 'VoiceAgentUpdatedSuccessfully' });
    r = await patch(`/v1/voice-agents/${AGENT}`, { maxCallDuration: 120 });
    assert.equal(r.json.data.greetingMessage, 'Hi there');
    assert.equal(r.json.data.preamble, preamble);
    assert.equal(r.json.data.maxCallDuration, 120);
    assert.equal(r.json.data.webhookUrl, 'https://hooks.example.com/a');
    assert.equal((await patch(`/v1/voice-agents/${AGENT}`, { maxCallDuration: 0 })).status, 400);
    assert.equal((await patch(`/v1/voice-agents/${AGENT}`, { webToolsIds: ['nope'] })).status, 400);
    assert.equal((await get('/v2/voice-agents/nope', HA)).status, 404);
    assert.equal((await post('/v2/voice-agents', { name: ' ' }, HA)).status, 400);
    r = await post('/v2/voice-agents', { name: 'Smoke Agent', voice: { lang: 'ar' }, callSettings: { maxCallDuration: 90 } }, HA);
    assert.equal(r.status, 200);
    const id = r.json.data.id;
    assert.equal(r.json.data.callSettings.maxCallDuration, 90);
    assert.equal(r.json.data.callSettings.silenceThreshold, 800);
    assert.equal((await get('/v2/voice-agents?search=smoke', HA)).json.data.filtered, 1);
    r = await del(`/v2/voice-agents/${id}`);
    assert.equal(r.status, 404);
    assert.equal(r.json.message, `Cannot DELETE /v2/voice-agents/${id}`);
    sim.configure({ hamsaDeletes: 'methodNotAllowed' });
    assert.equal((await del(`/v2/voice-agents/${id}`)).status, 405);
    sim.configure({ hamsaDeletes: 'supported' });
    assert.equal((await del(`/v2/voice-agents/${id}`)).status, 200);
    assert.equal((await get(`/v2/voice-agents/${id}`, HA)).status, 404);
    sim.reset();
  });

  await step('Hamsa web tools: create (timeOut s → timeout ms), list by agent/type/active/search with page skip, get, patch, delete', async () => {
    let r = await post('/v2/voice-agents/web-tool', { type: 'FUNCTION', name: 'Smoke Tool', description: 'For the smoke test', async: false, toolSettings: { serverUrl: 'https://x.example.com', methodType: 'POST', timeOut: 5 } }, HA);
    assert.equal(r.status, 200);
    assert.equal(r.json.messageKey, 'WebToolCreatedSuccessfully');
    assert.equal(r.json.data.toolSettings.timeout, 5000);
    const id = r.json.data.id;
    assert.equal((await post('/v2/voice-agents/web-tool', { type: 'FUNCTION', name: 'No async', description: 'd' }, HA)).status, 400);
    r = await get('/v2/voice-agents/web-tool/list', HA);
    assert.equal(r.json.data.total, 6);
    assert.equal(r.json.data.items.length, 6);
    r = await get(`/v2/voice-agents/web-tool/list?voiceAgentId=${AGENT}`, HA);
    assert.deepEqual(r.json.data.items.map((t) => t.name), ['Check Availability', 'Book Appointment']);
    r = await get('/v2/voice-agents/web-tool/list?take=2&skip=2', HA);
    assert.deepEqual(r.json.data.items.map((t) => t.name), ['Look Up Order', 'Legacy CRM Sync']);
    assert.equal((await get('/v2/voice-agents/web-tool/list?type=MCP', HA)).json.data.filtered, 1);
    assert.equal((await get('/v2/voice-agents/web-tool/list?isActive=false', HA)).json.data.filtered, 1);
    assert.equal((await get('/v2/voice-agents/web-tool/list?search=smoke', HA)).json.data.filtered, 1);
    assert.equal((await get('/v2/voice-agents/web-tool/list?skip=0', HA)).status, 400);
    r = await request('PATCH', `/v1/voice-agents/web-tool/${id}`, { headers: HA, body: { isActive: false } });
    assert.equal(r.json.data.isActive, false);
    assert.equal(r.json.data.version, 2);
    assert.equal((await get(`/v1/voice-agents/web-tool/${id}`, HA)).json.data.name, 'Smoke Tool');
    const attached = (await get(`/v2/voice-agents/web-tool/list?voiceAgentId=${AGENT}`, HA)).json.data.items[0].id;
    assert.equal((await request('DELETE', `/v1/voice-agents/web-tool/${attached}`, { headers: HA })).status, 404);
    sim.configure({ hamsaDeletes: 'supported' });
    assert.equal((await request('DELETE', `/v1/voice-agents/web-tool/${attached}`, { headers: HA })).status, 200);
    assert.equal((await get(`/v2/voice-agents/${AGENT}`, HA)).json.data.tools.length, 1);
    sim.reset();
  });
}

async function main() {
  sim = await startSimulator();
  console.log(`simulator at ${sim.url}`);
  try {
    await hottaskRoutes();
    await streamFramings();
    await faults();
    await hamsaRoutes();
    await agentsAndTools();
    await callLifecycle();
    await campaignsAndTerminate();
    await controlEndpoints();
    await robustness();
    await cli();
  } finally {
    await sim.close();
  }
  console.log(`\nsmoke: ${results.length} checks passed`);
}

main().catch((err) => {
  console.error('\nsmoke FAILED:', err);
  process.exit(1);
});
