'use strict';

// Hamsa's speech endpoints (API.md "More of both APIs"): realtime STT for
// short WAV, transcription jobs polled by id (a mediaUrl containing "fail"
// makes the job fail), and text to speech, whole (/v1/realtime/tts) or
// chunked (/v1/realtime/tts-stream). The audio is a WAV header and a pattern,
// 200 bytes per character of text, so a test can tell the sizes apart.

const { wavHeader } = require('./recordings');

const DIALECTS = ['pls', 'egy', 'syr', 'irq', 'jor', 'leb', 'ksa', 'uae', 'bah', 'qat', 'kuw', 'oma', 'msa', 'ar-sa', 'en'];
const MODELS = ['Hamsa-General-V2.0', 'Hamsa-Conversational-V1.0'];
const LANGUAGES = ['ar', 'en'];
const BYTES_PER_CHAR = 200;
const TEXTS = { ar: 'مرحبا، كيف يمكنني مساعدتك اليوم؟', en: 'Hello, how can I help you today?' };

/** The response has been written by the handler itself (audio, not an envelope). */
const RAW = Symbol('raw');

function createSpeech(sim, { HamsaError, validation }) {
  const jobs = new Map();
  let nextJob = 1;

  function language(value) {
    if (value === undefined || value === null || value === '') return 'ar';
    if (!LANGUAGES.includes(value)) throw validation(`language must be one of ${LANGUAGES.join(', ')}`);
    return value;
  }

  function realtimeStt(ctx) {
    const b = ctx.body || {};
    if (typeof b.audioBase64 !== 'string' || b.audioBase64 === '') throw validation('audioBase64 is required');
    const audio = Buffer.from(b.audioBase64, 'base64');
    if (audio.subarray(0, 4).toString('latin1') !== 'RIFF' || audio.subarray(8, 12).toString('latin1') !== 'WAVE') {
      throw validation('audioBase64 must be WAV audio');
    }
    return { text: TEXTS[language(b.language)] };
  }

  function startTranscription(ctx) {
    const b = ctx.body || {};
    if (typeof b.mediaUrl !== 'string' || !/^https?:\/\//.test(b.mediaUrl)) throw validation('mediaUrl must be a URL');
    if (!MODELS.includes(b.model)) throw validation(`model must be one of ${MODELS.join(', ')}`);
    const lang = language(b.language);
    const id = `job-${String(nextJob++).padStart(4, '0')}`;
    const job = {
      id,
      title: b.title || null,
      model: b.model,
      type: 'TRANSCRIPTION',
      status: 'PENDING',
      mediaUrl: b.mediaUrl,
      language: lang,
      webhookUrl: b.webhookUrl || null,
      jobResponse: null,
      totalCost: 0,
      createdAt: new Date().toISOString(),
    };
    jobs.set(id, job);
    const timer = setTimeout(() => {
      if (b.mediaUrl.includes('fail')) {
        job.status = 'FAILED';
        job.jobResponse = { error: 'Could not decode the media file' };
      } else {
        job.status = 'COMPLETED';
        job.totalCost = 0.02;
        job.jobResponse = { text: TEXTS[lang], ...(b.returnSrtFormat ? { srt: `1\n00:00:00,000 --> 00:00:02,500\n${TEXTS[lang]}\n` } : {}) };
      }
    }, sim.config.jobDurationMs ?? 300);
    timer.unref?.();
    return { jobId: id };
  }

  function getJob(ctx) {
    const id = ctx.query.jobId;
    const job = typeof id === 'string' ? jobs.get(id) : undefined;
    if (!job) throw new HamsaError(404, 'Job not found', 'JOB_NOT_FOUND');
    return JSON.parse(JSON.stringify(job));
  }

  function tts(streamed) {
    return (ctx) => {
      const b = ctx.body || {};
      if (typeof b.text !== 'string' || b.text.trim() === '') throw validation('text is required');
      if (typeof b.speaker !== 'string' || b.speaker === '') throw validation('speaker is required');
      if (b.dialect !== undefined && !DIALECTS.includes(b.dialect)) throw validation(`dialect must be one of ${DIALECTS.join(', ')}`);
      const dataBytes = [...b.text].length * BYTES_PER_CHAR;
      const body = Buffer.concat([wavHeader(dataBytes), Buffer.alloc(dataBytes, 0x11)]);
      if (!streamed) {
        ctx.res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': String(body.length) });
        ctx.res.end(body);
        return RAW;
      }
      ctx.res.writeHead(200, { 'Content-Type': 'audio/wav', 'Transfer-Encoding': 'chunked' });
      let at = 0;
      const pump = () => {
        while (at < body.length) {
          const piece = body.subarray(at, at + 4096);
          at += piece.length;
          if (!ctx.res.write(piece)) return ctx.res.once('drain', pump);
        }
        ctx.res.end();
      };
      pump();
      return RAW;
    };
  }

  return {
    jobs,
    routes: [
      ['POST', '/v1/realtime/stt', realtimeStt],
      ['POST', '/v1/jobs/transcribe', startTranscription],
      ['GET', '/v1/jobs', getJob],
      ['POST', '/v1/realtime/tts', tts(false)],
      ['POST', '/v1/realtime/tts-stream', tts(true)],
    ],
  };
}

module.exports = { createSpeech, RAW, DIALECTS, BYTES_PER_CHAR, TEXTS };
