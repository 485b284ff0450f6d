'use strict';

// Builds and writes HotTask's streamed answer. The docs do not say how events
// are framed, so every plausible framing is producible here, and the bytes can
// be re-chunked arbitrarily to prove the nodes' parser copes with network
// splits (inside lines, inside multi-byte characters).

const { isGone, sleepUnlessGone } = require('./http-util');

/**
 * Splits an answer into the pieces sent as {"content": ...}. Joined, the
 * pieces always equal the answer. Splitting by code points (Array.from), not
 * UTF-16 units, so an emoji is never cut into invalid surrogate halves.
 */
function splitAnswer(answer, pieceSize) {
  if (!answer) return [];
  if (pieceSize) {
    const points = Array.from(answer);
    const pieces = [];
    for (let i = 0; i < points.length; i += pieceSize) pieces.push(points.slice(i, i + pieceSize).join(''));
    return pieces;
  }
  // Words with their leading whitespace, like the documented example
  // ("Hello", "!", " How", " can"...); trailing whitespace becomes its own piece.
  return answer.match(/\s*[^\s]+|\s+/gu) || [answer];
}

const LINE_END = {
  sse: '\n',
  'sse-nospace': '\n',
  'sse-crlf': '\r\n',
  'sse-rich': '\n',
  ndjson: '\n',
  'ndjson-crlf': '\r\n',
};

/** Frames one event's text (a JSON string, a malformed line, or [DONE]). */
function frameEvent(text, framing, index) {
  const nl = LINE_END[framing];
  switch (framing) {
    case 'sse-nospace':
      return `data:${text}${nl}${nl}`;
    case 'sse-rich': {
      // Everything a spec-following SSE client must skip: comments, event and
      // id fields, and runs of blank lines between events.
      const comment = index % 2 === 0 ? `: ping ${index}${nl}` : '';
      const extraBlank = index % 3 === 0 ? nl : '';
      return `${comment}event: message${nl}id: ${index}${nl}data: ${text}${nl}${nl}${extraBlank}`;
    }
    case 'ndjson':
    case 'ndjson-crlf':
      return `${text}${nl}`;
    default:
      return `data: ${text}${nl}${nl}`;
  }
}

/**
 * Produces the list of body segments (one per event) and whether the socket
 * is to be destroyed after them. Pure, so tests of the plan need no server.
 */
function buildStreamPlan(answer, ids, options) {
  const framing = options.framing || 'sse';
  const pieces = splitAnswer(answer, options.pieceSize);
  const segments = [];
  let index = 0;
  if (framing === 'sse-rich') segments.push(`: hottask simulator stream${LINE_END[framing]}${LINE_END[framing]}`);

  const malformedAt = options.malformedLineAfter;
  const cutAt = options.cutAfterPieces;
  const unendingAt = options.unendingLineAfter;
  for (let i = 0; i < pieces.length; i++) {
    if (unendingAt === i) return { segments, unending: true, pieces };
    if (malformedAt === i) segments.push(frameEvent('{not json', framing, index++));
    if (cutAt !== null && cutAt !== undefined && i >= cutAt) return { segments, cut: true, pieces };
    segments.push(frameEvent(JSON.stringify({ content: pieces[i] }), framing, index++));
  }
  if (malformedAt !== null && malformedAt !== undefined && malformedAt >= pieces.length) {
    segments.push(frameEvent('{not json', framing, index++));
  }
  if (cutAt !== null && cutAt !== undefined) return { segments, cut: true, pieces };

  if (!options.endWithoutSummary) {
    const summary = {
      QuestionID: ids.questionId,
      AnswerID: ids.answerId,
      Answer: answer,
      TotalToken: ids.totalToken,
    };
    segments.push(frameEvent(JSON.stringify(summary), framing, index++));
  }
  if (options.done) segments.push(frameEvent('[DONE]', framing, index++));
  return { segments, cut: false, pieces };
}

/** Cuts the body into byte-sized writes (chunkSize) or keeps one write per event. */
function toWrites(segments, chunkSize) {
  const buffers = segments.map((s) => Buffer.from(s, 'utf8'));
  if (!chunkSize) return buffers;
  const all = Buffer.concat(buffers);
  const writes = [];
  for (let i = 0; i < all.length; i += chunkSize) writes.push(all.subarray(i, i + chunkSize));
  return writes;
}

function writeAndWait(res, buf) {
  return new Promise((resolve) => {
    if (isGone(res)) return resolve();
    res.write(buf, () => resolve());
  });
}

/**
 * Writes the stream. Between writes it waits (pieceDelayMs, or at least one
 * event-loop turn) so writes leave as separate network chunks rather than
 * being coalesced. `onServerCut` lets the caller tell a deliberate cut from a
 * client that went away.
 */
async function writeStream(res, plan, options, onServerCut) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  if (res.socket) res.socket.setNoDelay(true);
  res.flushHeaders();
  const writes = toWrites(plan.segments, options.chunkSize);
  for (let i = 0; i < writes.length; i++) {
    if (isGone(res)) return;
    await writeAndWait(res, writes[i]);
    if (options.pieceDelayMs > 0 && i < writes.length - 1) await sleepUnlessGone(options.pieceDelayMs, res);
    else await new Promise((r) => setImmediate(r));
  }
  if (isGone(res)) return;
  if (plan.unending) {
    await writeUnendingLine(res);
    return;
  }
  if (plan.cut) {
    onServerCut();
    // Destroying the socket leaves the chunked body unterminated, which is
    // what a proxy or server crash mid-answer looks like to the client.
    if (res.socket) res.socket.destroy();
    else res.destroy();
    return;
  }
  res.end();
}

/** The most an unending line sends before it only holds the connection open. */
const UNENDING_LINE_BYTES = 64 * 1024 * 1024;

/** A piece whose line never ends: 64 KB writes of its text, no newline, until the client goes away. */
async function writeUnendingLine(res) {
  await writeAndWait(res, Buffer.from('data: {"content":"', 'utf8'));
  const block = Buffer.alloc(64 * 1024, 'x');
  for (let sent = 0; sent < UNENDING_LINE_BYTES && !isGone(res); sent += block.length) {
    await writeAndWait(res, block);
  }
  if (!isGone(res)) await new Promise((resolve) => res.once('close', resolve));
}

module.exports = { splitAnswer, frameEvent, buildStreamPlan, toWrites, writeStream };
